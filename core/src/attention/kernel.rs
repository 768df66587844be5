//! The blocked loops shared by every attention of this module.
//!
//! Scores are computed a tile of `W` keys at a time against a block of `ROWS` queries. The key
//! tile is first transposed (`kt[d][j] = k[j0 + j][d]`) so that the innermost loop runs over
//! `W` contiguous keys with one query element broadcast: that loop is what the compiler turns
//! into SIMD multiply–adds, and the `ROWS × W` accumulators stay in registers across the whole
//! dot product. The weighted sum of values is blocked the same way, `ROWS` queries by `LANES`
//! value dimensions held in registers while the keys of a tile stream past.
//!
//! Two drivers use these blocks. [`attend_online`] walks the key tiles once, keeping for each
//! query the running maximum and sum of the online softmax and accumulating the un-normalised
//! output in `out` itself (rescaled whenever the maximum grows), so it never stores more than one
//! tile of scores. [`attend_with_weights`] writes every score into the caller's `N × M` weight
//! array, normalises each row with the two-pass softmax, and then multiplies by the values.
//! (The un-tiled attention of keys that fit in 64 KiB has its own faster driver, in
//! `row_block`; it shares the checks, masks and softmax passes defined here.)

use super::checks::{frobenius_norm, headroom};
use super::exp::exp_nonpositive;
use super::options::{AttentionOptions, CausalAlignment};
use crate::{Error, Real, Result, fast_math};

/// Queries scored together against one key tile.
const ROWS: usize = 2;
/// Value dimensions accumulated together in registers.
const LANES: usize = 16;
/// Independent lanes of the max and sum reductions.
const REDUCE: usize = 8;

/// How a query and a key are scored.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Score<T> {
    /// `scale · ⟨q, k⟩`.
    Dot(T),
    /// `−scale · ‖q − k‖`.
    NegativeDistance(T),
}

/// The inputs of one attention call, checked: every value finite, the mask valid, and every
/// intermediate provably inside the finite range.
pub(crate) struct Problem<'a, T, const N: usize, const M: usize, const D: usize, const DV: usize> {
    q: &'a [[T; D]; N],
    k: &'a [[T; D]; M],
    v: &'a [[T; DV]; M],
    score: Score<T>,
    causal: Option<CausalAlignment>,
    mask: Option<&'a [[T; M]; N]>,
}

/// The largest `|x|` over the finite entries of an additive mask; −∞ entries hide keys and are
/// fine, NaN and +∞ are [`Error::InvalidMask`].
fn mask_max_abs<T: Real>(values: &[T]) -> Result<f64> {
    let neg_inf = T::lit(f64::NEG_INFINITY);
    let mut largest = 0.0_f64;
    for (index, &x) in values.iter().enumerate() {
        if x.is_finite() {
            largest = largest.max(x.as_f64().abs());
        } else if x != neg_inf {
            return Err(Error::InvalidMask {
                index,
                value: x.as_f64(),
            });
        }
    }
    Ok(largest)
}

