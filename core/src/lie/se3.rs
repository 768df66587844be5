//! SE(3), the rigid motions of space.

use super::coefficients::{q_second_coefficient, q_third_coefficient, theta_minus_sin_over_cube};
use super::group::{LieGroup, finite_or_overflow};
use super::quaternion::on_group_tolerance;
use super::random::uniform_unit;
use super::se2::{check_last_row, checked_half_width};
use super::so3::{So3, check_skew};
use crate::{Error, Real, Result, check_finite};
use nalgebra::{Matrix3, Matrix4, Matrix6, Vector3, Vector6};
use rand_core::Rng;

/// A rigid motion of space, \\(p \mapsto Rp + t\\): an element of SE(3), stored as an [`So3`]
/// rotation (a unit quaternion) and a translation, with homogeneous matrix
/// \\(\begin{bmatrix}R & t\\\\ 0 & 1\end{bmatrix}\\).
///
/// Tangent vectors are ξ = (ρ, ω) ∈ \\(\mathbb{R}^6\\), translational part first. The
/// exponential is \\(\exp\xi = (\exp\omega,\ V(\omega)\rho)\\) where V is SO(3)'s left
/// Jacobian, and the left Jacobian of SE(3) is
/// \\(\begin{bmatrix}V & Q(\rho, \omega)\\\\ 0 & V\end{bmatrix}\\) with Barfoot's block
/// \\[Q = \tfrac12 P + c_1(WP + PW + WPW) + c_2(W^2P + PW^2 - 3WPW) + c_3(WPW^2 + W^2PW),\\]
/// \\(W = [\omega]_\times\\), \\(P = [\rho]_\times\\), \\(c_1 = (\theta - \sin\theta)/\theta^3\\),
/// \\(c_2 = (\theta^2 + 2\cos\theta - 2)/(2\theta^4)\\),
/// \\(c_3 = (2\theta - 3\sin\theta + \theta\cos\theta)/(2\theta^5)\\); each \\(c_i\\) comes
/// from [`coefficients`](super::coefficients) with its own series cutoff.
///
/// Operations that move the translation can overflow for translations near the largest float
/// and return [`Error::Overflow`]; that is why `compose` and `inverse` are fallible here.
///
/// ```
/// use geoml::lie::Se3;
/// use nalgebra::{Vector3, Vector6};
///
/// let xi = Vector6::new(1.0, 0.0, 0.0, 0.0, 0.0, core::f64::consts::PI - 1e-8);
/// let g = Se3::exp(&xi)?;
/// assert!((g.log()? - xi).norm() < 1e-14);
/// assert!((g.act(&Vector3::zeros())? - g.translation()).norm() == 0.0);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Se3<T> {
    rotation: So3<T>,
    translation: Vector3<T>,
}

impl<T: Real> Se3<T> {
    /// The identity motion.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// assert_eq!(Se3::<f64>::identity().matrix(), nalgebra::Matrix4::identity());
    /// ```
    pub fn identity() -> Self {
        Se3 {
            rotation: So3::identity(),
            translation: Vector3::zeros(),
        }
    }

