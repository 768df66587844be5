//! The unit sphere `Sⁿ⁻¹ ⊂ ℝⁿ` and its Riemannian geometry: distance, exp, log, parallel
//! transport, tangent projection and geodesic interpolation.

use super::numeric::{self, Tolerance};
use crate::{Error, Real, Result, fast_math};
use nalgebra::SVector;

/// The unit sphere `{p ∈ ℝᴺ : ‖p‖ = 1}` (S¹ for `N = 2`, S² for `N = 3`, S³ for `N = 4`) with
/// the metric it inherits from ℝᴺ.
///
/// Points and tangent vectors are ambient vectors `SVector<T, N>`; a tangent vector at `p` is
/// a `v` with `⟨p, v⟩ = 0`. Every operation first checks its input: a NaN or infinite entry is
/// [`Error::NonFinite`], a point with `|‖p‖ − 1|` above the tolerance is
/// [`Error::NotOnManifold`] (residual `|‖p‖ − 1|`), a vector whose normal component
/// `|⟨p, v⟩| / max(1, ‖v‖)` exceeds the tolerance is `NotOnManifold` as well. The tolerance is
/// `√ε` of the scalar type unless set with [`Sphere::with_tolerance`]; data that is only a
/// little off is brought onto the sphere by [`Sphere::normalize`] and
/// [`Sphere::project_tangent`].
///
/// The formulas are the numerically stable ones: the distance is `2·atan2(‖p−q‖, ‖p+q‖)`
/// (never a clipped `acos`), `exp` uses `sin θ/θ` with a series near 0, `log` takes its
/// direction from `q − p` or from `q + p`, whichever is small, and transport is the reflection
/// in `p + q`. For inputs exactly on the sphere each result is accurate to a few ulps.
///
/// ```
/// use geoml::manifold::Sphere;
/// use nalgebra::Vector3;
///
/// let s2 = Sphere::<3>::new();
/// let north = Vector3::new(0.0_f64, 0.0, 1.0);
/// let east = Vector3::new(1.0, 0.0, 0.0);
/// let d = s2.distance(&north, &east)?;
/// assert!((d - core::f64::consts::FRAC_PI_2).abs() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sphere<const N: usize> {
    tolerance: Tolerance,
}

/// The circle S¹ ⊂ ℝ².
pub type S1 = Sphere<2>;
/// The 2-sphere S² ⊂ ℝ³.
pub type S2 = Sphere<3>;
/// The 3-sphere S³ ⊂ ℝ⁴ (the unit quaternions).
pub type S3 = Sphere<4>;

impl<const N: usize> Sphere<N> {
    /// The sphere with the default tolerance `√ε` (1.5e-8 in `f64`, 3.5e-4 in `f32`).
    ///
    /// ```
    /// let s3 = geoml::manifold::Sphere::<4>::new();
    /// assert_eq!(s3.tolerance::<f64>(), f64::EPSILON.sqrt());
    /// ```
    pub const fn new() -> Self {
        const { assert!(N >= 2, "Sphere<N> needs N ≥ 2 (S⁰ is two points)") };
        Sphere {
            tolerance: Tolerance::DEFAULT,
        }
    }

    /// The sphere that accepts points with `|‖p‖ − 1| ≤ tolerance` (and tangent vectors with
    /// normal component up to `tolerance`).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `tolerance` is negative, not finite, or above
    /// [`Sphere::MAX_TOLERANCE`].
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// let strict = Sphere::<3>::with_tolerance(1e-12)?;
    /// assert_eq!(strict.tolerance::<f64>(), 1e-12);
    /// assert!(Sphere::<3>::with_tolerance(-1.0).is_err());
    /// assert!(Sphere::<3>::with_tolerance(1.0).is_err()); // would accept the origin
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn with_tolerance(tolerance: f64) -> Result<Self> {
        // Through `new`, so that the compile-time check N ≥ 2 applies here too.
        let _ = Self::new();
        if tolerance > Self::MAX_TOLERANCE {
            return Err(Error::InvalidParameter {
                name: "tolerance",
                value: tolerance,
            });
        }
        Ok(Sphere {
            tolerance: Tolerance::new(tolerance)?,
        })
    }

