//! Kullback–Leibler divergence in bits, with its infinite case as a value of its own.

use super::distribution::checked_sum;
use crate::{Real, Result};

/// The value of a Kullback–Leibler divergence: finite, or infinite because `p` puts mass
/// where `q` puts none.
///
/// geoml never returns an infinity inside `Ok`, yet `D(p ‖ q) = ∞` is a correct answer, not
/// an error: it says that `q` rules out an outcome `p` allows. So the infinite case is a
/// variant of its own, and it names the first outcome responsible.
///
/// ```
/// use geoml::info::{kl_divergence, KlDivergence};
///
/// let p = [0.5_f64, 0.5];
/// let q = [1.0_f64, 0.0];
/// assert_eq!(kl_divergence(&p, &q).unwrap(), KlDivergence::Infinite { index: 1 });
/// assert_eq!(kl_divergence(&q, &p).unwrap(), KlDivergence::Finite(1.0));
/// assert_eq!(kl_divergence(&p, &q).unwrap().finite(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KlDivergence<T> {
    /// `D(p ‖ q)` in bits, finite and `≥ 0`.
    Finite(T),
    /// `D(p ‖ q) = +∞`: `p[index] > 0` while `q[index] = 0` (the first such index).
    Infinite {
        /// The first outcome with `p > 0 = q`.
        index: usize,
    },
}

impl<T: Copy> KlDivergence<T> {
    /// The divergence when it is finite, `None` when it is infinite.
    ///
    /// ```
    /// use geoml::info::kl_divergence;
    ///
    /// // D(p ‖ q) = 1 · log₂(1 / 0.25) = 2 bits.
    /// assert_eq!(kl_divergence(&[1.0_f64, 0.0], &[0.25, 0.75])?.finite(), Some(2.0));
    /// assert_eq!(kl_divergence(&[0.25_f64, 0.75], &[1.0, 0.0])?.finite(), None);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn finite(self) -> Option<T> {
        match self {
            KlDivergence::Finite(bits) => Some(bits),
            KlDivergence::Infinite { .. } => None,
        }
    }

    /// Whether the divergence is `+∞`: `p` puts mass on an outcome that `q` rules out.
    ///
    /// ```
    /// use geoml::info::kl_divergence;
    ///
    /// let (p, q) = ([0.5_f32, 0.5, 0.0], [0.5_f32, 0.0, 0.5]);
    /// assert!(kl_divergence(&p, &q)?.is_infinite()); // p[1] > 0 = q[1]
    /// assert!(!kl_divergence(&p, &p)?.is_infinite());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_infinite(self) -> bool {
        matches!(self, KlDivergence::Infinite { .. })
    }
}

