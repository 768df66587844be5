//! SO(3), the rotations of space, stored as unit quaternions.

use super::coefficients::{
    half_cot_half, inverse_jacobian_coefficient, one_minus_cos_over_square, sinc,
    theta_minus_sin_over_cube,
};
use super::group::LieGroup;
use super::polar::{nearest_rotation, newton_polar3};
use super::quaternion::{
    checked_unit, exp_quaternion, normalized, on_group_tolerance, product_unit, robust_norm,
    rotate, rotation_matrix, rotation_residual, scaled_vector, shepperd,
};
use super::random::uniform_unit_quaternion;
use crate::{Error, Real, Result, check_finite};
use nalgebra::{Matrix3, Quaternion, UnitQuaternion, Vector3};
use rand_core::Rng;

/// A rotation of \\(\mathbb{R}^3\\): an element of SO(3), stored as a unit quaternion
/// \\(q = (w, x, y, z)\\) (Hamilton convention, \\(ij = k\\)); q and −q are the same rotation.
///
/// The Lie algebra so(3) is identified with \\(\mathbb{R}^3\\) by the rotation vector
/// ω = θ·axis: [`So3::hat`] sends ω to the skew matrix \\([\omega]_\times\\) with
/// \\([\omega]_\times p = \omega \times p\\), and \\(\exp\omega\\) rotates by θ = |ω| radians
/// counter-clockwise about ω (right-hand rule).
///
/// Accuracy (checked against 50-digit mpmath values for angles from \\(10^{-12}\\) to π,
/// including \\(10^{-8}\\) and π − \\(10^{-8}\\)): `exp`, `log`, the matrix and the Jacobians
/// are within \\(10^{-15}\\) (`f64`) or \\(10^{-6}\\) (`f32`) relative to the largest entry.
///
/// ```
/// use geoml::lie::So3;
/// use nalgebra::Vector3;
/// use core::f64::consts::FRAC_PI_2;
///
/// // A quarter turn about z sends x to y.
/// let r = So3::exp(&Vector3::new(0.0, 0.0, FRAC_PI_2))?;
/// let y = r.act(&Vector3::x())?;
/// assert!((y - Vector3::y()).norm() < 1e-15);
/// // log inverts exp.
/// assert!((r.log() - Vector3::new(0.0, 0.0, FRAC_PI_2)).norm() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct So3<T> {
    q: Quaternion<T>,
}

impl<T: Real> So3<T> {
    /// The identity rotation, q = (1, 0, 0, 0).
    ///
    /// ```
    /// use geoml::lie::So3;
    /// assert_eq!(So3::<f32>::identity().angle(), 0.0);
    /// ```
    pub fn identity() -> Self {
        So3 {
            q: Quaternion::identity(),
        }
    }

    /// Wraps a quaternion the caller knows to be unit to a few ε.
    pub(crate) fn from_unit(q: Quaternion<T>) -> Self {
        So3 { q }
    }

    /// The rotation of a unit quaternion `q` (w first in [`Quaternion::new`]).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when \\(|\,|q| - 1|\\) exceeds
    /// [`on_group_tolerance`](super::on_group_tolerance) (use
    /// [`So3::from_quaternion_normalizing`] for data that is merely a little off).
    ///
    /// ```
    /// use geoml::{Error, lie::So3};
    /// use nalgebra::Quaternion;
    /// assert!(So3::from_quaternion(&Quaternion::new(0.6_f64, 0.8, 0.0, 0.0)).is_ok());
    /// let off = Quaternion::new(0.6_f64, 0.9, 0.0, 0.0);
    /// assert!(matches!(So3::from_quaternion(&off), Err(Error::NotOnManifold { .. })));
    /// ```
    pub fn from_quaternion(q: &Quaternion<T>) -> Result<Self> {
        Ok(So3 {
            q: checked_unit(q)?,
        })
    }