    /// The largest tolerance [`Sphere::with_tolerance`] accepts, 1/2: every accepted point then
    /// has `‖p‖ ≥ 1/2`. A tolerance of 1 would accept the origin (and points so short that
    /// their norm underflows), which have no direction: `exp` and `geodesic` returned NaN there
    /// (found by fuzzing, issue 9).
    pub const MAX_TOLERANCE: f64 = 0.5;

    /// The tolerance in use, in the scalar type `T`.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    ///
    /// // The default √ε is resolved per scalar type.
    /// let s2 = Sphere::<3>::new();
    /// assert_eq!(s2.tolerance::<f32>(), f32::EPSILON.sqrt());
    /// assert_eq!(s2.tolerance::<f64>(), f64::EPSILON.sqrt());
    /// ```
    pub fn tolerance<T: Real>(&self) -> T {
        self.tolerance.get()
    }

    /// `Ok(())` if `p` is finite and `|‖p‖ − 1| ≤ tolerance`.
    ///
    /// # Errors
    /// [`Error::NonFinite`] (index of the entry), [`Error::NotOnManifold`] (residual
    /// `|‖p‖ − 1|`).
    ///
    /// ```
    /// use geoml::{manifold::Sphere, Error};
    /// use nalgebra::Vector2;
    /// let s1 = Sphere::<2>::new();
    /// assert!(s1.check_point(&Vector2::new(0.6_f32, 0.8)).is_ok());
    /// assert!(matches!(
    ///     s1.check_point(&Vector2::new(0.6_f32, 0.9)),
    ///     Err(Error::NotOnManifold { .. })
    /// ));
    /// ```
    pub fn check_point<T: Real>(&self, p: &SVector<T, N>) -> Result<()> {
        let tolerance = self.tolerance::<T>();
        // Fast path: a finite ‖p‖² within the tolerance of 1 means every entry is finite and
        // |‖p‖ − 1| = |‖p‖² − 1| / (‖p‖ + 1) is within the tolerance too.
        let squared = p.norm_squared();
        if squared.is_finite() && (squared - T::one()).abs() <= tolerance {
            return Ok(());
        }
        numeric::check_vector(p)?;
        let residual = (numeric::point_norm(p) - T::one()).abs();
        if residual <= tolerance {
            Ok(())
        } else {
            Err(Error::NotOnManifold {
                residual: residual.as_f64(),
                tolerance: tolerance.as_f64(),
            })
        }
    }

    /// `Ok(())` if `p` is a point of the sphere and `v` a finite vector tangent at `p`:
    /// `|⟨p, v⟩| / max(1, ‖v‖) ≤ tolerance`.
    ///
    /// # Errors
    /// As [`Sphere::check_point`] for `p`; [`Error::NonFinite`] for `v`;
    /// [`Error::NotOnManifold`] with the normal component `|⟨p, v⟩| / max(1, ‖v‖)` as residual.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let s2 = Sphere::<3>::new();
    /// let p = Vector3::new(0.0_f64, 0.0, 1.0);
    /// assert!(s2.check_tangent(&p, &Vector3::new(0.3, -2.0, 0.0)).is_ok());
    /// assert!(s2.check_tangent(&p, &Vector3::new(0.0, 0.0, 0.1)).is_err());
    /// ```
    pub fn check_tangent<T: Real>(&self, p: &SVector<T, N>, v: &SVector<T, N>) -> Result<()> {
        self.check_point(p)?;
        numeric::check_vector(v)?;
        let scale = numeric::norm(v).max(T::one());
        let residual = (p.dot(&(v / scale))).abs();
        let tolerance = self.tolerance::<T>();
        if residual <= tolerance {
            Ok(())
        } else {
            Err(Error::NotOnManifold {
                residual: residual.as_f64(),
                tolerance: tolerance.as_f64(),
            })
        }
    }

