//! Attention a block of query rows at a time against every key at once.
//!
//! When the keys are small enough to copy (see [`fits`]), the un-tiled attention does not need
//! the online softmax: for a block of `ROWS` queries it computes the scores against all `M`
//! keys, takes the exact two-pass softmax of each row, and multiplies by the values, writing
//! each output once. Nothing is rescaled and `out` is never re-read.
//!
//! Both products are blocked so that the compiler keeps `ROWS × KEYS` accumulators in SIMD
//! registers and needs no shuffle in the innermost loop: the keys are copied once into panels of
//! `KEYS` keys stored dimension-major (`panel[d][l] = k[8g + l][d]`), the queries of a block and
//! the weights of a row are stored *pre-broadcast* (`[x; 4]`, a 4-lane vector of one value), so
//! each multiply–add takes one operand from a register and the other straight from memory. The
//! two inner loops are compiled out of line (see [`panel_product`]); the row maxima are taken
//! while the scores are stored. BENCHMARKS.md lists the variants measured.

use super::kernel::{Problem, Score, exp_and_sum, max_of};
use super::scaled_dot_product::DEFAULT_TILE;
use crate::{Real, fast_math};

/// Queries processed together.
const ROWS: usize = 4;
/// Keys (in the scores) and value dimensions (in the output) accumulated together.
const KEYS: usize = 8;
/// Width of a pre-broadcast value: one 128-bit vector of `f32`.
const SPLAT: usize = 4;
/// Steps of the inner product loops per iteration.
const UNROLL: usize = 4;
/// Largest key copy, in bytes, that the direct kernel puts on the stack.
const KEY_COPY_LIMIT: usize = 64 * 1024;

/// Whether the direct kernel applies: more keys than one tile of the online kernel (up to
/// [`DEFAULT_TILE`] keys that kernel makes a single pass anyway, with no rescaling, and was
/// measured 7 % faster at `N = M = D = 16`), at least one dimension, the key panels (`M·D`
/// elements) within [`KEY_COPY_LIMIT`], and a build whose vectors are 4 lanes of `f32`.
///
/// The last condition is about speed only. The blocks here are shaped for 128-bit vectors
/// (SSE2, the portable x86-64 build; NEON). When the crate is compiled with AVX or AVX-512
/// enabled (`-C target-cpu=…`), the online kernel's rows of 16 keys fill the wider registers
/// and were measured 1.6 times faster than these blocks at `N = M = D = 64` and 128, while
/// widening these blocks made the compiler spill them.
pub(crate) const fn fits<T, const M: usize, const D: usize>() -> bool {
    M > DEFAULT_TILE
        && D > 0
        && M * D * core::mem::size_of::<T>() <= KEY_COPY_LIMIT
        && !cfg!(target_feature = "avx")
}

/// Attention of every query against all keys, a block of `ROWS` queries at a time; returns the
/// number of fully masked rows (their output is zero). Correct for any shape; [`fits`] says
/// when it is the faster choice and its stack use acceptable.
pub(crate) fn attend_direct<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
>(
    problem: &Problem<'_, T, N, M, D, DV>,
    out: &mut [[T; DV]; N],
) -> usize {
    // Key panels: the first `M − M % KEYS` keys, KEYS at a time, dimension-major.
    let mut panels = [[T::zero(); D]; M];
    let (groups, _) = panels.as_flattened_mut().as_chunks_mut::<KEYS>();
    // (`D.max(1)`: with no dimension there are no panels, and no chunk size of 0 to panic on.)
    for (panel, keys) in groups
        .chunks_exact_mut(D.max(1))
        .zip(problem.keys().chunks_exact(KEYS))
    {
        for (l, key) in keys.iter().enumerate() {
            for (slot, &x) in panel.iter_mut().zip(key) {
                slot[l] = x;
            }
        }
    }
    let groups = panels.as_flattened().as_chunks::<KEYS>().0;
    let mut fully_masked = 0;
    let (q_blocks, q_rest) = problem.queries().as_chunks::<ROWS>();
    let (o_blocks, o_rest) = out.as_chunks_mut::<ROWS>();
    let mut buffers = Buffers::new();
    for (b, (queries, outs)) in q_blocks.iter().zip(o_blocks).enumerate() {
        fully_masked += block(problem, groups, b * ROWS, queries, outs, &mut buffers);
    }
    let i0 = q_blocks.len() * ROWS;
    if !q_rest.is_empty() {
        let mut buffers = Buffers::new();
        for (r, (query, o)) in q_rest.iter().zip(o_rest).enumerate() {
            fully_masked += block(
                problem,
                groups,
                i0 + r,
                core::array::from_ref(query),
                core::array::from_mut(o),
                &mut buffers,
            );
        }
    }
    fully_masked
}