    /// The rotation of `q / |q|` for any finite non-zero quaternion.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] (residual 1) for the zero quaternion.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Quaternion;
    /// let r = So3::from_quaternion_normalizing(&Quaternion::new(3.0_f64, 4.0, 0.0, 0.0))?;
    /// assert!((r.quaternion().w - 0.6).abs() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_quaternion_normalizing(q: &Quaternion<T>) -> Result<Self> {
        Ok(So3 { q: normalized(q)? })
    }

    /// The rotation of a nalgebra [`UnitQuaternion`] (checked like [`So3::from_quaternion`],
    /// since a `UnitQuaternion` built with `new_unchecked` need not be unit).
    ///
    /// # Errors
    /// As [`So3::from_quaternion`].
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::{UnitQuaternion, Vector3};
    /// let q = UnitQuaternion::from_scaled_axis(Vector3::new(0.1_f64, 0.2, 0.3));
    /// let r = So3::from_unit_quaternion(&q)?;
    /// assert!((r.log() - Vector3::new(0.1, 0.2, 0.3)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_unit_quaternion(q: &UnitQuaternion<T>) -> Result<Self> {
        Self::from_quaternion(q.quaternion())
    }

    /// The stored unit quaternion, as a nalgebra [`UnitQuaternion`].
    ///
    /// ```
    /// use geoml::lie::So3;
    /// assert_eq!(So3::<f64>::identity().quaternion().w, 1.0);
    /// ```
    pub fn quaternion(&self) -> UnitQuaternion<T> {
        UnitQuaternion::new_unchecked(self.q)
    }

    /// The rotation with matrix `m`, converted by Shepperd's method.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when \\(\max(\lVert m^\top m - I\rVert_F,
    /// |\det m - 1|)\\) exceeds [`on_group_tolerance`](super::on_group_tolerance) — which
    /// includes every reflection. For such data use [`So3::from_matrix_nearest`].
    ///
    /// ```
    /// use geoml::{Error, lie::So3};
    /// use nalgebra::Matrix3;
    /// let quarter = Matrix3::new(0.0_f64, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0);
    /// assert!((So3::from_matrix(&quarter)?.angle() - core::f64::consts::FRAC_PI_2).abs() < 1e-15);
    /// let mirror = Matrix3::new(1.0_f64, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -1.0);
    /// assert!(matches!(So3::from_matrix(&mirror), Err(Error::NotOnManifold { .. })));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_matrix(m: &Matrix3<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        let residual = rotation_residual(m);
        let tolerance = on_group_tolerance::<T>();
        if !residual.is_finite() || residual > tolerance {
            return Err(Error::NotOnManifold {
                residual: residual.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        Ok(So3 { q: shepperd(m) })
    }

    /// The rotation nearest to `m` in the Frobenius norm. When \\(\det m > 0\\) it is the
    /// orthogonal polar factor of m, found by Higham's scaled Newton iteration (two steps for
    /// data a little off the group), which keeps the relative accuracy of small rotations;
    /// otherwise \\(U\,\mathrm{diag}(1, 1, \det UV^\top)\,V^\top\\) from nalgebra's SVD
    /// \\(m = U\Sigma V^\top\\) (see [`nearest_rotation`](super::nearest_rotation)). This is the
    /// projection seed 001's orthogonal initialisation performs, done right.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Singular`] for the zero matrix.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Matrix3;
    /// // A rotation with noise in the third decimal: the strict constructor refuses it.
    /// let noisy = Matrix3::new(0.001_f64, -1.002, 0.0, 0.999, 0.0, 0.003, 0.0, 0.0, 1.001);
    /// assert!(So3::from_matrix(&noisy).is_err());
    /// let r = So3::from_matrix_nearest(&noisy)?;
    /// assert!((r.angle() - core::f64::consts::FRAC_PI_2).abs() < 0.01);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_matrix_nearest(m: &Matrix3<T>) -> Result<Self> {
        check_finite(m.as_slice())?;
        // For det > 0 the nearest rotation is the orthogonal polar factor, which Newton's
        // iteration finds without losing the relative accuracy of small rotations.
        if m.determinant() > T::zero()
            && let Some(r) = newton_polar3(m)
        {
            return Ok(So3 { q: shepperd(&r) });
        }
        let r = nearest_rotation(m)?;
        Ok(So3 { q: shepperd(&r) })
    }

    /// The 3×3 rotation matrix.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let r = So3::exp(&Vector3::new(0.3_f64, -0.1, 0.7))?;
    /// let m = r.matrix();
    /// assert!((m.transpose() * m - nalgebra::Matrix3::identity()).norm() < 1e-15);
    /// assert!((m.determinant() - 1.0).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn matrix(&self) -> Matrix3<T> {
        rotation_matrix(&self.q)
    }

    /// The exponential map \\(\exp\omega = (\cos\tfrac\theta2,\ \tfrac{\sin(\theta/2)}{\theta}
    /// \,\omega)\\), θ = |ω|: the rotation by θ about ω/θ. Any finite ω is accepted (angles
    /// beyond π wrap around).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite component.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let r = So3::exp(&Vector3::new(1e-12_f64, 0.0, 0.0))?;
    /// assert_eq!(r.log().x, 1e-12);
    /// assert!(So3::exp(&Vector3::new(f32::NAN, 0.0, 0.0)).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    #[inline]
    pub fn exp(omega: &Vector3<T>) -> Result<Self> {
        Ok(So3 {
            q: exp_quaternion(omega)?,
        })
    }

    /// The principal logarithm: the rotation vector ω with |ω| ∈ [0, π] and
    /// \\(\exp\omega = \\) `self`. Computed from the quaternion with the sign of w folded to
    /// w ≥ 0 and \\(\theta = 2\,\mathrm{atan2}(|\vec q|, w)\\), which is accurate at both ends
    /// (no `acos`, no π/|q⃗| shortcut near π). At exactly θ = π both ±ω are logarithms; the
    /// one along the stored quaternion's vector part is returned.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let near_pi = Vector3::new(0.0, 0.0, core::f64::consts::PI - 1e-8);
    /// let r = So3::exp(&near_pi)?;
    /// assert!((r.log() - near_pi).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    #[inline]
    pub fn log(&self) -> Vector3<T> {
        // log_factor for the folded quaternion (|w|, ±q⃗), specialised to a unit quaternion:
        // |q⃗|² < ε means |w| ≈ 1, so one comparison picks the branch and the sign is applied
        // to the scalar factor rather than to the four components.
        let q = &self.q;
        let w = q.w.abs();
        let n2 = q.i * q.i + q.j * q.j + q.k * q.k;
        let f = if n2 >= T::default_epsilon() {
            let n = n2.sqrt();
            T::lit(2.0) * n.atan2(w) / n
        } else {
            T::lit(2.0) / w * (T::one() - n2 / (T::lit(3.0) * w * w))
        };
        let f = if q.w < T::zero() { -f } else { f };
        q.imag() * f
    }

    /// The rotation angle θ ∈ [0, π], \\(2\,\mathrm{atan2}(|\vec q|, |w|)\\).
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let r = So3::exp(&Vector3::new(0.0, 3.0_f64, 4.0))?; // |ω| = 5 > π wraps to 2π − 5
    /// assert!((r.angle() - (2.0 * core::f64::consts::PI - 5.0)).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn angle(&self) -> T {
        let n = robust_norm(self.q.imag().as_slice());
        T::lit(2.0) * n.atan2(self.q.w.abs())
    }

    /// The geodesic distance to `other`: the angle of \\(a^{-1}b\\), in [0, π].
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let a = So3::exp(&Vector3::new(0.0, 0.0, 0.25_f64))?;
    /// let b = So3::exp(&Vector3::new(0.0, 0.0, 1.0_f64))?;
    /// assert!((a.angle_to(&b) - 0.75).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn angle_to(&self, other: &Self) -> T {
        self.inverse().compose(other).angle()
    }

    /// The product `self · other` (apply `other` first), as the quaternion product.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let a = So3::exp(&Vector3::new(0.1, 0.0, 0.0_f64))?;
    /// let b = So3::exp(&Vector3::new(0.0, 0.2, 0.0_f64))?;
    /// let ab = a.compose(&b);
    /// assert!((ab.matrix() - a.matrix() * b.matrix()).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn compose(&self, other: &Self) -> Self {
        So3 {
            q: product_unit(&self.q, &other.q),
        }
    }

    /// The inverse rotation, the conjugate quaternion.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let a = So3::exp(&Vector3::new(0.4, -0.3, 0.2_f64))?;
    /// assert!(a.compose(&a.inverse()).angle() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn inverse(&self) -> Self {
        So3 {
            q: self.q.conjugate(),
        }
    }

    /// The rotated point \\(Rp\\), computed as \\(q\,p\,q^\ast\\) without forming R.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite `p`; [`Error::Overflow`] if a component of the
    /// result exceeds the largest float (|p| within a factor 2 of it).
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let r = So3::exp(&Vector3::new(0.0, 0.0, core::f32::consts::PI))?;
    /// assert!((r.act(&Vector3::new(1.0_f32, 2.0, 3.0))? - Vector3::new(-1.0, -2.0, 3.0)).norm() < 1e-6);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn act(&self, p: &Vector3<T>) -> Result<Vector3<T>> {
        rotate(&self.q, p)
    }

    /// The skew-symmetric matrix \\([\omega]_\times\\) with \\([\omega]_\times p = \omega\times p\\).
    /// A linear relabelling of the entries (a non-finite ω gives a non-finite matrix).
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let w = Vector3::new(1.0_f64, 2.0, 3.0);
    /// let p = Vector3::new(-1.0, 0.5, 2.0);
    /// assert_eq!(So3::hat(&w) * p, w.cross(&p));
    /// ```
    pub fn hat(omega: &Vector3<T>) -> Matrix3<T> {
        omega.cross_matrix()
    }

    /// The rotation vector of a skew-symmetric matrix, the inverse of [`So3::hat`]; the
    /// skew part \\((m - m^\top)/2\\) is used.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] when the symmetric part
    /// \\(\max|m + m^\top|/2\\) exceeds [`on_group_tolerance`](super::on_group_tolerance)
    /// times \\(\max(1, \max|m|)\\).
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::{Matrix3, Vector3};
    /// let w = Vector3::new(1.0_f64, 2.0, 3.0);
    /// assert_eq!(So3::vee(&So3::hat(&w))?, w);
    /// assert!(So3::vee(&Matrix3::<f64>::identity()).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn vee(m: &Matrix3<T>) -> Result<Vector3<T>> {
        check_skew(m)?;
        Ok(Vector3::new(
            half_difference(m[(2, 1)], m[(1, 2)]),
            half_difference(m[(0, 2)], m[(2, 0)]),
            half_difference(m[(1, 0)], m[(0, 1)]),
        ))
    }

    /// The adjoint \\(\mathrm{Ad}(R) = R\\): \\(R\exp(\omega)R^\top = \exp(R\omega)\\).
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let r = So3::exp(&Vector3::new(0.2, 0.5, -0.1_f64))?;
    /// assert_eq!(r.adjoint(), r.matrix());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn adjoint(&self) -> Matrix3<T> {
        self.matrix()
    }

    /// The left Jacobian \\(J_l(\omega) = I + \frac{1 - \cos\theta}{\theta^2}[\omega]_\times +
    /// \frac{\theta - \sin\theta}{\theta^3}[\omega]_\times^2\\), with
    /// \\(\exp(\omega + \delta) \approx \exp(J_l\delta)\exp(\omega)\\). It is also the matrix V
    /// of the SE(3) exponential, \\(t = V\rho\\). The two coefficients come from
    /// [`coefficients`](super::coefficients), each exact near θ = 0.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`] if |ω| itself overflows.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::{Matrix3, Vector3};
    /// let j = So3::left_jacobian(&Vector3::new(1e-9_f64, 0.0, 0.0))?;
    /// assert!((j - Matrix3::identity()).norm() < 1e-9);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn left_jacobian(omega: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian(omega, T::one())
    }

    /// The right Jacobian \\(J_r(\omega) = J_l(-\omega)\\), with
    /// \\(\exp(\omega + \delta) \approx \exp(\omega)\exp(J_r\delta)\\).
    ///
    /// # Errors
    /// As [`So3::left_jacobian`].
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let w = Vector3::new(0.3_f64, -0.2, 0.9);
    /// assert!((So3::right_jacobian(&w)? - So3::left_jacobian(&-w)?).norm() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn right_jacobian(omega: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian(omega, -T::one())
    }

    /// \\(J_l^{-1}(\omega) = I - \tfrac12[\omega]_\times + \frac{1 - (\theta/2)\cot(\theta/2)}
    /// {\theta^2}[\omega]_\times^2\\), also \\(V^{-1}\\) of SE(3).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Singular`] where the Jacobian is singular
    /// (θ a non-zero multiple of 2π exactly in floating point); [`Error::Overflow`] if |ω|
    /// overflows.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::{Matrix3, Vector3};
    /// let w = Vector3::new(0.3_f64, -2.0, 0.9);
    /// let product = So3::left_jacobian(&w)? * So3::left_jacobian_inverse(&w)?;
    /// assert!((product - Matrix3::identity()).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn left_jacobian_inverse(omega: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian_inverse(omega, T::one())
    }

    /// \\(J_r^{-1}(\omega) = J_l^{-1}(-\omega)\\).
    ///
    /// # Errors
    /// As [`So3::left_jacobian_inverse`].
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::{Matrix3, Vector3};
    /// let w = Vector3::new(-1.0_f64, 2.0, 0.5);
    /// let product = So3::right_jacobian(&w)? * So3::right_jacobian_inverse(&w)?;
    /// assert!((product - Matrix3::identity()).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn right_jacobian_inverse(omega: &Vector3<T>) -> Result<Matrix3<T>> {
        jacobian_inverse(omega, -T::one())
    }

    /// Spherical linear interpolation (slerp) along the shortest arc: \\(a\exp(t\log(a^{-1}b))\\),
    /// `self` at t = 0, `other` at t = 1. When the two differ by exactly π the arc is not
    /// unique and the one along the stored quaternion is taken.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite `t`.
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use nalgebra::Vector3;
    /// let a = So3::<f64>::identity();
    /// let b = So3::exp(&Vector3::new(0.0, 0.0, 1.0))?;
    /// let mid = a.interpolate(&b, 0.5)?;
    /// assert!((mid.log() - Vector3::new(0.0, 0.0, 0.5)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        check_finite(&[t])?;
        let delta = self.inverse().compose(other).log() * t;
        Ok(self.compose(&So3::exp(&delta)?))
    }

    /// A rotation drawn uniformly (from the Haar measure) by Shoemake's method: three uniform
    /// numbers \\(u_1, u_2, u_3\\) give \\(q = (\sqrt{1-u_1}\sin 2\pi u_2,\ \sqrt{1-u_1}\cos 2\pi
    /// u_2,\ \sqrt{u_1}\sin 2\pi u_3,\ \sqrt{u_1}\cos 2\pi u_3)\\).
    ///
    /// ```
    /// use geoml::lie::So3;
    /// use rand::{rngs::StdRng, SeedableRng};
    /// let mut rng = StdRng::seed_from_u64(42);
    /// let r = So3::<f64>::random_uniform(&mut rng);
    /// assert!((r.quaternion().norm() - 1.0).abs() < 1e-15);
    /// ```
    pub fn random_uniform<R: Rng + ?Sized>(rng: &mut R) -> Self {
        So3 {
            q: uniform_unit_quaternion(rng),
        }
    }
}