/// The Kullback–Leibler divergence of `q` from `p` in bits:
/// `D(p ‖ q) = Σₖ pₖ log₂(pₖ / qₖ)`, with `0 · log(0 / q) = 0` for every `q ≥ 0`.
///
/// Both inputs are divided by their sums first (as `scipy.stats.entropy(p, q)` does). The
/// result is [`KlDivergence::Infinite`] when some `pₖ > 0 = qₖ`, otherwise
/// [`KlDivergence::Finite`] with a value `≥ 0`, exactly 0 when `p` and `q` are equal. It is
/// not symmetric: `D(p ‖ q) ≠ D(q ‖ p)` in general. Multiply by `ln 2` for nats.
///
/// Accuracy: the textbook terms `pₖ log(pₖ/qₖ)` have both signs and cancel when `p ≈ q`,
/// leaving an absolute error of about `ε` on a result of order `|p − q|²`. Since `Σp = Σq = 1`,
/// the same sum can be written with non-negative terms,
///
/// `D(p ‖ q) = Σₖ qₖ φ(pₖ/qₖ) / ln 2`, with `φ(r) = r ln r − r + 1 ≥ 0`,
///
/// and `φ(1 + u) = Σ_{j≥2} (−u)^j / (j(j − 1))` is summed as a series for `|u| < 0.05`; a term
/// whose ratio would overflow (a subnormal `qₖ`) uses `ln pₖ − ln qₖ`, so a finite answer
/// stays finite where scipy reports ∞. For inputs that sum to one exactly the relative error
/// is a few `M·ε` even for nearly equal distributions; otherwise the rounding of `pₖ/Σp` adds
/// about `ε` per entry. Matches `scipy.special.rel_entr(p, q).sum() / ln 2` within `1e-12`
/// (f64) and `1e-5` (f32) relative.
///
/// Errors: those of [`check_distribution`](super::check_distribution) for each argument.
/// Indices follow one convention for every two-argument measure: `p` and `q` are rows 0
/// and 1 of a 2 × M array, so entry `k` of `q` is reported as index `M + k` and a bad sum of
/// `q` as `row: 1`.
///
/// ```
/// use geoml::info::{kl_divergence, KlDivergence};
/// use geoml::Error;
///
/// let p = [0.75_f64, 0.25];
/// let q = [0.5_f64, 0.5];
/// let bits = kl_divergence(&p, &q).unwrap().finite().unwrap();
/// assert!((bits - 0.188_721_875_540_867).abs() < 1e-14);
///
/// // A bad q is reported at index M + k.
/// assert_eq!(
///     kl_divergence(&p, &[1.5, -0.5]),
///     Err(Error::NegativeProbability { index: 3, value: -0.5 }),
/// );
/// ```
pub fn kl_divergence<T: Real, const M: usize>(p: &[T; M], q: &[T; M]) -> Result<KlDivergence<T>> {
    let p_sum = checked_sum(p, 0, 0)?;
    let q_sum = checked_sum(q, 1, M)?;
    if let Some(index) = p
        .iter()
        .zip(q.iter())
        .position(|(&pk, &qk)| pk > T::zero() && qk <= T::zero())
    {
        return Ok(KlDivergence::Infinite { index });
    }
    let (p_scale, q_scale) = (p_sum.recip(), q_sum.recip());
    let series_limit = T::lit(0.05);
    let mut nats = T::zero();
    for (&a, &b) in p.iter().zip(q.iter()) {
        let (pk, qk) = (a * p_scale, b * q_scale);
        if qk <= T::zero() {
            continue; // then pk = 0 too: 0 · log(0/0) = 0, and φ contributes nothing.
        }
        if pk <= T::zero() {
            nats += qk; // q φ(0) = q
            continue;
        }
        let ratio = pk / qk;
        if !ratio.is_finite() {
            nats += pk * (pk.ln() - qk.ln()) - pk + qk;
            continue;
        }
        let u = (pk - qk) / qk;
        nats += if u.abs() < series_limit {
            qk * relative_entropy_kernel_series(u)
        } else {
            pk * ratio.ln() - (pk - qk)
        };
    }
    Ok(KlDivergence::Finite((nats / T::ln_2()).max(T::zero())))
}

