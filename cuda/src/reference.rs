//! The f64 CPU reference the GPU kernels are checked against. It needs no GPU.
//!
//! Two kinds of function live here:
//! * exact references ([`attention`], [`row_entropy`], [`js_distance_matrix`],
//!   [`euclidean_distances`]): straightforward f64 arithmetic from the definitions;
//! * an emulation ([`attention_emulated`]) of what the tensor-core kernel does in lower
//!   precision — f32 scores, P rounded to f16/bf16 before P·V, f32 accumulation, output
//!   rounded to the element type — tile by tile, so that its error against the exact
//!   reference measures what that precision costs. The GPU's f16/bf16 results must come
//!   within twice that error.
//!
//! Everything is row-major in the layouts of [`AttentionShape`], [`RowsShape`] and
//! [`PointsShape`].

use crate::{AttentionShape, CausalAlignment, PointsShape, Precision, RowsShape};

/// Output and log-sum-exp of a reference attention call.
#[derive(Debug, Clone, PartialEq)]
pub struct AttentionReference {
    /// `[batch, heads, query_len, head_dim]`.
    pub output: Vec<f64>,
    /// `[batch, heads, query_len]`, natural log; −∞ for a row that sees no key.
    pub lse: Vec<f64>,
}

/// Whether query `i` sees key `j`.
fn visible(causal: Option<CausalAlignment>, i: usize, j: usize, shape: &AttentionShape) -> bool {
    match causal {
        None => true,
        Some(a) => (j as i64) <= i as i64 + a.offset(shape.query_len, shape.key_len),
    }
}

/// Exact scaled dot-product attention in f64: for each row,
/// `o_i = Σ_j w_ij v_j / Σ_j w_ij` with `w_ij = exp(scale·q_i·k_j − m_i)` over the visible
/// keys, `m_i` their maximum score, and `lse_i = m_i + ln Σ_j w_ij`. A row with no visible
/// key gets `o_i = 0`, `lse_i = −∞`.
///
/// ```
/// use geoml_cuda::{reference, AttentionShape};
///
/// // One query, two keys with equal scores: the output is the mean of the values.
/// let shape = AttentionShape::new(1, 1, 1, 2, 1);
/// let r = reference::attention(&[1.0], &[2.0, 2.0], &[1.0, 3.0], shape, None, 1.0);
/// assert_eq!(r.output, vec![2.0]);
/// assert!((r.lse[0] - (2.0 + 2f64.ln())).abs() < 1e-15);
/// ```
pub fn attention(
    q: &[f64],
    k: &[f64],
    v: &[f64],
    shape: AttentionShape,
    causal: Option<CausalAlignment>,
    scale: f64,
) -> AttentionReference {
    let AttentionShape {
        query_len: nq,
        key_len: nk,
        head_dim: d,
        ..
    } = shape;
    let heads = shape.batch * shape.heads;
    let mut output = vec![0.0; heads * nq * d];
    let mut lse = vec![f64::NEG_INFINITY; heads * nq];
    let mut scores = vec![0.0; nk];
    for h in 0..heads {
        let (qh, kh, vh) = (&q[h * nq * d..], &k[h * nk * d..], &v[h * nk * d..]);
        for i in 0..nq {
            let qi = &qh[i * d..(i + 1) * d];
            let mut max = f64::NEG_INFINITY;
            for (j, s) in scores.iter_mut().enumerate() {
                *s = if visible(causal, i, j, &shape) {
                    let kj = &kh[j * d..(j + 1) * d];
                    scale * qi.iter().zip(kj).map(|(a, b)| a * b).sum::<f64>()
                } else {
                    f64::NEG_INFINITY
                };
                max = max.max(*s);
            }
            if max == f64::NEG_INFINITY {
                continue; // no visible key: o = 0, lse = −∞
            }
            let mut sum = 0.0;
            let oi = &mut output[(h * nq + i) * d..(h * nq + i + 1) * d];
            for (j, &s) in scores.iter().enumerate() {
                let w = (s - max).exp();
                sum += w;
                for (o, x) in oi.iter_mut().zip(&vh[j * d..(j + 1) * d]) {
                    *o += w * x;
                }
            }
            oi.iter_mut().for_each(|o| *o /= sum);
            lse[h * nq + i] = max + sum.ln();
        }
    }
    AttentionReference { output, lse }
}

