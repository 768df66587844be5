//! SO(2), the rotations of the plane, stored as unit complex numbers.

use super::group::LieGroup;
use super::quaternion::{on_group_tolerance, robust_norm};
use super::random::uniform_unit;
use crate::{Error, Real, Result, check_finite};
use nalgebra::{Complex, Matrix1, Matrix2, Vector1, Vector2};
use rand_core::Rng;

/// A rotation of the plane: an element of SO(2), stored as the unit complex number
/// \\(z = \cos\theta + i\sin\theta = e^{i\theta}\\).
///
/// Seed 004's two pictures of a plane rotation are the same group: multiplying complex numbers
/// \\(e^{i\theta}e^{i\beta} = e^{i(\theta+\beta)}\\) is multiplying the matrices
/// \\(\begin{bmatrix}\cos\theta & -\sin\theta\\\\ \sin\theta & \cos\theta\end{bmatrix}\\), and
/// \\(a + bi \mapsto \begin{bmatrix}a & -b\\\\ b & a\end{bmatrix}\\) turns one into the other.
/// The Lie algebra so(2) is \\(\mathbb{R}\\): [`So2::hat`] sends θ to \\(\theta G\\) with the
/// generator \\(G = \begin{bmatrix}0 & -1\\\\ 1 & 0\end{bmatrix}\\), and \\(\exp(\theta G)\\) is
/// the rotation by θ. The group is abelian, so the adjoint and both Jacobians are 1.
///
/// ```
/// use geoml::lie::So2;
/// use nalgebra::{Complex, Vector2};
/// use core::f64::consts::FRAC_PI_2;
///
/// let quarter = So2::exp(FRAC_PI_2)?;
/// // As a complex number it is i; as a matrix it sends x to y.
/// assert!((quarter.to_complex() - Complex::new(0.0, 1.0)).norm() < 1e-16);
/// assert!((quarter.matrix() * Vector2::x() - Vector2::y()).norm() < 1e-16);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct So2<T> {
    z: Complex<T>,
}

impl<T: Real> So2<T> {
    /// The identity rotation, z = 1.
    ///
    /// ```
    /// use geoml::lie::So2;
    /// assert_eq!(So2::<f64>::identity().log(), 0.0);
    /// ```
    pub fn identity() -> Self {
        So2 {
            z: Complex::new(T::one(), T::zero()),
        }
    }

