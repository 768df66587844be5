//! The element types the kernels take: `f32`, `half::f16` and `half::bf16` for attention,
//! `f32` and `f64` for the analysis and distance kernels.

use cudarc::driver::{DeviceRepr, ValidAsZeroBits};
use half::{bf16, f16};

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for half::f16 {}
    impl Sealed for half::bf16 {}
}

/// A floating-point format, for rounding values the way a kernel stores them (the CPU
/// reference emulates the kernels' precision with it).
///
/// ```
/// use geoml_cuda::Precision;
///
/// assert_eq!(Precision::F64.round(0.1), 0.1);
/// assert_eq!(Precision::F32.round(0.1), 0.1_f32 as f64);
/// // 8 significand bits: 1 + 2⁻⁸ is halfway between 1 and 1 + 2⁻⁷, and ties go to even.
/// assert_eq!(Precision::Bf16.round(1.0 + 1.0 / 256.0), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    /// IEEE binary64.
    F64,
    /// IEEE binary32.
    F32,
    /// IEEE binary16 (11 significand bits).
    F16,
    /// bfloat16 (8 significand bits, f32's exponent range).
    Bf16,
}

impl Precision {
    /// `x` rounded to nearest (ties to even) in this format, returned as `f64`.
    pub fn round(self, x: f64) -> f64 {
        match self {
            Precision::F64 => x,
            Precision::F32 => x as f32 as f64,
            Precision::F16 => f16::from_f64(x).to_f64(),
            Precision::Bf16 => bf16::from_f64(x).to_f64(),
        }
    }

    /// The unit roundoff `u = 2^-p` (half the distance from 1 to the next number).
    pub fn unit_roundoff(self) -> f64 {
        match self {
            Precision::F64 => f64::EPSILON / 2.0,
            Precision::F32 => f32::EPSILON as f64 / 2.0,
            Precision::F16 => 2f64.powi(-11),
            Precision::Bf16 => 2f64.powi(-8),
        }
    }
}

/// An element type of the attention kernels: `f32`, [`half::f16`] or [`half::bf16`].
/// Sealed: the kernels exist for exactly these three. Accumulation is always in f32.
pub trait AttentionElement:
    sealed::Sealed
    + DeviceRepr
    + ValidAsZeroBits
    + Copy
    + Default
    + Send
    + Sync
    + std::fmt::Debug
    + 'static
{
    /// The kernel-name suffix: `f32`, `f16`, `bf16`.
    const NAME: &'static str;
    /// The format this type stores.
    const PRECISION: Precision;
    /// The value as `f64` (exact).
    fn to_f64(self) -> f64;
    /// `x` rounded to this type.
    fn from_f64(x: f64) -> Self;
    /// A quiet NaN, to poison outputs with.
    fn nan() -> Self;
    /// Whether the value is finite.
    fn is_finite(self) -> bool {
        self.to_f64().is_finite()
    }
}

impl AttentionElement for f32 {
    const NAME: &'static str = "f32";
    const PRECISION: Precision = Precision::F32;
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn nan() -> Self {
        f32::NAN
    }
}

impl AttentionElement for f16 {
    const NAME: &'static str = "f16";
    const PRECISION: Precision = Precision::F16;
    fn to_f64(self) -> f64 {
        f16::to_f64(self)
    }
    fn from_f64(x: f64) -> Self {
        f16::from_f64(x)
    }
    fn nan() -> Self {
        f16::NAN
    }
}

impl AttentionElement for bf16 {
    const NAME: &'static str = "bf16";
    const PRECISION: Precision = Precision::Bf16;
    fn to_f64(self) -> f64 {
        bf16::to_f64(self)
    }
    fn from_f64(x: f64) -> Self {
        bf16::from_f64(x)
    }
    fn nan() -> Self {
        bf16::NAN
    }
}

/// A floating-point type of the analysis and distance kernels: `f32` or `f64`.
pub trait GpuFloat:
    sealed::Sealed
    + DeviceRepr
    + ValidAsZeroBits
    + Copy
    + Default
    + Send
    + Sync
    + std::fmt::Debug
    + 'static
{
    /// The kernel-name suffix: `f32`, `f64`.
    const NAME: &'static str;
    /// The format this type stores.
    const PRECISION: Precision;
    /// The value as `f64` (exact).
    fn to_f64(self) -> f64;
    /// `x` rounded to this type.
    fn from_f64(x: f64) -> Self;
    /// A quiet NaN, to poison outputs with.
    fn nan() -> Self;
}

impl GpuFloat for f32 {
    const NAME: &'static str = "f32";
    const PRECISION: Precision = Precision::F32;
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn nan() -> Self {
        f32::NAN
    }
}

impl GpuFloat for f64 {
    const NAME: &'static str = "f64";
    const PRECISION: Precision = Precision::F64;
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(x: f64) -> Self {
        x
    }
    fn nan() -> Self {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_matches_the_formats() {
        // 1 + 2^-11 is a tie in f16 (rounds to even, 1); 1 + 3·2^-11 rounds up to 1 + 2^-9.
        assert_eq!(Precision::F16.round(1.0 + 2f64.powi(-11)), 1.0);
        assert_eq!(
            Precision::F16.round(1.0 + 3.0 * 2f64.powi(-11)),
            1.0 + 2f64.powi(-9)
        );
        assert_eq!(
            Precision::Bf16.round(1.0 + 3.0 * 2f64.powi(-9)),
            1.0 + 2f64.powi(-7)
        );
        for p in [Precision::F32, Precision::F16, Precision::Bf16] {
            let x = 0.123_456_789_f64;
            assert!((p.round(x) - x).abs() <= p.unit_roundoff() * x);
        }
    }

    #[test]
    fn element_round_trips() {
        assert_eq!(f16::from_f64(0.5).to_f64(), 0.5);
        assert_eq!(<bf16 as AttentionElement>::from_f64(-2.0).to_f64(), -2.0);
        assert!(!<f32 as AttentionElement>::nan().is_finite());
        assert!(<f16 as AttentionElement>::nan().to_f64().is_nan());
        assert!(GpuFloat::to_f64(<f64 as GpuFloat>::nan()).is_nan());
    }
}