    /// The motion \\(p \mapsto Rp + t\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite translation.
    ///
    /// ```
    /// use geoml::lie::{Se3, So3};
    /// use nalgebra::Vector3;
    /// let g = Se3::new(So3::identity(), Vector3::new(1.0_f32, 2.0, 3.0))?;
    /// assert_eq!(g.act(&Vector3::zeros())?, Vector3::new(1.0, 2.0, 3.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn new(rotation: So3<T>, translation: Vector3<T>) -> Result<Self> {
        check_finite(translation.as_slice())?;
        Ok(Se3 {
            rotation,
            translation,
        })
    }

    /// The rotation part R.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// assert_eq!(Se3::<f64>::identity().rotation().angle(), 0.0);
    /// ```
    pub fn rotation(&self) -> So3<T> {
        self.rotation
    }

    /// The translation part t.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// assert_eq!(Se3::<f64>::identity().translation().norm(), 0.0);
    /// ```
    pub fn translation(&self) -> Vector3<T> {
        self.translation
    }

    /// The motion with homogeneous matrix `m`.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when the rotation block is not a rotation
    /// (see [`So3::from_matrix`]) or the last row differs from (0, 0, 0, 1) by more than
    /// [`on_group_tolerance`](super::on_group_tolerance).
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Matrix4;
    /// let m = Matrix4::new(0.0_f64, -1.0, 0.0, 1.0,
    ///                      1.0, 0.0, 0.0, 2.0,
    ///                      0.0, 0.0, 1.0, 3.0,
    ///                      0.0, 0.0, 0.0, 1.0);
    /// assert!((Se3::from_matrix(&m)?.matrix() - m).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_matrix(m: &Matrix4<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        check_last_row(&[m[(3, 0)], m[(3, 1)], m[(3, 2)]], m[(3, 3)])?;
        let rotation = So3::from_matrix(&m.fixed_view::<3, 3>(0, 0).into_owned())?;
        Se3::new(rotation, m.fixed_view::<3, 1>(0, 3).into_owned())
    }

    /// The motion nearest to `m` in the Frobenius norm: the nearest rotation to the top-left
    /// block (SVD polar factor, see [`So3::from_matrix_nearest`]) and the translation column
    /// as it is; the last row is ignored.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Singular`] for a zero rotation block.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Matrix4;
    /// let m = Matrix4::new(1.001_f64, 0.0, 0.0, 1.0,
    ///                      0.0, 0.998, 0.001, 2.0,
    ///                      0.0, 0.0, 1.0, 3.0,
    ///                      0.0, 0.0, 0.0, 1.0);
    /// assert!(Se3::from_matrix(&m).is_err());
    /// assert!(Se3::from_matrix_nearest(&m)?.rotation().angle() < 1e-3);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_matrix_nearest(m: &Matrix4<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        let rotation = So3::from_matrix_nearest(&m.fixed_view::<3, 3>(0, 0).into_owned())?;
        Se3::new(rotation, m.fixed_view::<3, 1>(0, 3).into_owned())
    }

    /// The homogeneous 4×4 matrix \\(\begin{bmatrix}R & t\\\\ 0 & 1\end{bmatrix}\\).
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Vector6;
    /// let m = Se3::exp(&Vector6::new(1.0_f64, 2.0, 3.0, 0.0, 0.0, 0.0))?.matrix();
    /// assert_eq!(m[(2, 3)], 3.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn matrix(&self) -> Matrix4<T> {
        let mut m = Matrix4::identity();
        m.fixed_view_mut::<3, 3>(0, 0)
            .copy_from(&self.rotation.matrix());
        m.fixed_view_mut::<3, 1>(0, 3).copy_from(&self.translation);
        m
    }

    /// The exponential \\(\exp(\rho, \omega) = (\exp\omega,\ V(\omega)\rho)\\),
    /// \\(V = J_l(\omega)\\) of SO(3).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`] if the translation overflows.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::{Vector3, Vector6};
    /// // A screw: one turn about z while advancing 2 along it.
    /// let g = Se3::exp(&Vector6::new(0.0, 0.0, 2.0, 0.0, 0.0, 2.0 * core::f64::consts::PI))?;
    /// assert!((g.translation() - Vector3::new(0.0, 0.0, 2.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn exp(xi: &Vector6<T>) -> Result<Self> {
        check_finite(xi.as_slice())?;
        let (rho, omega) = split(xi);
        let v = So3::left_jacobian(&omega)?;
        Ok(Se3 {
            rotation: So3::exp(&omega)?,
            translation: finite_or_overflow(v * rho, xi.amax())?,
        })
    }

    /// The principal logarithm (ρ, ω): ω = log R (|ω| ≤ π) and
    /// \\(\rho = V^{-1}(\omega)\,t\\).
    ///
    /// # Errors
    /// [`Error::Overflow`] if ρ overflows (t within a factor 4 of the largest float).
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Vector6;
    /// let xi = Vector6::new(0.1_f32, -0.2, 0.3, 1e-4, 2e-4, -3e-4);
    /// assert!((Se3::exp(&xi)?.log()? - xi).norm() < 1e-6);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn log(&self) -> Result<Vector6<T>> {
        let omega = self.rotation.log();
        let v_inv = So3::left_jacobian_inverse(&omega)?;
        let rho = finite_or_overflow(v_inv * self.translation, self.translation.amax())?;
        Ok(join(&rho, &omega))
    }

    /// The product \\((R_1, t_1)(R_2, t_2) = (R_1R_2,\ R_1t_2 + t_1)\\).
    ///
    /// # Errors
    /// [`Error::Overflow`] if the translation overflows.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Vector6;
    /// let a = Se3::exp(&Vector6::new(1.0, 0.0, 0.0, 0.0, 0.5, 0.0_f64))?;
    /// let b = Se3::exp(&Vector6::new(0.0, 1.0, 0.0, 0.3, 0.0, 0.0_f64))?;
    /// assert!((a.compose(&b)?.matrix() - a.matrix() * b.matrix()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn compose(&self, other: &Self) -> Result<Self> {
        let input = self.translation.amax().max(other.translation.amax());
        let moved = self
            .rotation
            .act(&other.translation)
            .map_err(|_| Error::Overflow {
                value: input.as_f64(),
            })?;
        Ok(Se3 {
            rotation: self.rotation.compose(&other.rotation),
            translation: finite_or_overflow(moved + self.translation, input)?,
        })
    }

    /// The inverse \\((R^\top, -R^\top t)\\).
    ///
    /// # Errors
    /// [`Error::Overflow`] in the corner case |t| near the largest float.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Vector6;
    /// let a = Se3::exp(&Vector6::new(1.0, -2.0, 0.5, 0.3, 0.2, -0.1_f64))?;
    /// assert!(a.compose(&a.inverse()?)?.log()?.norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn inverse(&self) -> Result<Self> {
        let r_inv = self.rotation.inverse();
        let t = r_inv.act(&self.translation).map_err(|_| Error::Overflow {
            value: self.translation.amax().as_f64(),
        })?;
        Ok(Se3 {
            rotation: r_inv,
            translation: -t,
        })
    }

    /// The moved point \\(Rp + t\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for non-finite `p`; [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::{Se3, So3};
    /// use nalgebra::Vector3;
    /// let g = Se3::new(So3::exp(&Vector3::new(0.0, 0.0, core::f64::consts::FRAC_PI_2))?,
    ///                  Vector3::new(0.0, 0.0, 1.0))?;
    /// assert!((g.act(&Vector3::x())? - Vector3::new(0.0, 1.0, 1.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn act(&self, p: &Vector3<T>) -> Result<Vector3<T>> {
        let moved = self.rotation.act(p)?;
        finite_or_overflow(
            moved + self.translation,
            p.amax().max(self.translation.amax()),
        )
    }

    /// The algebra element \\(\begin{bmatrix}[\omega]_\times & \rho\\\\ 0 & 0\end{bmatrix}\\).
    ///
    /// ```
    /// use geoml::lie::{expm, Se3};
    /// use nalgebra::Vector6;
    /// let xi = Vector6::new(0.5_f64, -1.0, 0.25, 0.3, -0.6, 0.9);
    /// assert!((expm(&Se3::hat(&xi))? - Se3::exp(&xi)?.matrix()).amax() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn hat(xi: &Vector6<T>) -> Matrix4<T> {
        let (rho, omega) = split(xi);
        let mut m = Matrix4::zeros();
        m.fixed_view_mut::<3, 3>(0, 0)
            .copy_from(&omega.cross_matrix());
        m.fixed_view_mut::<3, 1>(0, 3).copy_from(&rho);
        m
    }

    /// (ρ, ω) from an algebra element, the inverse of [`Se3::hat`].
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] if the rotation block is not skew or the
    /// last row is not zero (within [`on_group_tolerance`](super::on_group_tolerance) times
    /// \\(\max(1, \max|m|)\\)).
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Vector6;
    /// let xi = Vector6::new(0.5_f64, -1.0, 0.25, 0.3, -0.6, 0.9);
    /// assert_eq!(Se3::vee(&Se3::hat(&xi))?, xi);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn vee(m: &Matrix4<T>) -> Result<Vector6<T>> {
        check_finite(m.as_slice())?;
        let tolerance = on_group_tolerance::<T>() * T::one().max(m.amax());
        let last = m.row(3).amax();
        if last > tolerance {
            return Err(Error::NotOnManifold {
                residual: last.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        let block = m.fixed_view::<3, 3>(0, 0).into_owned();
        check_skew(&block)?;
        let omega = So3::vee(&block)?;
        Ok(join(&m.fixed_view::<3, 1>(0, 3).into_owned(), &omega))
    }

    /// The adjoint \\(\mathrm{Ad}(R, t) = \begin{bmatrix}R & \[t\]_\times R\\\\ 0 & R
    /// \end{bmatrix}\\), so that \\(g\exp(\xi)g^{-1} = \exp(\mathrm{Ad}(g)\xi)\\).
    ///
    /// # Errors
    /// [`Error::Overflow`] if \\(\[t\]_\times R\\) overflows.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Vector6;
    /// let g = Se3::exp(&Vector6::new(1.0, 2.0, 3.0, 0.3, -0.2, 0.1_f64))?;
    /// let xi = Vector6::new(0.01, 0.02, -0.01, 0.03, 0.0, -0.02);
    /// let lhs = g.compose(&Se3::exp(&xi)?)?.compose(&g.inverse()?)?.log()?;
    /// assert!((lhs - g.adjoint()? * xi).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn adjoint(&self) -> Result<Matrix6<T>> {
        let r = self.rotation.matrix();
        let tr = finite_or_overflow(self.translation.cross_matrix() * r, self.translation.amax())?;
        let mut m = Matrix6::zeros();
        m.fixed_view_mut::<3, 3>(0, 0).copy_from(&r);
        m.fixed_view_mut::<3, 3>(0, 3).copy_from(&tr);
        m.fixed_view_mut::<3, 3>(3, 3).copy_from(&r);
        Ok(m)
    }

    /// Barfoot's block \\(Q(\rho, \omega)\\), the top-right 3×3 block of the left Jacobian
    /// (see the type's documentation). Normwise accurate to \\(10^{-15}\\) in `f64` for
    /// |ω| ≤ π.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::{Vector3, Vector6};
    /// // At ω = 0, Q = [ρ]×/2.
    /// let q = Se3::q_block(&Vector6::new(1.0_f64, 2.0, 3.0, 0.0, 0.0, 0.0))?;
    /// assert!((q - Vector3::new(0.5, 1.0, 1.5).cross_matrix()).amax() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn q_block(xi: &Vector6<T>) -> Result<Matrix3<T>> {
        check_finite(xi.as_slice())?;
        let (rho, omega) = split(xi);
        let theta = omega.norm();
        let p = rho.cross_matrix();
        let w = omega.cross_matrix();
        let wp = w * p;
        let pw = p * w;
        let wpw = wp * w;
        let ww = w * w;
        let c1 = theta_minus_sin_over_cube(theta);
        let c2 = q_second_coefficient(theta);
        let c3 = q_third_coefficient(theta);
        let q = p * T::lit(0.5)
            + (wp + pw + wpw) * c1
            + (ww * p + pw * w - wpw * T::lit(3.0)) * c2
            + (wpw * w + w * wpw) * c3;
        finite_or_overflow(q, xi.amax())
    }

    /// The left Jacobian \\(\begin{bmatrix}J_l(\omega) & Q(\rho, \omega)\\\\ 0 & J_l(\omega)
    /// \end{bmatrix}\\).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::{Matrix6, Vector6};
    /// let j = Se3::left_jacobian(&Vector6::<f64>::zeros())?;
    /// assert_eq!(j, Matrix6::identity());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn left_jacobian(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        let (_, omega) = split(xi);
        let j = So3::left_jacobian(&omega)?;
        let q = Self::q_block(xi)?;
        Ok(block_upper(&j, &q))
    }

    /// \\(J_r(\xi) = J_l(-\xi)\\).
    ///
    /// # Errors
    /// As [`Se3::left_jacobian`].
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::Vector6;
    /// let xi = Vector6::new(0.1, 0.2, 0.3, 0.4, 0.5, 0.6_f64);
    /// assert_eq!(Se3::right_jacobian(&xi)?, Se3::left_jacobian(&-xi)?);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn right_jacobian(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        Self::left_jacobian(&-xi)
    }

    /// \\(J_l^{-1}(\xi) = \begin{bmatrix}J_l^{-1} & -J_l^{-1}QJ_l^{-1}\\\\ 0 & J_l^{-1}
    /// \end{bmatrix}\\) (SO(3) inverses of ω).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Singular`] (|ω| a non-zero multiple of 2π);
    /// [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::{Matrix6, Vector6};
    /// let xi = Vector6::new(1.0, -2.0, 0.5, 0.3, 2.0, -1.0_f64);
    /// let id = Se3::left_jacobian(&xi)? * Se3::left_jacobian_inverse(&xi)?;
    /// assert!((id - Matrix6::identity()).amax() < 1e-14);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn left_jacobian_inverse(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        let (_, omega) = split(xi);
        let j_inv = So3::left_jacobian_inverse(&omega)?;
        let q = Self::q_block(xi)?;
        let corner = finite_or_overflow(-(j_inv * q * j_inv), xi.amax())?;
        Ok(block_upper(&j_inv, &corner))
    }

    /// \\(J_r^{-1}(\xi) = J_l^{-1}(-\xi)\\).
    ///
    /// # Errors
    /// As [`Se3::left_jacobian_inverse`].
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::{Matrix6, Vector6};
    /// let xi = Vector6::new(1.0, -2.0, 0.5, 0.3, 2.0, -1.0_f64);
    /// let id = Se3::right_jacobian(&xi)? * Se3::right_jacobian_inverse(&xi)?;
    /// assert!((id - Matrix6::identity()).amax() < 1e-14);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn right_jacobian_inverse(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        Self::left_jacobian_inverse(&-xi)
    }

    /// The geodesic \\(a\exp(t\log(a^{-1}b))\\) (a screw motion).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for non-finite `t`; [`Error::Overflow`].
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use nalgebra::{Vector3, Vector6};
    /// let a = Se3::<f64>::identity();
    /// let b = Se3::exp(&Vector6::new(0.0, 0.0, 4.0, 0.0, 0.0, 1.0))?;
    /// let mid = a.interpolate(&b, 0.5)?;
    /// assert!((mid.translation() - Vector3::new(0.0, 0.0, 2.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        LieGroup::interpolate(self, other, t)
    }

    /// A motion with a uniform rotation and a translation uniform in the cube
    /// \\([-a, a]^3\\), a = `half_width`.
    ///
    /// # Errors
    /// [`Error::NonFinite`] or [`Error::InvalidParameter`] for a non-finite or negative
    /// `half_width`.
    ///
    /// ```
    /// use geoml::lie::Se3;
    /// use rand::{rngs::StdRng, SeedableRng};
    /// let g = Se3::<f32>::random_uniform(&mut StdRng::seed_from_u64(4), 1.0)?;
    /// assert!(g.translation().amax() <= 1.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn random_uniform<R: Rng + ?Sized>(rng: &mut R, half_width: T) -> Result<Self> {
        let half_width = checked_half_width(half_width)?;
        let rotation = So3::random_uniform(rng);
        let mut t = Vector3::zeros();
        for x in t.iter_mut() {
            let u: T = uniform_unit(rng);
            *x = (T::lit(2.0) * u - T::one()) * half_width;
        }
        Ok(Se3 {
            rotation,
            translation: t,
        })
    }
}

