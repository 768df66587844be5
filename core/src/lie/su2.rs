//! The unit quaternions as a group, SU(2), with their 2×2 complex-matrix form.

use super::group::{LieGroup, finite_or_overflow};
use super::quaternion::{
    checked_unit, exp_quaternion, log_factor, normalized, on_group_tolerance, product_unit,
    robust_norm, rotate,
};
use super::random::uniform_unit_quaternion;
use super::so3::{So3, jacobian, jacobian_inverse};
use crate::{Error, Real, Result, check_finite};
use nalgebra::{Complex, Matrix2, Matrix3, Quaternion, Vector3};
use rand_core::Rng;

/// A unit quaternion \\(q = a + b\mathbf i + c\mathbf j + d\mathbf k\\), \\(a^2+b^2+c^2+d^2 = 1\\),
/// as an element of the group \\(S^3 \cong \mathrm{SU}(2)\\) under the Hamilton product.
///
/// Unlike [`So3`], q and −q are different elements here: SU(2) covers SO(3) twice
/// ([`Su2::to_so3`] is the covering map), so `log` returns angles in [0, 2π) and
/// [`Su2::interpolate`] follows the great circle of \\(S^3\\) without taking the shorter of the
/// two ways round. Seed 004 writes a quaternion as the complex matrix
/// \\(\begin{bmatrix}a + di & -b - ci\\\\ b - ci & a - di\end{bmatrix}\\)
/// ([`Su2::to_complex_matrix`]); products of quaternions are products of these matrices, and
/// the unit ones are exactly the special unitary matrices.
///
/// The algebra is \\(\mathbb{R}^3\\) with the same convention as [`So3`]:
/// \\(\exp\omega = (\cos\tfrac\theta2,\ \tfrac{\sin(\theta/2)}{\theta}\omega)\\), so that
/// `Su2::exp(ω).to_so3() == So3::exp(ω)` and the adjoint and Jacobians are those of SO(3).
///
/// ```
/// use geoml::lie::Su2;
/// use nalgebra::Vector3;
/// use core::f64::consts::PI;
///
/// // A full turn is −1 in SU(2) (but the identity in SO(3)); two full turns are 1.
/// let full = Su2::exp(&Vector3::new(0.0, 0.0, 2.0 * PI))?;
/// assert!((full.quaternion().w + 1.0).abs() < 1e-15);
/// assert!(full.to_so3().angle() < 1e-15);
/// assert!((full.compose(&full).quaternion().w - 1.0).abs() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Su2<T> {
    q: Quaternion<T>,
}

impl<T: Real> Su2<T> {
    /// The identity, q = 1.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// assert_eq!(Su2::<f64>::identity().quaternion().w, 1.0);
    /// ```
    pub fn identity() -> Self {
        Su2 {
            q: Quaternion::identity(),
        }
    }

    /// The element of a unit quaternion.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when \\(|\,|q| - 1|\\) exceeds
    /// [`on_group_tolerance`](super::on_group_tolerance).
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Quaternion;
    /// assert!(Su2::from_quaternion(&Quaternion::new(0.0_f32, 0.0, 1.0, 0.0)).is_ok());
    /// assert!(Su2::from_quaternion(&Quaternion::new(0.0_f32, 0.0, 2.0, 0.0)).is_err());
    /// ```
    pub fn from_quaternion(q: &Quaternion<T>) -> Result<Self> {
        Ok(Su2 {
            q: checked_unit(q)?,
        })
    }