/// The tensor-core kernel's arithmetic emulated on the CPU: keys in tiles of `block_n`; base-2
/// scores `s = fl32(fl32(q·k) · fl32(scale·log₂e))`; an online softmax in f32 (running max `m`,
/// `α = 2^(m_old − m)`, running sum of the unrounded `p = 2^(s − m)`); `p` rounded to
/// `p_precision` before it multiplies V; the accumulator in f32; the output
/// `fl(acc · fl32(1/l))` rounded to `out_precision`. Sums inside one tile are formed exactly
/// and rounded once (the hardware's order within a tile is not specified), so this emulates
/// every rounding that matters at f16/bf16 scale, not the last f32 bit.
///
/// With `p_precision = out_precision = Precision::F32` it emulates the CUDA-core kernel.
#[allow(clippy::too_many_arguments)] // the attention inputs plus what is being emulated
pub fn attention_emulated(
    q: &[f64],
    k: &[f64],
    v: &[f64],
    shape: AttentionShape,
    causal: Option<CausalAlignment>,
    scale: f64,
    block_n: usize,
    p_precision: Precision,
    out_precision: Precision,
) -> AttentionReference {
    let f32r = |x: f64| x as f32 as f64;
    let AttentionShape {
        query_len: nq,
        key_len: nk,
        head_dim: d,
        ..
    } = shape;
    let heads = shape.batch * shape.heads;
    let scale_log2 = f32r(scale * std::f64::consts::LOG2_E);
    let mut output = vec![0.0; heads * nq * d];
    let mut lse = vec![f64::NEG_INFINITY; heads * nq];
    let mut acc = vec![0.0; d];
    let mut tile_sum = vec![0.0; d];
    for h in 0..heads {
        let (qh, kh, vh) = (&q[h * nq * d..], &k[h * nk * d..], &v[h * nk * d..]);
        for i in 0..nq {
            let qi = &qh[i * d..(i + 1) * d];
            let (mut m, mut l) = (f64::NEG_INFINITY, 0.0);
            acc.iter_mut().for_each(|a| *a = 0.0);
            for n0 in (0..nk).step_by(block_n.max(1)) {
                let keys = n0..(n0 + block_n).min(nk);
                let s: Vec<f64> = keys
                    .clone()
                    .map(|j| {
                        if visible(causal, i, j, &shape) {
                            let kj = &kh[j * d..(j + 1) * d];
                            let dot = f32r(qi.iter().zip(kj).map(|(a, b)| a * b).sum::<f64>());
                            f32r(dot * scale_log2)
                        } else {
                            f64::NEG_INFINITY
                        }
                    })
                    .collect();
                let m_new = s.iter().fold(m, |a, &b| a.max(b));
                let m_ref = if m_new == f64::NEG_INFINITY {
                    0.0
                } else {
                    m_new
                };
                let alpha = f32r((m - m_ref).exp2());
                m = m_new;
                let p: Vec<f64> = s.iter().map(|&x| f32r((x - m_ref).exp2())).collect();
                l = f32r(l * alpha + p.iter().sum::<f64>());
                tile_sum.iter_mut().for_each(|t| *t = 0.0);
                for (j, &pj) in keys.zip(&p) {
                    let pr = p_precision.round(pj);
                    for (t, x) in tile_sum.iter_mut().zip(&vh[j * d..(j + 1) * d]) {
                        *t += pr * x;
                    }
                }
                for (a, t) in acc.iter_mut().zip(&tile_sum) {
                    *a = f32r(*a * alpha + t);
                }
            }
            let inv = if l > 0.0 { f32r(1.0 / l) } else { 0.0 };
            let oi = &mut output[(h * nq + i) * d..(h * nq + i + 1) * d];
            for (o, a) in oi.iter_mut().zip(&acc) {
                *o = out_precision.round(f32r(a * inv));
            }
            if l > 0.0 {
                lse[h * nq + i] = f32r((m + l.log2()) * std::f64::consts::LN_2);
            }
        }
    }
    AttentionReference { output, lse }
}

