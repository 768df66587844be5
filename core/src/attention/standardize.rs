//! Standardising the features of a data matrix (z-scores).

use super::checks::check_non_negative;
use crate::{Error, Real, Result, check_finite_rows};

/// Per-feature mean and scale of a data matrix, to standardise it and new samples alike:
///
/// ```text
/// z[n][d] = (x[n][d] − μ_d) / √(σ²_d + ε),   μ_d = (1/N) Σ_n x[n][d],
///                                             σ²_d = (1/N) Σ_n (x[n][d] − μ_d)²,
/// ```
///
/// rows are samples, columns features (seed 004's `X ∈ ℝ^{N×D}`). Each feature is centred to
/// mean 0 and scaled to variance `σ²/(σ² + ε)` — 1 when `ε = 0` — so that features measured in
/// different units become comparable. The variance is the population one (divisor `N`, as in
/// `numpy.var` and PyTorch's normalisation layers), computed in two passes (mean first, then
/// squared deviations) so that a large common offset loses no accuracy. `ε ≥ 0` keeps a
/// constant feature from dividing by zero.
///
/// Standardising ignores correlations between features; [`Whitening`](super::Whitening)
/// removes them.
///
/// ```
/// use geoml::attention::Standardizer;
///
/// // Two features on very different scales.
/// let x = [[1.0_f64, 1000.0], [2.0, 3000.0], [3.0, 2000.0]];
/// let s = Standardizer::fit(&x, 0.0)?;
/// assert_eq!(s.mean(), &[2.0, 2000.0]);
/// let mut z = [[0.0; 2]; 3];
/// s.apply(&x, &mut z)?;
/// let sd = (2.0_f64 / 3.0).sqrt();
/// assert!((z[0][0] + 1.0 / sd).abs() < 1e-12 && (z[1][1] - 1.0 / sd).abs() < 1e-12);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standardizer<T, const D: usize> {
    mean: [T; D],
    scale: [T; D],
}

impl<T: Real, const D: usize> Standardizer<T, D> {
    /// The mean and `√(σ² + ε)` of every feature of `x`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] named `"N"` for no samples, named `"eps"` unless `ε` is
    /// finite and `≥ 0`; [`Error::NonFinite`] for a non-finite sample value (row-major index);
    /// [`Error::Singular`] with the value `σ² + ε` for a feature whose scale is 0 (a constant
    /// feature with `ε = 0`; a variance within the rounding noise `(N·ε_mach·|mean|)²` counts
    /// as 0) or below the smallest normal number of `T` (where it has lost its precision);
    /// [`Error::Overflow`] when a variance exceeds the finite range.
    ///
    /// ```
    /// use geoml::attention::Standardizer;
    ///
    /// // Feature 1 is constant: it cannot be scaled without ε.
    /// let x = [[1.0_f64, 5.0], [3.0, 5.0]];
    /// assert!(Standardizer::fit(&x, 0.0).is_err());
    /// // σ² = (1, 0), so with ε = 3 the scales are (√4, √3).
    /// let s = Standardizer::fit(&x, 3.0)?;
    /// assert_eq!(s.scale(), &[2.0, 3.0_f64.sqrt()]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn fit<const N: usize>(x: &[[T; D]; N], eps: T) -> Result<Self> {
        if N == 0 {
            return Err(Error::InvalidParameter {
                name: "N",
                value: 0.0,
            });
        }
        check_non_negative("eps", eps)?;
        check_finite_rows(x)?;
        let count = T::lit(N as f64);
        // Dividing each term by N first keeps the sum of large values finite.
        let mut mean = [T::zero(); D];
        for row in x {
            for (m, &v) in mean.iter_mut().zip(row) {
                *m += v / count;
            }
        }
        // One correction pass, m += Σ(v − m)/N: the first mean is off by rounding, and a
        // constant feature then centred to a constant ≠ 0 (visible once divided by a small
        // scale; found by fuzzing, issue 9); the residuals are exact, so the corrected mean
        // of a constant feature is the constant itself.
        let mut correction = [T::zero(); D];
        for row in x {
            for ((c, &v), &m) in correction.iter_mut().zip(row).zip(&mean) {
                *c += (v - m) / count;
            }
        }
        for (m, &c) in mean.iter_mut().zip(&correction) {
            if c.is_finite() {
                *m += c;
            }
        }
        let mut variance = [T::zero(); D];
        for row in x {
            for ((s, &v), &m) in variance.iter_mut().zip(row).zip(&mean) {
                *s += (v - m) * (v - m) / count;
            }
        }
        let mut scale = [T::zero(); D];
        for ((s, &var), &m) in scale.iter_mut().zip(&variance).zip(&mean) {
            // The computed mean of a constant feature is off by rounding, which leaves a
            // variance of up to about (N·ε·|mean|)²: noise, not spread (scikit-learn's
            // constant-feature test uses the same bound). Such a variance is zero (found by
            // fuzzing, issue 9: a constant f32 feature was standardised to all ones).
            let noise = count * T::default_epsilon() * m.abs();
            let var = if var.sqrt() <= noise { T::zero() } else { var };
            let total = var + eps;
            if !total.is_finite() {
                return Err(Error::Overflow {
                    value: total.as_f64(),
                });
            }
            // A variance below the smallest normal number has lost its relative precision (the
            // output's variance was visibly not 1, found by fuzzing, issue 9): zero as well.
            let smallest_normal = if T::is_single_precision() {
                T::lit(f64::from(f32::MIN_POSITIVE))
            } else {
                T::lit(f64::MIN_POSITIVE)
            };
            if total < smallest_normal {
                return Err(Error::Singular {
                    value: total.as_f64(),
                });
            }
            *s = total.sqrt();
        }
        Ok(Self { mean, scale })
    }

    /// The feature means `μ_d = (1/N) Σ_n x[n][d]`.
    ///
    /// ```
    /// let s = geoml::attention::Standardizer::fit(&[[1.0_f32, 4.0], [3.0, 8.0]], 0.0)?;
    /// assert_eq!(s.mean(), &[2.0, 6.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn mean(&self) -> &[T; D] {
        &self.mean
    }

    /// The feature scales `√(σ² + ε)`, with the population variance (divisor `N`).
    ///
    /// ```
    /// // Mean 3, σ² = (9 + 1 + 1 + 9)/4 = 5; with ε = 4 the scale is √9.
    /// let x = [[0.0_f64], [2.0], [4.0], [6.0]];
    /// let s = geoml::attention::Standardizer::fit(&x, 4.0)?;
    /// assert_eq!(s.scale(), &[3.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn scale(&self) -> &[T; D] {
        &self.scale
    }

    /// `out[n][d] = (x[n][d] − μ_d) / √(σ²_d + ε)` for new or fitted samples.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite value (row-major index); [`Error::Overflow`] if a
    /// standardised value exceeds the finite range (a sample far outside the fitted spread).
    ///
    /// ```
    /// use geoml::attention::Standardizer;
    ///
    /// // Fitted mean 3 and scale √5; a new sample 3 + 2√5 lies two scales out.
    /// let s = Standardizer::fit(&[[0.0_f64], [2.0], [4.0], [6.0]], 0.0)?;
    /// let mut z = [[0.0]];
    /// s.apply(&[[3.0 + 2.0 * 5.0_f64.sqrt()]], &mut z)?;
    /// assert!((z[0][0] - 2.0).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn apply<const N: usize>(&self, x: &[[T; D]; N], out: &mut [[T; D]; N]) -> Result<()> {
        check_finite_rows(x)?;
        for (row, z) in x.iter().zip(out.iter_mut()) {
            for (((z, &v), &m), &s) in z.iter_mut().zip(row).zip(&self.mean).zip(&self.scale) {
                *z = (v - m) / s;
                if !z.is_finite() {
                    return Err(Error::Overflow { value: z.as_f64() });
                }
            }
        }
        Ok(())
    }
}

