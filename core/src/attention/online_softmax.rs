//! The one-pass ("online") softmax normaliser of Milakov and Gimelshein.

use crate::{Error, Real, Result, fast_math};

/// The running normaliser of a softmax, updated one logit at a time.
///
/// The stable softmax needs the maximum `m` before it can sum `Σ exp(x_j − m)`, so it reads
/// the logits twice before it writes. Milakov and Gimelshein ("Online normalizer calculation
/// for softmax", 2018) keep both at once: a running maximum `m` and a running sum `d` of
/// `exp(x_j − m)`. When a logit `x > m` arrives, the old sum is rescaled to the new maximum,
///
/// ```text
/// m' = max(m, x),   d' = d · exp(m − m') + exp(x − m'),
/// ```
///
/// so after one pass `d = Σ exp(x_j − m)` with every exponent ≤ 0, exactly as in the two-pass
/// form. Two normalisers of disjoint parts of a row merge the same way ([`merge`](Self::merge)),
/// which is what lets tiled attention process the keys block by block without ever storing a
/// whole row of weights.
///
/// A logit of −∞ is a masked entry: it is counted but changes neither `m` nor `d`. While every
/// logit seen is masked the normaliser is *fully masked*: [`max`](Self::max) and
/// [`log_sum_exp`](Self::log_sum_exp) are `None` and [`probability`](Self::probability) is 0.
///
/// ```
/// use geoml::attention::OnlineSoftmax;
///
/// let mut left = OnlineSoftmax::new();
/// let mut right = OnlineSoftmax::new();
/// for x in [1.0_f64, 3.0] { left.push(x)?; }
/// for x in [2.0_f64, f64::NEG_INFINITY] { right.push(x)?; }
/// left.merge(&right);
/// let lse = (1.0_f64.exp() + 3.0_f64.exp() + 2.0_f64.exp()).ln();
/// assert!((left.log_sum_exp().unwrap() - lse).abs() < 1e-15);
/// assert_eq!(left.seen(), 4);
/// assert_eq!(left.unmasked(), 3);
/// assert!((left.probability(3.0) - (3.0 - lse).exp()).abs() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnlineSoftmax<T> {
    /// Running maximum; −∞ while fully masked.
    max: T,
    /// `Σ exp(x_j − max)` over the unmasked logits; 0 while fully masked, else in `[1, unmasked]`.
    sum: T,
    seen: usize,
    unmasked: usize,
}

impl<T: Real> Default for OnlineSoftmax<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Real> OnlineSoftmax<T> {
    /// The normaliser of an empty row (fully masked): `m = −∞`, `d = 0`, nothing seen.
    ///
    /// ```
    /// let n = geoml::attention::OnlineSoftmax::<f64>::new();
    /// assert!(n.is_fully_masked());
    /// assert_eq!((n.seen(), n.max(), n.sum()), (0, None, 0.0));
    /// ```
    pub fn new() -> Self {
        Self {
            max: T::lit(f64::NEG_INFINITY),
            sum: T::zero(),
            seen: 0,
            unmasked: 0,
        }
    }