    /// The element \\(q/|q|\\) for any finite non-zero quaternion.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] (residual 1) for q = 0.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Quaternion;
    /// let g = Su2::from_quaternion_normalizing(&Quaternion::new(0.0_f64, 2.0, 0.0, 0.0))?;
    /// assert_eq!(g.quaternion().i, 1.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_quaternion_normalizing(q: &Quaternion<T>) -> Result<Self> {
        Ok(Su2 { q: normalized(q)? })
    }

    /// The unit quaternion (w = a first in [`Quaternion::new`]).
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// assert_eq!(Su2::<f32>::identity().quaternion().norm(), 1.0);
    /// ```
    pub fn quaternion(&self) -> Quaternion<T> {
        self.q
    }

    /// The exponential, \\((\cos\tfrac\theta2,\ \tfrac{\sin(\theta/2)}{\theta}\omega)\\) with
    /// θ = |ω| (the quaternion exponential of the pure quaternion ω/2).
    ///
    /// # Errors
    /// [`Error::NonFinite`].
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let g = Su2::exp(&Vector3::new(core::f64::consts::PI, 0.0, 0.0))?;
    /// assert!((g.quaternion().i - 1.0).abs() < 1e-16); // i itself
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn exp(omega: &Vector3<T>) -> Result<Self> {
        Ok(Su2 {
            q: exp_quaternion(omega)?,
        })
    }

    /// The logarithm ω with |ω| = \\(2\,\mathrm{atan2}(|\vec q|, w)\\) ∈ [0, 2π), without the
    /// sign folding of [`So3::log`].
    ///
    /// # Errors
    /// [`Error::CutLocus`] at q = −1 (a rotation by 2π about no particular axis), the one
    /// point where the logarithm is not defined. Near it the log exists but is
    /// ill-conditioned: its direction comes from a vector part of size \\(|\vec q|\\).
    ///
    /// ```
    /// use geoml::{Error, lie::Su2};
    /// use nalgebra::{Quaternion, Vector3};
    /// let w = Vector3::new(0.0, 4.0_f64, 0.0); // beyond π: kept, not folded
    /// assert!((Su2::exp(&w)?.log()? - w).norm() < 1e-14);
    /// let minus_one = Su2::from_quaternion(&Quaternion::new(-1.0_f64, 0.0, 0.0, 0.0))?;
    /// assert!(matches!(minus_one.log(), Err(Error::CutLocus { .. })));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn log(&self) -> Result<Vector3<T>> {
        let q = self.q;
        if q.w < T::zero() && q.i == T::zero() && q.j == T::zero() && q.k == T::zero() {
            return Err(Error::CutLocus { distance: 0.0 });
        }
        let factor = log_factor(&q);
        if factor.is_finite() {
            return Ok(q.imag() * factor);
        }
        // Next to −1, with a vector part so small (subnormal) that the factor θ/|q⃗| overflows:
        // the direction first, then the angle (it gave ∞ and NaN inside Ok; found by fuzzing,
        // issue 9).
        let n = robust_norm(q.imag().as_slice());
        Ok(q.imag() / n * (T::lit(2.0) * n.atan2(q.w)))
    }

    /// The product, the Hamilton product of quaternions (kept unit by one Newton step).
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Quaternion;
    /// let i = Su2::from_quaternion(&Quaternion::new(0.0_f64, 1.0, 0.0, 0.0))?;
    /// let j = Su2::from_quaternion(&Quaternion::new(0.0_f64, 0.0, 1.0, 0.0))?;
    /// assert_eq!(i.compose(&j).quaternion(), Quaternion::new(0.0, 0.0, 0.0, 1.0)); // ij = k
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn compose(&self, other: &Self) -> Self {
        Su2 {
            q: product_unit(&self.q, &other.q),
        }
    }

    /// The inverse, the conjugate quaternion.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let g = Su2::exp(&Vector3::new(1.0_f64, 2.0, 3.0))?;
    /// assert!((g.compose(&g.inverse()).quaternion().w - 1.0).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn inverse(&self) -> Self {
        Su2 {
            q: self.q.conjugate(),
        }
    }

    /// The rotation this quaternion represents (q and −q give the same one).
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let w = Vector3::new(0.3_f64, 0.1, -0.2);
    /// assert!(Su2::exp(&w)?.to_so3().angle_to(&geoml::lie::So3::exp(&w)?) < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn to_so3(&self) -> So3<T> {
        So3::from_unit(self.q)
    }

    /// Seed 004's complex 2×2 form \\(\begin{bmatrix}a + di & -b - ci\\\\ b - ci & a - di
    /// \end{bmatrix}\\) of \\(a + b\mathbf i + c\mathbf j + d\mathbf k\\): \\(\mathbf 1 = I\\),
    /// \\(\mathbf i = \begin{bmatrix}0 & -1\\\\ 1 & 0\end{bmatrix}\\),
    /// \\(\mathbf j = \begin{bmatrix}0 & -i\\\\ -i & 0\end{bmatrix}\\),
    /// \\(\mathbf k = \begin{bmatrix}i & 0\\\\ 0 & -i\end{bmatrix}\\) (the seed prints −1 for
    /// the last entry of \\(\mathbf k\\), a typo: with it \\(\mathbf k^2 \ne -1\\)). The matrix is
    /// special unitary, and products correspond.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let g = Su2::exp(&Vector3::new(0.5_f64, -1.0, 2.0))?;
    /// let h = Su2::exp(&Vector3::new(-0.2_f64, 0.4, 0.1))?;
    /// let product = g.to_complex_matrix() * h.to_complex_matrix();
    /// assert!((product - g.compose(&h).to_complex_matrix()).norm() < 1e-15);
    /// assert!((g.to_complex_matrix().determinant().re - 1.0).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn to_complex_matrix(&self) -> Matrix2<Complex<T>> {
        let (a, b, c, d) = (self.q.w, self.q.i, self.q.j, self.q.k);
        Matrix2::new(
            Complex::new(a, d),
            Complex::new(-b, -c),
            Complex::new(b, -c),
            Complex::new(a, -d),
        )
    }

    /// The element whose complex form is `m` (the inverse of [`Su2::to_complex_matrix`]).
    ///
    /// # Errors
    /// [`Error::NonFinite`] (index into the entries as re, im pairs, row-major);
    /// [`Error::NotOnManifold`] when `m` is not of the form above within
    /// [`on_group_tolerance`](super::on_group_tolerance), or not unitary.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::{Complex, Matrix2, Vector3};
    /// let g = Su2::exp(&Vector3::new(0.5_f64, -1.0, 2.0))?;
    /// let back = Su2::from_complex_matrix(&g.to_complex_matrix())?;
    /// assert_eq!(back, g);
    /// let not_su2 = Matrix2::new(Complex::new(1.0, 0.0), Complex::new(0.0, 0.0),
    ///                            Complex::new(0.0, 0.0), Complex::new(-1.0, 0.0));
    /// assert!(Su2::from_complex_matrix(&not_su2).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_complex_matrix(m: &Matrix2<Complex<T>>) -> Result<Self> {
        let flat = [
            m[(0, 0)].re,
            m[(0, 0)].im,
            m[(0, 1)].re,
            m[(0, 1)].im,
            m[(1, 0)].re,
            m[(1, 0)].im,
            m[(1, 1)].re,
            m[(1, 1)].im,
        ];
        check_finite(&flat)?;
        let half = T::lit(0.5);
        let (alpha, beta, gamma, delta) = (m[(0, 0)], m[(0, 1)], m[(1, 0)], m[(1, 1)]);
        // The quaternion form needs δ = conj(α) and γ = −conj(β).
        let modulus = |z: Complex<T>| z.re.hypot(z.im);
        let off = modulus(alpha - delta.conj()).max(modulus(beta + gamma.conj())) * half;
        let tolerance = on_group_tolerance::<T>();
        if off > tolerance {
            return Err(Error::NotOnManifold {
                residual: off.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        let a_d = (alpha + delta.conj()) * half;
        let b_c = (beta - gamma.conj()) * half;
        Self::from_quaternion(&Quaternion::new(a_d.re, -b_c.re, -b_c.im, a_d.im))
    }

    /// The algebra element of ω in the complex form, \\(\tfrac12(\omega_x\mathbf i + \omega_y
    /// \mathbf j + \omega_z\mathbf k)\\): traceless and anti-Hermitian, and its matrix
    /// exponential is `Su2::exp(ω).to_complex_matrix()`.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let x = Su2::hat(&Vector3::new(0.2_f64, -0.4, 0.6));
    /// assert!((x + x.adjoint()).norm() < 1e-16); // anti-Hermitian
    /// assert!(x.trace().norm() < 1e-16);
    /// ```
    pub fn hat(omega: &Vector3<T>) -> Matrix2<Complex<T>> {
        let h = omega * T::lit(0.5);
        Matrix2::new(
            Complex::new(T::zero(), h.z),
            Complex::new(-h.x, -h.y),
            Complex::new(h.x, -h.y),
            Complex::new(T::zero(), -h.z),
        )
    }

    /// ω from an element of su(2) in the complex form, the inverse of [`Su2::hat`].
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] if `m` is not traceless anti-Hermitian
    /// within [`on_group_tolerance`](super::on_group_tolerance) times \\(\max(1, |m|)\\);
    /// [`Error::Overflow`] if ω, twice the entries, exceeds the scalar type.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let w = Vector3::new(0.5_f64, 0.25, -1.0);
    /// assert_eq!(Su2::vee(&Su2::hat(&w))?, w);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn vee(m: &Matrix2<Complex<T>>) -> Result<Vector3<T>> {
        let flat = [
            m[(0, 0)].re,
            m[(0, 0)].im,
            m[(0, 1)].re,
            m[(0, 1)].im,
            m[(1, 0)].re,
            m[(1, 0)].im,
            m[(1, 1)].re,
            m[(1, 1)].im,
        ];
        check_finite(&flat)?;
        let hermitian_part = (m + m.adjoint()).norm() * T::lit(0.5);
        let trace = m.trace();
        let residual = hermitian_part.max(trace.re.hypot(trace.im));
        let tolerance = on_group_tolerance::<T>() * T::one().max(m.norm());
        if residual > tolerance {
            return Err(Error::NotOnManifold {
                residual: residual.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        let (alpha, beta, gamma) = (m[(0, 0)], m[(0, 1)], m[(1, 0)]);
        let omega = Vector3::new(
            gamma.re - beta.re,
            -(beta.im + gamma.im),
            alpha.im - m[(1, 1)].im,
        );
        // ω = 2·(entries): near the largest float it exceeds the scalar type.
        if omega.iter().all(|x| x.is_finite()) {
            Ok(omega)
        } else {
            Err(Error::Overflow {
                value: m
                    .iter()
                    .fold(0.0, |acc, z| acc.max(z.re.abs().max(z.im.abs()).as_f64())),
            })
        }
    }

    /// The rotated point \\(q\,p\,q^\ast\\).
    ///
    /// # Errors
    /// As [`So3::act`].
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let g = Su2::exp(&Vector3::new(0.0, 0.0, core::f64::consts::FRAC_PI_2))?;
    /// assert!((g.act(&Vector3::x())? - Vector3::y()).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn act(&self, p: &Vector3<T>) -> Result<Vector3<T>> {
        rotate(&self.q, p)
    }

    /// The adjoint, the rotation matrix of q (as for SO(3)).
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let g = Su2::exp(&Vector3::new(0.1_f64, 0.2, 0.3))?;
    /// assert!((g.adjoint() - g.to_so3().matrix()).norm() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn adjoint(&self) -> Matrix3<T> {
        super::quaternion::rotation_matrix(&self.q)
    }

    /// The geodesic of \\(S^3\\) from `self` (t = 0) to `other` (t = 1),
    /// \\(a\exp(t\log(a^{-1}b))\\): unlike SO(3) slerp it does not switch to −b when that is
    /// nearer.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for non-finite `t`; [`Error::Overflow`] (naming `t`) when a huge
    /// finite `t` overflows \\(t\log(a^{-1}b)\\); [`Error::CutLocus`] when \\(a^{-1}b\\) is
    /// exactly −1 (`other` = −`self` for `self` = ±1, or any pair whose product rounds to −1).
    /// When rounding leaves \\(a^{-1}b\\) merely next to −1, the path exists but its direction
    /// is ill-conditioned, as for [`Su2::log`].
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use nalgebra::Vector3;
    /// let a = Su2::<f64>::identity();
    /// let b = Su2::exp(&Vector3::new(0.0, 0.0, 5.0))?;
    /// let mid = a.interpolate(&b, 0.5)?;
    /// assert!((mid.log()? - Vector3::new(0.0, 0.0, 2.5)).norm() < 1e-14);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        check_finite(&[t])?;
        let delta = finite_or_overflow(self.inverse().compose(other).log()? * t, t)?;
        Ok(self.compose(&Su2::exp(&delta)?))
    }

    /// A unit quaternion uniform on \\(S^3\\) (the Haar measure of SU(2)), by Shoemake's method.
    ///
    /// ```
    /// use geoml::lie::Su2;
    /// use rand::{rngs::StdRng, SeedableRng};
    /// let g = Su2::<f64>::random_uniform(&mut StdRng::seed_from_u64(5));
    /// assert!((g.quaternion().norm() - 1.0).abs() < 1e-15);
    /// ```
    pub fn random_uniform<R: Rng + ?Sized>(rng: &mut R) -> Self {
        Su2 {
            q: uniform_unit_quaternion(rng),
        }
    }
}

