//! Turning the fuzzer's bytes into the numbers a numerical library finds hardest.
//!
//! Every number is preceded by a tag byte that picks how the following bytes are read, so
//! that libFuzzer's mutations reach, with comparable probability: ordinary values (small
//! multiples of 1/256 and of 1/4, which make exact zeros, ties and coincident points
//! common), the special values (±0, NaN, ±∞, the largest and smallest normals, subnormals,
//! ε, π and the thresholds where series switch), raw bit patterns, and magnitudes spread
//! over the whole exponent range (so products overflow and quotients underflow).
//!
//! Points that should lie on a manifold are built in f64 from ordinary values, projected
//! onto it, and then perturbed by a relative amount 10⁻ᵏ (k from the bytes) or not at all,
//! so that the functions' `Ok` paths, their tolerance checks and their error paths are all
//! exercised. Bytes past the end read as zero: a short input is still a valid input.

use geoml::{Error, Real};
use nalgebra::SMatrix;

/// A scalar type the targets run in: `f32` and `f64`, each decoded from its own raw bits.
pub trait FuzzReal: Real + core::fmt::Debug {
    /// `x` rounded to this type (`as`: huge values become ±∞, tiny ones subnormal or 0).
    fn of_f64(x: f64) -> Self;
    /// A value read from raw bits (every NaN payload and subnormal is reachable).
    fn from_raw(bytes: &mut Bytes<'_>) -> Self;
    /// The smallest positive normal number of the type, as an `f64`: the absolute accuracy of
    /// results in the subnormal range.
    fn tiny() -> f64 {
        if Self::is_single_precision() {
            f64::from(f32::MIN_POSITIVE)
        } else {
            f64::MIN_POSITIVE
        }
    }
    /// Machine epsilon as an `f64`.
    fn eps() -> f64 {
        Self::default_epsilon().as_f64()
    }
}

impl FuzzReal for f64 {
    fn of_f64(x: f64) -> Self {
        x
    }
    fn from_raw(bytes: &mut Bytes<'_>) -> Self {
        f64::from_bits(bytes.u64())
    }
}

impl FuzzReal for f32 {
    fn of_f64(x: f64) -> Self {
        x as f32
    }
    fn from_raw(bytes: &mut Bytes<'_>) -> Self {
        f32::from_bits(bytes.u32())
    }
}

/// Values where numerical code breaks: signed zeros, NaN, infinities, the ends of the f32 and
/// f64 ranges, subnormals, ε, π and its neighbourhood, and the `exp` overflow thresholds.
const SPECIAL: [f64; 40] = [
    0.0,
    -0.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MAX,
    -f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    1e-310,
    f64::EPSILON,
    -f64::EPSILON,
    1.0,
    -1.0,
    0.5,
    2.0,
    core::f64::consts::PI,
    -core::f64::consts::PI,
    core::f64::consts::FRAC_PI_2,
    core::f64::consts::TAU,
    core::f64::consts::PI - 1e-9,
    core::f64::consts::PI - 1e-4,
    1e-8,
    1e-4,
    1e-150,
    1e150,
    1e300,
    -1e300,
    f32::MAX as f64,
    f32::MIN_POSITIVE as f64,
    1.4e-45,
    1e-40,
    7e38,
    1.0 + f64::EPSILON,
    1.0 - f64::EPSILON / 2.0,
    88.7,
    -87.3,
    709.8,
    -745.2,
];

/// A cursor over the fuzzer's bytes.
#[derive(Debug, Clone)]
pub struct Bytes<'a> {
    rest: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// A cursor at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self { rest: data }
    }

    /// The next byte, or 0 past the end.
    pub fn u8(&mut self) -> u8 {
        match self.rest.split_first() {
            Some((&first, rest)) => {
                self.rest = rest;
                first
            }
            None => 0,
        }
    }

    /// Two bytes, little-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    /// Four bytes, little-endian.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    /// Eight bytes, little-endian.
    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | (u64::from(self.u32()) << 32)
    }

    /// A choice among `n` (1 ≤ n ≤ 256) possibilities.
    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.u8()) % n.max(1)
    }

    /// A yes/no choice.
    pub fn flag(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// Any `usize`: small ones (valid indices) most of the time, sometimes anything.
    pub fn index(&mut self) -> usize {
        match self.u8() % 8 {
            0 => self.u64() as usize,
            1 => usize::MAX - usize::from(self.u8()),
            _ => usize::from(self.u8() % 16),
        }
    }

    /// Any number, from the mix described in the module documentation, as an `f64`.
    pub fn any_f64(&mut self) -> f64 {
        match self.u8() % 16 {
            0..=3 => self.ordinary(),
            4 | 5 => {
                let x = f64::from(self.u16()) / 65536.0;
                if self.flag() { -x } else { x }
            }
            6 | 7 => SPECIAL[self.below(SPECIAL.len())],
            8 => f64::from_bits(self.u64()),
            9 => {
                // Any exponent of f64 and a little beyond: overflow to ±∞, underflow to 0.
                let mantissa = 1.0 + f64::from(self.u16()) / 65536.0;
                let exponent = i32::from(self.u16() as i16) % 1100;
                let x = mantissa * 2f64.powi(exponent);
                if self.flag() { -x } else { x }
            }
            10 => {
                let x = f64::from(self.u16()) * 2f64.powi(-20 - i32::from(self.u8()));
                if self.flag() { -x } else { x }
            }
            _ => f64::from(self.u8() as i8) / 4.0,
        }
    }

    /// Any number of type `T`: [`any_f64`](Self::any_f64) rounded to `T`, or `T`'s own raw
    /// bits (one tag in sixteen).
    pub fn any<T: FuzzReal>(&mut self) -> T {
        if self.u8().is_multiple_of(16) {
            T::from_raw(self)
        } else {
            T::of_f64(self.any_f64())
        }
    }

    /// An ordinary finite value: a multiple of 1/256 in [−128, 128).
    pub fn ordinary(&mut self) -> f64 {
        f64::from(self.u16() as i16) / 256.0
    }

    /// `N` numbers from [`any`](Self::any).
    pub fn array<T: FuzzReal, const N: usize>(&mut self) -> [T; N] {
        core::array::from_fn(|_| self.any())
    }

    /// `N` rows of `D` numbers from [`any`](Self::any).
    pub fn rows<T: FuzzReal, const N: usize, const D: usize>(&mut self) -> [[T; D]; N] {
        core::array::from_fn(|_| self.array())
    }

    /// `N` ordinary values in f64.
    pub fn ordinary_array<const N: usize>(&mut self) -> [f64; N] {
        core::array::from_fn(|_| self.ordinary())
    }

    /// Either an ordinary array or (one time in four) an array of anything, in `T`.
    pub fn mostly_ordinary<T: FuzzReal, const N: usize>(&mut self) -> [T; N] {
        if self.below(4) == 0 {
            self.array()
        } else {
            self.ordinary_array().map(T::of_f64)
        }
    }

    /// A relative perturbation size: 0 (half the time) or ±10⁻ᵏ with k in 1..=17.
    pub fn perturbation(&mut self) -> f64 {
        let k = self.u8();
        if k & 1 == 0 {
            return 0.0;
        }
        let size = 10f64.powi(-1 - i32::from((k >> 1) % 17));
        let unit = f64::from(self.u8() as i8) / 128.0;
        size * unit
    }

    /// A unit vector in f64, then perturbed: each coordinate by its own relative amount of
    /// one common size, or its length scaled, or neither.
    pub fn unit_f64<const D: usize>(&mut self) -> [f64; D] {
        let mut v = self.ordinary_array::<D>();
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            if let Some(first) = v.first_mut() {
                *first = 1.0;
            }
        } else {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        let size = self.perturbation();
        if size != 0.0 {
            if self.flag() {
                v.iter_mut().for_each(|x| *x *= 1.0 + size);
            } else {
                for x in v.iter_mut() {
                    *x += size * f64::from(self.u8() as i8) / 128.0;
                }
            }
        }
        v
    }

    /// A point meant to be on the unit sphere: near it most of the time (see
    /// [`unit_f64`](Self::unit_f64)), anything one time in eight.
    pub fn unit<T: FuzzReal, const D: usize>(&mut self) -> [T; D] {
        if self.below(8) == 0 {
            self.array()
        } else {
            self.unit_f64().map(T::of_f64)
        }
    }

    /// A probability vector: a normalised vector of non-negative ordinary weights (many of
    /// them exactly 0) whose sum is then perturbed; or one such vector with an entry replaced
    /// by anything; or anything at all.
    pub fn distribution<T: FuzzReal, const M: usize>(&mut self) -> [T; M] {
        match self.below(8) {
            0 => self.array(),
            mode => {
                let mut w = self
                    .ordinary_array::<M>()
                    .map(|x| if x < 0.0 { 0.0 } else { x });
                if mode == 1 {
                    // A sharp distribution: weights spread over many orders of magnitude.
                    for x in w.iter_mut() {
                        *x *= 2f64.powi(-i32::from(self.u8() % 128) * 8);
                    }
                }
                let total: f64 = w.iter().sum();
                if total > 0.0 {
                    w.iter_mut().for_each(|x| *x /= total);
                } else if let Some(first) = w.first_mut() {
                    *first = 1.0;
                }
                let size = self.perturbation();
                w.iter_mut().for_each(|x| *x *= 1.0 + size);
                let mut p = w.map(T::of_f64);
                if mode == 2 && M > 0 {
                    let k = self.below(M);
                    if let Some(x) = p.get_mut(k) {
                        *x = self.any();
                    }
                }
                p
            }
        }
    }

    /// A positive scalar parameter (a temperature, a tolerance): usually ordinary, sometimes
    /// anything, zero or negative included.
    pub fn parameter<T: FuzzReal>(&mut self) -> T {
        if self.below(4) == 0 {
            self.any()
        } else {
            T::of_f64((self.ordinary().abs() + 1.0 / 256.0) / 16.0)
        }
    }
}

