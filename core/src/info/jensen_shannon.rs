//! Jensen–Shannon divergence and distance, in bits, computed without cancellation.

use super::distribution::checked_sum;
use crate::{Real, Result};

/// The Jensen–Shannon divergence in bits:
/// `JS(p, q) = ½ D(p ‖ m) + ½ D(q ‖ m)` with the mixture `m = (p + q) / 2`.
///
/// Unlike the KL divergence it is symmetric, always finite and bounded: `0 ≤ JS ≤ 1` bit,
/// with 0 exactly when `p = q` and 1 exactly when their supports are disjoint. Its square
/// root, [`js_distance`], is a metric. Both inputs are divided by their sums first, as scipy
/// does.
///
/// Accuracy: the textbook sum `Σ pₖ log(pₖ/mₖ) + qₖ log(qₖ/mₖ)` mixes terms of both signs
/// and cancels badly when `p ≈ q`. Here each outcome contributes the non-negative
///
/// `¼ (pₖ + qₖ) h(xₖ)`, with `xₖ = (pₖ − qₖ)/(pₖ + qₖ)` and
/// `h(x) = (1 + x) ln(1 + x) + (1 − x) ln(1 − x) = Σ_{j≥1} x^{2j} / (j(2j − 1))`,
///
/// evaluated by its series for `|x| < 0.25` and with logarithms otherwise. The result is never
/// negative, exactly 0 for identical rows, and for rows that sum to one exactly keeps a
/// relative error of a few `M·ε` even when they are nearly equal (where scipy's formula loses
/// digits); for other rows the rounding of `pₖ/Σp` adds about `ε` per entry. Matches
/// `scipy.spatial.distance.jensenshannon(p, q, base=2)²` within `1e-12` (f64) and `1e-5`
/// (f32) relative.
///
/// Errors: those of [`check_distribution`](super::check_distribution) for each argument,
/// with the indices of `q` counted from `M` and its bad sum reported as `row: 1` (see
/// [`kl_divergence`](super::kl_divergence)).
///
/// ```
/// use geoml::info::js_divergence;
///
/// assert_eq!(js_divergence(&[1.0_f64, 0.0], &[0.0, 1.0]).unwrap(), 1.0);
/// assert_eq!(js_divergence(&[0.3_f32, 0.7], &[0.3, 0.7]).unwrap(), 0.0);
/// let d = js_divergence(&[0.5_f64, 0.5], &[1.0, 0.0]).unwrap();
/// assert!((d - 0.311_278_124_459_132_8).abs() < 1e-15);
/// ```
pub fn js_divergence<T: Real, const M: usize>(p: &[T; M], q: &[T; M]) -> Result<T> {
    let p_sum = checked_sum(p, 0, 0)?;
    let q_sum = checked_sum(q, 1, M)?;
    Ok(divergence_of_checked(p, p_sum.recip(), q, q_sum.recip()))
}

/// The Jensen–Shannon distance in bits: `√JS(p, q)`, the square root of [`js_divergence`].
///
/// The convention of `scipy.spatial.distance.jensenshannon(p, q, base=2)`: one square root,
/// base 2, so the distance lies in `[0, 1]`. It is a metric on distributions (symmetric, zero
/// only for equal arguments, and it satisfies the triangle inequality), which is what makes it
/// usable as the input of persistent homology. Taking a further square root, as one of this
/// project's source notebooks does, gives a different (and needlessly compressed) scale.
///
/// Accuracy and errors: as [`js_divergence`]; the root of a divergence that rounding would
/// push below zero is 0, never NaN.
///
/// ```
/// use geoml::info::js_distance;
///
/// let p = [0.1_f64, 0.4, 0.5];
/// let q = [0.3_f64, 0.3, 0.4];
/// let d = js_distance(&p, &q).unwrap();
/// assert_eq!(d, js_distance(&q, &p).unwrap());
/// assert!((d - 0.216_634_024_495_196_7).abs() < 1e-15);
/// ```
pub fn js_distance<T: Real, const M: usize>(p: &[T; M], q: &[T; M]) -> Result<T> {
    js_divergence(p, q).map(|bits| bits.sqrt())
}

