//! The elementary functions on geoml's hot paths, exact by default and approximated in f32
//! when the `fast-math` feature is on.
//!
//! Softmax spends its time in `exp`, and sphere and point-cloud distances in `sqrt` and
//! `atan2`. On a microcontroller without a double-precision FPU (and on a Cortex-M0+ without
//! any FPU) the exact libm versions cost hundreds of cycles; micromath's approximations cost
//! a few tens. The modules call these three functions instead of the scalar's own methods, so
//! one feature switches every hot spot at once.
//!
//! | function | default (f32 and f64) | `fast-math`, f32 | `fast-math`, f64 |
//! | --- | --- | --- | --- |
//! | [`exp`] | libm: ≤ 6.0e-8 relative in f32 (½ ulp) | micromath: ≤ 2.4e-3 relative on [−87.3, 88.7] | libm |
//! | [`sqrt`] | libm: correctly rounded (≤ ½ ulp) | micromath + one Newton step: ≤ 1.8e-3 relative | libm |
//! | [`atan2`] | libm: ≤ 2.6e-7 rad absolute in f32 | micromath: ≤ 2.9e-3 rad absolute | libm |
//!
//! The `fast-math` errors are the maxima over every 61st to 64th f32 of the whole finite
//! domain (and 4·10⁶ directions for `atan2`), measured against f64 libm by
//! `cargo run --release --example fast_math_error --features fast-math`. micromath's own
//! `sqrt` is a bit-level estimate up to 6.1 % off, too coarse for distances, so one
//! Newton–Raphson step `y ← (y + x/y)/2` follows it. Special values are exact in every mode:
//! `exp` gives 0 below the f32 underflow limit and +∞ above the overflow limit, `sqrt(0) = 0`,
//! `atan2(±0, ±0)` follows IEEE 754, and NaN stays NaN.
//!
//! ```
//! use geoml::fast_math;
//!
//! let w = fast_math::exp(-1.0_f32);
//! assert!((w - (-1.0_f32).exp()).abs() <= 2.4e-3 * (-1.0_f32).exp());
//! assert_eq!(fast_math::sqrt(0.0_f32), 0.0);
//! assert_eq!(fast_math::exp(-1.0_f64), (-1.0_f64).exp()); // f64 is never approximated
//! ```

use crate::Real;

/// `eˣ`; see the [module](self) for the accuracy of each mode.
///
/// ```
/// assert_eq!(geoml::fast_math::exp(0.0_f64), 1.0);
/// ```
#[inline]
pub fn exp<T: Real>(x: T) -> T {
    #[cfg(feature = "fast-math")]
    if let Some(x) = as_f32_if_single(x) {
        // micromath misbehaves outside the normal f32 range (NaN above, garbage below): below
        // −87.33 eˣ is subnormal and is flushed to 0, above 88.72 it overflows to +∞.
        let y = if x.is_nan() {
            x
        } else if (-87.33_f32..=88.72).contains(&x) {
            micromath::F32(x).exp().0
        } else if x < 0.0 {
            0.0
        } else {
            f32::INFINITY
        };
        return T::lit(f64::from(y));
    }
    x.exp()
}

/// `√x`; see the [module](self) for the accuracy of each mode.
///
/// ```
/// assert_eq!(geoml::fast_math::sqrt(4.0_f64), 2.0);
/// ```
#[inline]
pub fn sqrt<T: Real>(x: T) -> T {
    #[cfg(feature = "fast-math")]
    // micromath's estimate is poor for zero, subnormals and non-finite input; those take the
    // exact path, which is also cheap for them.
    if let Some(x) = as_f32_if_single(x)
        && x.is_finite()
        && x >= f32::MIN_POSITIVE
    {
        let estimate = micromath::F32(x).sqrt().0;
        return T::lit(f64::from(0.5 * (estimate + x / estimate)));
    }
    x.sqrt()
}