impl<T: Real> core::ops::Mul for So3<T> {
    type Output = So3<T>;
    /// [`So3::compose`].
    fn mul(self, rhs: So3<T>) -> So3<T> {
        self.compose(&rhs)
    }
}

/// `I + a[v]× + b[v]×²`, with the diagonal of \\([v]_\times^2 = vv^\top - |v|^2 I\\) written as
/// \\(-(v_j^2 + v_k^2)\\) so it does not cancel.
pub(crate) fn skew_polynomial<T: Real>(v: &Vector3<T>, a: T, b: T) -> Matrix3<T> {
    let (x, y, z) = (v.x, v.y, v.z);
    let (xy, xz, yz) = (x * y, x * z, y * z);
    let one = T::one();
    Matrix3::new(
        one - b * (y * y + z * z),
        -a * z + b * xy,
        a * y + b * xz,
        a * z + b * xy,
        one - b * (x * x + z * z),
        -a * x + b * yz,
        -a * y + b * xz,
        a * x + b * yz,
        one - b * (x * x + y * y),
    )
}

/// \\(J(\omega) = I + \sigma B[\omega]_\times + C[\omega]_\times^2\\) with σ = +1 (left) or −1
/// (right).
pub(crate) fn jacobian<T: Real>(omega: &Vector3<T>, sign: T) -> Result<Matrix3<T>> {
    check_finite(omega.as_slice())?;
    let sv = scaled_vector(omega);
    if !sv.theta.is_finite() {
        return Err(Error::Overflow {
            value: omega.amax().as_f64(),
        });
    }
    let (b, c) = if sv.scale == T::one() {
        (
            one_minus_cos_over_square(sv.theta),
            theta_minus_sin_over_cube(sv.theta),
        )
    } else {
        // θ > 1e154 (f64): B·s and C·s² through θ-scaled forms that cannot underflow.
        let t = sv.theta;
        let n = sv.norm_v;
        ((T::one() - t.cos()) / t / n, (T::one() - sinc(t)) / (n * n))
    };
    Ok(skew_polynomial(&sv.v, sign * b, c))
}