/// The JS divergence in bits of `p · p_scale` and `q · q_scale` (the scales normalise the
/// sums to one), clamped to `[0, 1]`. The inputs must have passed the distribution check.
pub(crate) fn divergence_of_checked<T: Real>(p: &[T], p_scale: T, q: &[T], q_scale: T) -> T {
    let two = T::lit(2.0);
    let series_limit = T::lit(SERIES_LIMIT);
    let series_terms = if T::is_single_precision() {
        SERIES_TERMS_F32
    } else {
        SERIES_TERMS_F64
    };
    let mut total = T::zero();
    for (&a, &b) in p.iter().zip(q.iter()) {
        let (pk, qk) = (a * p_scale, b * q_scale);
        let s = pk + qk;
        if s <= T::zero() {
            continue;
        }
        let difference = pk - qk;
        let h = if difference.abs() < series_limit * s {
            binary_kernel_series(difference / s, series_terms)
        } else {
            // h = (1 + x) ln(1 + x) + (1 − x) ln(1 − x) with 1 ± x = 2p/s, 2q/s. Away from
            // x = 0 the two terms cancel by at most a factor 1/x² < 16, and `ln` is much
            // cheaper than `ln_1p` in most math libraries. Where one of p, q is 0 this is
            // 0 + 2 ln 2 = h(±1): the outcome is disjoint.
            let scale = two / s;
            if scale.is_finite() {
                x_log_x(pk * scale) + x_log_x(qk * scale)
            } else {
                // s is subnormal and 2/s overflows; p/s and q/s are at most 1.
                x_log_x(pk / s * two) + x_log_x(qk / s * two)
            }
        };
        total += s * h;
    }
    let bits = total / (T::lit(4.0) * T::ln_2());
    // The exact value lies in [0, 1]; rounding may step over either end.
    bits.max(T::zero()).min(T::one())
}

/// `|x|` below which `h(x)` is summed as a series.
const SERIES_LIMIT: f64 = 0.25;
/// Terms of the series that reach each precision at `|x| = 0.25` (the next term is below
/// `ε/10` of the first: `0.0625^(j−1)/(j(2j − 1))`).
const SERIES_TERMS_F64: usize = 14;
const SERIES_TERMS_F32: usize = 6;

/// `w ln w`, with `0 · ln 0 = 0` for a `w` that rounded to zero (a probability below the
/// precision of the pair's sum).
fn x_log_x<T: Real>(w: T) -> T {
    if w > T::zero() { w * w.ln() } else { T::zero() }
}

/// `1/(j(2j − 1))` for `j = 1..=14`, the coefficients of `h(x)` in powers of `x²`.
const SERIES_COEFFICIENTS: [f64; SERIES_TERMS_F64] = [
    1.0,
    1.0 / 6.0,
    1.0 / 15.0,
    1.0 / 28.0,
    1.0 / 45.0,
    1.0 / 66.0,
    1.0 / 91.0,
    1.0 / 120.0,
    1.0 / 153.0,
    1.0 / 190.0,
    1.0 / 231.0,
    1.0 / 276.0,
    1.0 / 325.0,
    1.0 / 378.0,
];