impl<'a, T: Real, const N: usize, const M: usize, const D: usize, const DV: usize>
    Problem<'a, T, N, M, D, DV>
{
    /// Checks the inputs in the order `q`, `k`, `v`, mask, scale (the first error is returned;
    /// a [`Error::NonFinite`] index is row-major within the input that holds it), then bounds
    /// every intermediate by Cauchy–Schwarz: with the Frobenius norms `‖Q‖`, `‖K‖`, `‖V‖` and
    /// `μ` the largest finite mask magnitude, every partial dot product is at most `‖Q‖·‖K‖`
    /// and a scaled score at most `|scale|·‖Q‖·‖K‖ + μ`; a squared distance is at most
    /// `(‖Q‖ + ‖K‖)²` and a distance score at most `|scale|·(‖Q‖ + ‖K‖) + μ`; an un-normalised
    /// output (weights ≤ 1) at most `√M·‖V‖`. Each must stay below a quarter of the largest
    /// finite number (so that differences of scores are finite too), else [`Error::Overflow`]
    /// with the offending bound.
    pub(crate) fn new(
        q: &'a [[T; D]; N],
        k: &'a [[T; D]; M],
        v: &'a [[T; DV]; M],
        options: &AttentionOptions<'a, T, N, M>,
        score: fn(T) -> Score<T>,
        default_scale: T,
    ) -> Result<Self> {
        let norm_q = frobenius_norm(q.as_flattened())?;
        let norm_k = frobenius_norm(k.as_flattened())?;
        let norm_v = frobenius_norm(v.as_flattened())?;
        let mu = match options.additive_mask {
            Some(mask) => mask_max_abs(mask.as_flattened())?,
            None => 0.0,
        };
        let scale = options.scale.unwrap_or(default_scale);
        if !scale.is_finite() {
            return Err(Error::InvalidParameter {
                name: "scale",
                value: scale.as_f64(),
            });
        }
        let score = score(scale);
        let limit = headroom::<T>(4.0);
        let raw = match score {
            Score::Dot(_) => norm_q * norm_k,
            Score::NegativeDistance(_) => (norm_q + norm_k) * (norm_q + norm_k),
        };
        // `raw` is checked before it is scaled, so the bounds below are never 0·∞.
        let bounds = [
            raw,
            match score {
                Score::Dot(_) => scale.abs().as_f64() * raw + mu,
                Score::NegativeDistance(_) => scale.abs().as_f64() * (norm_q + norm_k) + mu,
            },
            libm::sqrt(M as f64) * norm_v,
        ];
        for bound in bounds {
            if bound.is_nan() || bound > limit {
                return Err(Error::Overflow { value: bound });
            }
        }
        Ok(Self {
            q,
            k,
            v,
            score,
            causal: options.causal,
            mask: options.additive_mask,
        })
    }
}

impl<T: Real, const N: usize, const M: usize, const D: usize, const DV: usize>
    Problem<'_, T, N, M, D, DV>
{
    /// How a query and a key are scored.
    pub(super) fn score(&self) -> Score<T> {
        self.score
    }

    /// The queries.
    pub(super) fn queries(&self) -> &[[T; D]; N] {
        self.q
    }

    /// The keys.
    pub(super) fn keys(&self) -> &[[T; D]; M] {
        self.k
    }

    /// The values.
    pub(super) fn values(&self) -> &[[T; DV]; M] {
        self.v
    }

    /// Whether a causal or additive mask applies.
    pub(super) fn has_mask(&self) -> bool {
        self.causal.is_some() || self.mask.is_some()
    }
}

/// Copies `keys` (at most `W` of them) into `kt` transposed; columns past the last key are 0.
#[inline(always)]
fn transpose_tile<T: Real, const D: usize, const W: usize>(keys: &[[T; D]], kt: &mut [[T; W]; D]) {
    if keys.len() < W {
        *kt = [[T::zero(); W]; D];
    }
    for (j, key) in keys.iter().enumerate().take(W) {
        for (column, &x) in kt.iter_mut().zip(key) {
            column[j] = x;
        }
    }
}

/// The `R × W` scores of `R` queries against a transposed key tile.
#[inline(always)]
fn tile_scores<T: Real, const D: usize, const W: usize, const R: usize>(
    queries: &[[T; D]; R],
    kt: &[[T; W]; D],
    score: Score<T>,
) -> [[T; W]; R] {
    let mut acc = [[T::zero(); W]; R];
    match score {
        Score::Dot(scale) => {
            for (d, column) in kt.iter().enumerate() {
                for (row, query) in acc.iter_mut().zip(queries) {
                    let x = query[d];
                    for (a, &y) in row.iter_mut().zip(column) {
                        *a += x * y;
                    }
                }
            }
            for a in acc.as_flattened_mut() {
                *a *= scale;
            }
        }
        Score::NegativeDistance(scale) => {
            for (d, column) in kt.iter().enumerate() {
                for (row, query) in acc.iter_mut().zip(queries) {
                    let x = query[d];
                    for (a, &y) in row.iter_mut().zip(column) {
                        let diff = x - y;
                        *a += diff * diff;
                    }
                }
            }
            for a in acc.as_flattened_mut() {
                *a = -(scale * fast_math::sqrt(*a));
            }
        }
    }
    acc
}