    /// The rotation by θ radians (counter-clockwise), \\(e^{i\theta}\\): the exponential map.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite θ.
    ///
    /// ```
    /// use geoml::lie::So2;
    /// let r = So2::exp(0.5_f32)?;
    /// assert!((r.log() - 0.5).abs() < 1e-7);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn exp(theta: T) -> Result<Self> {
        check_finite(&[theta])?;
        let (s, c) = theta.sin_cos();
        Ok(So2 {
            z: Complex::new(c, s),
        })
    }

    /// The angle θ ∈ (−π, π] with \\(e^{i\theta} = z\\), `atan2(sin, cos)`: the principal
    /// logarithm.
    ///
    /// ```
    /// use geoml::lie::So2;
    /// let r = So2::exp(3.0_f64 * core::f64::consts::PI / 2.0)?; // wraps to −π/2
    /// assert!((r.log() + core::f64::consts::FRAC_PI_2).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn log(&self) -> T {
        self.z.im.atan2(self.z.re)
    }

    /// The rotation of a unit complex number.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when \\(|\,|z| - 1|\\) exceeds
    /// [`on_group_tolerance`](super::on_group_tolerance).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// use nalgebra::Complex;
    /// assert!(So2::from_complex(&Complex::new(0.6_f64, 0.8)).is_ok());
    /// assert!(So2::from_complex(&Complex::new(1.0_f64, 1.0)).is_err());
    /// ```
    pub fn from_complex(z: &Complex<T>) -> Result<Self> {
        check_finite(&[z.re, z.im])?;
        let n = robust_norm(&[z.re, z.im]);
        let residual = (n - T::one()).abs();
        let tolerance = on_group_tolerance::<T>();
        if residual > tolerance {
            return Err(Error::NotOnManifold {
                residual: residual.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        Ok(So2 { z: z / n })
    }

    /// The rotation of \\(z/|z|\\) for any finite non-zero complex number: its argument.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] (residual 1) for z = 0.
    ///
    /// ```
    /// use geoml::lie::So2;
    /// use nalgebra::Complex;
    /// let r = So2::from_complex_normalizing(&Complex::new(1.0_f64, 1.0))?;
    /// assert!((r.log() - core::f64::consts::FRAC_PI_4).abs() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_complex_normalizing(z: &Complex<T>) -> Result<Self> {
        check_finite(&[z.re, z.im])?;
        let scale = z.re.abs().max(z.im.abs());
        if scale == T::zero() {
            return Err(Error::NotOnManifold {
                residual: 1.0,
                tolerance: on_group_tolerance::<T>().as_f64(),
            });
        }
        let w = z / scale;
        Ok(So2 {
            z: w / w.re.hypot(w.im),
        })
    }

    /// The unit complex number \\(\cos\theta + i\sin\theta\\).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// let z = So2::exp(0.0_f64)?.to_complex();
    /// assert_eq!((z.re, z.im), (1.0, 0.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn to_complex(&self) -> Complex<T> {
        self.z
    }

    /// The rotation with matrix `m`.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when \\(\max(\lVert m^\top m - I\rVert_F,
    /// |\det m - 1|)\\) exceeds [`on_group_tolerance`](super::on_group_tolerance) (every
    /// reflection of O(2) does).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// use nalgebra::Matrix2;
    /// let (c, s) = (0.6_f64, 0.8);
    /// assert!(So2::from_matrix(&Matrix2::new(c, -s, s, c)).is_ok());
    /// assert!(So2::from_matrix(&Matrix2::new(c, s, s, -c)).is_err()); // a reflection
    /// ```
    pub fn from_matrix(m: &Matrix2<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        let gram = m.transpose() * m - Matrix2::identity();
        let residual = gram.norm().max((m.determinant() - T::one()).abs());
        let tolerance = on_group_tolerance::<T>();
        if !residual.is_finite() || residual > tolerance {
            return Err(Error::NotOnManifold {
                residual: residual.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        Self::from_matrix_nearest(m)
    }

    /// The rotation nearest to `m` in the Frobenius norm. For 2×2 matrices the polar
    /// projection has a closed form: the rotation by \\(\mathrm{atan2}(m_{10} - m_{01},\
    /// m_{00} + m_{11})\\) maximises \\(\operatorname{tr}(R^\top m)\\); it equals
    /// [`nearest_rotation`](super::nearest_rotation) (the SVD route) without iterating. When
    /// every rotation is equally near (both arguments zero, e.g. a reflection) the identity is
    /// returned.
    ///
    /// # Errors
    /// [`Error::NonFinite`].
    ///
    /// ```
    /// use geoml::lie::So2;
    /// use nalgebra::Matrix2;
    /// let noisy = Matrix2::new(0.01_f64, -1.02, 0.98, -0.03);
    /// let r = So2::from_matrix_nearest(&noisy)?;
    /// assert!((r.log() - core::f64::consts::FRAC_PI_2).abs() < 0.05);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_matrix_nearest(m: &Matrix2<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        let re = m[(0, 0)] + m[(1, 1)];
        let im = m[(1, 0)] - m[(0, 1)];
        if re == T::zero() && im == T::zero() {
            return Ok(So2::identity());
        }
        // Sums of finite numbers may overflow; halving first keeps them finite.
        let half = T::lit(0.5);
        let z = Complex::new(
            m[(0, 0)] * half + m[(1, 1)] * half,
            m[(1, 0)] * half - m[(0, 1)] * half,
        );
        // Halving the smallest subnormals rounds them to 0, which the normalisation would
        // reject: then the sums themselves, which are tiny and so cannot have overflowed
        // (found by fuzzing, issue 9: an undocumented NotOnManifold).
        let z = if z.re == T::zero() && z.im == T::zero() {
            Complex::new(re, im)
        } else {
            z
        };
        Self::from_complex_normalizing(&z)
    }

    /// The rotation matrix \\(\begin{bmatrix}\cos\theta & -\sin\theta\\\\ \sin\theta &
    /// \cos\theta\end{bmatrix}\\).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// let m = So2::exp(0.3_f64)?.matrix();
    /// assert!((m.determinant() - 1.0).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn matrix(&self) -> Matrix2<T> {
        Matrix2::new(self.z.re, -self.z.im, self.z.im, self.z.re)
    }

    /// The product, complex multiplication \\(z_1 z_2\\) (renormalised by one Newton step so
    /// long chains stay on the circle).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// let sum = So2::exp(0.25_f64)?.compose(&So2::exp(0.5)?);
    /// assert!((sum.log() - 0.75).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn compose(&self, other: &Self) -> Self {
        let z = self.z * other.z;
        let n2 = z.norm_sqr();
        So2 {
            z: z * ((T::lit(3.0) - n2) * T::lit(0.5)),
        }
    }

    /// The inverse rotation, the complex conjugate.
    ///
    /// ```
    /// use geoml::lie::So2;
    /// let r = So2::exp(1.0_f64)?;
    /// assert!(r.compose(&r.inverse()).log().abs() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn inverse(&self) -> Self {
        So2 { z: self.z.conj() }
    }

    /// The rotated point, \\(z\,(x + iy)\\) read back as a vector.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite `p`; [`Error::Overflow`] if the result overflows.
    ///
    /// ```
    /// use geoml::lie::So2;
    /// use nalgebra::Vector2;
    /// let p = So2::exp(core::f64::consts::PI)?.act(&Vector2::new(1.0, 2.0))?;
    /// assert!((p - Vector2::new(-1.0, -2.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn act(&self, p: &Vector2<T>) -> Result<Vector2<T>> {
        check_finite(p.as_slice())?;
        let out = self.matrix() * p;
        if out.iter().all(|x| x.is_finite()) {
            Ok(out)
        } else {
            Err(Error::Overflow {
                value: p.amax().as_f64(),
            })
        }
    }

    /// The algebra element \\(\theta G = \begin{bmatrix}0 & -\theta\\\\ \theta & 0\end{bmatrix}\\),
    /// seed 000's skew generator. A linear relabelling (non-finite in, non-finite out).
    ///
    /// ```
    /// use geoml::lie::{expm, So2};
    /// // The matrix exponential of the generator is the rotation matrix.
    /// let e = expm(&So2::hat(0.7_f64))?;
    /// assert!((e - So2::exp(0.7)?.matrix()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn hat(theta: T) -> Matrix2<T> {
        Matrix2::new(T::zero(), -theta, theta, T::zero())
    }

    /// θ from a skew 2×2 matrix, \\((m_{10} - m_{01})/2\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] if the symmetric part exceeds
    /// [`on_group_tolerance`](super::on_group_tolerance) times \\(\max(1, \max|m|)\\).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// assert_eq!(So2::vee(&So2::hat(2.5_f64))?, 2.5);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn vee(m: &Matrix2<T>) -> Result<T> {
        super::so3::check_skew(m)?;
        Ok(super::so3::half_difference(m[(1, 0)], m[(0, 1)]))
    }

    /// The adjoint, 1: SO(2) is abelian, \\(g\exp(\theta)g^{-1} = \exp(\theta)\\).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// assert_eq!(So2::exp(2.0_f64)?.adjoint(), 1.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn adjoint(&self) -> T {
        T::one()
    }

    /// Linear interpolation of the angle along the shorter arc:
    /// \\(a\exp(t\log(a^{-1}b))\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite `t`.
    ///
    /// ```
    /// use geoml::lie::So2;
    /// let a = So2::exp(3.0_f64)?;
    /// let b = So2::exp(-3.0_f64)?; // 0.28 rad away across ±π, not 6 rad
    /// let mid = a.interpolate(&b, 0.5)?;
    /// assert!((mid.log().abs() - core::f64::consts::PI).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        check_finite(&[t])?;
        let delta = self.inverse().compose(other).log();
        Ok(self.compose(&So2::exp(delta * t)?))
    }

    /// A rotation with angle uniform on [−π, π) (the Haar measure).
    ///
    /// ```
    /// use geoml::lie::So2;
    /// use rand::{rngs::StdRng, SeedableRng};
    /// let r = So2::<f32>::random_uniform(&mut StdRng::seed_from_u64(1));
    /// assert!((r.to_complex().norm() - 1.0).abs() < 1e-6);
    /// ```
    pub fn random_uniform<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let u: T = uniform_unit(rng);
        let (s, c) = (T::two_pi() * u - T::pi()).sin_cos();
        So2 {
            z: Complex::new(c, s),
        }
    }
}

