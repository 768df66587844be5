//! The numerically stable softmax and log-softmax, with a temperature.

use crate::{Error, Real, Result, fast_math};

/// Scans logits for the softmax family: the largest one (−∞ when every entry is masked) and
/// how many are not −∞. NaN and +∞ are rejected; −∞ is accepted only when `allow_masked`.
pub(crate) fn scan_logits<T: Real>(logits: &[T], allow_masked: bool) -> Result<(T, usize)> {
    let neg_inf = T::lit(f64::NEG_INFINITY);
    let mut max = neg_inf;
    let mut unmasked = 0;
    for (index, &x) in logits.iter().enumerate() {
        if x.is_finite() {
            unmasked += 1;
            if x > max {
                max = x;
            }
        } else if !(allow_masked && x == neg_inf) {
            return Err(Error::NonFinite {
                index,
                value: x.as_f64(),
            });
        }
    }
    Ok((max, unmasked))
}

/// A temperature must be finite and positive.
pub(crate) fn check_temperature<T: Real>(temperature: T) -> Result<()> {
    if temperature.is_finite() && temperature > T::zero() {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name: "temperature",
            value: temperature.as_f64(),
        })
    }
}

/// Softmax of a row of logits: `out[i] = exp(x[i] − m) / Σ_j exp(x[j] − m)` with
/// `m = max_j x[j]`.
///
/// Subtracting the maximum changes nothing mathematically (softmax is invariant under adding a
/// constant to every logit) but keeps every exponent ≤ 0, so no term overflows whatever the
/// size of the logits, and the largest term is exactly 1, so the sum lies in `[1, N]` and never
/// underflows. The sum is accumulated in `T` (`f32` or wider).
///
/// **Masking.** A logit equal to −∞ is a masked entry: it gets probability exactly 0 and the
/// others are normalised among themselves. A *fully masked* row (every logit −∞, or `N = 0`)
/// has no distribution; its documented result is an all-zero `out`, and the return value — the
/// number of unmasked logits — is then 0, so the caller can tell.
///
/// **Accuracy.** Each probability is within a few ulp of the exact value (one `exp`, one
/// division, and a sum of at most `N` terms in `[0, 1]`).
///
/// # Errors
/// [`Error::NonFinite`] for a NaN or +∞ logit, with its index; `out` is then unspecified.
///
/// # Example
/// ```
/// use geoml::attention::softmax;
///
/// // Logits this large overflow a naive exp; the stable form is unaffected.
/// let logits = [1000.0_f64, 1001.0, f64::NEG_INFINITY];
/// let mut p = [0.0; 3];
/// let unmasked = softmax(&logits, &mut p)?;
/// assert_eq!(unmasked, 2);
/// assert!((p[1] - 1.0 / (1.0 + (-1.0_f64).exp())).abs() < 1e-15);
/// assert_eq!(p[2], 0.0);
///
/// // A fully masked row: zeros, and a count of 0 to say so.
/// let all_masked = [f32::NEG_INFINITY; 4];
/// let mut q = [1.0_f32; 4];
/// assert_eq!(softmax(&all_masked, &mut q)?, 0);
/// assert_eq!(q, [0.0; 4]);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn softmax<T: Real, const N: usize>(logits: &[T; N], out: &mut [T; N]) -> Result<usize> {
    let (max, unmasked) = scan_logits(logits, true)?;
    normalise_exponentials(logits, max, T::one(), unmasked, out);
    Ok(unmasked)
}

