//! Quaternion kernels shared by [`So3`](super::So3), [`Su2`](super::Su2) and
//! [`Se3`](super::Se3): the exponential, the logarithm's scale factor, products that stay
//! unit, matrix conversion both ways (Shepperd's extraction) and rotation of points.

use crate::{Error, Real, Result, check_finite};
use nalgebra::{Matrix3, Quaternion, Vector3};

/// The largest distance from the group a constructor accepts before it normalises:
/// \\(\sqrt{\varepsilon}\\), i.e. 3.5e-4 for `f32` and 1.5e-8 for `f64` (half the digits).
/// Data further off is an error from the strict constructors; the `_normalizing` and
/// `_nearest` constructors accept it and project it onto the group.
///
/// ```
/// use geoml::lie::on_group_tolerance;
/// assert!((on_group_tolerance::<f64>() - 1.49e-8).abs() < 1e-10);
/// ```
pub fn on_group_tolerance<T: Real>() -> T {
    T::default_epsilon().sqrt()
}

/// The Euclidean norm of `values`, rescaled when the sum of squares would overflow or
/// underflow, so that it is accurate for every finite input.
pub(crate) fn robust_norm<T: Real>(values: &[T]) -> T {
    let sum: T = values.iter().fold(T::zero(), |acc, &v| acc + v * v);
    if sum.is_finite() && sum >= min_positive::<T>() {
        return sum.sqrt();
    }
    let scale = values.iter().fold(T::zero(), |acc, &v| acc.max(v.abs()));
    if scale == T::zero() || !scale.is_finite() {
        return scale;
    }
    let scaled: T = values.iter().fold(T::zero(), |acc, &v| {
        let r = v / scale;
        acc + r * r
    });
    scale * scaled.sqrt()
}

/// The smallest positive normal number of `T`.
pub(crate) fn min_positive<T: Real>() -> T {
    if T::is_single_precision() {
        T::lit(f64::from(f32::MIN_POSITIVE))
    } else {
        T::lit(f64::MIN_POSITIVE)
    }
}

/// The rotation vector ω split as ω = s·v with v of moderate size: s = 1 and v = ω unless
/// \\(|\omega|^2\\) overflows, in which case s is the largest component. `theta` = |ω| (may be
/// +∞ only if |ω| itself exceeds the largest float), `norm_v` = |v|.
#[derive(Clone, Copy)]
pub(crate) struct ScaledVector<T> {
    pub v: Vector3<T>,
    pub scale: T,
    pub theta: T,
    pub norm_v: T,
}

pub(crate) fn scaled_vector<T: Real>(omega: &Vector3<T>) -> ScaledVector<T> {
    let t2 = omega.norm_squared();
    if t2.is_finite() {
        let theta = t2.sqrt();
        return ScaledVector {
            v: *omega,
            scale: T::one(),
            theta,
            norm_v: theta,
        };
    }
    let scale = omega.amax();
    let v = omega / scale;
    let norm_v = v.norm();
    ScaledVector {
        v,
        scale,
        theta: scale * norm_v,
        norm_v,
    }
}

/// \\(\exp\omega = (\cos\tfrac\theta2,\ \tfrac{\sin(\theta/2)}{\theta}\,\omega)\\),
/// θ = |ω|, unit to rounding. Accurate to about 2 ulp (normwise) for every finite ω; the
/// factor \\(\sin(\theta/2)/\theta\\) never cancels, and below \\(\theta^2 < \varepsilon\\) its
/// two-term series also avoids 0/0 and the underflow of θ². A non-finite component makes θ²
/// non-finite, so the common path needs no separate input check.
#[inline]
pub(crate) fn exp_quaternion<T: Real>(omega: &Vector3<T>) -> Result<Quaternion<T>> {
    let t2 = omega.x * omega.x + omega.y * omega.y + omega.z * omega.z;
    // One branch for the common case (`&`, not `&&`: both comparisons are cheap).
    if (t2 >= T::default_epsilon()) & (t2 <= T::max_value().unwrap_or(t2)) {
        let theta = t2.sqrt();
        let (s, c) = (theta * T::lit(0.5)).sin_cos();
        let k = s / theta;
        return Ok(Quaternion::new(c, k * omega.x, k * omega.y, k * omega.z));
    }
    if t2 < T::default_epsilon() {
        // cos(θ/2) = 1 − θ²/8 + …, sin(θ/2)/θ = 1/2 − θ²/48 + …; the next terms are below ε².
        let w = T::one() - t2 * T::lit(0.125);
        let k = T::lit(0.5) - t2 * T::lit(1.0 / 48.0);
        return Ok(Quaternion::new(w, k * omega.x, k * omega.y, k * omega.z));
    }
    check_finite(omega.as_slice())?;
    // |ω|² overflows: work with the direction and the half angle, which are finite.
    let sv = scaled_vector(omega);
    let half = sv.scale * T::lit(0.5) * sv.norm_v;
    let (s, c) = half.sin_cos();
    let axis = sv.v / sv.norm_v;
    Ok(Quaternion::new(c, s * axis.x, s * axis.y, s * axis.z))
}

