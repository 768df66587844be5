//! SE(2), the rigid motions of the plane.

use super::coefficients::{
    half_cot_half, one_minus_cos_over_square, sinc, theta_minus_sin_over_cube,
};
use super::group::{LieGroup, finite_or_overflow};
use super::quaternion::on_group_tolerance;
use super::random::uniform_unit;
use super::so2::So2;
use crate::{Error, Real, Result, check_finite};
use nalgebra::{Matrix2, Matrix3, Vector2, Vector3};
use rand_core::Rng;

/// A rigid motion of the plane, \\(p \mapsto Rp + t\\): an element of SE(2), stored as an
/// [`So2`] rotation and a translation, with homogeneous matrix
/// \\(\begin{bmatrix}R & t\\\\ 0 & 1\end{bmatrix}\\).
///
/// Tangent vectors are ξ = (ρ_x, ρ_y, θ), translational part first. The exponential is
/// \\(\exp\xi = (R(\theta),\ V(\theta)\rho)\\) with
/// \\(V = \begin{bmatrix}\operatorname{sinc}\theta & -\frac{1-\cos\theta}{\theta}\\\\
/// \frac{1-\cos\theta}{\theta} & \operatorname{sinc}\theta\end{bmatrix}\\) and
/// \\(V^{-1} = \begin{bmatrix}h\cot h & h\\\\ -h & h\cot h\end{bmatrix}\\), h = θ/2: neither
/// cancels, so no series is needed beyond `sinc`'s.
///
/// Operations that move the translation can overflow for translations near the largest float
/// and return [`Error::Overflow`] then; that is why `compose` and `inverse` are fallible here.
///
/// ```
/// use geoml::lie::Se2;
/// use nalgebra::{Vector2, Vector3};
/// use core::f64::consts::PI;
///
/// // Drive a quarter circle of radius 1: forward π/2 while turning π/2.
/// let arc = Se2::exp(&Vector3::new(PI / 2.0, 0.0, PI / 2.0))?;
/// assert!((arc.translation() - Vector2::new(1.0, 1.0)).norm() < 1e-15);
/// assert!((arc.log()? - Vector3::new(PI / 2.0, 0.0, PI / 2.0)).norm() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Se2<T> {
    rotation: So2<T>,
    translation: Vector2<T>,
}

impl<T: Real> Se2<T> {
    /// The identity motion.
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// assert_eq!(Se2::<f64>::identity().translation().norm(), 0.0);
    /// ```
    pub fn identity() -> Self {
        Se2 {
            rotation: So2::identity(),
            translation: Vector2::zeros(),
        }
    }