impl<T: Real, const N: usize, const M: usize, const D: usize, const DV: usize>
    Problem<'_, T, N, M, D, DV>
{
    /// Applies the masks to the scores of query `i` against keys `j0 .. j0 + len` (entries of
    /// `s` from `len` on are padding and are hidden too).
    #[inline(always)]
    pub(super) fn mask_row<const W: usize>(&self, i: usize, j0: usize, len: usize, s: &mut [T; W]) {
        let hidden = T::lit(f64::NEG_INFINITY);
        let mut visible = len;
        if let Some(alignment) = self.causal {
            visible = match alignment.last_visible(i, N, M) {
                None => 0,
                Some(last) => (last + 1).saturating_sub(j0).min(len),
            };
        }
        for x in s.iter_mut().skip(visible) {
            *x = hidden;
        }
        if let Some(mask) = self.mask {
            let row = mask[i].iter().skip(j0).take(visible);
            for (x, &bias) in s.iter_mut().zip(row) {
                *x += bias;
            }
        }
    }
}

// Two versions of the row reductions: whether the compiler vectorises these loops at full
// width depends on how the lanes are combined at the end and on the row length, in ways that
// cannot be controlled from safe code. Measured: `max_of`, `exp_and_sum` and `sum_of` do well
// on whole rows of scores (tens to thousands of keys), `tile_max` and `tile_exp_and_sum` on
// the 16-key tiles of the online kernel (5 % faster there; twice the instructions on 64-key
// rows, vectorised 2 lanes wide).

/// The largest entry (−∞ if all are −∞), for whole rows.
#[inline(always)]
pub(super) fn max_of<T: Real>(s: &[T]) -> T {
    let hidden = T::lit(f64::NEG_INFINITY);
    let (chunks, rest) = s.as_chunks::<REDUCE>();
    let mut lanes = [hidden; REDUCE];
    for chunk in chunks {
        for (m, &x) in lanes.iter_mut().zip(chunk) {
            *m = if x > *m { x } else { *m };
        }
    }
    // A plain fold of the lanes (see `sum_of`).
    lanes
        .iter()
        .chain(rest)
        .fold(hidden, |m, &x| if x > m { x } else { m })
}

/// Replaces every entry `x` by `exp(x − shift)` (with `shift ≥ x`) and returns their sum, for
/// whole rows.
///
/// Two loops, because a loop that only maps is one the compiler vectorises at full width
/// whatever the length, while the sum (which it may not reorder) needs explicit lanes.
#[inline(always)]
pub(super) fn exp_and_sum<T: Real>(s: &mut [T], shift: T) -> T {
    for x in s.iter_mut() {
        *x = exp_nonpositive(*x - shift);
    }
    sum_of(s)
}

/// `Σ x` in `REDUCE` independent lanes.
#[inline(always)]
pub(super) fn sum_of<T: Real>(s: &[T]) -> T {
    let (chunks, rest) = s.as_chunks::<REDUCE>();
    let mut lanes = [T::zero(); REDUCE];
    for chunk in chunks {
        for (sum, &x) in lanes.iter_mut().zip(chunk) {
            *sum += x;
        }
    }
    // A plain fold of the lanes: with a tree here the compiler vectorises the loop above at
    // half width.
    lanes
        .iter()
        .chain(rest)
        .fold(T::zero(), |total, &x| total + x)
}

/// The largest entry (−∞ if all are −∞), for a tile.
#[inline(always)]
fn tile_max<T: Real>(s: &[T]) -> T {
    let hidden = T::lit(f64::NEG_INFINITY);
    let (chunks, rest) = s.as_chunks::<REDUCE>();
    let mut lanes = [hidden; REDUCE];
    for chunk in chunks {
        for (m, &x) in lanes.iter_mut().zip(chunk) {
            *m = if x > *m { x } else { *m };
        }
    }
    let larger = |a: T, b: T| if a > b { a } else { b };
    rest.iter()
        .fold(reduce_lanes(lanes, larger), |m, &x| larger(m, x))
}

/// Combines the `REDUCE` lanes pairwise (a tree of depth 3, not a chain of 7).
#[inline(always)]
fn reduce_lanes<T: Real>(lanes: [T; REDUCE], combine: impl Fn(T, T) -> T) -> T {
    let [a, b, c, d, e, f, g, h] = lanes;
    let (w, x, y, z) = (combine(a, e), combine(b, f), combine(c, g), combine(d, h));
    let (u, v) = (combine(w, y), combine(x, z));
    combine(u, v)
}