impl<T: Real> core::ops::Mul for So2<T> {
    type Output = So2<T>;
    /// [`So2::compose`].
    fn mul(self, rhs: So2<T>) -> So2<T> {
        self.compose(&rhs)
    }
}

impl<T: Real> LieGroup<T, 1> for So2<T> {
    fn identity() -> Self {
        So2::identity()
    }
    fn compose(&self, other: &Self) -> Result<Self> {
        Ok(So2::compose(self, other))
    }
    fn inverse(&self) -> Result<Self> {
        Ok(So2::inverse(self))
    }
    fn exp(xi: &Vector1<T>) -> Result<Self> {
        So2::exp(xi.x)
    }
    fn log(&self) -> Result<Vector1<T>> {
        Ok(Vector1::new(So2::log(self)))
    }
    fn adjoint(&self) -> Result<Matrix1<T>> {
        Ok(Matrix1::identity())
    }
    fn left_jacobian(xi: &Vector1<T>) -> Result<Matrix1<T>> {
        check_finite(xi.as_slice())?;
        Ok(Matrix1::identity())
    }
    fn right_jacobian(xi: &Vector1<T>) -> Result<Matrix1<T>> {
        check_finite(xi.as_slice())?;
        Ok(Matrix1::identity())
    }
    fn left_jacobian_inverse(xi: &Vector1<T>) -> Result<Matrix1<T>> {
        check_finite(xi.as_slice())?;
        Ok(Matrix1::identity())
    }
    fn right_jacobian_inverse(xi: &Vector1<T>) -> Result<Matrix1<T>> {
        check_finite(xi.as_slice())?;
        Ok(Matrix1::identity())
    }
    fn residual(&self) -> T {
        (self.z.re.hypot(self.z.im) - T::one()).abs()
    }
    fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        So2::interpolate(self, other, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lie::nearest_rotation;
    use rand::{SeedableRng, rngs::StdRng};

    #[test]
    fn complex_numbers_and_matrices_are_the_same_group() {
        // Seed 004: a + bi ↦ [[a, −b], [b, a]] turns products into products.
        let (a, b) = (So2::exp(0.4_f64).unwrap(), So2::exp(-1.3_f64).unwrap());
        let product = a.to_complex() * b.to_complex();
        let m = a.matrix() * b.matrix();
        assert!((m - Matrix2::new(product.re, -product.im, product.im, product.re)).amax() < 1e-16);
        assert!((a.compose(&b).log() - (0.4 - 1.3)).abs() < 1e-15);
    }

    #[test]
    fn nearest_rotation_closed_form_equals_the_svd() {
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..200 {
            let m = Matrix2::<f64>::from_fn(|_, _| crate::lie::random::standard_normal(&mut rng));
            let closed = So2::from_matrix_nearest(&m).unwrap().matrix();
            let svd = nearest_rotation(&m).unwrap();
            assert!((closed - svd).amax() < 1e-12, "{m}");
        }
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(So2::exp(f32::NAN).is_err());
        assert!(So2::from_complex(&Complex::new(0.0_f64, 2.0)).is_err());
        assert!(So2::from_complex_normalizing(&Complex::new(0.0_f64, 0.0)).is_err());
        assert!(So2::from_matrix(&Matrix2::new(0.0_f64, 1.0, 1.0, 0.0)).is_err());
        assert!(So2::from_matrix_nearest(&Matrix2::new(f64::NAN, 1.0, 1.0, 0.0)).is_err());
        assert!(So2::vee(&Matrix2::new(1.0_f64, 0.0, 0.0, 1.0)).is_err());
        let r = So2::exp(1.0_f64).unwrap();
        assert!(r.act(&Vector2::new(f64::INFINITY, 0.0)).is_err());
        assert!(r.interpolate(&r, f64::INFINITY).is_err());
        // Finite but huge: overflow is reported, not returned.
        let diag = So2::exp(core::f64::consts::FRAC_PI_4).unwrap();
        assert!(matches!(
            diag.act(&Vector2::new(f64::MAX, f64::MAX)),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn long_products_stay_on_the_circle() {
        let step = So2::exp(0.1_f32).unwrap();
        let mut r = So2::identity();
        for _ in 0..100_000 {
            r = r * step;
        }
        assert!(LieGroup::residual(&r) <= 2.0 * f32::EPSILON);
    }

    #[test]
    fn uniform_angles_are_uniform() {
        let mut rng = StdRng::seed_from_u64(8);
        let mut quadrants = [0usize; 4];
        for _ in 0..8000 {
            let theta = So2::<f64>::random_uniform(&mut rng).log();
            let q = ((theta + core::f64::consts::PI) / core::f64::consts::FRAC_PI_2) as usize;
            quadrants[q.min(3)] += 1;
        }
        assert!(
            quadrants.iter().all(|&n| (1850..2150).contains(&n)),
            "{quadrants:?}"
        );
    }
}