    /// The normalising constructor: `v / ‖v‖`, the point of the sphere in the direction of any
    /// finite non-zero `v` (the nearest point of the sphere to `v`). The norm is computed
    /// without overflow, so `v` may have any finite magnitude.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::InvalidParameter`] named `"norm"` with value 0 for the
    /// zero vector, which has no direction.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let p = Sphere::<3>::normalize(&Vector3::new(0.0_f32, 3.0, 4.0))?;
    /// assert_eq!(p, Vector3::new(0.0, 0.6, 0.8));
    /// assert!(Sphere::<3>::normalize(&Vector3::<f32>::zeros()).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn normalize<T: Real>(v: &SVector<T, N>) -> Result<SVector<T, N>> {
        numeric::check_vector(v)?;
        let scale = v.iter().fold(T::zero(), |m, x| m.max(x.abs()));
        if scale == T::zero() {
            return Err(Error::InvalidParameter {
                name: "norm",
                value: 0.0,
            });
        }
        let scaled = v / scale;
        Ok(scaled / scaled.norm())
    }

    /// The orthogonal projection `v − ⟨p, v⟩ p` of an ambient vector onto the tangent space at
    /// `p`: the normalising constructor for tangent vectors, and the Riemannian gradient of a
    /// function whose Euclidean gradient is `v`.
    ///
    /// # Errors
    /// As [`Sphere::check_point`] for `p`; [`Error::NonFinite`] for `v`.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let p = Vector3::new(0.0_f64, 0.0, 1.0);
    /// let t = Sphere::<3>::new().project_tangent(&p, &Vector3::new(1.0, 2.0, 3.0))?;
    /// assert_eq!(t, Vector3::new(1.0, 2.0, 0.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn project_tangent<T: Real>(
        &self,
        p: &SVector<T, N>,
        v: &SVector<T, N>,
    ) -> Result<SVector<T, N>> {
        self.check_point(p)?;
        numeric::check_vector(v)?;
        numeric::finite_result(v - p * p.dot(v))
    }

    /// The geodesic (great-circle) distance `d(p, q) = 2·atan2(‖p − q‖, ‖p + q‖) ∈ [0, π]`.
    ///
    /// Each norm is small exactly where the other formula fails: `acos(⟨p, q⟩)` loses half the
    /// digits near 0 (a distance of 1e-9 comes out as 0 or 2.1e-8 in `f64`) and near π, while
    /// this form is accurate to a few ulps everywhere, because `p − q` and `p + q` are computed
    /// exactly where they are small (tested against 50-digit mpmath values from 1e-12 to
    /// π − 1e-12: at d = 1e-9 the absolute error is below 1e-24).
    ///
    /// For points accepted within the tolerance but off the sphere by η, the result moves by
    /// about `η²/d`: negligible unless the points are also extremely close (with η = 1e-8,
    /// d = 1e-9 comes out wrong by 5e-8). Points that far from unit length should be passed
    /// through [`Sphere::normalize`] first.
    ///
    /// # Errors
    /// As [`Sphere::check_point`] for `p` and `q`.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let s2 = Sphere::<3>::new();
    /// let p = Vector3::new(1.0_f64, 0.0, 0.0);
    /// let q = Vector3::new(1e-9_f64.cos(), 1e-9_f64.sin(), 0.0);
    /// let d = s2.distance(&p, &q)?;
    /// assert!((d - 1e-9).abs() < 1e-24);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn distance<T: Real>(&self, p: &SVector<T, N>, q: &SVector<T, N>) -> Result<T> {
        self.check_point(p)?;
        self.check_point(q)?;
        Ok(angle(p, q))
    }

    /// The exponential map `exp_p(v) = cos(‖v‖) p + (sin ‖v‖ / ‖v‖) v`: the point reached at
    /// time 1 along the great circle leaving `p` with velocity `v`.
    ///
    /// `sin θ/θ` uses its Taylor series below θ = 0.005 (`f64`) or 0.25 (`f32`), so `exp` is
    /// smooth through `v = 0` and accurate to a few ulps for every `‖v‖`; `‖v‖` itself is
    /// computed without overflow. The result is renormalised, so iterating `exp` (as an
    /// optimiser does) never drifts off the sphere.
    ///
    /// # Errors
    /// As [`Sphere::check_tangent`]; [`Error::Overflow`] if `‖v‖` exceeds the largest finite
    /// value of `T`.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// use core::f64::consts::FRAC_PI_2;
    /// let s2 = Sphere::<3>::new();
    /// let north = Vector3::new(0.0_f64, 0.0, 1.0);
    /// // A quarter turn towards +x lands on the equator.
    /// let q = s2.exp(&north, &Vector3::new(FRAC_PI_2, 0.0, 0.0))?;
    /// assert!((q - Vector3::new(1.0, 0.0, 0.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn exp<T: Real>(&self, p: &SVector<T, N>, v: &SVector<T, N>) -> Result<SVector<T, N>> {
        self.check_tangent(p, v)?;
        let theta = numeric::norm(v);
        if !theta.is_finite() {
            return Err(Error::Overflow {
                value: theta.as_f64(),
            });
        }
        let q = numeric::finite_result(p * theta.cos() + v * numeric::sinc(theta))?;
        // Renormalise (a change of at most an ulp or two) so that iterating exp, as an
        // optimiser does, never drifts off the sphere.
        Ok(q / q.norm())
    }

    /// The logarithm map: the tangent vector `v` at `p` with `exp_p(v) = q` and `‖v‖ = d(p, q)`,
    /// the initial velocity of the shortest great circle from `p` to `q`.
    ///
    /// Its direction is the component of `q` tangent at `p`, taken from `q − p` when
    /// `⟨p, q⟩ ≥ 0` and from `q + p` otherwise, so that it never comes from a difference of two
    /// nearly equal vectors; the length is the angle `atan2(‖q⊥‖·‖p‖, ⟨p, q⟩)` between the
    /// two directions, the distance for points on the sphere (and 0 for `q` along `p`, whatever
    /// their lengths within the tolerance). Accurate to a few ulps away from
    /// the antipode; within a distance δ of it the direction is sensitive to the input
    /// (relative error ≈ ε/δ) while `exp_p(log_p(q)) = q` still holds to a few ulps.
    ///
    /// # Errors
    /// As [`Sphere::check_point`] for `p` and `q`; [`Error::CutLocus`] (with `π − d(p, q)`) when
    /// `q` is the antipode of `p` to working precision (`sin d(p, q) ≤ 4ε`), where every
    /// direction is a shortest one.
    ///
    /// ```
    /// use geoml::{manifold::Sphere, Error};
    /// use nalgebra::Vector3;
    /// let s2 = Sphere::<3>::new();
    /// let p = Vector3::new(0.0_f64, 0.0, 1.0);
    /// let q = Vector3::new(1.0, 0.0, 0.0);
    /// let v = s2.log(&p, &q)?;
    /// assert!((v - Vector3::new(core::f64::consts::FRAC_PI_2, 0.0, 0.0)).norm() < 1e-15);
    /// assert!(matches!(s2.log(&p, &-p), Err(Error::CutLocus { .. })));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn log<T: Real>(&self, p: &SVector<T, N>, q: &SVector<T, N>) -> Result<SVector<T, N>> {
        self.check_point(p)?;
        self.check_point(q)?;
        let geometry = Chord::new(p, q)?;
        if geometry.sin_theta == T::zero() {
            return Ok(SVector::zeros());
        }
        numeric::finite_result(geometry.tangent * (geometry.theta / geometry.sin_theta))
    }

    /// Parallel transport of a tangent vector `v` at `p` along the shortest geodesic to `q`:
    /// `Y = v − 2⟨v, s⟩/‖s‖² · s` with `s = p + q`.
    ///
    /// On tangent vectors this is the formula `v − 2⟨v, q⟩/‖p + q‖² · (p + q)` (they differ by
    /// `⟨v, p⟩ = 0`); written with `s` it is a reflection of ℝᴺ, so it preserves every inner
    /// product exactly, is its own inverse (transport from `q` back to `p` undoes it), and is
    /// well conditioned until `q` is nearly antipodal. Accurate to a few ulps.
    ///
    /// # Errors
    /// As [`Sphere::check_tangent`] for `(p, v)` and [`Sphere::check_point`] for `q`;
    /// [`Error::CutLocus`] when `q` is antipodal to `p` to working precision (as in
    /// [`Sphere::log`]), where the geodesic is not unique.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let s2 = Sphere::<3>::new();
    /// let north = Vector3::new(0.0_f64, 0.0, 1.0);
    /// let east = Vector3::new(1.0, 0.0, 0.0);
    /// // Pointing east at the pole, then carried down the meridian: it points down (−z).
    /// let y = s2.transport(&north, &east, &Vector3::new(1.0, 0.0, 0.0))?;
    /// assert!((y - Vector3::new(0.0, 0.0, -1.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn transport<T: Real>(
        &self,
        p: &SVector<T, N>,
        q: &SVector<T, N>,
        v: &SVector<T, N>,
    ) -> Result<SVector<T, N>> {
        self.check_tangent(p, v)?;
        self.check_point(q)?;
        let s = p + q;
        if p.dot(q) < T::zero() {
            // Near the antipode the part of s tangent at p has length sin θ.
            check_not_antipodal(p, q, (s - p * p.dot(&s)).norm())?;
        }
        // ‖s‖ ≥ sin θ > 4ε here (or ⟨p, q⟩ ≥ 0 and ‖s‖ ≥ √2), so the quotient is finite.
        let coefficient = T::lit(2.0) * v.dot(&s) / s.norm_squared();
        numeric::finite_result(v - s * coefficient)
    }

    /// The point at parameter `t` on the shortest geodesic from `p` (`t = 0`) to `q` (`t = 1`):
    /// `exp_p(t · log_p(q))`, spherical linear interpolation. Values of `t` outside `[0, 1]`
    /// extrapolate along the same great circle.
    ///
    /// # Errors
    /// As [`Sphere::log`]; [`Error::NonFinite`] for a non-finite `t`.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let s2 = Sphere::<3>::new();
    /// let p = Vector3::new(1.0_f64, 0.0, 0.0);
    /// let q = Vector3::new(0.0, 1.0, 0.0);
    /// let mid = s2.geodesic(&p, &q, 0.5)?;
    /// let h = core::f64::consts::FRAC_1_SQRT_2;
    /// assert!((mid - Vector3::new(h, h, 0.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn geodesic<T: Real>(
        &self,
        p: &SVector<T, N>,
        q: &SVector<T, N>,
        t: T,
    ) -> Result<SVector<T, N>> {
        numeric::check_scalar(t)?;
        let v = self.log(p, q)?;
        // log returns an exactly tangent direction scaled by θ ≤ π: exp cannot overflow.
        let scaled = v * t;
        let theta = numeric::norm(&scaled);
        let q = numeric::finite_result(p * theta.cos() + scaled * numeric::sinc(theta))?;
        Ok(q / q.norm())
    }

    /// Parallel transport of `v` (tangent at `path[0]`) along the broken geodesic through the
    /// points of `path`, one shortest arc after the other; returns the vector at the last
    /// point. Transport along a smooth curve is the limit of this as the points get denser.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] named `"path length"` for an empty path; otherwise as
    /// [`Sphere::transport`] for each leg.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let s2 = Sphere::<3>::new();
    /// let path = [
    ///     Vector3::new(0.0_f64, 0.0, 1.0),
    ///     Vector3::new(1.0, 0.0, 0.0),
    ///     Vector3::new(0.0, 1.0, 0.0),
    ///     Vector3::new(0.0, 0.0, 1.0),
    /// ];
    /// // Around the octant triangle (area π/2) a vector comes back turned by π/2.
    /// let v = Vector3::new(1.0, 0.0, 0.0);
    /// let w = s2.transport_along(&path, &v)?;
    /// assert!((w - Vector3::new(0.0, 1.0, 0.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn transport_along<T: Real>(
        &self,
        path: &[SVector<T, N>],
        v: &SVector<T, N>,
    ) -> Result<SVector<T, N>> {
        let first = path.first().ok_or(Error::InvalidParameter {
            name: "path length",
            value: 0.0,
        })?;
        self.check_tangent(first, v)?;
        let mut w = *v;
        for leg in path.windows(2) {
            if let [from, to] = leg {
                // Re-project to stop rounding drift out of the tangent space on long paths.
                w = self.transport(from, to, &w)?;
                w -= to * to.dot(&w);
            }
        }
        Ok(w)
    }
}