impl<T: Real> PartialEq for Su2<T> {
    /// Equality of the stored quaternions (q and −q differ in SU(2)).
    fn eq(&self, other: &Self) -> bool {
        self.q.coords == other.q.coords
    }
}

impl<T: Real> core::ops::Mul for Su2<T> {
    type Output = Su2<T>;
    /// [`Su2::compose`].
    fn mul(self, rhs: Su2<T>) -> Su2<T> {
        self.compose(&rhs)
    }
}

impl<T: Real> LieGroup<T, 3> for Su2<T> {
    fn identity() -> Self {
        Su2::identity()
    }
    fn compose(&self, other: &Self) -> Result<Self> {
        Ok(Su2::compose(self, other))
    }
    fn inverse(&self) -> Result<Self> {
        Ok(Su2::inverse(self))
    }
    fn exp(xi: &Vector3<T>) -> Result<Self> {
        Su2::exp(xi)
    }
    fn log(&self) -> Result<Vector3<T>> {
        Su2::log(self)
    }
    fn adjoint(&self) -> Result<Matrix3<T>> {
        Ok(Su2::adjoint(self))
    }
    fn left_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian(xi, T::one())
    }
    fn right_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian(xi, -T::one())
    }
    fn left_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian_inverse(xi, T::one())
    }
    fn right_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian_inverse(xi, -T::one())
    }
    fn residual(&self) -> T {
        (self.q.norm() - T::one()).abs()
    }
    fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        Su2::interpolate(self, other, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(w: f64, i: f64, j: f64, k: f64) -> Su2<f64> {
        Su2::from_quaternion(&Quaternion::new(w, i, j, k)).unwrap()
    }

    #[test]
    fn the_complex_basis_satisfies_hamiltons_rules() {
        let one = Su2::<f64>::identity().to_complex_matrix();
        let (i, j, k) = (
            unit(0.0, 1.0, 0.0, 0.0).to_complex_matrix(),
            unit(0.0, 0.0, 1.0, 0.0).to_complex_matrix(),
            unit(0.0, 0.0, 0.0, 1.0).to_complex_matrix(),
        );
        for square in [i * i, j * j, k * k, i * j * k] {
            assert_eq!(square, -one);
        }
        assert_eq!(i * j, k);
        assert_eq!(j * k, i);
        assert_eq!(k * i, j);
    }

    #[test]
    fn covers_so3_twice() {
        let w = Vector3::new(0.3_f64, -0.4, 1.2);
        let g = Su2::exp(&w).unwrap();
        let minus_g = Su2::from_quaternion(&-g.quaternion()).unwrap();
        assert_ne!(g, minus_g);
        assert!(g.to_so3().angle_to(&minus_g.to_so3()) < 1e-15);
        assert!((g.adjoint() - minus_g.adjoint()).amax() < 1e-16);
        // Their logs differ: |ω| and 2π − |ω| about opposite axes.
        let (a, b) = (g.log().unwrap(), minus_g.log().unwrap());
        assert!((a.norm() + b.norm() - 2.0 * core::f64::consts::PI).abs() < 1e-14);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(Su2::exp(&Vector3::new(f64::NAN, 0.0, 0.0)).is_err());
        assert!(Su2::from_quaternion(&Quaternion::new(2.0_f64, 0.0, 0.0, 0.0)).is_err());
        assert!(
            Su2::from_quaternion_normalizing(&Quaternion::new(0.0_f64, 0.0, 0.0, 0.0)).is_err()
        );
        let mut m = Su2::<f64>::identity().to_complex_matrix();
        m[(0, 1)] = Complex::new(0.5, 0.0); // breaks γ = −conj(β)
        assert!(matches!(
            Su2::from_complex_matrix(&m),
            Err(Error::NotOnManifold { .. })
        ));
        m[(0, 1)] = Complex::new(f64::NAN, 0.0);
        assert!(matches!(
            Su2::from_complex_matrix(&m),
            Err(Error::NonFinite { index: 2, .. })
        ));
        let hermitian = Matrix2::new(
            Complex::new(1.0_f64, 0.0),
            Complex::new(0.0, 0.0),
            Complex::new(0.0, 0.0),
            Complex::new(-1.0, 0.0),
        );
        assert!(Su2::vee(&hermitian).is_err());
        let minus_one = unit(-1.0, 0.0, 0.0, 0.0);
        assert!(matches!(minus_one.log(), Err(Error::CutLocus { .. })));
        let id = Su2::identity();
        assert!(matches!(
            id.interpolate(&minus_one, 0.5),
            Err(Error::CutLocus { .. })
        ));
    }

    #[test]
    fn a_huge_finite_interpolation_time_is_an_overflow() {
        let a = Su2::exp(&Vector3::new(0.3, -0.2, 0.1)).unwrap();
        let b = Su2::exp(&Vector3::new(0.0, 1.0, 0.0)).unwrap();
        assert!(matches!(
            a.interpolate(&b, f64::MAX),
            Err(Error::Overflow { value }) if value == f64::MAX
        ));
    }

    #[test]
    fn near_the_cut_locus_the_log_still_exists() {
        let w = Vector3::new(0.0, 0.0, 2.0 * core::f64::consts::PI - 1e-6);
        let g = Su2::exp(&w).unwrap();
        assert!((g.log().unwrap() - w).norm() < 1e-9);
    }
}