/// Shannon entropy in bits of each row after normalising it by its sum,
/// `H = −Σ q_i log₂ q_i`, `q = p / Σp`, with `0·log 0 = 0`. Rows must be non-negative with a
/// positive sum (not checked: this is a test oracle).
///
/// ```
/// use geoml_cuda::{reference, RowsShape};
///
/// let h = reference::row_entropy(&[1.0, 1.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0], RowsShape::new(1, 2, 4));
/// assert_eq!(h, vec![1.0, 2.0]);
/// ```
pub fn row_entropy(p: &[f64], shape: RowsShape) -> Vec<f64> {
    p.chunks(shape.len)
        .map(|row| {
            let sum: f64 = row.iter().sum();
            -row.iter()
                .filter(|&&x| x > 0.0)
                .map(|&x| {
                    let q = x / sum;
                    q * q.log2()
                })
                .sum::<f64>()
        })
        .collect()
}

/// Jensen–Shannon distance in bits of two distributions from the definition, as scipy
/// computes it: normalise both, `m = (p + q)/2`, `JSD = ½ Σ p log₂(p/m) + ½ Σ q log₂(q/m)`,
/// distance `√JSD`. Loses relative accuracy for nearly equal rows (use
/// [`js_distance_stable`] there).
pub fn js_distance(p: &[f64], q: &[f64]) -> f64 {
    let (sp, sq): (f64, f64) = (p.iter().sum(), q.iter().sum());
    let mut jsd = 0.0;
    for (&a, &b) in p.iter().zip(q) {
        let (a, b) = (a / sp, b / sq);
        let m = 0.5 * (a + b);
        if a > 0.0 {
            jsd += 0.5 * a * (a / m).log2();
        }
        if b > 0.0 {
            jsd += 0.5 * b * (b / m).log2();
        }
    }
    jsd.max(0.0).sqrt()
}

/// The same distance in the form the GPU kernel uses, which never cancels:
/// `JSD = ¼ Σ s·f(d) / ln 2` with `s = p + q`, `d = |p − q|/s` and
/// `f(d) = (1+d) ln(1+d) + (1−d) ln(1−d)`, evaluated as `2d·atanh d + ln(1 − d²)` below
/// `d = ½`. Accurate to a few ulps in relative terms however close `p` and `q` are.
///
/// ```
/// use geoml_cuda::reference::{js_distance, js_distance_stable};
///
/// let (p, q) = ([1.0, 0.0], [0.0, 1.0]);
/// assert_eq!(js_distance_stable(&p, &q), 1.0);
/// let (p, q) = ([0.2, 0.3, 0.5], [0.5, 0.3, 0.2]);
/// assert!((js_distance_stable(&p, &q) - js_distance(&p, &q)).abs() < 1e-15);
/// ```
pub fn js_distance_stable(p: &[f64], q: &[f64]) -> f64 {
    let (sp, sq): (f64, f64) = (p.iter().sum(), q.iter().sum());
    let acc: f64 = p
        .iter()
        .zip(q)
        .map(|(&a, &b)| js_term(a / sp, b / sq))
        .sum();
    (0.25 * acc / std::f64::consts::LN_2).max(0.0).sqrt()
}

/// `s·f(d)` for one element pair (natural log); see [`js_distance_stable`].
fn js_term(p: f64, q: f64) -> f64 {
    let s = p + q;
    if s <= 0.0 {
        return 0.0;
    }
    let d = (p - q).abs() / s;
    let f = if d < 0.5 {
        2.0 * d * d.atanh() + (-d * d).ln_1p()
    } else {
        let mut f = (1.0 + d) * d.ln_1p();
        if d < 1.0 {
            f += (1.0 - d) * (-d).ln_1p();
        }
        f
    };
    s * f
}

