//! Input checks shared by the layers of this module.

use crate::{Error, Real, Result};

/// The Frobenius norm `√Σ x²` of `values` (as `f64`), or [`Error::NonFinite`] for the first
/// non-finite element.
///
/// One vectorisable pass of multiply–adds into 32 independent lanes; NaN and ∞ are sticky in a
/// sum of squares, so only when the sum is not finite is the input scanned again, to name the
/// bad element or, if the squares merely overflowed, to recompute the norm scaled in `f64`.
pub(crate) fn frobenius_norm<T: Real>(values: &[T]) -> Result<f64> {
    const LANES: usize = 32;
    let (chunks, rest) = values.as_chunks::<LANES>();
    let mut lanes = [T::zero(); LANES];
    for chunk in chunks {
        for (sum, &x) in lanes.iter_mut().zip(chunk) {
            *sum += x * x;
        }
    }
    let total = rest
        .iter()
        .fold(lanes.iter().fold(T::zero(), |a, &b| a + b), |a, &x| {
            a + x * x
        });
    if total.is_finite() {
        return Ok(libm::sqrt(total.as_f64()));
    }
    crate::check_finite(values)?;
    let largest = values.iter().fold(0.0_f64, |m, x| m.max(x.as_f64().abs()));
    let scaled: f64 = values
        .iter()
        .map(|x| (x.as_f64() / largest) * (x.as_f64() / largest))
        .sum();
    Ok(largest * libm::sqrt(scaled))
}

/// `Ok` when `value` is finite and `≥ 0` (an ε, a tolerance), else
/// [`Error::InvalidParameter`] with `name`.
pub(crate) fn check_non_negative<T: Real>(name: &'static str, value: T) -> Result<()> {
    if value.is_finite() && value >= T::zero() {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            value: value.as_f64(),
        })
    }
}

/// The largest finite value of `T` divided by `divisor`, as `f64`: the bound below which the
/// layers keep every intermediate so that sums and differences of them stay finite.
pub(crate) fn headroom<T: Real>(divisor: f64) -> f64 {
    T::max_value().map_or(f64::MAX, |x| x.as_f64()) / divisor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_of_finite_data_even_when_squares_overflow() {
        assert_eq!(frobenius_norm(&[3.0_f32, 4.0]), Ok(5.0));
        let big = [3e30_f32, 4e30];
        let norm = frobenius_norm(&big).unwrap();
        assert!((norm / 5e30 - 1.0).abs() < 1e-6);
        assert!(matches!(
            frobenius_norm(&[1.0_f64, f64::NAN]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        let mut long = [1.0_f32; 70];
        long[69] = f32::NEG_INFINITY;
        assert!(matches!(
            frobenius_norm(&long),
            Err(Error::NonFinite { index: 69, .. })
        ));
    }

    #[test]
    fn non_negative_parameters() {
        assert!(check_non_negative("eps", 0.0_f64).is_ok());
        for bad in [-1e-30, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                check_non_negative("eps", bad),
                Err(Error::InvalidParameter { name: "eps", .. })
            ));
        }
    }
}