/// `atan2(y, x)`, the angle of the point (x, y) in (−π, π]; see the [module](self) for the
/// accuracy of each mode.
///
/// ```
/// let angle = geoml::fast_math::atan2(1.0_f64, 1.0);
/// assert!((angle - core::f64::consts::FRAC_PI_4).abs() < 1e-15);
/// ```
#[inline]
pub fn atan2<T: Real>(y: T, x: T) -> T {
    #[cfg(feature = "fast-math")]
    if let (Some(y), Some(x)) = (as_f32_if_single(y), as_f32_if_single(x))
        && (y != 0.0 || x != 0.0)
        && y.is_finite()
        && x.is_finite()
    {
        // atan2(−y, x) = −atan2(y, x): computing on |y| and restoring the sign keeps the
        // branch cut where IEEE puts it (micromath returns +π for y = −0, x < 0).
        let angle = micromath::F32(y.abs()).atan2(micromath::F32(x)).0;
        return T::lit(f64::from(angle.copysign(y)));
    }
    y.atan2(x)
}

/// The unit that tests scale their tolerances from: machine epsilon, except for f32 under
/// `fast-math`, where the hot spots are only good to about 2.4e-3 (see the table above), so
/// that the same laws are checked at the accuracy the feature promises.
#[cfg(test)]
pub(crate) fn test_epsilon<T: Real>() -> f64 {
    if cfg!(feature = "fast-math") && T::is_single_precision() {
        2e-3
    } else {
        T::default_epsilon().as_f64()
    }
}

/// The value as an `f32` when `T` is single precision (so the conversion is exact).
#[cfg(feature = "fast-math")]
#[inline]
fn as_f32_if_single<T: Real>(x: T) -> Option<f32> {
    #[allow(clippy::cast_possible_truncation)] // exact: T is f32 here
    T::is_single_precision().then(|| x.as_f64() as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f64 is exact in every mode, and f32 is exact without the feature.
    #[test]
    fn f64_is_never_approximated() {
        for x in [-700.0_f64, -1.5, 0.0, 1e-300, 0.5, 2.0, 700.0] {
            assert_eq!(exp(x), x.exp());
            assert_eq!(sqrt(x.abs()), x.abs().sqrt());
            assert_eq!(atan2(x, 1.5), x.atan2(1.5));
        }
    }

    #[cfg(not(feature = "fast-math"))]
    #[test]
    fn f32_is_exact_without_the_feature() {
        for x in [-100.0_f32, -1.5, 0.0, 1e-40, 0.5, 2.0, 80.0] {
            assert_eq!(exp(x), x.exp());
            assert_eq!(sqrt(x.abs()), x.abs().sqrt());
            assert_eq!(atan2(x, -0.5), x.atan2(-0.5));
        }
    }

    #[test]
    fn special_values_are_exact_in_every_mode() {
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp(-104.0_f32), 0.0);
        assert_eq!(exp(100.0_f32), f32::INFINITY);
        assert!(exp(f32::NAN).is_nan());
        assert_eq!(sqrt(0.0_f32), 0.0);
        assert_eq!(sqrt(f32::INFINITY), f32::INFINITY);
        assert_eq!(atan2(0.0_f32, 0.0), 0.0);
        assert_eq!(atan2(0.0_f32, -1.0), core::f32::consts::PI);
        assert_eq!(atan2(-0.0_f32, -1.0), -core::f32::consts::PI);
    }

    /// The documented bounds hold on a sample of the whole domain (the example
    /// `fast_math_error` scans it far more densely).
    #[cfg(feature = "fast-math")]
    #[test]
    fn f32_errors_stay_within_the_documented_bounds() {
        let relative = |a: f32, b: f64| (f64::from(a) - b).abs() / b.abs();
        let mut bits = 0_u32;
        while bits < 0x7f80_0000 {
            let x = f32::from_bits(bits);
            assert!(relative(sqrt(x), f64::from(x).sqrt()) <= 1.8e-3 || x < f32::MIN_POSITIVE);
            for signed in [x, -x] {
                if (-87.3..=88.7).contains(&signed) {
                    assert!(
                        relative(exp(signed), f64::from(signed).exp()) <= 2.4e-3,
                        "exp({signed})"
                    );
                }
            }
            bits += 9_973;
        }
        for i in 0..=100_000 {
            let t = -core::f64::consts::PI + core::f64::consts::TAU * f64::from(i) / 1e5;
            let (y, x) = (t.sin() as f32, t.cos() as f32);
            let error = (f64::from(atan2(y, x)) - f64::from(y).atan2(f64::from(x))).abs();
            assert!(error <= 2.9e-3, "atan2({y}, {x})");
        }
    }
}
