//! What counts as a probability distribution, and how inputs are checked.

use crate::{Error, Real, Result};

/// The largest `|Σ pₖ − 1|` the measures of this module accept: `1e-4`, for `f32` and `f64`.
///
/// The check is there to catch inputs that are not distributions at all (logits, counts, a
/// row that was never normalised), not to demand a precision: attention rows computed in
/// `f32` sum to one only within a few units of `1e-7` times their length. Every measure
/// divides its input by the sum it finds, as `scipy` does, so accepting such a row does not
/// bias the result. To be stricter, call [`check_distribution`] with your own tolerance
/// first; to be looser, divide by the sum yourself.
pub const SUM_TOLERANCE: f64 = 1e-4;

/// `Ok(())` when `p` is a probability distribution: every entry finite and `≥ 0` (`-0.0`
/// counts as zero), and `|Σ pₖ − 1| ≤ tolerance`.
///
/// Errors, checked entry by entry in order and then on the sum:
/// [`Error::NonFinite`] (index and value of the first NaN or ±∞),
/// [`Error::NegativeProbability`] (index and value of the first negative entry),
/// [`Error::NotNormalized`] (`row` 0, the sum and the tolerance), and
/// [`Error::InvalidParameter`] for a negative or non-finite `tolerance`.
///
/// ```
/// use geoml::info::check_distribution;
/// use geoml::Error;
///
/// assert!(check_distribution(&[0.25_f64, 0.75, 0.0], 1e-12).is_ok());
/// assert_eq!(
///     check_distribution(&[0.5_f64, -0.25, 0.75], 1e-12),
///     Err(Error::NegativeProbability { index: 1, value: -0.25 }),
/// );
/// assert!(matches!(
///     check_distribution(&[0.5_f32, 0.6], 1e-4),
///     Err(Error::NotNormalized { row: 0, .. }),
/// ));
/// ```
pub fn check_distribution<T: Real>(p: &[T], tolerance: T) -> Result<()> {
    if !(tolerance.is_finite() && tolerance >= T::zero()) {
        return Err(Error::InvalidParameter {
            name: "tolerance",
            value: tolerance.as_f64(),
        });
    }
    check_row(p, 0, 0, tolerance).map(|_| ())
}

/// Checks one distribution that sits at `row` of a stack of distributions whose entries
/// start at flat index `offset`, and returns its sum (positive, finite, within `tolerance`
/// of one). Errors report the flat index `offset + k` and the row.
pub(crate) fn check_row<T: Real>(p: &[T], row: usize, offset: usize, tolerance: T) -> Result<T> {
    let mut sum = T::zero();
    for (k, &value) in p.iter().enumerate() {
        if !value.is_finite() {
            return Err(Error::NonFinite {
                index: offset + k,
                value: value.as_f64(),
            });
        }
        if value < T::zero() {
            return Err(Error::NegativeProbability {
                index: offset + k,
                value: value.as_f64(),
            });
        }
        sum += value;
    }
    let deviation = (sum - T::one()).abs();
    // An infinite sum (an overflow) fails the test too.
    if deviation > tolerance || !deviation.is_finite() {
        return Err(Error::NotNormalized {
            row,
            sum: sum.as_f64(),
            tolerance: tolerance.as_f64(),
        });
    }
    Ok(sum)
}

/// [`check_row`] with the default [`SUM_TOLERANCE`].
pub(crate) fn checked_sum<T: Real>(p: &[T], row: usize, offset: usize) -> Result<T> {
    check_row(p, row, offset, T::lit(SUM_TOLERANCE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_defect_has_its_own_error() {
        assert_eq!(
            check_distribution(&[0.5_f64, f64::NAN], 1e-9).map_err(|e| matches!(
                e,
                Error::NonFinite { index: 1, value } if value.is_nan()
            )),
            Err(true)
        );
        assert_eq!(
            check_distribution(&[f32::INFINITY, -1.0], 1e-4),
            Err(Error::NonFinite {
                index: 0,
                value: f64::INFINITY
            })
        );
        assert_eq!(
            check_distribution(&[1.5_f32, -0.5], 1e-4),
            Err(Error::NegativeProbability {
                index: 1,
                value: -0.5
            })
        );
        assert_eq!(
            check_distribution(&[0.5_f64, 0.25], 1e-3),
            Err(Error::NotNormalized {
                row: 0,
                sum: 0.75,
                tolerance: 1e-3
            })
        );
        assert_eq!(
            check_distribution::<f64>(&[], 0.5),
            Err(Error::NotNormalized {
                row: 0,
                sum: 0.0,
                tolerance: 0.5
            })
        );
    }

    #[test]
    fn tolerance_must_be_a_non_negative_number() {
        for bad in [-1e-9, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                check_distribution(&[1.0_f64], bad),
                Err(Error::InvalidParameter {
                    name: "tolerance",
                    ..
                })
            ));
        }
        assert!(check_distribution(&[1.0_f64], 0.0).is_ok());
    }

    #[test]
    fn negative_zero_is_a_zero_probability() {
        assert!(check_distribution(&[-0.0_f64, 1.0], 0.0).is_ok());
    }

    #[test]
    fn rows_report_flat_indices_and_their_row() {
        let rows = [[0.5_f64, 0.5], [0.25, -0.0], [0.5, -0.5]];
        assert_eq!(checked_sum(&rows[0], 0, 0), Ok(1.0));
        assert!(matches!(
            checked_sum(&rows[1], 1, 2),
            Err(Error::NotNormalized { row: 1, .. })
        ));
        assert_eq!(
            checked_sum(&rows[2], 2, 4),
            Err(Error::NegativeProbability {
                index: 5,
                value: -0.5
            })
        );
        // An overflowing sum is not normalised, and is reported as the infinity it is.
        let huge = [f64::MAX, f64::MAX];
        assert!(matches!(
            checked_sum(&huge, 0, 0),
            Err(Error::NotNormalized { sum, .. }) if sum == f64::INFINITY
        ));
    }
}
