//! Random numbers for sampling on groups, drawn from a caller-supplied `rand_core` generator.
//!
//! The core has no allocator and no operating system, so it owns no generator: every sampler
//! takes `&mut R` with `R: rand_core::Rng` (any generator of the `rand` 0.10 family, or a
//! hardware one on a microcontroller). Normal variates use the Box–Muller transform with the
//! scalar type's own `ln`, `sqrt` and `sin_cos` (`libm` without std).

use crate::Real;
use nalgebra::{Quaternion, SVector};
use rand_core::Rng;

/// The `rand_core` crate (0.10) whose `Rng` trait every sampler accepts, re-exported so that a
/// firmware project can implement a hardware generator (implement `rand_core::TryRng` with
/// `Error = Infallible`) without naming the dependency itself.
pub use rand_core;

/// A uniform sample from \\([0, 1)\\) with the full precision of `T`: 24 random bits for `f32`,
/// 53 for `f64`, so every value is exactly representable and 1 is never returned.
///
/// ```
/// use geoml::lie::random::uniform_unit;
/// use rand::{rngs::StdRng, SeedableRng};
///
/// let mut rng = StdRng::seed_from_u64(1);
/// let u: f32 = uniform_unit(&mut rng);
/// assert!((0.0..1.0).contains(&u));
/// ```
pub fn uniform_unit<T: Real, R: Rng + ?Sized>(rng: &mut R) -> T {
    if T::is_single_precision() {
        T::lit(f64::from(rng.next_u32() >> 8) * (1.0 / 16_777_216.0))
    } else {
        T::lit((rng.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0))
    }
}

/// Two independent standard normal samples by the Box–Muller transform:
/// \\(r = \sqrt{-2\ln u_1}\\), \\((r\cos 2\pi u_2,\ r\sin 2\pi u_2)\\) with \\(u_1 \in (0, 1]\\).
///
/// Because \\(u_1 \ge 2^{-24}\\) in `f32` (\\(2^{-53}\\) in `f64`), samples never exceed
/// 5.8 (8.6) in magnitude: the tails beyond have probability below \\(10^{-8}\\)
/// (\\(10^{-17}\\)) and are cut off.
///
/// ```
/// use geoml::lie::random::standard_normal_pair;
/// use rand::{rngs::StdRng, SeedableRng};
///
/// let mut rng = StdRng::seed_from_u64(7);
/// let (mut sum, mut sum_sq) = (0.0, 0.0);
/// for _ in 0..5000 {
///     let (a, b): (f64, f64) = standard_normal_pair(&mut rng);
///     sum += a + b;
///     sum_sq += a * a + b * b;
/// }
/// let (mean, var) = (sum / 10000.0, sum_sq / 10000.0);
/// assert!(mean.abs() < 0.05 && (var - 1.0).abs() < 0.05);
/// ```
pub fn standard_normal_pair<T: Real, R: Rng + ?Sized>(rng: &mut R) -> (T, T) {
    let u1 = T::one() - uniform_unit::<T, R>(rng);
    let u2 = uniform_unit::<T, R>(rng);
    let r = (T::lit(-2.0) * u1.ln()).sqrt();
    let (s, c) = (T::two_pi() * u2).sin_cos();
    (r * c, r * s)
}

/// One standard normal sample (the first of a [`standard_normal_pair`]).
///
/// ```
/// use geoml::lie::random::standard_normal;
/// use rand::{rngs::StdRng, SeedableRng};
/// let x: f64 = standard_normal(&mut StdRng::seed_from_u64(3));
/// assert!(x.is_finite());
/// ```
pub fn standard_normal<T: Real, R: Rng + ?Sized>(rng: &mut R) -> T {
    standard_normal_pair::<T, R>(rng).0
}

/// A vector of independent standard normal samples.
///
/// ```
/// use geoml::lie::random::standard_normal_vector;
/// use rand::{rngs::StdRng, SeedableRng};
/// let v = standard_normal_vector::<f32, 5, _>(&mut StdRng::seed_from_u64(3));
/// assert!(v.iter().all(|x| x.is_finite()));
/// ```
pub fn standard_normal_vector<T: Real, const D: usize, R: Rng + ?Sized>(
    rng: &mut R,
) -> SVector<T, D> {
    let mut v = SVector::<T, D>::zeros();
    let mut i = 0;
    while i < D {
        let (a, b) = standard_normal_pair::<T, R>(rng);
        v[i] = a;
        if i + 1 < D {
            v[i + 1] = b;
        }
        i += 2;
    }
    v
}

/// A unit quaternion uniform on \\(S^3\\) by Shoemake's method: three uniform numbers
/// \\(u_1, u_2, u_3\\) give \\(q = (\sqrt{u_1}\cos 2\pi u_3,\ \sqrt{1-u_1}\sin 2\pi u_2,\
/// \sqrt{1-u_1}\cos 2\pi u_2,\ \sqrt{u_1}\sin 2\pi u_3)\\). Uniform on \\(S^3\\) is the Haar
/// measure of SU(2), and of SO(3) through the double cover.
pub(crate) fn uniform_unit_quaternion<T: Real, R: Rng + ?Sized>(rng: &mut R) -> Quaternion<T> {
    let u1: T = uniform_unit(rng);
    let u2: T = uniform_unit(rng);
    let u3: T = uniform_unit(rng);
    let (a, b) = ((T::one() - u1).sqrt(), u1.sqrt());
    let (s2, c2) = (T::two_pi() * u2).sin_cos();
    let (s3, c3) = (T::two_pi() * u3).sin_cos();
    let q = Quaternion::new(b * c3, a * s2, a * c2, b * s3);
    q / q.norm()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{SeedableRng, rngs::StdRng};

    fn moments<T: Real>() {
        let mut rng = StdRng::seed_from_u64(11);
        let n = 20_000;
        let (mut s1, mut s2, mut s4) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let x = standard_normal::<T, _>(&mut rng).as_f64();
            s1 += x;
            s2 += x * x;
            s4 += x * x * x * x;
        }
        let n = f64::from(n);
        assert!((s1 / n).abs() < 0.03, "mean {}", s1 / n);
        assert!((s2 / n - 1.0).abs() < 0.04, "variance {}", s2 / n);
        assert!((s4 / n - 3.0).abs() < 0.2, "fourth moment {}", s4 / n);
    }

    #[test]
    fn normal_samples_have_standard_moments() {
        moments::<f32>();
        moments::<f64>();
    }

    #[test]
    fn uniform_samples_stay_in_the_unit_interval_and_fill_it() {
        let mut rng = StdRng::seed_from_u64(5);
        let mut buckets = [0usize; 10];
        for _ in 0..10_000 {
            let u: f32 = uniform_unit(&mut rng);
            assert!((0.0..1.0).contains(&u));
            buckets[(u * 10.0) as usize] += 1;
        }
        assert!(
            buckets.iter().all(|&b| (850..1150).contains(&b)),
            "{buckets:?}"
        );
    }

    #[test]
    fn odd_length_vectors_are_filled() {
        let v = standard_normal_vector::<f64, 3, _>(&mut StdRng::seed_from_u64(9));
        assert!(v.iter().all(|x| *x != 0.0));
    }
}
