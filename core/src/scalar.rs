//! The scalar trait and the input checks every module shares.

use crate::{Error, Result};
use nalgebra::RealField;

/// The scalars geoml computes with: `f32` and `f64`.
///
/// A blanket alias for `nalgebra::RealField + Copy`, with two conversions the modules need to
/// state constants and report bad values.
///
/// ```
/// use geoml::Real;
///
/// fn half<T: Real>(x: T) -> T { x * T::lit(0.5) }
/// assert_eq!(half(3.0_f32), 1.5);
/// assert_eq!(half(3.0_f64).as_f64(), 1.5);
/// ```
pub trait Real: RealField + Copy {
    /// The `f64` constant `x` rounded to this type (exact for `f64`, nearest for `f32`).
    fn lit(x: f64) -> Self {
        nalgebra::convert(x)
    }

    /// This value as an `f64` (exact for `f32` and `f64`), for error reports and tolerances.
    fn as_f64(self) -> f64 {
        self.to_subset().unwrap_or(f64::NAN)
    }

    /// Whether this type has single precision (machine epsilon above 1e-10), so that a
    /// function can pick the series cutoff tuned for `f32` rather than `f64`.
    fn is_single_precision() -> bool {
        Self::default_epsilon() > Self::lit(1e-10)
    }
}

impl<T: RealField + Copy> Real for T {}

/// `Ok(())` when every element is finite, else [`Error::NonFinite`] with the first offending
/// index and value.
///
/// ```
/// use geoml::{check_finite, Error};
/// assert!(check_finite(&[0.0_f64, -1.0]).is_ok());
/// assert_eq!(
///     check_finite(&[0.0_f64, f64::NEG_INFINITY]),
///     Err(Error::NonFinite { index: 1, value: f64::NEG_INFINITY }),
/// );
/// ```
pub fn check_finite<T: Real>(values: &[T]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(index) => Err(Error::NonFinite {
            index,
            value: values[index].as_f64(),
        }),
    }
}

/// [`check_finite`] for row-major `[[T; D]; N]` data; the index reported is `row · D + col`.
///
/// ```
/// use geoml::{check_finite_rows, Error};
/// let tokens = [[1.0_f32, 2.0], [3.0, f32::NAN]];
/// assert!(matches!(check_finite_rows(&tokens), Err(Error::NonFinite { index: 3, .. })));
/// ```
pub fn check_finite_rows<T: Real, const D: usize>(rows: &[[T; D]]) -> Result<()> {
    check_finite(rows.as_flattened())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_round_to_the_type() {
        assert_eq!(f32::lit(0.1), 0.1_f32);
        assert_eq!(f64::lit(0.1), 0.1_f64);
        assert_eq!(0.1_f32.as_f64(), f64::from(0.1_f32));
    }

    #[test]
    fn precision_is_detected() {
        assert!(f32::is_single_precision());
        assert!(!f64::is_single_precision());
    }

    #[test]
    fn first_non_finite_is_reported() {
        let v = [1.0_f64, f64::INFINITY, f64::NAN];
        assert_eq!(
            check_finite(&v),
            Err(Error::NonFinite {
                index: 1,
                value: f64::INFINITY
            })
        );
        let rows = [[0.0_f32; 3], [0.0, 0.0, f32::NAN]];
        assert!(matches!(
            check_finite_rows(&rows),
            Err(Error::NonFinite { index: 5, value }) if value.is_nan()
        ));
        assert!(check_finite::<f32>(&[]).is_ok());
    }
}