    /// Adds one logit: finite, or −∞ for a masked entry.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for NaN or +∞; the index reported is the number of logits pushed
    /// before it (its position in the row). The normaliser is left unchanged.
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// for x in [1.0_f64, 2.0, 0.0] {
    ///     n.push(x)?;
    /// }
    /// // m = 2 and d = e⁻¹ + 1 + e⁻² once the sum has been rescaled to the new maximum.
    /// assert_eq!(n.max(), Some(2.0));
    /// assert!((n.sum() - (1.0 + (-1.0_f64).exp() + (-2.0_f64).exp())).abs() < 1e-15);
    /// assert!(n.push(f64::NAN).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn push(&mut self, logit: T) -> Result<()> {
        if logit.is_finite() {
            self.push_unchecked(logit);
            Ok(())
        } else if logit == T::lit(f64::NEG_INFINITY) {
            self.seen += 1;
            Ok(())
        } else {
            Err(Error::NonFinite {
                index: self.seen,
                value: logit.as_f64(),
            })
        }
    }

    /// `push` for a logit known to be finite.
    fn push_unchecked(&mut self, logit: T) {
        if logit > self.max {
            // exp(old max − new max) ≤ 1; it is exp(−∞) = 0 when this is the first logit.
            self.sum = self.sum * fast_math::exp(self.max - logit) + T::one();
            self.max = logit;
        } else {
            self.sum += fast_math::exp(logit - self.max);
        }
        self.seen += 1;
        self.unmasked += 1;
    }

    /// Merges the normaliser of another part of the row into this one, as if its logits had
    /// been pushed here: the sums are rescaled to the larger of the two maxima,
    /// `m = max(m₁, m₂)`, `d = d₁ · exp(m₁ − m) + d₂ · exp(m₂ − m)`; the counts add.
    ///
    /// ```
    /// use geoml::attention::OnlineSoftmax;
    ///
    /// let row = [0.5_f64, -1.0, 4.0, 2.5];
    /// let (mut whole, mut left, mut right) =
    ///     (OnlineSoftmax::new(), OnlineSoftmax::new(), OnlineSoftmax::new());
    /// for &x in &row { whole.push(x)?; }
    /// for &x in &row[..2] { left.push(x)?; }
    /// for &x in &row[2..] { right.push(x)?; }
    /// left.merge(&right);
    /// assert_eq!((left.max(), left.seen()), (Some(4.0), 4));
    /// assert!((left.sum() - whole.sum()).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn merge(&mut self, other: &Self) {
        if other.unmasked > 0 {
            if self.unmasked == 0 {
                self.max = other.max;
                self.sum = other.sum;
            } else if other.max > self.max {
                self.sum = self.sum * fast_math::exp(self.max - other.max) + other.sum;
                self.max = other.max;
            } else {
                self.sum += other.sum * fast_math::exp(other.max - self.max);
            }
        }
        self.seen += other.seen;
        self.unmasked += other.unmasked;
    }

    /// The largest logit seen, or `None` while fully masked.
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// n.push(f64::NEG_INFINITY)?;
    /// assert_eq!(n.max(), None);
    /// n.push(-3.0)?;
    /// assert_eq!(n.max(), Some(-3.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn max(&self) -> Option<T> {
        (self.unmasked > 0).then_some(self.max)
    }

    /// `Σ exp(x_j − max)` over the unmasked logits: in `[1, unmasked]`, or 0 when fully masked.
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// for x in [7.0_f64, 7.0, 7.0] { n.push(x)?; }
    /// assert_eq!(n.sum(), 3.0); // three equal logits: each exp(0) = 1
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn sum(&self) -> T {
        self.sum
    }

    /// `ln Σ exp(x_j) = max + ln(sum)`, finite for finite logits of any size, or `None` while
    /// fully masked.
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// for x in [1000.0_f64, 1000.0] { n.push(x)?; } // exp(1000) alone would overflow
    /// let expected = 1000.0 + 2.0_f64.ln();
    /// assert!(n.log_sum_exp().is_some_and(|lse| (lse - expected).abs() < 1e-12));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn log_sum_exp(&self) -> Option<T> {
        (self.unmasked > 0).then(|| self.max + self.sum.ln())
    }

    /// How many logits were pushed (masked ones included).
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// for x in [0.0_f64, f64::NEG_INFINITY, 1.0] { n.push(x)?; }
    /// assert_eq!(n.seen(), 3);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn seen(&self) -> usize {
        self.seen
    }

    /// How many of them were not −∞.
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// for x in [0.0_f64, f64::NEG_INFINITY, 1.0] { n.push(x)?; }
    /// assert_eq!(n.unmasked(), 2);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn unmasked(&self) -> usize {
        self.unmasked
    }

    /// Whether no unmasked logit has been seen (the row has no distribution).
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// n.push(f32::NEG_INFINITY)?;
    /// assert!(n.is_fully_masked());
    /// n.push(0.0)?;
    /// assert!(!n.is_fully_masked());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_fully_masked(&self) -> bool {
        self.unmasked == 0
    }

    /// The softmax probability of `logit` in the row seen so far, `exp(logit − max) / sum`:
    /// 0 for −∞ (or any non-finite logit) and while fully masked. For a logit that was pushed it
    /// lies in `[0, 1]`; a finite logit above every pushed one is not part of the row, and the
    /// same ratio then exceeds 1 (+∞ once `exp(logit − max)` overflows).
    ///
    /// ```
    /// let mut n = geoml::attention::OnlineSoftmax::new();
    /// for x in [0.0_f64, 2.0_f64.ln()] { n.push(x)?; } // weights 1 : 2
    /// assert!((n.probability(0.0) - 1.0 / 3.0).abs() < 1e-15);
    /// assert!((n.probability(2.0_f64.ln()) - 2.0 / 3.0).abs() < 1e-15);
    /// assert_eq!(n.probability(f64::NEG_INFINITY), 0.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn probability(&self, logit: T) -> T {
        if self.unmasked == 0 || !logit.is_finite() {
            T::zero()
        } else {
            fast_math::exp(logit - self.max) / self.sum
        }
    }
}