    /// The motion \\(p \mapsto Rp + t\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite translation.
    ///
    /// ```
    /// use geoml::lie::{Se2, So2};
    /// use nalgebra::Vector2;
    /// let g = Se2::new(So2::exp(0.5_f64)?, Vector2::new(1.0, 2.0))?;
    /// assert_eq!(g.translation(), Vector2::new(1.0, 2.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn new(rotation: So2<T>, translation: Vector2<T>) -> Result<Self> {
        check_finite(translation.as_slice())?;
        Ok(Se2 {
            rotation,
            translation,
        })
    }

    /// The rotation part R.
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// assert_eq!(Se2::<f32>::identity().rotation().log(), 0.0);
    /// ```
    pub fn rotation(&self) -> So2<T> {
        self.rotation
    }

    /// The translation part t.
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// assert_eq!(Se2::<f32>::identity().translation().x, 0.0);
    /// ```
    pub fn translation(&self) -> Vector2<T> {
        self.translation
    }

    /// The motion with homogeneous matrix `m`.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when the rotation block is not a
    /// rotation (see [`So2::from_matrix`]) or the last row differs from (0, 0, 1) by more than
    /// [`on_group_tolerance`](super::on_group_tolerance).
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Matrix3;
    /// let m = Matrix3::new(0.0_f64, -1.0, 2.0, 1.0, 0.0, 3.0, 0.0, 0.0, 1.0);
    /// assert_eq!(Se2::from_matrix(&m)?.matrix(), m);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_matrix(m: &Matrix3<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        check_last_row(&[m[(2, 0)], m[(2, 1)]], m[(2, 2)])?;
        let rotation = So2::from_matrix(&m.fixed_view::<2, 2>(0, 0).into_owned())?;
        Se2::new(rotation, m.fixed_view::<2, 1>(0, 2).into_owned())
    }

    /// The motion nearest to `m` in the Frobenius norm: the nearest rotation to the top-left
    /// block (see [`So2::from_matrix_nearest`]) and the translation column as it is; the last
    /// row is ignored.
    ///
    /// # Errors
    /// [`Error::NonFinite`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Matrix3;
    /// let m = Matrix3::new(1.01_f64, 0.02, 5.0, -0.01, 0.99, 6.0, 0.0, 0.0, 1.0);
    /// let g = Se2::from_matrix_nearest(&m)?;
    /// assert!(g.rotation().log().abs() < 0.02);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_matrix_nearest(m: &Matrix3<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        let rotation = So2::from_matrix_nearest(&m.fixed_view::<2, 2>(0, 0).into_owned())?;
        Se2::new(rotation, m.fixed_view::<2, 1>(0, 2).into_owned())
    }

    /// The homogeneous 3×3 matrix \\(\begin{bmatrix}R & t\\\\ 0 & 1\end{bmatrix}\\).
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// assert_eq!(Se2::<f64>::identity().matrix(), nalgebra::Matrix3::identity());
    /// ```
    pub fn matrix(&self) -> Matrix3<T> {
        let r = self.rotation.matrix();
        let t = self.translation;
        Matrix3::new(
            r[(0, 0)],
            r[(0, 1)],
            t.x,
            r[(1, 0)],
            r[(1, 1)],
            t.y,
            T::zero(),
            T::zero(),
            T::one(),
        )
    }

    /// The matrix V(θ) of the exponential, \\(t = V\rho\\) (see the type's documentation).
    ///
    /// # Errors
    /// [`Error::NonFinite`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// let v = Se2::v_matrix(1e-9_f64)?;
    /// assert!((v - nalgebra::Matrix2::identity()).amax() < 1e-9);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn v_matrix(theta: T) -> Result<Matrix2<T>> {
        check_finite(&[theta])?;
        let a = sinc(theta);
        let b = theta * one_minus_cos_over_square(theta);
        Ok(Matrix2::new(a, -b, b, a))
    }

    /// The inverse \\(V^{-1}(\theta) = \begin{bmatrix}h\cot h & h\\\\ -h & h\cot h
    /// \end{bmatrix}\\), h = θ/2.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Singular`] where V is singular (θ a non-zero multiple of
    /// 2π exactly in floating point).
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// let product = Se2::v_matrix(2.0_f64)? * Se2::v_matrix_inverse(2.0)?;
    /// assert!((product - nalgebra::Matrix2::identity()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn v_matrix_inverse(theta: T) -> Result<Matrix2<T>> {
        check_finite(&[theta])?;
        let d = half_cot_half(theta);
        if !d.is_finite() {
            return Err(Error::Singular {
                value: sinc(theta * T::lit(0.5)).as_f64(),
            });
        }
        let h = theta * T::lit(0.5);
        Ok(Matrix2::new(d, h, -h, d))
    }

    /// The exponential \\(\exp(\rho, \theta) = (R(\theta), V(\theta)\rho)\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`] if the translation overflows.
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::{Vector2, Vector3};
    /// // With θ = 0 the exponential is a pure translation by ρ.
    /// let g = Se2::exp(&Vector3::new(2.0_f64, -1.0, 0.0))?;
    /// assert_eq!(g.translation(), Vector2::new(2.0, -1.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn exp(xi: &Vector3<T>) -> Result<Self> {
        check_finite(xi.as_slice())?;
        let rho = Vector2::new(xi.x, xi.y);
        let t = finite_or_overflow(Self::v_matrix(xi.z)? * rho, xi.amax())?;
        Ok(Se2 {
            rotation: So2::exp(xi.z)?,
            translation: t,
        })
    }

    /// The principal logarithm (ρ, θ), θ ∈ (−π, π], \\(\rho = V^{-1}(\theta)\,t\\).
    ///
    /// # Errors
    /// [`Error::Overflow`] if ρ overflows (t within a factor 2 of the largest float).
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Vector3;
    /// let xi = Vector3::new(0.3_f32, -0.7, 2.0);
    /// assert!((Se2::exp(&xi)?.log()? - xi).norm() < 1e-6);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn log(&self) -> Result<Vector3<T>> {
        let theta = self.rotation.log();
        let rho = finite_or_overflow(
            Self::v_matrix_inverse(theta)? * self.translation,
            self.translation.amax(),
        )?;
        Ok(Vector3::new(rho.x, rho.y, theta))
    }

    /// The product: \\((R_1, t_1)(R_2, t_2) = (R_1R_2,\ R_1t_2 + t_1)\\).
    ///
    /// # Errors
    /// [`Error::Overflow`] if the translation overflows.
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Vector3;
    /// let a = Se2::exp(&Vector3::new(1.0_f64, 0.0, 0.5))?;
    /// let b = Se2::exp(&Vector3::new(0.0_f64, 2.0, -0.2))?;
    /// assert!((a.compose(&b)?.matrix() - a.matrix() * b.matrix()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn compose(&self, other: &Self) -> Result<Self> {
        let t = self.rotation.matrix() * other.translation + self.translation;
        let input = self.translation.amax().max(other.translation.amax());
        Ok(Se2 {
            rotation: self.rotation.compose(&other.rotation),
            translation: finite_or_overflow(t, input)?,
        })
    }

    /// The inverse \\((R^\top, -R^\top t)\\).
    ///
    /// # Errors
    /// [`Error::Overflow`] in the corner case |t| > largest float / √2.
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Vector3;
    /// let a = Se2::exp(&Vector3::new(1.0_f64, -3.0, 2.5))?;
    /// assert!(a.compose(&a.inverse()?)?.log()?.norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn inverse(&self) -> Result<Self> {
        let r_inv = self.rotation.inverse();
        let t = -(r_inv.matrix() * self.translation);
        Ok(Se2 {
            rotation: r_inv,
            translation: finite_or_overflow(t, self.translation.amax())?,
        })
    }

    /// The moved point \\(Rp + t\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for non-finite `p`; [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::{Se2, So2};
    /// use nalgebra::Vector2;
    /// let g = Se2::new(So2::exp(core::f64::consts::FRAC_PI_2)?, Vector2::new(1.0, 0.0))?;
    /// assert!((g.act(&Vector2::new(1.0, 0.0))? - Vector2::new(1.0, 1.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn act(&self, p: &Vector2<T>) -> Result<Vector2<T>> {
        check_finite(p.as_slice())?;
        let out = self.rotation.matrix() * p + self.translation;
        finite_or_overflow(out, p.amax().max(self.translation.amax()))
    }

    /// The algebra element \\(\begin{bmatrix}\theta G & \rho\\\\ 0 & 0\end{bmatrix}\\),
    /// \\(G = \begin{bmatrix}0 & -1\\\\ 1 & 0\end{bmatrix}\\).
    ///
    /// ```
    /// use geoml::lie::{expm, Se2};
    /// use nalgebra::Vector3;
    /// let xi = Vector3::new(0.5_f64, -1.0, 0.8);
    /// assert!((expm(&Se2::hat(&xi))? - Se2::exp(&xi)?.matrix()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn hat(xi: &Vector3<T>) -> Matrix3<T> {
        let z = T::zero();
        Matrix3::new(z, -xi.z, xi.x, xi.z, z, xi.y, z, z, z)
    }

    /// (ρ, θ) from an algebra element, the inverse of [`Se2::hat`].
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] if the rotation block is not skew or
    /// the last row is not zero (within [`on_group_tolerance`](super::on_group_tolerance)
    /// times \\(\max(1, \max|m|)\\)).
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Vector3;
    /// let xi = Vector3::new(0.5_f64, -1.0, 0.8);
    /// assert_eq!(Se2::vee(&Se2::hat(&xi))?, xi);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn vee(m: &Matrix3<T>) -> Result<Vector3<T>> {
        check_finite(m.as_slice())?;
        let tolerance = on_group_tolerance::<T>() * T::one().max(m.amax());
        let last = m.row(2).amax();
        if last > tolerance {
            return Err(Error::NotOnManifold {
                residual: last.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        let theta = So2::vee(&m.fixed_view::<2, 2>(0, 0).into_owned())?;
        Ok(Vector3::new(m[(0, 2)], m[(1, 2)], theta))
    }

    /// The adjoint \\(\mathrm{Ad}(R, t) = \begin{bmatrix}R & (t_y, -t_x)^\top\\\\ 0 & 1
    /// \end{bmatrix}\\), so that \\(g\exp(\xi)g^{-1} = \exp(\mathrm{Ad}(g)\xi)\\).
    ///
    /// # Errors
    /// None in practice (the entries are those of R and t); the `Result` keeps the
    /// signature of [`LieGroup`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Vector3;
    /// let g = Se2::exp(&Vector3::new(1.0_f64, 2.0, 0.3))?;
    /// let xi = Vector3::new(0.1, -0.2, 0.05);
    /// let lhs = g.compose(&Se2::exp(&xi)?)?.compose(&g.inverse()?)?.log()?;
    /// assert!((lhs - g.adjoint()? * xi).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn adjoint(&self) -> Result<Matrix3<T>> {
        let r = self.rotation.matrix();
        let t = self.translation;
        Ok(Matrix3::new(
            r[(0, 0)],
            r[(0, 1)],
            t.y,
            r[(1, 0)],
            r[(1, 1)],
            -t.x,
            T::zero(),
            T::zero(),
            T::one(),
        ))
    }

    /// The left Jacobian \\(J_l(\xi) = \begin{bmatrix}V(\theta) & w\\\\ 0 & 1\end{bmatrix}\\),
    /// \\(w = (\theta c\,\rho_x + b\,\rho_y,\ \theta c\,\rho_y - b\,\rho_x)\\) with
    /// \\(b = (1-\cos\theta)/\theta^2\\) and \\(c = (\theta - \sin\theta)/\theta^3\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::{Matrix3, Vector3};
    /// assert!((Se2::left_jacobian(&Vector3::new(1.0, 2.0, 0.0_f64))? - Matrix3::new(
    ///     1.0, 0.0, 1.0, 0.0, 1.0, -0.5, 0.0, 0.0, 1.0)).amax() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn left_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        check_finite(xi.as_slice())?;
        let theta = xi.z;
        let v = Self::v_matrix(theta)?;
        let w = Self::jacobian_column(xi);
        finite_or_overflow(
            Matrix3::new(
                v[(0, 0)],
                v[(0, 1)],
                w.x,
                v[(1, 0)],
                v[(1, 1)],
                w.y,
                T::zero(),
                T::zero(),
                T::one(),
            ),
            xi.amax(),
        )
    }

    /// \\(J_r(\xi) = J_l(-\xi)\\).
    ///
    /// # Errors
    /// As [`Se2::left_jacobian`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::Vector3;
    /// let xi = Vector3::new(1.0, 2.0, 0.5_f64);
    /// assert_eq!(Se2::right_jacobian(&xi)?, Se2::left_jacobian(&-xi)?);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn right_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        Self::left_jacobian(&-xi)
    }

    /// \\(J_l^{-1}(\xi) = \begin{bmatrix}V^{-1} & -V^{-1}w\\\\ 0 & 1\end{bmatrix}\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Singular`] (θ a non-zero multiple of 2π);
    /// [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::{Matrix3, Vector3};
    /// let xi = Vector3::new(1.0, 2.0, 2.5_f64);
    /// let id = Se2::left_jacobian(&xi)? * Se2::left_jacobian_inverse(&xi)?;
    /// assert!((id - Matrix3::identity()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn left_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        check_finite(xi.as_slice())?;
        let v_inv = Self::v_matrix_inverse(xi.z)?;
        let c = -(v_inv * Self::jacobian_column(xi));
        finite_or_overflow(
            Matrix3::new(
                v_inv[(0, 0)],
                v_inv[(0, 1)],
                c.x,
                v_inv[(1, 0)],
                v_inv[(1, 1)],
                c.y,
                T::zero(),
                T::zero(),
                T::one(),
            ),
            xi.amax(),
        )
    }

    /// \\(J_r^{-1}(\xi) = J_l^{-1}(-\xi)\\).
    ///
    /// # Errors
    /// As [`Se2::left_jacobian_inverse`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::{Matrix3, Vector3};
    /// let xi = Vector3::new(-1.0, 0.5, 1.5_f64);
    /// let id = Se2::right_jacobian(&xi)? * Se2::right_jacobian_inverse(&xi)?;
    /// assert!((id - Matrix3::identity()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn right_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        Self::left_jacobian_inverse(&-xi)
    }

    /// The translational column w of \\(J_l\\) (see [`Se2::left_jacobian`]).
    fn jacobian_column(xi: &Vector3<T>) -> Vector2<T> {
        let theta = xi.z;
        let tc = theta * theta_minus_sin_over_cube(theta);
        let b = one_minus_cos_over_square(theta);
        Vector2::new(tc * xi.x + b * xi.y, tc * xi.y - b * xi.x)
    }

    /// The geodesic \\(a\exp(t\log(a^{-1}b))\\) (a screw motion: rotation and translation
    /// interpolated together).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for non-finite `t`; [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use nalgebra::{Vector2, Vector3};
    /// let a = Se2::<f64>::identity();
    /// let b = Se2::exp(&Vector3::new(core::f64::consts::PI, 0.0, core::f64::consts::PI))?;
    /// // Halfway along a half circle of radius 1: a quarter circle.
    /// let mid = a.interpolate(&b, 0.5)?;
    /// assert!((mid.translation() - Vector2::new(1.0, 1.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        LieGroup::interpolate(self, other, t)
    }

    /// A motion with a uniform rotation and a translation uniform in the square
    /// \\([-a, a]^2\\), a = `half_width` (SE(2) has no uniform distribution of its own).
    ///
    /// # Errors
    /// [`Error::NonFinite`] or [`Error::InvalidParameter`] for a non-finite or negative
    /// `half_width`.
    ///
    /// ```
    /// use geoml::lie::Se2;
    /// use rand::{rngs::StdRng, SeedableRng};
    /// let g = Se2::<f64>::random_uniform(&mut StdRng::seed_from_u64(2), 10.0)?;
    /// assert!(g.translation().amax() <= 10.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn random_uniform<R: Rng + ?Sized>(rng: &mut R, half_width: T) -> Result<Self> {
        let half_width = checked_half_width(half_width)?;
        let rotation = So2::random_uniform(rng);
        let mut t = Vector2::zeros();
        for x in t.iter_mut() {
            let u: T = uniform_unit(rng);
            *x = (T::lit(2.0) * u - T::one()) * half_width;
        }
        Ok(Se2 {
            rotation,
            translation: t,
        })
    }
}