/// The factor f with \\(\log q = f\,\vec q\\) for the quaternion \\(q = (w, \vec q)\\), taking
/// the rotation angle \\(2\,\mathrm{atan2}(|\vec q|, w)\\) in \\([0, 2\pi]\\) (callers fold
/// w < 0 first for SO(3)). Invariant under positive scaling of q, so a quaternion that is
/// unit only to rounding gives the log of its normalisation. Precondition: not
/// \\(\vec q = 0\\) with w < 0 (the rotation by 2π of SU(2), whose log direction is
/// undefined; [`Su2::log`](super::Su2::log) rejects it first).
///
/// atan2 keeps full relative accuracy at both ends: near the identity it returns
/// \\(|\vec q|/w\\) to the last bit, and near θ = π (w → 0) it returns π/2 − w/|q⃗| without the
/// cancellation of `acos(w)` or of the shortcut `π/|q⃗|` some libraries take there.
#[inline]
pub(crate) fn log_factor<T: Real>(q: &Quaternion<T>) -> T {
    let w = q.w;
    let n2 = q.i * q.i + q.j * q.j + q.k * q.k;
    if n2 >= T::default_epsilon() * w * w {
        // The common case; |q⃗|² ≥ ε/2 here for a unit quaternion, so the root is exact.
        let n = n2.sqrt();
        return T::lit(2.0) * n.atan2(w) / n;
    }
    if w > T::zero() {
        // atan(n/w)/n = (1/w)(1 − n²/(3w²) + …); the next term is below ε².
        return T::lit(2.0) / w * (T::one() - n2 / (T::lit(3.0) * w * w));
    }
    // Near the rotation by 2π of SU(2): |q⃗| tiny, possibly with an underflowing square.
    let n = robust_norm(q.imag().as_slice());
    T::lit(2.0) * n.atan2(w) / n
}

/// The Hamilton product `a·b`, pulled back onto the unit sphere by one Newton step
/// \\(q \leftarrow q\,(3 - |q|^2)/2\\), so that long chains of products never drift off the group
/// (the step costs no square root and is exact to \\(O(\delta^2)\\) for \\(|q|^2 = 1 + \delta\\)).
pub(crate) fn product_unit<T: Real>(a: &Quaternion<T>, b: &Quaternion<T>) -> Quaternion<T> {
    renormalize(&(a * b))
}

/// One Newton step towards unit norm (see [`product_unit`]).
pub(crate) fn renormalize<T: Real>(q: &Quaternion<T>) -> Quaternion<T> {
    let n2 = q.norm_squared();
    q * ((T::lit(3.0) - n2) * T::lit(0.5))
}

/// The rotation matrix of a unit quaternion. The diagonal is written as
/// \\(1 - 2(y^2 + z^2)\\) (not \\(w^2 + x^2 - y^2 - z^2\\)), which is exact near the identity.
pub(crate) fn rotation_matrix<T: Real>(q: &Quaternion<T>) -> Matrix3<T> {
    let (w, x, y, z) = (q.w, q.i, q.j, q.k);
    let two = T::lit(2.0);
    let (xx, yy, zz) = (x * x, y * y, z * z);
    let (xy, xz, yz) = (x * y, x * z, y * z);
    let (wx, wy, wz) = (w * x, w * y, w * z);
    Matrix3::new(
        T::one() - two * (yy + zz),
        two * (xy - wz),
        two * (xz + wy),
        two * (xy + wz),
        T::one() - two * (xx + zz),
        two * (yz - wx),
        two * (xz - wy),
        two * (yz + wx),
        T::one() - two * (xx + yy),
    )
}