/// `h(x) = Σ_{j≥1} x^{2j} / (j(2j − 1))`, the first `terms` terms, by Horner's rule in `x²`.
fn binary_kernel_series<T: Real>(x: T, terms: usize) -> T {
    let y = x * x;
    let mut acc = T::zero();
    for &c in SERIES_COEFFICIENTS.iter().take(terms).rev() {
        acc = acc * y + T::lit(c);
    }
    acc * y
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use proptest::prelude::*;

    fn normalised<const M: usize>(weights: [f64; M]) -> [f64; M] {
        let total: f64 = weights.iter().sum();
        weights.map(|w| w / total)
    }

    #[test]
    fn series_and_logarithms_agree_at_the_switch() {
        for x in [0.249_999_f64, -0.25, 0.2, -0.1] {
            let direct = (1.0 + x) * x.ln_1p() + (1.0 - x) * (-x).ln_1p();
            let series = binary_kernel_series(x, SERIES_TERMS_F64);
            assert!(
                (direct - series).abs() <= 1e-14 * series,
                "{x}: {direct} vs {series}"
            );
            let series32 = binary_kernel_series(x as f32, SERIES_TERMS_F32);
            assert!(
                (f64::from(series32) - direct).abs() <= 3e-7 * direct,
                "{x}: {direct} vs {series32}"
            );
        }
    }

    #[test]
    fn nearly_equal_rows_keep_their_relative_accuracy() {
        // p and q differ by δ in two entries: JS = δ²/(8 ln 2)·(1/p₀ + 1/p₁) + O(δ⁴) bits.
        let delta = 1e-9_f64;
        let p = [0.25_f64, 0.25, 0.5];
        let q = [0.25 + delta, 0.25 - delta, 0.5];
        let expected = delta * delta / (8.0 * core::f64::consts::LN_2) * (4.0 + 4.0);
        let js = js_divergence(&p, &q).unwrap();
        // The inputs themselves carry a representation error of 1e-17 in δ = 1e-9.
        assert!(
            (js - expected).abs() <= 1e-7 * expected,
            "{js} vs {expected}"
        );
        let d = js_distance(&p, &q).unwrap();
        assert!(d > 0.0 && (d - expected.sqrt()).abs() <= 1e-7 * d);
    }

    #[test]
    fn probabilities_below_the_precision_of_their_sum_are_harmless() {
        // 1e-9 vanishes next to 0.5 in f32: x rounds to ±1 and 0 · ln 0 must not be NaN.
        let p = [0.5_f32, 0.5 - 1e-9, 1e-9];
        let q = [0.5_f32, 1e-9, 0.5 - 1e-9];
        let d = js_distance(&p, &q).unwrap();
        assert!(d.is_finite() && (d - 0.707_106_77).abs() < 1e-6, "{d}");
    }

    #[test]
    fn subnormal_probabilities_stay_tiny() {
        // A pair sum of 1e-320 once made 2/s overflow; its contribution is about 1e-320.
        let p = [1.0_f64, 1e-320];
        let q = [1.0_f64, 0.0];
        let js = js_divergence(&p, &q).unwrap();
        assert!(js > 0.0 && js < 1e-300, "{js:e}");
        let p32 = [1.0_f32, 1e-44];
        let q32 = [1.0_f32, 0.0];
        let js32 = js_divergence(&p32, &q32).unwrap();
        assert!(js32 < 1e-40, "{js32:e}");
    }

    #[test]
    fn extremes_are_exact() {
        assert_eq!(js_distance(&[0.0_f32, 1.0], &[1.0, 0.0]).unwrap(), 1.0);
        assert_eq!(
            js_distance(&[0.0_f64, 0.5, 0.5], &[1.0, 0.0, 0.0]).unwrap(),
            1.0
        );
        let p = [0.1_f64, 0.2, 0.3, 0.4];
        assert_eq!(js_distance(&p, &p).unwrap(), 0.0);
        assert_eq!(
            js_divergence(&p.map(|x| x as f32), &p.map(|x| x as f32)).unwrap(),
            0.0
        );
    }

    #[test]
    fn bad_q_is_reported_after_p() {
        assert_eq!(
            js_distance(&[0.5_f64, 0.5], &[-0.5, 1.5]),
            Err(Error::NegativeProbability {
                index: 2,
                value: -0.5
            })
        );
    }

    proptest! {
        #[test]
        fn js_distance_is_a_bounded_symmetric_metric(
            a in prop::array::uniform4(0.0_f64..1.0),
            b in prop::array::uniform4(0.0_f64..1.0),
            c in prop::array::uniform4(0.0_f64..1.0),
        ) {
            prop_assume!(a.iter().sum::<f64>() > 1e-3);
            prop_assume!(b.iter().sum::<f64>() > 1e-3);
            prop_assume!(c.iter().sum::<f64>() > 1e-3);
            let (p, q, r) = (normalised(a), normalised(b), normalised(c));
            let pq = js_distance(&p, &q).unwrap();
            let qr = js_distance(&q, &r).unwrap();
            let pr = js_distance(&p, &r).unwrap();
            prop_assert_eq!(pq, js_distance(&q, &p).unwrap());
            prop_assert!((0.0..=1.0).contains(&pq));
            prop_assert!(pr <= pq + qr + 1e-15);
            prop_assert_eq!(js_distance(&p, &p).unwrap(), 0.0);
            // Zero only for equal distributions: JS ≥ (Σ|p − q|)²/(8 ln 2) bits (Pinsker
            // applied to each half).
            let l1: f64 = p.iter().zip(&q).map(|(x, y)| (x - y).abs()).sum();
            prop_assert!(pq * pq >= l1 * l1 / (8.0 * core::f64::consts::LN_2) - 1e-15);

            let (p32, q32, r32) = (p.map(|x| x as f32), q.map(|x| x as f32), r.map(|x| x as f32));
            let pq32 = js_distance(&p32, &q32).unwrap();
            prop_assert!((0.0..=1.0).contains(&pq32));
            prop_assert!(pq32 == js_distance(&q32, &p32).unwrap());
            let bound = js_distance(&p32, &r32).unwrap()
                <= pq32 + js_distance(&q32, &r32).unwrap() + 1e-6;
            prop_assert!(bound);
        }

        #[test]
        fn divergence_matches_the_textbook_formula(
            a in prop::array::uniform6(0.05_f64..1.0),
            b in prop::array::uniform6(0.05_f64..1.0),
        ) {
            // Far from p = q the direct definition has no cancellation to speak of.
            let (p, q) = (normalised(a), normalised(b));
            let direct: f64 = p.iter().zip(&q).map(|(&x, &y)| {
                let m = 0.5 * (x + y);
                0.5 * x * (x / m).log2() + 0.5 * y * (y / m).log2()
            }).sum();
            let js = js_divergence(&p, &q).unwrap();
            prop_assert!((js - direct).abs() <= 1e-12 * direct.max(1e-6));
        }
    }
}