/// \\(J^{-1}(\omega) = I - \tfrac{\sigma}{2}[\omega]_\times + D[\omega]_\times^2\\), σ = +1 (left)
/// or −1 (right).
pub(crate) fn jacobian_inverse<T: Real>(omega: &Vector3<T>, sign: T) -> Result<Matrix3<T>> {
    check_finite(omega.as_slice())?;
    let sv = scaled_vector(omega);
    if !sv.theta.is_finite() {
        return Err(Error::Overflow {
            value: omega.amax().as_f64(),
        });
    }
    let d = if sv.scale == T::one() {
        inverse_jacobian_coefficient(sv.theta)
    } else {
        (T::one() - half_cot_half(sv.theta)) / (sv.norm_v * sv.norm_v)
    };
    if !d.is_finite() {
        return Err(Error::Singular {
            value: sinc(sv.theta * T::lit(0.5)).as_f64(),
        });
    }
    let m = skew_polynomial(&sv.v, -sign * T::lit(0.5) * sv.scale, d);
    if m.iter().all(|x| x.is_finite()) {
        Ok(m)
    } else {
        Err(Error::Overflow {
            value: omega.amax().as_f64(),
        })
    }
}

/// \\((a - b)/2\\), finite for finite `a`, `b`: the difference of two entries near the largest
/// float overflows, so it is then taken of the halves. Halving first always would round the
/// smallest subnormals to 0 (found by fuzzing, issue 9: `vee(hat(ω))` was ∞ for huge ω).
pub(crate) fn half_difference<T: Real>(a: T, b: T) -> T {
    let difference = a - b;
    if difference.is_finite() {
        difference * T::lit(0.5)
    } else {
        a * T::lit(0.5) - b * T::lit(0.5)
    }
}