/// `2·atan2(‖p − q‖, ‖p + q‖)`. The differences are exact for the given inputs, so the result is
/// accurate to a few ulps for unit inputs; an input off the sphere by η shifts it by about
/// `η²/d` (the radial part of `p − q`). The square roots and the arctangent are the hot spots
/// that the `fast-math` feature approximates in f32 (see [`crate::fast_math`]).
fn angle<T: Real, const N: usize>(p: &SVector<T, N>, q: &SVector<T, N>) -> T {
    let chord = fast_math::sqrt((p - q).norm_squared());
    let sum = fast_math::sqrt((p + q).norm_squared());
    T::lit(2.0) * fast_math::atan2(chord, sum)
}

/// The quantities `log` and `transport` share for a pair of points.
struct Chord<T: Real, const N: usize> {
    /// The angle between p and q: `d(p, q)` for points on the sphere.
    theta: T,
    /// `‖tangent‖ = sin θ`.
    sin_theta: T,
    /// The component of `q` tangent at `p`, of length `sin θ`.
    tangent: SVector<T, N>,
}

impl<T: Real, const N: usize> Chord<T, N> {
    /// Computes the chord geometry, or `CutLocus` if `q = −p` to working precision.
    fn new(p: &SVector<T, N>, q: &SVector<T, N>) -> Result<Self> {
        // q − ⟨p,q⟩p written as d − ⟨p,d⟩p (near p) or s − ⟨p,s⟩p (near −p), d = q − p and
        // s = q + p: the same vector, computed from whichever of d and s is small and therefore
        // exact. The projection divides by ‖p‖² rather than 1, so that for a point accepted off
        // the sphere by η the result is still orthogonal to p to rounding and `exp` at p
        // accepts the output of `log` at p (with 1 its normal part was about η·θ, over the
        // tolerance once η neared it; found by fuzzing, issue 9).
        let p2 = p.norm_squared();
        let tangent = if p.dot(q) >= T::zero() {
            let d = q - p;
            d - p * (p.dot(&d) / p2)
        } else {
            let s = q + p;
            s - p * (p.dot(&s) / p2)
        };
        let sin_theta = tangent.norm();
        check_not_antipodal(p, q, sin_theta)?;
        // The angle between the directions of p and q, atan2(‖q⊥‖·‖p‖, ⟨p, q⟩) (both scale as
        // ‖p‖‖q‖): accurate to a few ulps, as the chord formula of `angle` is on the sphere,
        // but blind to the points' lengths. For points accepted off the sphere the chord
        // formula also counts their radial difference, and for q along p (the same point of
        // the sphere) `log` returned that length in a direction made of rounding (found by
        // fuzzing, issue 9).
        Ok(Chord {
            theta: (sin_theta * p2.sqrt()).atan2(p.dot(q)),
            sin_theta,
            tangent,
        })
    }
}