/// Softmax by the online normaliser: one pass over the logits builds an [`OnlineSoftmax`],
/// a second writes `out[i] = exp(x[i] − m) / d` (two passes, against three for
/// [`softmax`](super::softmax), which reads once for the maximum and once for the sum).
///
/// The result equals [`softmax`](super::softmax) up to rounding (a few ulp): same masking
/// (−∞ logits get 0), and a fully masked row gives all zeros, which the returned normaliser
/// reports through [`OnlineSoftmax::is_fully_masked`].
///
/// # Errors
/// [`Error::NonFinite`] for a NaN or +∞ logit, with its index.
///
/// # Example
/// ```
/// use geoml::attention::{online_softmax, softmax};
///
/// let logits = [0.5_f32, -3.0, 80.0, 79.0];
/// let (mut a, mut b) = ([0.0; 4], [0.0; 4]);
/// let normaliser = online_softmax(&logits, &mut a)?;
/// softmax(&logits, &mut b)?;
/// assert_eq!(normaliser.max(), Some(80.0));
/// for (x, y) in a.iter().zip(&b) {
///     assert!((x - y).abs() <= 1e-6);
/// }
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn online_softmax<T: Real, const N: usize>(
    logits: &[T; N],
    out: &mut [T; N],
) -> Result<OnlineSoftmax<T>> {
    let mut normaliser = OnlineSoftmax::new();
    for &x in logits {
        normaliser.push(x)?;
    }
    for (p, &x) in out.iter_mut().zip(logits) {
        *p = normaliser.probability(x);
    }
    Ok(normaliser)
}

#[cfg(test)]
mod tests {
    use super::super::softmax::scan_logits;
    use super::*;

    #[test]
    fn rejects_what_softmax_rejects() {
        let row = [0.0_f64, 2.0, f64::NAN];
        let mut out = [0.0; 3];
        assert!(matches!(
            online_softmax(&row, &mut out),
            Err(Error::NonFinite { index: 2, .. })
        ));
        assert!(matches!(
            scan_logits(&row, true),
            Err(Error::NonFinite { index: 2, .. })
        ));
        let mut n = OnlineSoftmax::new();
        n.push(1.0_f32).unwrap();
        assert_eq!(
            n.push(f32::INFINITY),
            Err(Error::NonFinite {
                index: 1,
                value: f64::INFINITY
            })
        );
        assert_eq!(n.seen(), 1);
    }

    #[test]
    fn fully_masked_row() {
        let mut out = [1.0_f32; 3];
        let n = online_softmax(&[f32::NEG_INFINITY; 3], &mut out).unwrap();
        assert!(n.is_fully_masked());
        assert_eq!((n.max(), n.log_sum_exp(), n.sum()), (None, None, 0.0));
        assert_eq!(out, [0.0; 3]);
    }

    #[test]
    fn merging_with_empty_sides() {
        let mut a = OnlineSoftmax::<f64>::new();
        let mut b = OnlineSoftmax::new();
        b.push(2.0).unwrap();
        a.merge(&b);
        assert_eq!(a, b);
        a.merge(&OnlineSoftmax::new());
        assert_eq!(a, b);
    }

    #[test]
    fn extreme_logits_stay_finite() {
        let mut n = OnlineSoftmax::new();
        for x in [-f32::MAX, f32::MAX, f32::MAX] {
            n.push(x).unwrap();
        }
        assert_eq!(n.sum(), 2.0);
        assert_eq!(n.log_sum_exp(), Some(f32::MAX));
        assert_eq!(n.probability(-f32::MAX), 0.0);
    }
}