/// Replaces every entry `x` by `exp(x − shift)` (with `shift ≥ x`) and returns their sum, for
/// a tile: one loop, lanes combined pairwise.
#[inline(always)]
fn tile_exp_and_sum<T: Real>(s: &mut [T], shift: T) -> T {
    let (chunks, rest) = s.as_chunks_mut::<REDUCE>();
    let mut lanes = [T::zero(); REDUCE];
    for chunk in chunks {
        for (sum, x) in lanes.iter_mut().zip(chunk.iter_mut()) {
            *x = exp_nonpositive(*x - shift);
            *sum += *x;
        }
    }
    let mut total = reduce_lanes(lanes, |a, b| a + b);
    for x in rest {
        *x = exp_nonpositive(*x - shift);
        total += *x;
    }
    total
}

/// `out[r] = alpha[r]·out[r] + Σ_j p[r][j]·values[j]` for `R` rows at once.
#[inline(always)]
fn accumulate_values<T: Real, const DV: usize, const R: usize, const W: usize>(
    p: &[[T; W]; R],
    values: &[[T; DV]],
    alpha: [T; R],
    out: &mut [[T; DV]; R],
) {
    let blocked = DV - DV % LANES;
    for c0 in (0..blocked).step_by(LANES) {
        let mut acc = [[T::zero(); LANES]; R];
        for r in 0..R {
            for l in 0..LANES {
                acc[r][l] = out[r][c0 + l] * alpha[r];
            }
        }
        for (j, value) in values.iter().enumerate() {
            for r in 0..R {
                let w = p[r][j];
                for l in 0..LANES {
                    acc[r][l] += w * value[c0 + l];
                }
            }
        }
        for r in 0..R {
            out[r][c0..c0 + LANES].copy_from_slice(&acc[r]);
        }
    }
    for c in blocked..DV {
        for r in 0..R {
            let mut acc = out[r][c] * alpha[r];
            for (j, value) in values.iter().enumerate() {
                acc += p[r][j] * value[c];
            }
            out[r][c] = acc;
        }
    }
}

/// One block of `R` queries (rows `i0 ..`) against one key tile, online: updates the running
/// maxima and sums and the un-normalised outputs.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn online_block<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
    const W: usize,
    const R: usize,
>(
    problem: &Problem<'_, T, N, M, D, DV>,
    i0: usize,
    queries: &[[T; D]; R],
    out: &mut [[T; DV]; R],
    kt: &[[T; W]; D],
    j0: usize,
    values: &[[T; DV]],
    running: &mut [(T, T)],
) {
    let mut s = tile_scores(queries, kt, problem.score);
    let mut alpha = [T::one(); R];
    let mut touched = false;
    for (r, (row, (max, sum))) in s.iter_mut().zip(running.iter_mut()).enumerate() {
        problem.mask_row(i0 + r, j0, values.len(), row);
        let tile_max = tile_max(row);
        if tile_max > T::lit(f64::NEG_INFINITY) {
            if tile_max > *max {
                // Rescale what was accumulated under the old maximum: by 0 before the first
                // visible key (the old maximum is −∞), else by exp(old − new) < 1.
                alpha[r] = if *sum > T::zero() {
                    exp_nonpositive(*max - tile_max)
                } else {
                    T::zero()
                };
                *max = tile_max;
            }
            *sum = *sum * alpha[r] + tile_exp_and_sum(row, *max);
            touched = true;
        } else {
            *row = [T::zero(); W];
        }
    }
    if touched {
        accumulate_values(&s, values, alpha, out);
    }
}

/// Attention by tiles of `W` keys with the online softmax; returns the number of fully masked
/// rows (their output is zero). Needs `W ≥ 1`.
pub(crate) fn attend_online<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
    const W: usize,