/// The work arrays of one block of `R` queries, reused from block to block (every entry is
/// written before it is read, so they are cleared only once).
struct Buffers<T, const M: usize, const D: usize, const R: usize> {
    /// `splat[d][r] = [q_rd; SPLAT]`.
    splat: [[[T; SPLAT]; R]; D],
    /// Scores, then softmax numerators, of each query.
    scores: [[T; M]; R],
    /// `weights[j][r] = [p_rj; SPLAT]`, the un-normalised weights pre-broadcast.
    weights: [[[T; SPLAT]; R]; M],
}

impl<T: Real, const M: usize, const D: usize, const R: usize> Buffers<T, M, D, R> {
    fn new() -> Self {
        Self {
            splat: [[[T::zero(); SPLAT]; R]; D],
            scores: [[T::zero(); M]; R],
            weights: [[[T::zero(); SPLAT]; R]; M],
        }
    }
}

/// One block of `R` queries (rows `i0 ..`): scores, softmax and output.
#[inline(always)]
fn block<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
    const R: usize,
>(
    problem: &Problem<'_, T, N, M, D, DV>,
    groups: &[[T; KEYS]],
    i0: usize,
    queries: &[[T; D]; R],
    out: &mut [[T; DV]; R],
    buffers: &mut Buffers<T, M, D, R>,
) -> usize {
    let Buffers {
        splat,
        scores: s,
        weights,
    } = buffers;
    let maxima = scores(problem, groups, queries, splat, s);
    let masked = problem.has_mask();
    // Softmax of each row, written pre-broadcast key by key: weights[j][r] = [p_rj; SPLAT].
    let mut inverse = [T::zero(); R];
    let mut fully_masked = 0;
    for (r, row) in s.iter_mut().enumerate() {
        let max = if masked {
            problem.mask_row(i0 + r, 0, M, row);
            max_of(row)
        } else {
            maxima[r]
        };
        if max > T::lit(f64::NEG_INFINITY) {
            inverse[r] = T::one() / exp_and_sum(row, max);
            for (w, &p) in weights.iter_mut().zip(row.iter()) {
                w[r] = [p; SPLAT];
            }
        } else {
            // Zero weights (whatever an earlier block left), so a zero output.
            for w in weights.iter_mut() {
                w[r] = [T::zero(); SPLAT];
            }
            fully_masked += 1;
        }
    }
    // out[r] = inverse[r] · Σ_j p_rj v_j, KEYS value dimensions at a time.
    let blocked = DV - DV % KEYS;
    for c0 in (0..blocked).step_by(KEYS) {
        let acc = value_product(weights, problem.values(), c0);
        for ((o, row), &inv) in out.iter_mut().zip(&acc).zip(&inverse) {
            for (o, &a) in o[c0..c0 + KEYS].iter_mut().zip(row) {
                *o = a * inv;
            }
        }
    }
    for c in blocked..DV {
        for (r, o) in out.iter_mut().enumerate() {
            let mut acc = T::zero();
            for (w, value) in weights.iter().zip(problem.values()) {
                acc += w[r][0] * value[c];
            }
            o[c] = acc * inverse[r];
        }
    }
    fully_masked
}