/// The Jensen–Shannon distance matrix of each batch's rows, from the definition
/// ([`js_distance`]): `batch` matrices of `rows × rows`, row-major.
pub fn js_distance_matrix(p: &[f64], shape: RowsShape) -> Vec<f64> {
    let (n, m) = (shape.rows, shape.len);
    let mut out = vec![0.0; shape.matrix_len()];
    for b in 0..shape.batch {
        let block = &p[b * n * m..(b + 1) * n * m];
        for i in 0..n {
            for j in 0..n {
                out[(b * n + i) * n + j] =
                    js_distance(&block[i * m..(i + 1) * m], &block[j * m..(j + 1) * m]);
            }
        }
    }
    out
}

/// Euclidean distances between the points of X and Y per batch, `‖x_i − y_j‖₂`, in f64.
///
/// ```
/// use geoml_cuda::{reference, PointsShape};
///
/// let d = reference::euclidean_distances(&[0.0, 0.0], &[3.0, 4.0], PointsShape::new(1, 1, 1, 2));
/// assert_eq!(d, vec![5.0]);
/// ```
pub fn euclidean_distances(x: &[f64], y: &[f64], shape: PointsShape) -> Vec<f64> {
    let (n, m, d) = (shape.x_points, shape.y_points, shape.dim);
    let mut out = vec![0.0; shape.out_len()];
    for b in 0..shape.batch {
        for i in 0..n {
            let xi = &x[(b * n + i) * d..(b * n + i + 1) * d];
            for j in 0..m {
                let yj = &y[(b * m + j) * d..(b * m + j + 1) * d];
                out[(b * n + i) * m + j] = xi
                    .iter()
                    .zip(yj)
                    .map(|(a, c)| (a - c) * (a - c))
                    .sum::<f64>()
                    .sqrt();
            }
        }
    }
    out
}