>(
    problem: &Problem<'_, T, N, M, D, DV>,
    out: &mut [[T; DV]; N],
) -> usize {
    // (running maximum, running sum) of each query's online softmax.
    let mut running = [(T::lit(f64::NEG_INFINITY), T::zero()); N];
    *out = [[T::zero(); DV]; N];
    let mut kt = [[T::zero(); W]; D];
    for (tile, (keys, values)) in problem.k.chunks(W).zip(problem.v.chunks(W)).enumerate() {
        let j0 = tile * W;
        transpose_tile(keys, &mut kt);
        let (q_blocks, q_rest) = problem.q.as_chunks::<ROWS>();
        let (o_blocks, o_rest) = out.as_chunks_mut::<ROWS>();
        let (r_blocks, r_rest) = running.as_chunks_mut::<ROWS>();
        for (b, ((queries, outs), run)) in q_blocks.iter().zip(o_blocks).zip(r_blocks).enumerate() {
            online_block(problem, b * ROWS, queries, outs, &kt, j0, values, run);
        }
        let i0 = q_blocks.len() * ROWS;
        for (r, ((query, o), run)) in q_rest.iter().zip(o_rest).zip(r_rest).enumerate() {
            online_block(
                problem,
                i0 + r,
                core::array::from_ref(query),
                core::array::from_mut(o),
                &kt,
                j0,
                values,
                core::slice::from_mut(run),
            );
        }
    }
    let mut fully_masked = 0;
    for (row, &(_, sum)) in out.iter_mut().zip(&running) {
        // sum ≥ 1 once a key is visible (the maximum contributes exp(0) = 1).
        if sum > T::zero() {
            let inverse = T::one() / sum;
            for x in row.iter_mut() {
                *x *= inverse;
            }
        } else {
            fully_masked += 1;
        }
    }
    fully_masked
}

/// Attention that writes the `N × M` weights; returns the number of fully masked rows (their
/// weights and output are zero).
pub(crate) fn attend_with_weights<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
>(
    problem: &Problem<'_, T, N, M, D, DV>,
    out: &mut [[T; DV]; N],
    weights: &mut [[T; M]; N],
) -> usize {
    const W: usize = 16;
    let mut kt = [[T::zero(); W]; D];
    // Scores, tile by tile, straight into the weight rows.
    for (tile, keys) in problem.k.chunks(W).enumerate() {
        let j0 = tile * W;
        let len = keys.len();
        transpose_tile(keys, &mut kt);
        let (q_blocks, q_rest) = problem.q.as_chunks::<ROWS>();
        let (w_blocks, w_rest) = weights.as_chunks_mut::<ROWS>();
        for (b, (queries, rows)) in q_blocks.iter().zip(w_blocks).enumerate() {
            let mut s = tile_scores(queries, &kt, problem.score);
            for (r, (scores, row)) in s.iter_mut().zip(rows.iter_mut()).enumerate() {
                problem.mask_row(b * ROWS + r, j0, len, scores);
                row[j0..j0 + len].copy_from_slice(&scores[..len]);
            }
        }
        let i0 = q_blocks.len() * ROWS;
        for (r, (query, row)) in q_rest.iter().zip(w_rest).enumerate() {
            let [mut scores] = tile_scores(core::array::from_ref(query), &kt, problem.score);
            problem.mask_row(i0 + r, j0, len, &mut scores);
            row[j0..j0 + len].copy_from_slice(&scores[..len]);
        }
    }
    // Two-pass softmax of each row.
    let mut fully_masked = 0;
    for row in weights.iter_mut() {
        let max = max_of(row);
        if max > T::lit(f64::NEG_INFINITY) {
            let sum = exp_and_sum(row, max);
            for x in row.iter_mut() {
                *x /= sum;
            }
        } else {
            *row = [T::zero(); M];
            fully_masked += 1;
        }
    }
    // out = weights · v, blocked like the online form. `out` is cleared first: whatever the
    // caller left in it (NaN included) must not leak into the sum.
    *out = [[T::zero(); DV]; N];
    let (w_blocks, w_rest) = weights.as_chunks::<ROWS>();
    let (o_blocks, o_rest) = out.as_chunks_mut::<ROWS>();
    for (rows, outs) in w_blocks.iter().zip(o_blocks) {
        accumulate_values(rows, problem.v, [T::one(); ROWS], outs);
    }
    for (row, o) in w_rest.iter().zip(o_rest) {
        accumulate_values(
            core::array::from_ref(row),
            problem.v,
            [T::one()],
            core::array::from_mut(o),
        );
    }
    fully_masked
}