/// `Σ_d step(·, splat[d][r][l % SPLAT], panel[d][l])` for every query `r` and key `l` of a
/// panel: the inner loop of the scores.
///
/// The two products are kept out of line on purpose: compiled on their own, their loops get
/// the same register allocation (the `R × KEYS` accumulators in vector registers, one load and
/// one multiply–add per product) whatever the caller does with the result. Inlined, the
/// optimiser may see through the pre-broadcast stores or arrange the vectors across queries
/// instead of keys, which costs up to twice as many instructions.
#[inline(never)]
fn panel_product<T: Real, const R: usize>(
    splat: &[[[T; SPLAT]; R]],
    panel: &[[T; KEYS]],
    step: &impl Fn(T, T, T) -> T,
) -> [[T; KEYS]; R] {
    let mut acc = [[T::zero(); KEYS]; R];
    // Four dimensions per iteration, so that the loop's own instructions are few.
    let (splat_quads, splat_last) = splat.as_chunks::<UNROLL>();
    let (panel_quads, panel_last) = panel.as_chunks::<UNROLL>();
    for (qs, cs) in splat_quads.iter().zip(panel_quads) {
        for (q, column) in qs.iter().zip(cs) {
            multiply_add(&mut acc, q, column, step);
        }
    }
    for (q, column) in splat_last.iter().zip(panel_last) {
        multiply_add(&mut acc, q, column, step);
    }
    acc
}

/// `Σ_j weights[j][r][l % SPLAT] · values[j][c0 + l]` for every query `r` and `l < KEYS`: the
/// inner loop of the output (out of line for the reason given at [`panel_product`]).
#[inline(never)]
fn value_product<T: Real, const R: usize, const DV: usize>(
    weights: &[[[T; SPLAT]; R]],
    values: &[[T; DV]],
    c0: usize,
) -> [[T; KEYS]; R] {
    let mut acc = [[T::zero(); KEYS]; R];
    let product = |a: T, p: T, x: T| a + p * x;
    // The KEYS columns from c0 on of each value row (none if c0 + KEYS > DV, which the caller
    // never asks for).
    let Some(end) = c0.checked_add(KEYS).filter(|&end| end <= DV) else {
        return acc;
    };
    let columns = |row: &[T; DV]| -> [T; KEYS] { core::array::from_fn(|l| row[c0..end][l]) };
    let (weight_quads, weight_last) = weights.as_chunks::<UNROLL>();
    let (value_quads, value_last) = values.as_chunks::<UNROLL>();
    for (ws, vs) in weight_quads.iter().zip(value_quads) {
        for (w, value) in ws.iter().zip(vs) {
            multiply_add(&mut acc, w, &columns(value), &product);
        }
    }
    for (w, value) in weight_last.iter().zip(value_last) {
        multiply_add(&mut acc, w, &columns(value), &product);
    }
    acc
}

/// `acc[r][l] = step(acc[r][l], x[r][l % SPLAT], y[l])`: one rank-1 update of the register
/// block, `x` pre-broadcast.
#[inline(always)]
fn multiply_add<T: Real, const R: usize>(
    acc: &mut [[T; KEYS]; R],
    x: &[[T; SPLAT]; R],
    y: &[T; KEYS],
    step: &impl Fn(T, T, T) -> T,
) {
    for (row, x) in acc.iter_mut().zip(x) {
        for (l, (a, &y)) in row.iter_mut().zip(y).enumerate() {
            *a = step(*a, x[l % SPLAT], y);
        }
    }
}

/// The `R × M` scaled scores of `R` queries against every key, into `s`; returns the largest
/// score of each query (before any mask).
#[inline(always)]
fn scores<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
    const R: usize,
>(
    problem: &Problem<'_, T, N, M, D, DV>,
    groups: &[[T; KEYS]],
    queries: &[[T; D]; R],
    splat: &mut [[[T; SPLAT]; R]; D],
    s: &mut [[T; M]; R],
) -> [T; R] {
    // queries[r][d] pre-broadcast, dimension-major: splat[d][r] = [q_rd; SPLAT].
    for (d, slot) in splat.iter_mut().enumerate() {
        for (s, query) in slot.iter_mut().zip(queries) {
            *s = [query[d]; SPLAT];
        }
    }
    match problem.score() {
        Score::Dot(scale) => score_loop(
            groups,
            problem.keys(),
            queries,
            splat,
            s,
            |a, x, y| a + x * y,
            |a| a * scale,
        ),
        Score::NegativeDistance(scale) => score_loop(
            groups,
            problem.keys(),
            queries,
            splat,
            s,
            |a, x, y| a + (x - y) * (x - y),
            |a| -(scale * fast_math::sqrt(a)),
        ),
    }
}