/// (ρ, ω) from ξ.
fn split<T: Real>(xi: &Vector6<T>) -> (Vector3<T>, Vector3<T>) {
    (
        xi.fixed_rows::<3>(0).into_owned(),
        xi.fixed_rows::<3>(3).into_owned(),
    )
}

/// ξ from (ρ, ω).
fn join<T: Real>(rho: &Vector3<T>, omega: &Vector3<T>) -> Vector6<T> {
    Vector6::new(rho.x, rho.y, rho.z, omega.x, omega.y, omega.z)
}

/// \\(\begin{bmatrix}A & B\\\\ 0 & A\end{bmatrix}\\).
fn block_upper<T: Real>(a: &Matrix3<T>, b: &Matrix3<T>) -> Matrix6<T> {
    let mut m = Matrix6::zeros();
    m.fixed_view_mut::<3, 3>(0, 0).copy_from(a);
    m.fixed_view_mut::<3, 3>(0, 3).copy_from(b);
    m.fixed_view_mut::<3, 3>(3, 3).copy_from(a);
    m
}

impl<T: Real> LieGroup<T, 6> for Se3<T> {
    fn identity() -> Self {
        Se3::identity()
    }
    fn compose(&self, other: &Self) -> Result<Self> {
        Se3::compose(self, other)
    }
    fn inverse(&self) -> Result<Self> {
        Se3::inverse(self)
    }
    fn exp(xi: &Vector6<T>) -> Result<Self> {
        Se3::exp(xi)
    }
    fn log(&self) -> Result<Vector6<T>> {
        Se3::log(self)
    }
    fn adjoint(&self) -> Result<Matrix6<T>> {
        Se3::adjoint(self)
    }
    fn left_jacobian(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        Se3::left_jacobian(xi)
    }
    fn right_jacobian(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        Se3::right_jacobian(xi)
    }
    fn left_jacobian_inverse(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        Se3::left_jacobian_inverse(xi)
    }
    fn right_jacobian_inverse(xi: &Vector6<T>) -> Result<Matrix6<T>> {
        Se3::right_jacobian_inverse(xi)
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
        let mut nan = Vector6::<f64>::zeros();
        nan[4] = f64::NAN;
        assert!(matches!(
            Se3::exp(&nan),
            Err(Error::NonFinite { index: 4, .. })
        ));
        assert!(Se3::q_block(&nan).is_err());
        assert!(Se3::left_jacobian_inverse(&nan).is_err());
        assert!(Se3::new(So3::identity(), Vector3::new(0.0, f64::NAN, 0.0)).is_err());
        let mut m = Matrix4::<f64>::identity();
        m[(3, 1)] = 0.5;
        assert!(matches!(
            Se3::from_matrix(&m),
            Err(Error::NotOnManifold { .. })
        ));
        assert!(Se3::vee(&m).is_err());
        let far = Se3::new(So3::identity(), Vector3::new(f64::MAX, 0.0, 0.0)).unwrap();
        assert!(matches!(far.compose(&far), Err(Error::Overflow { .. })));
        assert_eq!(far.log().unwrap()[0], f64::MAX); // V⁻¹ = I at ω = 0
        let turned = Se3::new(
            So3::exp(&Vector3::new(0.0, 0.0, 3.0)).unwrap(),
            Vector3::new(f64::MAX, f64::MAX, 0.0),
        )
        .unwrap();
        assert!(matches!(turned.log(), Err(Error::Overflow { .. })));
        let mut rng = StdRng::seed_from_u64(1);
        assert!(Se3::<f32>::random_uniform(&mut rng, -2.0).is_err());
        // The inverse Jacobian is singular at |ω| = 2π, which no float hits exactly: the
        // nearest f32 gives huge entries or an overflow error, never an infinity.
        let xi = Vector6::new(1.0_f32, 0.0, 0.0, 0.0, 0.0, 2.0 * core::f32::consts::PI);
        match Se3::left_jacobian_inverse(&xi) {
            Ok(j) => assert!(j.iter().all(|x| x.is_finite()) && j.amax() > 1e6),
            Err(e) => assert!(matches!(e, Error::Overflow { .. } | Error::Singular { .. })),
        }
    }

    #[test]
    fn adjoint_maps_twists_between_frames() {
        // Ad(g)ξ = (g ξ^ g⁻¹)^∨ at the level of matrices.
        let g = Se3::exp(&Vector6::new(1.0, -2.0, 0.5, 0.4, -0.3, 1.1_f64)).unwrap();
        let xi = Vector6::new(0.2, 0.1, -0.3, 0.5, 0.2, -0.1);
        let conj = g.matrix() * Se3::hat(&xi) * g.inverse().unwrap().matrix();
        let lhs = Se3::vee(&conj).unwrap();
        assert!((lhs - g.adjoint().unwrap() * xi).amax() < 1e-14);
    }

    #[test]
    fn uniform_samples_stay_in_the_box() {
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..1000 {
            let g = Se3::<f64>::random_uniform(&mut rng, 2.0).unwrap();
            assert!(g.translation().amax() <= 2.0);
        }
    }
}