/// Normwise relative error `max_i |a_i − r_i| / max_i |r_i|` over the finite reference
/// entries; an infinite reference entry must be matched exactly. Any NaN in `actual` (an
/// unwritten, poisoned element, say) gives +∞.
///
/// ```
/// use geoml_cuda::reference::max_relative_error;
///
/// assert_eq!(max_relative_error(&[1.0, 2.5], &[1.0, 2.0]), 0.25);
/// assert_eq!(max_relative_error(&[f64::NAN], &[1.0]), f64::INFINITY);
/// ```
pub fn max_relative_error(actual: &[f64], reference: &[f64]) -> f64 {
    if actual.len() != reference.len() {
        return f64::INFINITY;
    }
    let mut worst: f64 = 0.0;
    let mut scale: f64 = 0.0;
    for (&a, &r) in actual.iter().zip(reference) {
        if a.is_nan() {
            return f64::INFINITY;
        }
        if r.is_infinite() {
            if a != r {
                return f64::INFINITY;
            }
            continue;
        }
        worst = worst.max((a - r).abs());
        scale = scale.max(r.abs());
    }
    if worst == 0.0 {
        0.0
    } else if scale == 0.0 {
        f64::INFINITY
    } else {
        worst / scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    fn random(rng: &mut StdRng, n: usize) -> Vec<f64> {
        (0..n).map(|_| rng.random::<f64>() * 2.0 - 1.0).collect()
    }

    #[test]
    fn one_key_returns_its_value() {
        let shape = AttentionShape::new(1, 1, 3, 1, 2);
        let r = attention(
            &[1.0, 2.0, -3.0, 0.5, 0.0, 0.0],
            &[0.3, -0.7],
            &[4.0, -5.0],
            shape,
            None,
            0.5,
        );
        assert_eq!(r.output, vec![4.0, -5.0, 4.0, -5.0, 4.0, -5.0]);
        // lse = the single score.
        assert!((r.lse[0] - 0.5 * (0.3 - 1.4)).abs() < 1e-15);
    }

    #[test]
    fn causal_alignments_differ_only_when_lengths_differ() {
        let mut rng = StdRng::seed_from_u64(7);
        let square = AttentionShape::self_attention(1, 2, 5, 3);
        let (q, k, v) = (
            random(&mut rng, square.q_len()),
            random(&mut rng, square.kv_len()),
            random(&mut rng, square.kv_len()),
        );
        let tl = attention(&q, &k, &v, square, Some(CausalAlignment::TopLeft), 0.6);
        let br = attention(&q, &k, &v, square, Some(CausalAlignment::BottomRight), 0.6);
        assert_eq!(tl, br);
        // Row 0 sees only key 0 under a causal mask.
        assert_eq!(&tl.output[..3], &v[..3]);

        // 4 queries, 2 keys: top-left row 0 sees key 0; bottom-right rows 0 and 1 see nothing.
        let shape = AttentionShape::new(1, 1, 4, 2, 3);
        let (q, k, v) = (
            random(&mut rng, 12),
            random(&mut rng, 6),
            random(&mut rng, 6),
        );
        let tl = attention(&q, &k, &v, shape, Some(CausalAlignment::TopLeft), 1.0);
        let br = attention(&q, &k, &v, shape, Some(CausalAlignment::BottomRight), 1.0);
        assert_eq!(&tl.output[..3], &v[..3]);
        assert!(tl.lse.iter().all(|x| x.is_finite()));
        assert_eq!(&br.output[..6], &[0.0; 6]);
        assert_eq!(&br.lse[..2], &[f64::NEG_INFINITY; 2]);
        assert_eq!(&br.output[6..9], &v[..3]);
        // The last rows see every key under both alignments.
        assert_eq!(&tl.output[9..], &br.output[9..]);
    }

    /// Attention is a convex combination: each output column lies within the values' range,
    /// and shifting every score of a row by a constant changes nothing.
    #[test]
    fn outputs_are_convex_combinations() {
        let mut rng = StdRng::seed_from_u64(11);
        let shape = AttentionShape::new(2, 3, 7, 9, 5);
        let (q, k, v) = (
            random(&mut rng, shape.q_len()),
            random(&mut rng, shape.kv_len()),
            random(&mut rng, shape.kv_len()),
        );
        let r = attention(&q, &k, &v, shape, None, 0.8);
        for h in 0..6 {
            for c in 0..5 {
                let column: Vec<f64> = (0..9).map(|j| v[(h * 9 + j) * 5 + c]).collect();
                let lo = column.iter().cloned().fold(f64::INFINITY, f64::min);
                let hi = column.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                for i in 0..7 {
                    let o = r.output[(h * 7 + i) * 5 + c];
                    assert!(o >= lo - 1e-12 && o <= hi + 1e-12);
                }
            }
        }
    }

    /// The f32 emulation stays within f32 rounding of the exact result, and the f16/bf16
    /// emulations within a few units of their roundoff — the budget the GPU is held to.
    #[test]
    fn emulated_precisions_cost_what_they_should() {
        let mut rng = StdRng::seed_from_u64(3);
        let shape = AttentionShape::new(1, 2, 40, 150, 16);
        let (q, k, v) = (
            random(&mut rng, shape.q_len()),
            random(&mut rng, shape.kv_len()),
            random(&mut rng, shape.kv_len()),
        );
        for causal in [
            None,
            Some(CausalAlignment::TopLeft),
            Some(CausalAlignment::BottomRight),
        ] {
            let exact = attention(&q, &k, &v, shape, causal, 0.25);
            for (p, bound) in [
                (Precision::F32, 1e-6),
                (Precision::F16, 4.0 * Precision::F16.unit_roundoff()),
                (Precision::Bf16, 4.0 * Precision::Bf16.unit_roundoff()),
            ] {
                let emu = attention_emulated(&q, &k, &v, shape, causal, 0.25, 64, p, p);
                let err = max_relative_error(&emu.output, &exact.output);
                assert!(err < bound, "{p:?} {causal:?}: {err}");
                assert!(err > 0.0, "{p:?}: the emulation must round something");
                assert!(max_relative_error(&emu.lse, &exact.lse) < 1e-6);
            }
        }
    }

    #[test]
    fn entropy_of_known_rows() {
        let shape = RowsShape::new(1, 3, 4);
        let h = row_entropy(
            &[
                0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 3.0, 1.0, 0.0, 0.0,
            ],
            shape,
        );
        let expected_third = -(0.75f64 * 0.75f64.log2() + 0.25 * 0.25f64.log2());
        assert_eq!(h[0], 2.0);
        assert_eq!(h[1], 0.0);
        assert!((h[2] - expected_third).abs() < 1e-15);
    }

    /// Metric axioms (JS distance is a metric) and agreement of the two forms.
    #[test]
    fn js_distance_is_a_metric_and_both_forms_agree() {
        let mut rng = StdRng::seed_from_u64(5);
        let shape = RowsShape::new(2, 6, 10);
        let p: Vec<f64> = (0..shape.input_len())
            .map(|i| if i % 7 == 3 { 0.0 } else { rng.random::<f64>() })
            .collect();
        let d = js_distance_matrix(&p, shape);
        for b in 0..2 {
            let at = |i: usize, j: usize| d[(b * 6 + i) * 6 + j];
            for i in 0..6 {
                assert_eq!(at(i, i), 0.0);
                for j in 0..6 {
                    assert!((at(i, j) - at(j, i)).abs() < 1e-15);
                    assert!((0.0..=1.0).contains(&at(i, j)));
                    let (pi, pj) = (
                        &p[(b * 6 + i) * 10..(b * 6 + i + 1) * 10],
                        &p[(b * 6 + j) * 10..(b * 6 + j + 1) * 10],
                    );
                    assert!((js_distance_stable(pi, pj) - at(i, j)).abs() < 1e-14);
                    for l in 0..6 {
                        assert!(at(i, j) <= at(i, l) + at(l, j) + 1e-15);
                    }
                }
            }
        }
    }

    /// For nearly equal rows the stable form keeps its digits: JSD of p and p + εδ (Σδ = 0)
    /// is ε²/(8 ln 2) · Σ δ²/p + O(ε³), so the distance is ε·√(Σ δ²/p / (8 ln 2)) to
    /// relative O(ε).
    #[test]
    fn stable_form_is_accurate_for_nearly_equal_rows() {
        let p = [0.1, 0.2, 0.3, 0.4];
        let delta = [1.0, -1.0, 1.0, -1.0];
        let chi2: f64 = p.iter().zip(&delta).map(|(a, b)| b * b / a).sum();
        for eps in [1e-6, 1e-8, 1e-10] {
            let q: Vec<f64> = p.iter().zip(&delta).map(|(a, b)| a + eps * b).collect();
            let expected = eps * (chi2 / (8.0 * std::f64::consts::LN_2)).sqrt();
            let stable = js_distance_stable(&p, &q);
            assert!(
                (stable - expected).abs() < 1e-5 * expected,
                "{eps}: {stable} vs {expected}"
            );
        }
    }

    #[test]
    fn euclidean_distances_of_a_grid() {
        let x = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0];
        let d = euclidean_distances(&x, &x, PointsShape::new(1, 3, 3, 2));
        let r2 = 2f64.sqrt();
        assert_eq!(d, vec![0.0, 1.0, 1.0, 1.0, 0.0, r2, 1.0, r2, 0.0]);
    }

    #[test]
    fn relative_error_handles_special_values() {
        assert_eq!(max_relative_error(&[1.0], &[1.0, 2.0]), f64::INFINITY);
        assert_eq!(
            max_relative_error(&[f64::NEG_INFINITY, 1.0], &[f64::NEG_INFINITY, 1.0]),
            0.0
        );
        assert_eq!(
            max_relative_error(&[0.0, 1.0], &[f64::NEG_INFINITY, 1.0]),
            f64::INFINITY
        );
        assert_eq!(max_relative_error(&[1e-3], &[0.0]), f64::INFINITY);
    }
}