/// `CutLocus` (with `π − d(p, q)`) when `⟨p, q⟩ < 0` and `sin d(p, q)` — the length of the part
/// of `q` tangent at `p` — is at most 4ε: `q` is `−p` to working precision.
fn check_not_antipodal<T: Real, const N: usize>(
    p: &SVector<T, N>,
    q: &SVector<T, N>,
    sin_theta: T,
) -> Result<()> {
    if p.dot(q) < T::zero() && sin_theta <= T::lit(4.0) * T::default_epsilon() {
        // The angle between the directions, as in `Chord::new`: the chord formula of `angle`
        // would count the radial difference of points accepted off the sphere (it reported
        // 0.024 for q = −p/0.977; found by fuzzing, issue 9).
        let theta = (sin_theta * p.norm()).atan2(p.dot(q));
        Err(Error::CutLocus {
            distance: (T::pi() - theta).as_f64(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use nalgebra::{Vector2, Vector3, Vector4};

    fn unit3<T: Real>(x: f64, y: f64, z: f64) -> Vector3<T> {
        let n = (x * x + y * y + z * z).sqrt();
        Vector3::new(T::lit(x / n), T::lit(y / n), T::lit(z / n))
    }

    fn eps<T: Real>() -> f64 {
        crate::fast_math::test_epsilon::<T>()
    }

    fn known_values<T: Real>() {
        let s2 = Sphere::<3>::new();
        let x = unit3::<T>(1.0, 0.0, 0.0);
        let y = unit3::<T>(0.0, 1.0, 0.0);
        let z = unit3::<T>(0.0, 0.0, 1.0);
        let tol = 8.0 * eps::<T>();
        let d = s2.distance(&x, &y).unwrap().as_f64();
        assert!((d - core::f64::consts::FRAC_PI_2).abs() < tol);
        assert_eq!(s2.distance(&x, &x).unwrap(), T::zero());
        let d = s2.distance(&x, &-x).unwrap().as_f64();
        assert!((d - core::f64::consts::PI).abs() < tol);
        // log then exp around a quarter circle.
        let v = s2.log(&z, &y).unwrap();
        assert!((v - y * T::frac_pi_2()).norm().as_f64() < tol);
        let back = s2.exp(&z, &v).unwrap();
        assert!((back - y).norm().as_f64() < tol);
        // exp of zero is the point itself, log of the point itself is zero.
        assert_eq!(s2.exp(&z, &Vector3::zeros()).unwrap(), z);
        assert_eq!(s2.log(&z, &z).unwrap(), Vector3::zeros());
        // A full turn comes back.
        let full = s2.exp(&z, &(x * T::two_pi())).unwrap();
        assert!((full - z).norm().as_f64() < 16.0 * eps::<T>());
    }

    #[test]
    fn known_values_f32_f64() {
        known_values::<f32>();
        known_values::<f64>();
    }

    fn bad_input_is_named<T: Real>() {
        let s2 = Sphere::<3>::new();
        let z = unit3::<T>(0.0, 0.0, 1.0);
        let nan = Vector3::new(T::zero(), T::lit(f64::NAN), T::one());
        assert!(matches!(
            s2.distance(&z, &nan),
            Err(Error::NonFinite { index: 1, .. })
        ));
        let off = Vector3::new(T::zero(), T::zero(), T::lit(1.1));
        match s2.distance(&z, &off) {
            Err(Error::NotOnManifold {
                residual,
                tolerance,
            }) => {
                assert!((residual - 0.1).abs() < 1e-6);
                assert_eq!(tolerance, T::default_epsilon().sqrt().as_f64());
            }
            other => panic!("{other:?}"),
        }
        let not_tangent = Vector3::new(T::zero(), T::zero(), T::lit(0.5));
        assert!(matches!(
            s2.exp(&z, &not_tangent),
            Err(Error::NotOnManifold { .. })
        ));
        match s2.log(&z, &-z) {
            Err(Error::CutLocus { distance }) => assert_eq!(distance, 0.0),
            other => panic!("{other:?}"),
        }
        let x = unit3::<T>(1.0, 0.0, 0.0);
        assert!(matches!(
            s2.transport(&z, &-z, &x),
            Err(Error::CutLocus { .. })
        ));
        assert!(matches!(
            s2.geodesic(&z, &x, T::lit(f64::INFINITY)),
            Err(Error::NonFinite { .. })
        ));
        let huge = Vector3::new(T::max_value().unwrap(), T::max_value().unwrap(), T::zero());
        assert!(matches!(s2.exp(&z, &huge), Err(Error::Overflow { .. })));
        assert!(matches!(
            s2.transport_along(&[], &x),
            Err(Error::InvalidParameter { .. })
        ));
    }

    #[test]
    fn bad_input_is_named_f32_f64() {
        bad_input_is_named::<f32>();
        bad_input_is_named::<f64>();
    }

    fn near_antipodal<T: Real>(gap: f64) {
        // `gap` from the antipode: log is defined, and exp(log q) returns q.
        let s2 = Sphere::<3>::new();
        let p = unit3::<T>(0.0, 0.0, 1.0);
        let q = Vector3::new(T::lit(gap.sin()), T::zero(), T::lit(-gap.cos()));
        let e = eps::<T>();
        let v = s2.log(&p, &q).unwrap();
        let d = s2.distance(&p, &q).unwrap();
        assert!((v.norm() - d).abs().as_f64() < 4.0 * e);
        assert!((s2.exp(&p, &v).unwrap() - q).norm().as_f64() < 4.0 * e);
        assert!(((core::f64::consts::PI - d.as_f64()) - gap).abs() < 4.0 * e);
    }

    #[test]
    fn near_antipodal_is_still_answered_f32_f64() {
        near_antipodal::<f64>(1e-7);
        near_antipodal::<f32>(1e-3);
    }

    fn dimensions<T: Real>() {
        let tolerance = 8.0 * eps::<T>();
        let s1 = Sphere::<2>::new();
        let p = Vector2::new(T::one(), T::zero());
        let q = Vector2::new(T::zero(), T::one());
        let v = s1.log(&p, &q).unwrap();
        assert!(
            (v - Vector2::new(T::zero(), T::frac_pi_2()))
                .norm()
                .as_f64()
                < tolerance
        );
        let s3 = Sphere::<4>::new();
        let p = Vector4::new(T::zero(), T::zero(), T::zero(), T::one());
        let q = Vector4::new(T::lit(0.6), T::zero(), T::zero(), T::lit(0.8));
        let back = s3.exp(&p, &s3.log(&p, &q).unwrap()).unwrap();
        assert!((back - q).norm().as_f64() < tolerance);
    }

    #[test]
    fn every_dimension_works_f32_f64() {
        dimensions::<f32>();
        dimensions::<f64>();
    }

    fn extremes<T: Real>() {
        let big = T::max_value().unwrap() / T::lit(2.0);
        let p = Sphere::<3>::normalize(&Vector3::new(big, big, T::zero())).unwrap();
        assert!((p.norm() - T::one()).abs().as_f64() < 4.0 * eps::<T>());
        // A subnormal number: its square underflows to 0.
        let tiny = T::lit(if T::is_single_precision() {
            1e-44
        } else {
            5e-320
        });
        assert!(tiny > T::zero() && tiny * tiny == T::zero());
        let p = Sphere::<3>::normalize(&Vector3::new(tiny, T::zero(), T::zero())).unwrap();
        assert_eq!(p, Vector3::new(T::one(), T::zero(), T::zero()));
        let nan = Vector3::new(T::lit(f64::NAN), T::zero(), T::zero());
        assert!(Sphere::<3>::normalize(&nan).is_err());
    }

    #[test]
    fn normalize_handles_extreme_magnitudes_f32_f64() {
        extremes::<f32>();
        extremes::<f64>();
    }
}