/// Fits a [`Standardizer`] to `x` and writes the standardised `x` to `out`; returns the
/// standardiser, to apply the same transform to new samples.
///
/// # Errors
/// Those of [`Standardizer::fit`] and [`Standardizer::apply`].
///
/// # Example
/// ```
/// use geoml::attention::standardize;
///
/// let x = [[1.0_f32, 5.0], [3.0, 5.0]];
/// let mut z = [[0.0; 2]; 2];
/// // The second feature is constant: ε keeps its scale positive.
/// standardize(&x, 1e-5, &mut z)?;
/// assert!((z[0][0] + 1.0).abs() < 1e-5 && z[0][1] == 0.0);
/// assert!(standardize(&x, 0.0, &mut z).is_err());
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn standardize<T: Real, const N: usize, const D: usize>(
    x: &[[T; D]; N],
    eps: T,
    out: &mut [[T; D]; N],
) -> Result<Standardizer<T, D>> {
    let standardizer = Standardizer::fit(x, eps)?;
    standardizer.apply(x, out)?;
    Ok(standardizer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_offset_keeps_its_digits() {
        let x = [[1e8_f64 + 1.0], [1e8 + 2.0], [1e8 + 3.0]];
        let s = Standardizer::fit(&x, 0.0).unwrap();
        assert!((s.scale()[0] / (2.0_f64 / 3.0).sqrt() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn errors() {
        let empty: [[f64; 2]; 0] = [];
        assert!(matches!(
            Standardizer::fit(&empty, 0.0),
            Err(Error::InvalidParameter { name: "N", .. })
        ));
        let x = [[1.0_f64, 2.0], [3.0, 4.0]];
        assert!(matches!(
            Standardizer::fit(&x, -1.0),
            Err(Error::InvalidParameter { name: "eps", .. })
        ));
        assert!(matches!(
            Standardizer::fit(&[[1.0_f64, f64::NAN]], 0.0),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert_eq!(
            Standardizer::fit(&[[1.0_f64], [1.0]], 0.0),
            Err(Error::Singular { value: 0.0 })
        );
        let s = Standardizer::fit(&[[0.0_f32], [1e-10]], 0.0).unwrap();
        let mut z = [[0.0]; 1];
        assert!(matches!(
            s.apply(&[[3e38]], &mut z),
            Err(Error::Overflow { .. })
        ));
    }
}