/// Checks a translation box's half width.
pub(crate) fn checked_half_width<T: Real>(half_width: T) -> Result<T> {
    check_finite(&[half_width])?;
    if half_width < T::zero() {
        return Err(Error::InvalidParameter {
            name: "half_width",
            value: half_width.as_f64(),
        });
    }
    Ok(half_width)
}

/// Checks that the last row of a homogeneous matrix is (0, …, 0, 1) within tolerance.
pub(crate) fn check_last_row<T: Real>(zeros: &[T], one: T) -> Result<()> {
    let residual = zeros
        .iter()
        .fold((one - T::one()).abs(), |acc, z| acc.max(z.abs()));
    let tolerance = on_group_tolerance::<T>();
    if residual > tolerance {
        return Err(Error::NotOnManifold {
            residual: residual.as_f64(),
            tolerance: tolerance.as_f64(),
        });
    }
    Ok(())
}

impl<T: Real> LieGroup<T, 3> for Se2<T> {
    fn identity() -> Self {
        Se2::identity()
    }
    fn compose(&self, other: &Self) -> Result<Self> {
        Se2::compose(self, other)
    }
    fn inverse(&self) -> Result<Self> {
        Se2::inverse(self)
    }
    fn exp(xi: &Vector3<T>) -> Result<Self> {
        Se2::exp(xi)
    }
    fn log(&self) -> Result<Vector3<T>> {
        Se2::log(self)
    }
    fn adjoint(&self) -> Result<Matrix3<T>> {
        Se2::adjoint(self)
    }
    fn left_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        Se2::left_jacobian(xi)
    }
    fn right_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        Se2::right_jacobian(xi)
    }
    fn left_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        Se2::left_jacobian_inverse(xi)
    }
    fn right_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        Se2::right_jacobian_inverse(xi)
    }
    fn residual(&self) -> T {
        LieGroup::residual(&self.rotation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{SeedableRng, rngs::StdRng};

    #[test]
    fn bad_inputs_are_errors() {
        let nan = Vector3::new(0.0, f64::NAN, 0.0);
        assert!(Se2::exp(&nan).is_err());
        assert!(Se2::left_jacobian(&nan).is_err());
        assert!(Se2::new(So2::identity(), Vector2::new(f32::INFINITY, 0.0)).is_err());
        let bad_row = Matrix3::new(1.0_f64, 0.0, 0.0, 0.0, 1.0, 0.0, 0.1, 0.0, 1.0);
        assert!(matches!(
            Se2::from_matrix(&bad_row),
            Err(Error::NotOnManifold { .. })
        ));
        assert!(Se2::from_matrix_nearest(&bad_row).is_ok());
        assert!(Se2::vee(&bad_row).is_err());
        // V is singular at 2π, which no float hits exactly: the nearest f32 gives a huge but
        // finite inverse.
        let near_singular = Se2::v_matrix_inverse(2.0 * core::f32::consts::PI).unwrap();
        assert!(near_singular[(0, 0)].is_finite() && near_singular[(0, 0)].abs() > 1e6);
        let far = Se2::new(So2::identity(), Vector2::new(f64::MAX, 0.0)).unwrap();
        assert!(matches!(far.compose(&far), Err(Error::Overflow { .. })));
        assert!(matches!(
            Se2::exp(&Vector3::new(f64::MAX, f64::MAX, 1.0)),
            Err(Error::Overflow { .. })
        ));
        let mut rng = StdRng::seed_from_u64(1);
        assert!(Se2::<f64>::random_uniform(&mut rng, -1.0).is_err());
        assert!(Se2::<f64>::random_uniform(&mut rng, f64::NAN).is_err());
    }

    #[test]
    fn a_huge_finite_interpolation_time_is_an_overflow_not_a_non_finite_input() {
        // t log(a⁻¹b) overflowed to −∞ and exp reported NonFinite { value: −∞ }, a value the
        // caller never passed (issue 9's bad-input table).
        let a = Se2::exp(&Vector3::new(1.0, 2.0, 0.5)).unwrap();
        let b = Se2::exp(&Vector3::new(-1.0, 0.0, 2.0)).unwrap();
        assert!(matches!(
            a.interpolate(&b, f64::MAX),
            Err(Error::Overflow { value }) if value == f64::MAX
        ));
        let sigma = Vector3::new(f32::MAX, 1.0, 1.0);
        assert!(matches!(
            Se2::identity().reparameterize(&sigma, &Vector3::new(4.0, 0.0, 0.0)),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn v_and_its_inverse_agree_across_the_range() {
        for theta in [
            1e-12_f64,
            1e-6,
            0.5,
            2.0,
            3.1,
            core::f64::consts::PI,
            5.0,
            -2.5,
        ] {
            let product = Se2::v_matrix(theta).unwrap() * Se2::v_matrix_inverse(theta).unwrap();
            assert!((product - Matrix2::identity()).amax() < 1e-15, "{theta}");
        }
    }
}