/// Shepperd's extraction of a quaternion from a rotation matrix: the square root is taken of
/// whichever of \\(1 + \operatorname{tr} R\\), \\(1 + 2R_{ii} - \operatorname{tr} R\\) is
/// largest (always ≥ 1 for a rotation), and the other three components come from sums and
/// differences of off-diagonal entries divided by it — never a square root of a small number,
/// never `acos` of the trace. The result is normalised.
pub(crate) fn shepperd<T: Real>(m: &Matrix3<T>) -> Quaternion<T> {
    let (m00, m11, m22) = (m[(0, 0)], m[(1, 1)], m[(2, 2)]);
    let trace = m00 + m11 + m22;
    let q = if trace >= m00 && trace >= m11 && trace >= m22 {
        let r = (T::one() + trace).sqrt();
        let f = T::lit(0.5) / r;
        Quaternion::new(
            T::lit(0.5) * r,
            (m[(2, 1)] - m[(1, 2)]) * f,
            (m[(0, 2)] - m[(2, 0)]) * f,
            (m[(1, 0)] - m[(0, 1)]) * f,
        )
    } else if m00 >= m11 && m00 >= m22 {
        let r = (T::one() + m00 - m11 - m22).sqrt();
        let f = T::lit(0.5) / r;
        Quaternion::new(
            (m[(2, 1)] - m[(1, 2)]) * f,
            T::lit(0.5) * r,
            (m[(0, 1)] + m[(1, 0)]) * f,
            (m[(0, 2)] + m[(2, 0)]) * f,
        )
    } else if m11 >= m22 {
        let r = (T::one() - m00 + m11 - m22).sqrt();
        let f = T::lit(0.5) / r;
        Quaternion::new(
            (m[(0, 2)] - m[(2, 0)]) * f,
            (m[(0, 1)] + m[(1, 0)]) * f,
            T::lit(0.5) * r,
            (m[(1, 2)] + m[(2, 1)]) * f,
        )
    } else {
        let r = (T::one() - m00 - m11 + m22).sqrt();
        let f = T::lit(0.5) / r;
        Quaternion::new(
            (m[(1, 0)] - m[(0, 1)]) * f,
            (m[(0, 2)] + m[(2, 0)]) * f,
            (m[(1, 2)] + m[(2, 1)]) * f,
            T::lit(0.5) * r,
        )
    };
    q / q.norm()
}

/// How far a 3×3 matrix is from SO(3): the larger of \\(\lVert R^\top R - I\rVert_F\\) and
/// \\(|\det R - 1|\\) (the second catches reflections, which are orthogonal).
pub(crate) fn rotation_residual<T: Real>(m: &Matrix3<T>) -> T {
    let gram = m.transpose() * m - Matrix3::identity();
    gram.norm().max((m.determinant() - T::one()).abs())
}

/// `q p q*` for a unit quaternion q: \\(p + 2w\,(\vec q \times p) + 2\,\vec q \times
/// (\vec q \times p)\\).
///
/// # Errors
/// [`Error::NonFinite`] for non-finite `p`, [`Error::Overflow`] if the result overflows (only
/// possible for |p| within a factor 2 of the largest float).
pub(crate) fn rotate<T: Real>(q: &Quaternion<T>, p: &Vector3<T>) -> Result<Vector3<T>> {
    check_finite(p.as_slice())?;
    let u = q.imag();
    let t = u.cross(p) * T::lit(2.0);
    let out = p + t * q.w + u.cross(&t);
    if out.iter().all(|x| x.is_finite()) {
        Ok(out)
    } else {
        Err(Error::Overflow {
            value: p.amax().as_f64(),
        })
    }
}

/// Checks a quaternion for finiteness and unit norm within [`on_group_tolerance`]; returns
/// it normalised (untouched when it is already unit to rounding).
pub(crate) fn checked_unit<T: Real>(q: &Quaternion<T>) -> Result<Quaternion<T>> {
    check_finite(q.coords.as_slice())?;
    let n = robust_norm(q.coords.as_slice());
    let residual = (n - T::one()).abs();
    let tolerance = on_group_tolerance::<T>();
    if residual > tolerance {
        return Err(Error::NotOnManifold {
            residual: residual.as_f64(),
            tolerance: tolerance.as_f64(),
        });
    }
    if residual <= T::lit(2.0) * T::default_epsilon() {
        Ok(*q)
    } else {
        Ok(q / n)
    }
}

/// Normalises any finite non-zero quaternion.
///
/// # Errors
/// [`Error::NonFinite`]; [`Error::NotOnManifold`] with residual 1 for the zero quaternion,
/// which has no direction.
pub(crate) fn normalized<T: Real>(q: &Quaternion<T>) -> Result<Quaternion<T>> {
    check_finite(q.coords.as_slice())?;
    let n = robust_norm(q.coords.as_slice());
    if n == T::zero() {
        return Err(Error::NotOnManifold {
            residual: 1.0,
            tolerance: on_group_tolerance::<T>().as_f64(),
        });
    }
    // Divide by the largest component first so that tiny or huge inputs normalise exactly.
    let scale = q.coords.amax();
    let scaled = q.coords / scale;
    let v = scaled / scaled.norm();
    Ok(Quaternion::from(v))
}