/// `factor·‖m‖` (Frobenius) in f64, scaled by the largest entry so that the sum of squares
/// neither underflows nor overflows; with `factor ≤ 1/2` it is finite for every finite `m` of
/// at most four entries, even when ‖m‖ itself rounds past the largest float.
pub fn scaled_norm_f64<T: Real, const R: usize, const C: usize>(
    m: &SMatrix<T, R, C>,
    factor: f64,
) -> f64 {
    let scale = m.iter().fold(0.0_f64, |s, x| s.max(x.as_f64().abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let sum: f64 = m.iter().map(|x| (x.as_f64() / scale).powi(2)).sum();
    scale * factor * sum.sqrt()
}

/// The Frobenius norm in f64, without underflow or overflow on the way.
pub fn norm_f64<T: Real, const R: usize, const C: usize>(m: &SMatrix<T, R, C>) -> f64 {
    scaled_norm_f64(m, 1.0)
}

/// ‖a − b‖ in f64 (the difference taken in f64, exact for f32 and nearly so for f64).
pub fn distance_f64<T: Real, const R: usize, const C: usize>(
    a: &SMatrix<T, R, C>,
    b: &SMatrix<T, R, C>,
) -> f64 {
    let difference: SMatrix<f64, R, C> =
        SMatrix::from_fn(|i, j| a[(i, j)].as_f64() - b[(i, j)].as_f64());
    norm_f64(&difference)
}

/// Whether every value is finite.
pub fn all_finite<T: Real>(values: &[T]) -> bool {
    values.iter().all(|v| v.is_finite())
}

/// Whether `x` and `y` are the same number (bitwise for NaN, either zero for ±0).
pub fn same<T: Real>(x: T, y: f64) -> bool {
    let x = x.as_f64();
    x == y || (x.is_nan() && y.is_nan())
}

/// The flat index and value of the first non-finite entry of `parts` read one after another.
pub fn first_non_finite<T: Real>(parts: &[&[T]]) -> Option<(usize, T)> {
    parts
        .iter()
        .flat_map(|p| p.iter())
        .enumerate()
        .find(|(_, x)| !x.is_finite())
        .map(|(i, &x)| (i, x))
}

/// Asserts that `got` is the error `expected`, field for field (a NaN field matches NaN).
pub fn assert_same_error(got: Error, expected: Error) {
    let equal = got == expected || format!("{got:?}") == format!("{expected:?}");
    assert!(equal, "error {got:?}, expected {expected:?}");
}
