//! Shannon entropy in bits.

use super::distribution::checked_sum;
use crate::{Real, Result};

/// The Shannon entropy of a distribution, in bits:
/// `H(p) = −Σₖ pₖ log₂ pₖ`, with `0 · log 0 = 0`.
///
/// `p` is first divided by its sum (as `scipy.stats.entropy` does), so a row that sums to one
/// only up to rounding is measured exactly as the distribution it stands for. The result lies
/// in `[0, log₂ M]` (0 for a point mass, `log₂ M` for the uniform distribution) and is clamped
/// there against rounding. Divide by `log₂ e` for nats.
///
/// Accuracy: every term is non-negative, so there is no cancellation; the relative error is
/// a few units of `M·ε`. Matches `scipy.stats.entropy(p, base=2)` within `1e-12` (f64) and
/// `1e-5` (f32) relative.
///
/// Errors: [`Error::NonFinite`](crate::Error::NonFinite),
/// [`Error::NegativeProbability`](crate::Error::NegativeProbability) (the index `k` and
/// value), [`Error::NotNormalized`](crate::Error::NotNormalized) when `|Σ pₖ − 1|` exceeds
/// [`SUM_TOLERANCE`](super::SUM_TOLERANCE).
///
/// ```
/// use geoml::info::entropy;
///
/// // A fair coin carries one bit; a loaded one less; a certain outcome none.
/// assert_eq!(entropy(&[0.5_f64, 0.5]).unwrap(), 1.0);
/// assert!((entropy(&[0.9_f64, 0.1]).unwrap() - 0.468_995_593_589_281_2).abs() < 1e-15);
/// assert_eq!(entropy(&[0.0_f32, 1.0, 0.0]).unwrap(), 0.0);
/// ```
pub fn entropy<T: Real, const M: usize>(p: &[T; M]) -> Result<T> {
    let sum = checked_sum(p, 0, 0)?;
    Ok(entropy_of_checked(p, sum))
}

/// The entropy (in bits) of every row of `rows`, written to `out[i]`: the uncertainty of each
/// query token's attention over the keys.
///
/// Each row is a distribution measured as by [`entropy`]. Errors are those of [`entropy`],
/// reported with flat row-major indices (`i · M + k`) and, for a bad sum, the row `i`; `out`
/// is left untouched on error.
///
/// ```
/// use geoml::info::row_entropies;
///
/// let attention = [[1.0_f32, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25], [0.5, 0.5, 0.0, 0.0]];
/// let mut bits = [0.0_f32; 3];
/// row_entropies(&attention, &mut bits).unwrap();
/// assert_eq!(bits, [0.0, 2.0, 1.0]);
/// ```
pub fn row_entropies<T: Real, const N: usize, const M: usize>(
    rows: &[[T; M]; N],
    out: &mut [T; N],
) -> Result<()> {
    let mut sums = [T::zero(); N];
    for (i, (row, sum)) in rows.iter().zip(sums.iter_mut()).enumerate() {
        *sum = checked_sum(row, i, i * M)?;
    }
    for ((row, &sum), h) in rows.iter().zip(sums.iter()).zip(out.iter_mut()) {
        *h = entropy_of_checked(row, sum);
    }
    Ok(())
}