/// Rejects a matrix whose symmetric part is not negligible (see [`So3::vee`]).
pub(crate) fn check_skew<T: Real, const N: usize>(m: &nalgebra::SMatrix<T, N, N>) -> Result<()> {
    check_finite(m.as_slice())?;
    let symmetric = (m + m.transpose()).amax() * T::lit(0.5);
    let tolerance = on_group_tolerance::<T>() * T::one().max(m.amax());
    if symmetric > tolerance {
        return Err(Error::NotOnManifold {
            residual: symmetric.as_f64(),
            tolerance: tolerance.as_f64(),
        });
    }
    Ok(())
}

impl<T: Real> LieGroup<T, 3> for So3<T> {
    fn identity() -> Self {
        So3::identity()
    }
    fn compose(&self, other: &Self) -> Result<Self> {
        Ok(So3::compose(self, other))
    }
    fn inverse(&self) -> Result<Self> {
        Ok(So3::inverse(self))
    }
    fn exp(xi: &Vector3<T>) -> Result<Self> {
        So3::exp(xi)
    }
    fn log(&self) -> Result<Vector3<T>> {
        Ok(So3::log(self))
    }
    fn adjoint(&self) -> Result<Matrix3<T>> {
        Ok(So3::adjoint(self))
    }
    fn left_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        So3::left_jacobian(xi)
    }
    fn right_jacobian(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        So3::right_jacobian(xi)
    }
    fn left_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        So3::left_jacobian_inverse(xi)
    }
    fn right_jacobian_inverse(xi: &Vector3<T>) -> Result<Matrix3<T>> {
        So3::right_jacobian_inverse(xi)
    }
    fn residual(&self) -> T {
        (self.q.norm() - T::one()).abs()
    }
    fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        So3::interpolate(self, other, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lie::LieGroup;
    use nalgebra::UnitQuaternion;
    use rand::{SeedableRng, rngs::StdRng};

    #[test]
    fn non_finite_and_off_group_inputs_are_errors() {
        let nan = Vector3::new(0.0, f64::NAN, 0.0);
        assert!(matches!(
            So3::exp(&nan),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(So3::left_jacobian(&nan).is_err());
        assert!(So3::right_jacobian_inverse(&nan).is_err());
        let r = So3::<f64>::identity();
        assert!(r.act(&Vector3::new(f64::INFINITY, 0.0, 0.0)).is_err());
        assert!(r.interpolate(&r, f64::NAN).is_err());
        match So3::from_quaternion(&Quaternion::new(1.0_f64, 0.0, 0.0, 0.5)) {
            Err(Error::NotOnManifold { residual, .. }) => {
                assert!((residual - (1.25_f64.sqrt() - 1.0)).abs() < 1e-15)
            }
            other => panic!("{other:?}"),
        }
        assert!(
            So3::from_quaternion_normalizing(&Quaternion::new(0.0_f32, 0.0, 0.0, 0.0)).is_err()
        );
        let reflection = Matrix3::new(-1.0_f64, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0);
        match So3::from_matrix(&reflection) {
            Err(Error::NotOnManifold { residual, .. }) => assert_eq!(residual, 2.0),
            other => panic!("{other:?}"),
        }
        // The nearest rotation to a reflection flips the weakest direction (here any).
        let r = So3::from_matrix_nearest(&reflection).unwrap();
        assert!((r.matrix().determinant() - 1.0).abs() < 1e-15);
        assert!(
            So3::vee(&Matrix3::new(
                0.0_f64, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0
            ))
            .is_err()
        );
    }

    #[test]
    fn normalising_constructors_accept_slightly_off_data() {
        let q = Quaternion::new(0.7_f64, 0.7, 0.1, 0.1); // |q| = 1.0
        let r = So3::from_quaternion_normalizing(&(q * 1.3)).unwrap();
        assert!((LieGroup::residual(&r)) < 1e-15);
        let m = So3::exp(&Vector3::new(0.3, 0.2, -0.4)).unwrap().matrix();
        let noisy = m + Matrix3::from_fn(|i, j| 1e-4 * ((i * 3 + j) as f64 - 4.0));
        assert!(So3::from_matrix(&noisy).is_err());
        let r = So3::from_matrix_nearest(&noisy).unwrap();
        assert!(r.angle_to(&So3::from_matrix(&m).unwrap()) < 1e-3);
        // Huge and tiny quaternions normalise exactly.
        let big = So3::from_quaternion_normalizing(&Quaternion::new(3e300_f64, 4e300, 0.0, 0.0));
        assert!((big.unwrap().quaternion().w - 0.6).abs() < 1e-15);
        let small =
            So3::from_quaternion_normalizing(&Quaternion::new(3e-310_f64, 4e-310, 0.0, 0.0));
        assert!((small.unwrap().quaternion().w - 0.6).abs() < 1e-15);
    }

    #[test]
    fn every_shepperd_branch_round_trips() {
        use core::f64::consts::PI;
        for omega in [
            Vector3::new(0.1, -0.2, 0.3),
            Vector3::new(PI - 1e-9, 0.0, 0.0),
            Vector3::new(0.0, PI - 1e-9, 1e-3),
            Vector3::new(1e-3, 0.0, -(PI - 1e-9)),
            Vector3::new(1.0, 1.0, 1.0).normalize() * PI,
        ] {
            let r = So3::exp(&omega).unwrap();
            let back = So3::from_matrix(&r.matrix()).unwrap();
            assert!(back.angle_to(&r) < 1e-14, "{omega}");
        }
    }

    #[test]
    fn long_products_stay_on_the_group() {
        let step = So3::exp(&Vector3::new(0.3_f32, -0.7, 0.2)).unwrap();
        let mut r = So3::identity();
        for _ in 0..100_000 {
            r = r * step;
        }
        assert!(LieGroup::residual(&r) <= 2.0 * f32::EPSILON);
    }

    #[test]
    fn extreme_rotation_vectors_stay_finite() {
        for omega in [
            Vector3::new(1e200_f64, -3e200, 2e200),
            Vector3::new(1e-200, 0.0, 1e-200),
        ] {
            let r = So3::exp(&omega).unwrap();
            assert!(LieGroup::residual(&r) < 1e-15);
            assert!(
                So3::left_jacobian(&omega)
                    .unwrap()
                    .iter()
                    .all(|x| x.is_finite())
            );
        }
        let tiny = Vector3::new(3e-200_f64, 4e-200, 0.0);
        assert_eq!(So3::exp(&tiny).unwrap().log(), tiny);
        assert!(matches!(
            So3::left_jacobian(&Vector3::new(f64::MAX, f64::MAX, 0.0)),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn log_is_principal_and_folds_the_sign() {
        let r = So3::exp(&Vector3::new(0.0, 0.0, 4.0_f64)).unwrap(); // 4 rad = −(2π − 4)
        assert!(
            (r.log() - Vector3::new(0.0, 0.0, 4.0 - 2.0 * core::f64::consts::PI)).norm() < 1e-15
        );
        let q = r.quaternion();
        let negated = So3::from_quaternion(&-q.into_inner()).unwrap();
        assert!((negated.log() - r.log()).norm() < 1e-15);
    }

    #[test]
    fn matches_nalgebra_unit_quaternions() {
        let w = Vector3::new(0.4_f64, -1.1, 2.0);
        let ours = So3::exp(&w).unwrap();
        let theirs = UnitQuaternion::from_scaled_axis(w);
        assert!(ours.quaternion().angle_to(&theirs) < 1e-15);
        assert!((ours.log() - theirs.scaled_axis()).norm() < 1e-15);
        assert!((ours.matrix() - theirs.to_rotation_matrix().into_inner()).amax() < 1e-15);
    }

    #[test]
    fn uniform_samples_follow_the_haar_measure() {
        let mut rng = StdRng::seed_from_u64(17);
        let n = 20_000;
        let mut mean = Matrix3::<f64>::zeros();
        let mut below_half_pi = 0;
        for _ in 0..n {
            let r = So3::<f64>::random_uniform(&mut rng);
            mean += r.matrix();
            if r.angle() < core::f64::consts::FRAC_PI_2 {
                below_half_pi += 1;
            }
        }
        // Haar: E[R] = 0 and P(θ ≤ φ) = (φ − sin φ)/π, 0.1817 at φ = π/2.
        assert!((mean / f64::from(n)).amax() < 0.02);
        let p = f64::from(below_half_pi) / f64::from(n);
        assert!((p - (core::f64::consts::FRAC_PI_2 - 1.0) / core::f64::consts::PI).abs() < 0.01);
    }

    #[test]
    fn gaussian_samples_have_the_requested_spread() {
        let mut rng = StdRng::seed_from_u64(23);
        let mean = So3::exp(&Vector3::new(1.0_f64, -2.0, 0.5)).unwrap();
        let sigma = Vector3::new(0.05, 0.1, 0.2);
        let n = 20_000;
        let mut second = Vector3::<f64>::zeros();
        for _ in 0..n {
            let g = mean.random_gaussian(&mut rng, &sigma).unwrap();
            let xi = mean.inverse().compose(&g).log();
            second += xi.component_mul(&xi);
        }
        let std = (second / f64::from(n)).map(f64::sqrt);
        assert!(((std - sigma).component_div(&sigma)).amax() < 0.03, "{std}");
        // Reparameterisation: a fixed ε gives a deterministic, smooth function of σ.
        let eps = Vector3::new(0.3, -1.0, 2.0);
        let a = mean.reparameterize(&sigma, &eps).unwrap();
        let b = mean.reparameterize(&sigma, &eps).unwrap();
        assert_eq!(a.quaternion(), b.quaternion());
        assert!(mean.reparameterize(&-sigma, &eps).is_err());
    }
}
