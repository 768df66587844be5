//! Small numerical tools the manifold module shares: overflow-free norms, tolerances, sinc and
//! the input checks that turn bad values into named errors.

use crate::{Error, Real, Result, check_finite};
use nalgebra::{SMatrix, SVector};

/// A tolerance for "is this point on the manifold": either the caller's value or, when unset,
/// the default `√ε` of the scalar type (1.5e-8 for `f64`, 3.5e-4 for `f32`).
///
/// `√ε` is loose enough to accept points that were normalised in a lower precision or carried
/// through a few operations, and tight enough that the error it lets through (of the order of
/// the residual itself) stays far below what a chart or a distance would notice.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Tolerance(Option<f64>);

impl Tolerance {
    /// The default tolerance, resolved per scalar type.
    pub(crate) const DEFAULT: Tolerance = Tolerance(None);

    /// A caller-chosen tolerance: finite and non-negative, else `InvalidParameter`.
    pub(crate) fn new(tolerance: f64) -> Result<Self> {
        if tolerance.is_finite() && tolerance >= 0.0 {
            Ok(Tolerance(Some(tolerance)))
        } else {
            Err(Error::InvalidParameter {
                name: "tolerance",
                value: tolerance,
            })
        }
    }

    /// The tolerance in the scalar type `T`.
    pub(crate) fn get<T: Real>(self) -> T {
        match self.0 {
            Some(t) => T::lit(t),
            None => T::default_epsilon().sqrt(),
        }
    }
}

/// `‖v‖` without intermediate overflow or underflow: the vector is scaled by its largest
/// magnitude first. Exact to a few ulps for every finite input; `∞` only when the norm itself
/// exceeds the largest finite value.
pub(crate) fn norm<T: Real, const N: usize>(v: &SVector<T, N>) -> T {
    let scale = v.iter().fold(T::zero(), |m, x| m.max(x.abs()));
    if scale == T::zero() || !scale.is_finite() {
        return scale;
    }
    let sum = v.iter().fold(T::zero(), |acc, x| {
        let y = *x / scale;
        acc + y * y
    });
    scale * sum.sqrt()
}

/// `NonFinite` for the first NaN or infinite entry of a vector.
pub(crate) fn check_vector<T: Real, const N: usize>(v: &SVector<T, N>) -> Result<()> {
    check_finite(v.as_slice())
}

/// `NonFinite` for the first NaN or infinite entry of a matrix (column-major index, as nalgebra
/// stores it).
pub(crate) fn check_matrix<T: Real, const R: usize, const C: usize>(
    m: &SMatrix<T, R, C>,
) -> Result<()> {
    check_finite(m.as_slice())
}

/// `NonFinite` for a single scalar (reported with index 0).
pub(crate) fn check_scalar<T: Real>(x: T) -> Result<()> {
    check_finite(&[x])
}

/// A scalar parameter that must be finite and strictly positive.
pub(crate) fn check_positive<T: Real>(name: &'static str, x: T) -> Result<()> {
    if x.is_finite() && x > T::zero() {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            value: x.as_f64(),
        })
    }
}

/// A vector or matrix computed from valid input that must be finite: `Overflow` naming its largest
/// magnitude otherwise (the only way finite input produces a non-finite result here is that
/// a magnitude exceeded the scalar type).
pub(crate) fn finite_result<T: Real, const R: usize, const C: usize>(
    m: SMatrix<T, R, C>,
) -> Result<SMatrix<T, R, C>> {
    if m.iter().all(|x| x.is_finite()) {
        Ok(m)
    } else {
        // NaN can only come from ∞ − ∞ or 0·∞ after an overflow (or an underflow to 0 that
        // was divided by): report it as the overflow it is.
        let value = m.iter().fold(0.0_f64, |acc, x| {
            if x.is_finite() {
                acc.max(x.abs().as_f64())
            } else {
                f64::INFINITY
            }
        });
        Err(Error::Overflow { value })
    }
}

/// [`finite_result`] for a scalar.
pub(crate) fn finite_scalar<T: Real>(x: T) -> Result<T> {
    finite_result(SMatrix::<T, 1, 1>::new(x)).map(|m| m[(0, 0)])
}

/// `sin θ / θ`, with its Taylor series `1 − θ²/6 + θ⁴/120` below a cutoff where the next term
/// (θ⁶/5040) is under half an ulp: 0.005 for `f64`, 0.25 for `f32`. Above the cutoff the
/// quotient of a correctly rounded sine by θ is accurate to two ulps.
pub(crate) fn sinc<T: Real>(theta: T) -> T {
    let cutoff = if T::is_single_precision() {
        T::lit(0.25)
    } else {
        T::lit(0.005)
    };
    if theta.abs() < cutoff {
        let t2 = theta * theta;
        T::one() - t2 / T::lit(6.0) * (T::one() - t2 / T::lit(20.0))
    } else {
        theta.sin() / theta
    }
}

/// `‖p‖`, computed without overflow for any finite `p` (cheaply when `‖p‖²` is a normal
/// number, as for points near the unit sphere).
pub(crate) fn point_norm<T: Real, const N: usize>(p: &SVector<T, N>) -> T {
    let squared = p.norm_squared();
    if squared.is_finite() && squared > T::default_epsilon() {
        squared.sqrt()
    } else {
        norm(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Vector3;

    #[test]
    fn norm_survives_extreme_magnitudes() {
        let big = Vector3::new(3e200_f64, 4e200, 0.0);
        assert!((norm(&big) / 5e200 - 1.0).abs() < 1e-15);
        let tiny = Vector3::new(3e-200_f64, 4e-200, 0.0);
        assert!((norm(&tiny) / 5e-200 - 1.0).abs() < 1e-15);
        let big32 = Vector3::new(3e30_f32, 4e30, 0.0);
        assert!((norm(&big32) / 5e30 - 1.0).abs() < 1e-6);
        assert_eq!(norm(&Vector3::<f32>::zeros()), 0.0);
    }

    #[test]
    fn sinc_is_continuous_at_its_cutoffs() {
        for cutoff in [0.005_f64, 0.25] {
            for x in [cutoff * (1.0 - 1e-12), cutoff * (1.0 + 1e-12)] {
                let exact = x.sin() / x;
                assert!((sinc(x) - exact).abs() < 4e-16, "{x}");
            }
        }
        for x in [0.2499_f32, 0.2501, 1e-3, 0.0] {
            let exact = if x == 0.0 {
                1.0
            } else {
                (f64::from(x)).sin() / f64::from(x)
            };
            assert!((f64::from(sinc(x)) - exact).abs() < 2e-7, "{x}");
        }
        assert_eq!(sinc(0.0_f64), 1.0);
    }

    #[test]
    fn tolerance_defaults_per_type_and_rejects_nonsense() {
        assert!((Tolerance::DEFAULT.get::<f64>() - 1.4901161193847656e-8).abs() < 1e-20);
        assert!(Tolerance::DEFAULT.get::<f32>() > 3e-4);
        assert_eq!(Tolerance::new(1e-3).map(|t| t.get::<f64>()), Ok(1e-3));
        assert!(Tolerance::new(-1.0).is_err());
        assert!(Tolerance::new(f64::NAN).is_err());
    }

    #[test]
    fn norm_of_huge_points_is_finite() {
        let p = Vector3::new(1e300_f64, 1e300, 0.0);
        assert!(point_norm(&p).is_finite());
        assert_eq!(point_norm(&Vector3::new(0.0_f64, 0.6, 0.8)), 1.0);
    }
}