/// The blocked score loop: `finish(Σ_d step(…, q_rd, k_jd))` for every query `r` and key `j`.
#[inline(always)]
fn score_loop<T: Real, const M: usize, const D: usize, const R: usize>(
    groups: &[[T; KEYS]],
    keys: &[[T; D]; M],
    queries: &[[T; D]; R],
    splat: &[[[T; SPLAT]; R]; D],
    s: &mut [[T; M]; R],
    step: impl Fn(T, T, T) -> T,
    finish: impl Fn(T) -> T,
) -> [T; R] {
    // The largest score of each query, kept lane by lane while the scores are stored.
    let larger = |a: T, b: T| if b > a { b } else { a };
    let hidden = T::lit(f64::NEG_INFINITY);
    let mut lanes = [[hidden; KEYS]; R];
    for (g, panel) in groups.chunks_exact(D.max(1)).enumerate() {
        let acc = panel_product(splat, panel, &step);
        for ((row, a), m) in s.iter_mut().zip(&acc).zip(lanes.iter_mut()) {
            let Some(out) = row.get_mut(g * KEYS..g * KEYS + KEYS) else {
                continue;
            };
            for ((x, &a), m) in out.iter_mut().zip(a).zip(m.iter_mut()) {
                *x = finish(a);
                *m = larger(*m, *x);
            }
        }
    }
    // The keys no panel holds (the last M % KEYS; all of them when D = 0), one at a time.
    let full = groups.chunks_exact(D.max(1)).len() * KEYS;
    let mut largest = [hidden; R];
    for ((row, query), (m, lanes)) in s
        .iter_mut()
        .zip(queries)
        .zip(largest.iter_mut().zip(&lanes))
    {
        for (x, key) in row.iter_mut().zip(keys).skip(full) {
            let mut a = T::zero();
            for (&q, &k) in query.iter().zip(key) {
                a = step(a, q, k);
            }
            *x = finish(a);
            *m = larger(*m, *x);
        }
        *m = lanes.iter().fold(*m, |m, &x| larger(m, x));
    }
    largest
}

#[cfg(test)]
mod tests {
    use super::super::kernel::attend_online;
    use super::super::options::{AttentionOptions, CausalAlignment};
    use super::*;

    /// `attend_direct` against the online kernel on one shape, dot-product and distance scores,
    /// with and without a causal mask.
    fn agrees<const N: usize, const M: usize, const D: usize, const DV: usize>() {
        let value = |i: usize, j: usize| ((i * 7 + j * 3) % 11) as f64 * 0.25 - 1.2;
        let q: [[f64; D]; N] = core::array::from_fn(|i| core::array::from_fn(|d| value(i, d)));
        let k: [[f64; D]; M] = core::array::from_fn(|j| core::array::from_fn(|d| value(j + 5, d)));
        let v: [[f64; DV]; M] = core::array::from_fn(|j| core::array::from_fn(|c| value(c, j)));
        for causal in [None, Some(CausalAlignment::BottomRight)] {
            let mut options = AttentionOptions::new();
            options.causal = causal;
            for score in [Score::Dot as fn(f64) -> Score<f64>, Score::NegativeDistance] {
                let problem = Problem::new(&q, &k, &v, &options, score, 0.5).unwrap();
                let (mut direct, mut online) = ([[f64::NAN; DV]; N], [[0.0; DV]; N]);
                let masked = attend_direct(&problem, &mut direct);
                assert_eq!(
                    masked,
                    attend_online::<f64, N, M, D, DV, 4>(&problem, &mut online)
                );
                for (a, b) in direct.as_flattened().iter().zip(online.as_flattened()) {
                    assert!((a - b).abs() <= 1e-14, "{N}x{M}x{D}x{DV}: {a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn any_shape_matches_the_online_kernel() {
        // Fewer keys than a panel, no keys, no dimensions, no queries, and the blocked sizes.
        agrees::<5, 3, 2, 1>();
        agrees::<3, 0, 2, 2>();
        agrees::<6, 9, 0, 3>();
        agrees::<0, 9, 2, 3>();
        agrees::<9, 17, 3, 10>();
        agrees::<4, 16, 8, 8>();
        assert!(fits::<f32, 64, 64>() && !fits::<f32, 16, 64>() && !fits::<f64, 128, 128>());
    }
}