/// The entropy of `p / sum` for a `p` that passed the distribution check.
fn entropy_of_checked<T: Real>(p: &[T], sum: T) -> T {
    // A dominant entry r = a/Σ ≈ 1 contributes −r log₂ r ≈ (1 − r)/ln 2, and 1 − r computed
    // from the rounded r has an absolute error of ε: for a near point mass (attention heads
    // that look at one token) that is most of the entropy. Its term is taken instead from
    // t = (sum of the other entries)/Σ, which is accurate: −(1 − t) log₂(1 − t).
    let dominant = p
        .iter()
        .enumerate()
        .fold(
            (0, T::zero()),
            |best, (k, &v)| if v > best.1 { (k, v) } else { best },
        )
        .0;
    let dominant_share = p.get(dominant).map_or(T::zero(), |&v| v / sum);
    let use_rest = dominant_share > T::lit(0.5);
    let mut bits = T::zero();
    let mut rest = T::zero();
    for (k, &value) in p.iter().enumerate() {
        // 0 · log 0 = 0: zero entries carry no uncertainty.
        if value > T::zero() && !(use_rest && k == dominant) {
            let r = value / sum;
            // log₂ directly (not ln / ln 2): exact for powers of two, one rounding fewer.
            bits -= r * r.log2();
            rest += value;
        }
    }
    if use_rest {
        let t = rest / sum;
        if t < T::one() {
            bits -= (T::one() - t) * (-t).ln_1p() / T::ln_2();
        }
    }
    // Each term is ≥ 0 because r ≤ 1 (a rounded sum of non-negatives is at least each of
    // them); the upper bound log₂ M can be exceeded by rounding alone.
    let max_bits = T::lit(p.len() as f64).log2();
    if bits > max_bits {
        max_bits
    } else {
        bits.max(T::zero())
    }
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
    fn uniform_and_point_masses() {
        assert_eq!(entropy(&[0.125_f64; 8]).unwrap(), 3.0);
        assert_eq!(entropy(&[0.125_f32; 8]).unwrap(), 3.0);
        assert_eq!(entropy(&[1.0_f64]).unwrap(), 0.0);
        let mut point = [0.0_f32; 16];
        point[7] = 1.0;
        assert_eq!(entropy(&point).unwrap(), 0.0);
    }

    #[test]
    fn near_point_masses_keep_their_relative_accuracy() {
        // One entry 1 − 4δ, four of δ; the row sums to 1 + 4e-7 as a float32 softmax might.
        // H = −(1 − 4δ) log₂(1 − 4δ) − 4δ log₂ δ for the normalised row.
        let delta = 1e-7_f64;
        let scale = 1.0 + 4e-7;
        let row = [
            (1.0 - 4.0 * delta) * scale,
            delta * scale,
            delta * scale,
            delta * scale,
            delta * scale,
        ];
        let expected = -(1.0 - 4.0 * delta) * (-4.0 * delta).ln_1p() / core::f64::consts::LN_2
            - 4.0 * delta * delta.log2();
        let h = entropy(&row).unwrap();
        assert!(
            (h - expected).abs() <= 1e-14 * expected,
            "{h} vs {expected}"
        );
        let h32 = entropy(&row.map(|x| x as f32)).unwrap();
        assert!(
            (f64::from(h32) - expected).abs() <= 1e-5 * expected,
            "{h32} vs {expected}"
        );
    }

    #[test]
    fn rows_almost_normalised_are_renormalised() {
        // Σ = 1 + 5e-5 (inside the tolerance): measured as the uniform distribution.
        let p = [0.250_012_5_f64; 4];
        assert!((entropy(&p).unwrap() - 2.0).abs() < 1e-15);
    }

    #[test]
    fn bad_rows_are_named() {
        let rows = [[0.5_f64, 0.5], [0.5, 0.4]];
        let mut out = [7.0; 2];
        assert_eq!(
            row_entropies(&rows, &mut out),
            Err(Error::NotNormalized {
                row: 1,
                sum: 0.9,
                tolerance: 1e-4
            })
        );
        assert_eq!(out, [7.0; 2], "out is untouched on error");
        let rows = [[0.5_f32, 0.5], [1.0, f32::NAN]];
        assert!(matches!(
            row_entropies(&rows, &mut [0.0; 2]),
            Err(Error::NonFinite { index: 3, .. })
        ));
        assert_eq!(
            entropy(&[1.25_f64, -0.25]),
            Err(Error::NegativeProbability {
                index: 1,
                value: -0.25
            })
        );
    }

    proptest! {
        #[test]
        fn entropy_lies_between_zero_and_log2_m(
            weights in prop::array::uniform6(0.0_f64..1.0),
            zeros in prop::array::uniform6(any::<bool>()),
        ) {
            let mut w = weights;
            for (x, z) in w.iter_mut().zip(zeros) { if z { *x = 0.0; } }
            prop_assume!(w.iter().sum::<f64>() > 1e-3);
            let p = normalised(w);
            let h = entropy(&p).unwrap();
            prop_assert!((0.0..=6.0_f64.log2()).contains(&h));
            let h32 = entropy(&p.map(|x| x as f32)).unwrap();
            prop_assert!((0.0..=6.0_f32.log2()).contains(&h32));
            prop_assert!((f64::from(h32) - h).abs() < 1e-5);
        }

        #[test]
        fn entropy_ignores_the_order_of_outcomes(weights in prop::array::uniform5(0.01_f64..1.0)) {
            let p = normalised(weights);
            let mut reversed = p;
            reversed.reverse();
            let (a, b) = (entropy(&p).unwrap(), entropy(&reversed).unwrap());
            prop_assert!((a - b).abs() <= 1e-15 * a.max(1.0));
        }

        #[test]
        fn entropy_is_additive_over_independent_pairs(
            a in prop::array::uniform3(0.01_f64..1.0),
            b in prop::array::uniform3(0.01_f64..1.0),
        ) {
            // H(p ⊗ q) = H(p) + H(q).
            let (p, q) = (normalised(a), normalised(b));
            let mut joint = [0.0; 9];
            for i in 0..3 { for j in 0..3 { joint[3 * i + j] = p[i] * q[j]; } }
            let lhs = entropy(&joint).unwrap();
            let rhs = entropy(&p).unwrap() + entropy(&q).unwrap();
            prop_assert!((lhs - rhs).abs() < 1e-13);
        }
    }
}