/// `φ(1 + u) = (1 + u) ln(1 + u) − u = Σ_{j≥2} (−u)^j / (j(j − 1))` for `|u| < 0.05`: twelve
/// terms reach f64 precision.
fn relative_entropy_kernel_series<T: Real>(u: T) -> T {
    let mut acc = T::zero();
    for j in (2..=13u32).rev() {
        let sign = if j.is_multiple_of(2) { 1.0 } else { -1.0 };
        acc = acc * u + T::lit(sign / f64::from(j * (j - 1)));
    }
    acc * u * u
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
    fn series_and_logarithm_agree_at_the_switch() {
        for u in [0.049_999_f64, -0.049_999, 0.01, -0.03] {
            let direct = (1.0 + u) * u.ln_1p() - u;
            let series = relative_entropy_kernel_series(u);
            assert!(
                (direct - series).abs() <= 1e-13 * series,
                "{u}: {direct} vs {series}"
            );
        }
    }

    #[test]
    fn nearly_equal_distributions_keep_their_relative_accuracy() {
        // D(p‖q) = Σ δₖ²/(2 qₖ ln 2) + O(δ³) for p = q + δ with Σδ = 0.
        let delta = 1e-6_f64;
        let q = [0.25_f64, 0.25, 0.5];
        let p = [0.25 + delta, 0.25 - delta, 0.5];
        let expected = delta * delta / (2.0 * core::f64::consts::LN_2) * (4.0 + 4.0);
        let d = kl_divergence(&p, &q).unwrap().finite().unwrap();
        assert!((d - expected).abs() <= 1e-5 * expected, "{d} vs {expected}");
    }

    #[test]
    fn support_mismatch_is_infinite_and_named() {
        let p = [0.2_f32, 0.3, 0.5, 0.0];
        let q = [0.25_f32, 0.75, 0.0, 0.0];
        assert_eq!(
            kl_divergence(&p, &q).unwrap(),
            KlDivergence::Infinite { index: 2 }
        );
        assert!(kl_divergence(&p, &q).unwrap().is_infinite());
        // The other direction is finite: q puts no mass where p has none.
        let back = kl_divergence(&q, &p).unwrap().finite().unwrap();
        assert!(back.is_finite() && back > 0.0);
    }

    #[test]
    fn subnormal_q_gives_a_large_finite_value() {
        // p/q overflows f64; the divergence itself is about 1074 bits.
        let tiny = f64::from_bits(1); // 2⁻¹⁰⁷⁴
        let p = [1.0_f64, 0.0];
        let q = [1.0 - tiny, tiny];
        // q = [1, 2⁻¹⁰⁷⁴] once 1 − 2⁻¹⁰⁷⁴ rounds to 1: D = log₂(1/(1 − 2⁻¹⁰⁷⁴)) ≈ 2⁻¹⁰⁷⁴/ln 2.
        let d = kl_divergence(&p, &q).unwrap().finite().unwrap();
        assert!((0.0..1e-320).contains(&d), "{d:e}");
        let p = [0.0_f64, 1.0];
        let d = kl_divergence(&p, &q).unwrap().finite().unwrap();
        assert!((d - 1074.0).abs() < 1e-9, "{d}");
    }

    #[test]
    fn errors_use_the_stacked_index_convention() {
        let good = [0.5_f64, 0.5];
        assert!(matches!(
            kl_divergence(&good, &[0.5, f64::INFINITY]),
            Err(Error::NonFinite { index: 3, .. })
        ));
        assert!(matches!(
            kl_divergence(&[0.5, 0.6], &good),
            Err(Error::NotNormalized { row: 0, .. })
        ));
        assert!(matches!(
            kl_divergence(&good, &[0.5, 0.6]),
            Err(Error::NotNormalized { row: 1, .. })
        ));
    }

    proptest! {
        #[test]
        fn kl_is_non_negative_and_zero_only_for_equal_inputs(
            a in prop::array::uniform5(0.01_f64..1.0),
            b in prop::array::uniform5(0.01_f64..1.0),
        ) {
            let (p, q) = (normalised(a), normalised(b));
            let d = kl_divergence(&p, &q).unwrap().finite().unwrap();
            prop_assert!(d >= 0.0);
            prop_assert_eq!(kl_divergence(&p, &p).unwrap(), KlDivergence::Finite(0.0));
            // Pinsker: D(p‖q) ≥ (Σ|p − q|)² / (2 ln 2) in bits, so unequal inputs are > 0.
            let l1: f64 = p.iter().zip(&q).map(|(x, y)| (x - y).abs()).sum();
            prop_assert!(d >= l1 * l1 / (2.0 * core::f64::consts::LN_2) - 1e-12);
            let p32 = p.map(|x| x as f32);
            let q32 = q.map(|x| x as f32);
            let d32 = kl_divergence(&p32, &q32).unwrap().finite().unwrap();
            prop_assert!(d32 >= 0.0);
            prop_assert!((f64::from(d32) - d).abs() < 1e-5 * d.max(1.0));
        }
    }
}