/// Softmax at temperature `τ`: `softmax(x / τ)`, computed as `exp((x[i] − m)/τ) / Σ …` so
/// that dividing by a small `τ` cannot overflow.
///
/// `τ → 0` tends to the one-hot vector of the arg-max (ties share the mass), `τ = 1` is
/// [`softmax`], and `τ → ∞` tends to the uniform distribution. Masking (−∞ logits), the fully
/// masked row and the return value are as in [`softmax`].
///
/// # Errors
/// [`Error::InvalidParameter`] named `"temperature"` unless `τ` is finite and `> 0`;
/// [`Error::NonFinite`] for a NaN or +∞ logit.
///
/// # Example
/// ```
/// use geoml::attention::softmax_with_temperature;
///
/// let logits = [1.0_f64, 2.0, 3.0];
/// let mut sharp = [0.0; 3];
/// let mut flat = [0.0; 3];
/// softmax_with_temperature(&logits, 0.1, &mut sharp)?;
/// softmax_with_temperature(&logits, 100.0, &mut flat)?;
/// assert!(sharp[2] > 0.9999);
/// assert!((flat[0] - 1.0 / 3.0).abs() < 0.01);
/// assert!(softmax_with_temperature(&logits, 0.0, &mut flat).is_err());
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn softmax_with_temperature<T: Real, const N: usize>(
    logits: &[T; N],
    temperature: T,
    out: &mut [T; N],
) -> Result<usize> {
    check_temperature(temperature)?;
    let (max, unmasked) = scan_logits(logits, true)?;
    normalise_exponentials(logits, max, temperature, unmasked, out);
    Ok(unmasked)
}

/// `out[i] = exp((x[i] − max)/τ) / Σ`, or all zeros when nothing is unmasked.
fn normalise_exponentials<T: Real>(
    logits: &[T],
    max: T,
    temperature: T,
    unmasked: usize,
    out: &mut [T],
) {
    if unmasked == 0 {
        out.iter_mut().for_each(|p| *p = T::zero());
        return;
    }
    let mut sum = T::zero();
    for (p, &x) in out.iter_mut().zip(logits) {
        // x − max ≤ 0; for x = −∞ it is −∞ and exp gives exactly 0.
        *p = fast_math::exp((x - max) / temperature);
        sum += *p;
    }
    // sum ≥ 1: the maximum contributes exp(0) = 1.
    out.iter_mut().for_each(|p| *p /= sum);
}

/// Log-softmax of a row of finite logits: `out[i] = x[i] − m − ln Σ_j exp(x[j] − m)`, the
/// logarithm of [`softmax`] computed without forming the probabilities, so that it stays
/// accurate where the probabilities underflow (a log-probability of −1000 is exact here, while
/// `ln(softmax)` would give −∞).
///
/// The logarithm of a masked entry would be −∞, which an `Ok` never holds: mask with
/// [`softmax`] instead.
///
/// # Errors
/// [`Error::NonFinite`] for any non-finite logit (−∞ included), with its index;
/// [`Error::InvalidParameter`] named `"N"` for an empty row (it has no distribution);
/// [`Error::Overflow`] when a log-probability is below the most negative finite number (the
/// logits span more than the type's range), with the span `max − x[i]` as the value.
///
/// # Example
/// ```
/// use geoml::attention::log_softmax;
///
/// let logits = [0.0_f64, -1000.0];
/// let mut lp = [0.0; 2];
/// log_softmax(&logits, &mut lp)?;
/// assert!((lp[1] + 1000.0).abs() < 1e-12);
/// assert!(lp[0].abs() < 1e-300);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn log_softmax<T: Real, const N: usize>(logits: &[T; N], out: &mut [T; N]) -> Result<()> {
    log_softmax_scaled(logits, T::one(), out)
}

/// Log-softmax at temperature `τ`: `log_softmax(x / τ)`, computed from `(x[i] − m)/τ`.
///
/// # Errors
/// As [`log_softmax`], plus [`Error::InvalidParameter`] named `"temperature"` unless `τ` is
/// finite and `> 0`. A small `τ` can push a log-probability past the finite range, which is
/// reported as [`Error::Overflow`].
///
/// # Example
/// ```
/// use geoml::attention::log_softmax_with_temperature;
///
/// let mut lp = [0.0_f32; 2];
/// log_softmax_with_temperature(&[2.0_f32, 0.0], 2.0, &mut lp)?;
/// // log_softmax([1, 0]) = [−ln(1 + e⁻¹), −1 − ln(1 + e⁻¹)]
/// assert!((lp[0] + (1.0_f32 + (-1.0_f32).exp()).ln()).abs() < 1e-6);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn log_softmax_with_temperature<T: Real, const N: usize>(
    logits: &[T; N],
    temperature: T,
    out: &mut [T; N],
) -> Result<()> {
    check_temperature(temperature)?;
    log_softmax_scaled(logits, temperature, out)
}

