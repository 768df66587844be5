//! The exponential used inside the attention kernels.
//!
//! libm's `expf` is accurate but an opaque call, so a loop that calls it cannot be vectorised.
//! The kernels only ever need `exp(x)` for `x ≤ 0` (scores minus their running maximum), so for
//! `f32` they use the polynomial below, which is written with plain arithmetic and bit
//! manipulation that the compiler turns into SIMD code. It is used with and without the
//! `fast-math` feature: it is faster than micromath's `exp` once vectorised and as accurate as
//! libm's. Every other scalar type (`f64` included) goes through [`fast_math::exp`].

use crate::{Real, fast_math};
use core::any::Any;

/// `exp(x)` for `x ≤ 0` (and `x = −∞`, which gives 0).
///
/// For `f32` this is [`exp_nonpositive_f32`]; the type test is resolved at compile time.
#[inline(always)]
pub(crate) fn exp_nonpositive<T: Real>(x: T) -> T {
    // `Real` implies `'static + Any`, so this is a safe, zero-cost specialisation: after
    // monomorphisation the downcast is a comparison of two constant type ids.
    match (&x as &dyn Any).downcast_ref::<f32>() {
        Some(&single) => T::from_subset(&exp_nonpositive_f32(single)),
        None => fast_math::exp(x),
    }
}

/// `exp(x)` in `f32` for `x ≤ 0`, within 2 ulp of the correctly rounded value for
/// `x ≥ −87.33` (where the result is a normal number); below that the result is flushed to 0
/// (−∞ included).
///
/// Cody–Waite reduction `x = n·ln 2 + r` with `|r| ≤ ln 2 / 2`, then a polynomial of degree 5
/// for `e^r` fitted for the least largest relative error (1.05·10⁻⁷, below one `f32` ulp; the
/// Taylor polynomial needs degree 6 for as much), then scaling by `2ⁿ` built from
/// its exponent bits. Flushed results are at least 2¹²⁶ times smaller than the largest weight of
/// a softmax row, which is 1. There is no branch, so that a loop over it vectorises.
#[inline(always)]
pub(crate) fn exp_nonpositive_f32(x: f32) -> f32 {
    // Below ln(smallest subnormal) the result is 0 whatever; clamping keeps n in range.
    const FLOOR: f32 = -104.0;
    const LOG2_E: f32 = core::f32::consts::LOG2_E;
    // ln 2 split so that n·LN2_HI is exact for |n| ≤ 2⁸ (LN2_HI has 9 significant bits).
    const LN2_HI: f32 = 355.0 / 512.0;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding 1.5·2²³ rounds to the nearest integer and leaves it in the low mantissa bits.
    const ROUND: f32 = 12_582_912.0;

    let clamped = if x < FLOOR { FLOOR } else { x };
    let shifted = clamped * LOG2_E + ROUND;
    let n = shifted - ROUND;
    let n_int = shifted.to_bits() as i32 - ROUND.to_bits() as i32;
    let r = clamped - n * LN2_HI - n * LN2_LO;
    // e^r ≈ 1 + r + c₂r² + … + c₅r⁵ by Horner's rule; the coefficients minimise the largest
    // relative error on |r| ≤ ln 2 / 2 with the first two fixed at 1 (fitted by iteratively
    // reweighted least squares on 4000 Chebyshev nodes; measured worst case 1.6 ulp).
    let mut p = 8.312_527e-3;
    p = p * r + 4.189_012e-2;
    p = p * r + 1.666_711_4e-1;
    p = p * r + 4.999_923e-1;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2ⁿ from its biased exponent; n ≤ −127 has no normal representation and gives 0.
    let biased = (n_int + 127).max(0);
    p * f32::from_bits((biased as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_libm_to_two_ulp_over_the_normal_range() {
        let mut worst = 0.0_f64;
        let steps = 200_000;
        for i in 0..=steps {
            let x = -87.3_f32 * (i as f32) / (steps as f32);
            let got = f64::from(exp_nonpositive_f32(x));
            let want = f64::from(x).exp();
            let ulp = f64::from(f32::EPSILON) * want;
            worst = worst.max((got - want).abs() / ulp);
        }
        assert!(worst <= 2.0, "worst error {worst} ulp");
    }

    #[test]
    fn edges() {
        assert_eq!(exp_nonpositive_f32(0.0), 1.0);
        assert_eq!(exp_nonpositive_f32(-0.0), 1.0);
        assert_eq!(exp_nonpositive_f32(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_nonpositive_f32(-1e30), 0.0);
        assert_eq!(exp_nonpositive_f32(-88.1), 0.0);
        assert!(exp_nonpositive_f32(-87.3) > 0.0);
        // Monotone across the flush point.
        let mut previous = 0.0;
        for i in 0..=2000 {
            let y = exp_nonpositive_f32(-90.0 + i as f32 * 0.002);
            assert!(y >= previous);
            previous = y;
        }
        assert_eq!(exp_nonpositive::<f64>(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_nonpositive::<f64>(-1.0), (-1.0_f64).exp());
        assert_eq!(exp_nonpositive::<f32>(-1.0), exp_nonpositive_f32(-1.0));
    }
}