fn log_softmax_scaled<T: Real>(logits: &[T], temperature: T, out: &mut [T]) -> Result<()> {
    let (max, unmasked) = scan_logits(logits, false)?;
    if unmasked == 0 {
        return Err(Error::InvalidParameter {
            name: "N",
            value: 0.0,
        });
    }
    let mut sum = T::zero();
    for (y, &x) in out.iter_mut().zip(logits) {
        *y = (x - max) / temperature;
        sum += fast_math::exp(*y);
    }
    let log_sum = sum.ln(); // sum ∈ [1, N]: finite and ≥ 0
    for (y, &x) in out.iter_mut().zip(logits) {
        *y -= log_sum;
        if !y.is_finite() {
            return Err(Error::Overflow {
                value: max.as_f64() - x.as_f64(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_logits_do_not_overflow() {
        let mut p = [0.0_f32; 3];
        softmax(&[f32::MAX, f32::MAX, -f32::MAX], &mut p).unwrap();
        assert_eq!(p, [0.5, 0.5, 0.0]);
        let mut p = [0.0_f64; 2];
        softmax(&[1e308, 1e308 - 1e292], &mut p).unwrap();
        assert_eq!(p, [1.0, 0.0]);
    }

    #[test]
    fn rejects_nan_and_plus_infinity_with_index() {
        let mut p = [0.0_f64; 3];
        assert!(matches!(
            softmax(&[0.0, f64::NAN, 1.0], &mut p),
            Err(Error::NonFinite { index: 1, value }) if value.is_nan()
        ));
        assert_eq!(
            softmax(&[0.0, 1.0, f64::INFINITY], &mut p),
            Err(Error::NonFinite {
                index: 2,
                value: f64::INFINITY
            })
        );
        assert_eq!(
            log_softmax(&[0.0, f64::NEG_INFINITY, 1.0], &mut p),
            Err(Error::NonFinite {
                index: 1,
                value: f64::NEG_INFINITY
            })
        );
    }

    #[test]
    fn temperature_must_be_positive_and_finite() {
        let mut p = [0.0_f32; 2];
        for bad in [0.0, -1.0, f32::INFINITY, f32::NAN] {
            let result = softmax_with_temperature(&[0.0, 1.0], bad, &mut p);
            assert!(matches!(
                result,
                Err(Error::InvalidParameter {
                    name: "temperature",
                    ..
                })
            ));
            let result = log_softmax_with_temperature(&[0.0, 1.0], bad, &mut p);
            assert!(matches!(
                result,
                Err(Error::InvalidParameter {
                    name: "temperature",
                    ..
                })
            ));
        }
    }

    #[test]
    fn tiny_temperature_is_the_argmax() {
        let mut p = [0.0_f64; 4];
        softmax_with_temperature(&[1.0, 3.0, 3.0, -2.0], 1e-300, &mut p).unwrap();
        assert_eq!(p, [0.0, 0.5, 0.5, 0.0]);
    }

    #[test]
    fn log_softmax_reports_unrepresentable_spans() {
        let mut y = [0.0_f32; 2];
        assert!(matches!(
            log_softmax(&[f32::MAX, -f32::MAX], &mut y),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            log_softmax_with_temperature(&[1.0, 0.0], 1e-39, &mut y),
            Err(Error::Overflow { .. })
        ));
        let empty: [f32; 0] = [];
        assert!(matches!(
            log_softmax(&empty, &mut []),
            Err(Error::InvalidParameter { name: "N", .. })
        ));
    }

    #[test]
    fn empty_row_is_fully_masked() {
        let empty: [f64; 0] = [];
        assert_eq!(softmax(&empty, &mut []), Ok(0));
    }
}
