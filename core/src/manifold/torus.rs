//! The torus T² = S¹ × S¹ embedded in ℝ³ with major radius R and minor radius r: its
//! two-angle parameterisation, its inverse, its four angle charts, metric and curvature.

use super::angle::Branch;
use super::atlas::Atlas;
use super::chart::Chart;
use super::numeric::{self, Tolerance};
use super::spherical::Christoffel2;
use crate::{Error, Real, Result};
use nalgebra::{Matrix2, Matrix2x3, Matrix3x2, Vector2, Vector3};

/// The torus of revolution with major radius `R` (from the z axis to the centre of the tube)
/// and minor radius `r < R` (the tube's radius):
///
/// `X(θ, φ) = ((R + r cos θ) cos φ, (R + r cos θ) sin φ, r sin θ)`,
///
/// `θ` the angle around the tube (θ = 0 on the outer equator), `φ` the angle around the z axis.
/// The inverse is `φ = atan2(y, x)`, `θ = atan2(z, √(x² + y²) − R)`. The induced metric is
/// `g = diag(r², (R + r cos θ)²)` and the Gaussian curvature
/// `K = cos θ / (r (R + r cos θ))`: positive on the outer half, negative on the inner half,
/// zero on the top and bottom circles, and integrating to 0 over the torus (Gauss–Bonnet,
/// Euler characteristic 0).
///
/// A point is on the torus when its distance to the core circle (radius R in the plane z = 0)
/// differs from r by at most the tolerance (default `√ε`, relative to r).
///
/// ```
/// use geoml::manifold::Torus;
/// use nalgebra::{Vector2, Vector3};
///
/// let torus = Torus::new(3.0_f64, 1.0)?;
/// let p = torus.embed(&Vector2::new(0.0, 0.0))?;
/// assert_eq!(p, Vector3::new(4.0, 0.0, 0.0));
/// assert_eq!(torus.gaussian_curvature(0.0)?, 0.25); // 1 / (r (R + r))
/// let angles = torus.angles(&Vector3::new(0.0, 2.0, 0.0))?; // inner equator, φ = π/2
/// assert!((angles - Vector2::new(core::f64::consts::PI, core::f64::consts::FRAC_PI_2)).norm() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Torus<T: Real> {
    major: T,
    minor: T,
    tolerance: Tolerance,
}

impl<T: Real> Torus<T> {
    /// The torus with major radius `R = major` and minor radius `r = minor`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless `0 < minor < major` and both are finite (with
    /// `r ≥ R` the surface of revolution intersects itself and is no longer a torus).
    ///
    /// ```
    /// use geoml::manifold::Torus;
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// assert_eq!((torus.major_radius(), torus.minor_radius()), (3.0, 1.0));
    /// // r ≥ R: the tube would pass through the z axis.
    /// assert!(Torus::new(1.0_f64, 2.0).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn new(major: T, minor: T) -> Result<Self> {
        if !(minor.is_finite() && minor > T::zero()) {
            return Err(Error::InvalidParameter {
                name: "minor radius r",
                value: minor.as_f64(),
            });
        }
        if !(major.is_finite() && major > minor) {
            return Err(Error::InvalidParameter {
                name: "major radius R",
                value: major.as_f64(),
            });
        }
        Ok(Torus {
            major,
            minor,
            tolerance: Tolerance::DEFAULT,
        })
    }

    /// This torus with a different on-manifold tolerance (relative to r).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative or non-finite tolerance, or one above
    /// [`Torus::MAX_TOLERANCE`].
    ///
    /// ```
    /// use geoml::manifold::Torus;
    /// use nalgebra::Vector3;
    ///
    /// // 1e-6 outside the outer equator: off the torus for the default √ε, on it for 1e-5.
    /// let p = Vector3::new(4.000001_f64, 0.0, 0.0);
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// assert!(torus.check_point(&p).is_err());
    /// assert!(torus.with_tolerance(1e-5)?.check_point(&p).is_ok());
    /// assert!(torus.with_tolerance(1.0).is_err()); // would accept the core circle
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn with_tolerance(self, tolerance: f64) -> Result<Self> {
        if tolerance > Self::MAX_TOLERANCE {
            return Err(Error::InvalidParameter {
                name: "tolerance",
                value: tolerance,
            });
        }
        Ok(Torus {
            tolerance: Tolerance::new(tolerance)?,
            ..self
        })
    }

    /// The largest tolerance [`Torus::with_tolerance`] accepts, 1/2: every accepted point is
    /// then at least r/2 from the core circle, where the tube angle θ is defined. A tolerance
    /// of 1 accepted points of the core circle itself, whose coordinates mapped back to a
    /// different point (found in review, issue 9), as [`Sphere::MAX_TOLERANCE`](crate::manifold::Sphere::MAX_TOLERANCE) does for the
    /// origin.
    ///
    /// ```
    /// assert_eq!(geoml::manifold::Torus::<f64>::MAX_TOLERANCE, 0.5);
    /// ```
    pub const MAX_TOLERANCE: f64 = 0.5;

    /// The major radius R.
    ///
    /// ```
    /// let torus = geoml::manifold::Torus::new(3.0_f32, 1.0)?;
    /// assert_eq!(torus.major_radius(), 3.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn major_radius(&self) -> T {
        self.major
    }

    /// The minor radius r.
    ///
    /// ```
    /// let torus = geoml::manifold::Torus::new(3.0_f32, 1.0)?;
    /// assert_eq!(torus.minor_radius(), 1.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn minor_radius(&self) -> T {
        self.minor
    }

    /// The embedding `X(θ, φ) = ((R + r cos θ) cos φ, (R + r cos θ) sin φ, r sin θ)` for any
    /// finite angles (the parameterisation is 2π-periodic in both).
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`] if `R + r` exceeds the range of `T`.
    ///
    /// ```
    /// use geoml::manifold::Torus;
    /// use nalgebra::{Vector2, Vector3};
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// // θ = π/2: the top circle z = r, at distance R from the z axis.
    /// let top = torus.embed(&Vector2::new(core::f64::consts::FRAC_PI_2, 0.0))?;
    /// assert!((top - Vector3::new(3.0, 0.0, 1.0)).norm() < 1e-15);
    /// // Any angles round-trip through `angles` once reduced to (−π, π].
    /// let c = Vector2::new(0.5, -2.0);
    /// assert!((torus.angles(&torus.embed(&c)?)? - c).norm() < 1e-14);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn embed(&self, angles: &Vector2<T>) -> Result<Vector3<T>> {
        numeric::check_vector(angles)?;
        let (theta, phi) = (angles.x, angles.y);
        let ring = self.major + self.minor * theta.cos();
        numeric::finite_result(Vector3::new(
            ring * phi.cos(),
            ring * phi.sin(),
            self.minor * theta.sin(),
        ))
    }

    /// `(ρ − R, √(x² + y²))` and the residual check shared by the inverse maps.
    fn tube_coords(&self, p: &Vector3<T>) -> Result<(T, T)> {
        numeric::check_vector(p)?;
        let rho = p.x.hypot(p.y);
        let radial = rho - self.major;
        let residual = (radial.hypot(p.z) - self.minor).abs() / self.minor;
        let tolerance = self.tolerance.get::<T>();
        if residual <= tolerance && rho > T::zero() {
            Ok((radial, rho))
        } else {
            Err(Error::NotOnManifold {
                residual: residual.as_f64(),
                tolerance: tolerance.as_f64(),
            })
        }
    }

    /// `Ok(())` if `p` is finite and within the tolerance of the torus.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::NotOnManifold`] with residual
    /// `|dist(p, core circle) − r| / r`.
    ///
    /// ```
    /// use geoml::manifold::Torus;
    /// use nalgebra::Vector3;
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// assert!(torus.check_point(&Vector3::new(0.0, -4.0, 0.0)).is_ok());
    /// // The core circle is at distance 0 from itself, not r: residual |0 − 1| / 1 = 1.
    /// let core_point = torus.check_point(&Vector3::new(3.0, 0.0, 0.0));
    /// assert!(matches!(core_point, Err(geoml::Error::NotOnManifold { residual, .. }) if residual == 1.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn check_point(&self, p: &Vector3<T>) -> Result<()> {
        self.tube_coords(p).map(|_| ())
    }

    /// The inverse of [`Torus::embed`]: angles `(θ, φ)` in `(−π, π]` of a point of the torus,
    /// `θ = atan2(z, √(x² + y²) − R)`, `φ = atan2(y, x)`.
    /// Accurate to about `ε·R/r` (the radial distance `√(x² + y²) − R` is a difference).
    ///
    /// # Errors
    /// As [`Torus::check_point`].
    ///
    /// ```
    /// use geoml::manifold::Torus;
    /// use nalgebra::{Vector2, Vector3};
    /// use core::f64::consts::{FRAC_PI_2, PI};
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// // Bottom of the tube (θ = −π/2) on the negative x axis (φ = π).
    /// let c = torus.angles(&Vector3::new(-3.0, 0.0, -1.0))?;
    /// assert!((c - Vector2::new(-FRAC_PI_2, PI)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn angles(&self, p: &Vector3<T>) -> Result<Vector2<T>> {
        let (radial, _) = self.tube_coords(p)?;
        Ok(Vector2::new(p.z.atan2(radial), p.y.atan2(p.x)))
    }

    /// The normalising constructor: the point of the torus nearest to `p`, `X(θ, φ)` at the
    /// angles of `p` (`θ = atan2(z, √(x² + y²) − R)`, `φ = atan2(y, x)`), i.e. `p` moved along
    /// the line from the nearest point of the core circle until it is at distance r from it.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::InvalidParameter`] (named `"distance from the z axis"`
    /// or `"distance from the core circle"`, value 0) where the nearest point is not unique.
    ///
    /// ```
    /// use geoml::manifold::Torus;
    /// use nalgebra::Vector3;
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// // Straight above the core circle: the nearest point is the top of the tube.
    /// let q = torus.project(&Vector3::new(0.0, 3.0, 2.5))?;
    /// assert!((q - Vector3::new(0.0, 3.0, 1.0)).norm() < 1e-15);
    /// assert!(torus.check_point(&q).is_ok());
    /// // Every point of the core circle is at distance r from a whole circle of the torus.
    /// assert!(torus.project(&Vector3::new(3.0, 0.0, 0.0)).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn project(&self, p: &Vector3<T>) -> Result<Vector3<T>> {
        numeric::check_vector(p)?;
        let rho = p.x.hypot(p.y);
        if rho == T::zero() {
            return Err(Error::InvalidParameter {
                name: "distance from the z axis",
                value: 0.0,
            });
        }
        let radial = rho - self.major;
        let tube = radial.hypot(p.z);
        if tube == T::zero() {
            return Err(Error::InvalidParameter {
                name: "distance from the core circle",
                value: 0.0,
            });
        }
        // The two directions from components scaled by their largest magnitude: with
        // subnormal coordinates `p.x / ρ` kept only a few bits, and the "projection" of a
        // point near the z axis or the core circle landed off the torus (found by fuzzing,
        // issue 9).
        let (cos_phi, sin_phi) = direction(p.x, p.y);
        let (cos_theta, sin_theta) = direction(radial, p.z);
        let ring = self.major + self.minor * cos_theta;
        numeric::finite_result(Vector3::new(
            cos_phi * ring,
            sin_phi * ring,
            self.minor * sin_theta,
        ))
    }

    /// The metric `g = diag(r², (R + r cos θ)²)` in the angles `(θ, φ)`; it does not depend on φ.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`] if a square leaves the range of `T`.
    ///
    /// ```
    /// use geoml::manifold::Torus;
    /// use nalgebra::Matrix2;
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// // Outer equator: g = diag(r², (R + r)²); inner equator: diag(r², (R − r)²).
    /// assert_eq!(torus.metric(0.0)?, Matrix2::new(1.0, 0.0, 0.0, 16.0));
    /// let inner = torus.metric(core::f64::consts::PI)?;
    /// assert!((inner - Matrix2::new(1.0, 0.0, 0.0, 4.0)).norm() < 1e-14);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn metric(&self, theta: T) -> Result<Matrix2<T>> {
        numeric::check_scalar(theta)?;
        let ring = self.major + self.minor * theta.cos();
        numeric::finite_result(Matrix2::new(
            self.minor * self.minor,
            T::zero(),
            T::zero(),
            ring * ring,
        ))
    }

    /// The Christoffel symbols in `(θ, φ)`: `Γ^θ_φφ = (R + r cos θ) sin θ / r` and
    /// `Γ^φ_θφ = Γ^φ_φθ = −r sin θ / (R + r cos θ)`, all others 0.
    ///
    /// # Errors
    /// [`Error::NonFinite`].
    ///
    /// ```
    /// use geoml::manifold::Torus;
    /// let torus = Torus::new(2.0_f64, 1.0)?;
    /// let gamma = torus.christoffel(core::f64::consts::FRAC_PI_2)?;
    /// assert!((gamma[0][(1, 1)] - 2.0).abs() < 1e-15);
    /// assert!((gamma[1][(0, 1)] + 0.5).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn christoffel(&self, theta: T) -> Result<Christoffel2<T>> {
        numeric::check_scalar(theta)?;
        let (s, c) = (theta.sin(), theta.cos());
        let ring = self.major + self.minor * c;
        let z = T::zero();
        let tube = ring * s / self.minor;
        let around = -self.minor * s / ring;
        Ok([
            numeric::finite_result(Matrix2::new(z, z, z, tube))?,
            numeric::finite_result(Matrix2::new(z, around, around, z))?,
        ])
    }

    /// The Gaussian curvature `K(θ) = cos θ / (r (R + r cos θ))`.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Overflow`] if `K` leaves the range of `T` (radii near the
    /// smallest positive value).
    ///
    /// ```
    /// use geoml::manifold::Torus;
    ///
    /// let (big_r, r) = (3.0_f64, 1.0);
    /// let torus = Torus::new(big_r, r)?;
    /// assert_eq!(torus.gaussian_curvature(0.0)?, 0.25); // outer equator: 1 / (r (R + r))
    /// let inner = torus.gaussian_curvature(core::f64::consts::PI)?;
    /// assert!((inner + 0.5).abs() < 1e-15); // inner equator: −1 / (r (R − r))
    /// let theta = 1.2_f64;
    /// let k = theta.cos() / (r * (big_r + r * theta.cos()));
    /// assert!((torus.gaussian_curvature(theta)? - k).abs() < 1e-16);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn gaussian_curvature(&self, theta: T) -> Result<T> {
        numeric::check_scalar(theta)?;
        let c = theta.cos();
        numeric::finite_scalar(c / (self.minor * (self.major + self.minor * c)))
    }

    /// The angle chart with the given branches for `θ` and `φ`.
    ///
    /// ```
    /// use geoml::manifold::{Branch, Chart, Torus};
    /// use nalgebra::{Vector2, Vector3};
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// let inner = Vector3::new(2.0, 0.0, 0.0); // θ = π, φ = 0
    /// // θ = π is the principal branch's cut, inside the shifted branch (0, 2π).
    /// assert!(torus.chart(Branch::Principal, Branch::Principal).to_coords(&inner).is_err());
    /// let c = torus.chart(Branch::Shifted, Branch::Principal).to_coords(&inner)?;
    /// assert!((c - Vector2::new(core::f64::consts::PI, 0.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn chart(&self, theta: Branch, phi: Branch) -> TorusChart<T> {
        TorusChart {
            torus: *self,
            theta,
            phi,
        }
    }

    /// The atlas of the four angle charts.
    ///
    /// ```
    /// use geoml::manifold::{Atlas, Branch, Chart, Torus};
    /// use nalgebra::Vector3;
    ///
    /// let torus = Torus::new(3.0_f64, 1.0)?;
    /// let atlas = torus.atlas();
    /// // On the inner equator (ρ − R < 0) at x > 0 the atlas picks θ shifted, φ principal.
    /// let p = Vector3::new(2.0, 0.0, 0.0);
    /// let chart = atlas.chart_for(&p)?;
    /// assert_eq!(chart.branches(), (Branch::Shifted, Branch::Principal));
    /// assert!((chart.to_point(&chart.to_coords(&p)?)? - p).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn atlas(&self) -> TorusAtlas<T> {
        let (p, s) = (Branch::Principal, Branch::Shifted);
        TorusAtlas {
            charts: [
                self.chart(p, p),
                self.chart(s, p),
                self.chart(p, s),
                self.chart(s, s),
            ],
        }
    }
}

/// `(a, b) / ‖(a, b)‖` for a non-zero `(a, b)`, accurate for subnormal components too.
fn direction<T: Real>(a: T, b: T) -> (T, T) {
    let scale = a.abs().max(b.abs());
    let (a, b) = (a / scale, b / scale);
    let length = a.hypot(b);
    (a / length, b / length)
}

/// An angle chart of the torus: `(θ, φ)` each on its own [`Branch`]. It misses two circles,
/// the meridian at φ's cut and the parallel at θ's cut; no single pair of angle intervals
/// covers the torus (the seed notebook's "all but a single point" is not right: the
/// parameterisation on `[0, 2π)²` is not defined on an open set, and on `(0, 2π)²` it misses
/// two circles).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TorusChart<T: Real> {
    torus: Torus<T>,
    theta: Branch,
    phi: Branch,
}

impl<T: Real> TorusChart<T> {
    /// The branches for `(θ, φ)`.
    ///
    /// ```
    /// use geoml::manifold::{Branch, Torus};
    ///
    /// let chart = Torus::new(3.0_f64, 1.0)?.chart(Branch::Principal, Branch::Shifted);
    /// assert_eq!(chart.branches(), (Branch::Principal, Branch::Shifted));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn branches(&self) -> (Branch, Branch) {
        (self.theta, self.phi)
    }

    /// The chart's name, as carried by its `OutsideChart` errors.
    ///
    /// ```
    /// use geoml::manifold::{Branch, Chart, Torus};
    /// use nalgebra::Vector3;
    ///
    /// let chart = Torus::new(3.0_f64, 1.0)?.chart(Branch::Principal, Branch::Principal);
    /// assert_eq!(chart.name(), "torus angles θ ∈ (−π, π), φ ∈ (−π, π)");
    /// // (−4, 0, 0) has φ = π, on the chart's cut.
    /// let on_cut = chart.to_coords(&Vector3::new(-4.0, 0.0, 0.0));
    /// assert!(matches!(on_cut, Err(geoml::Error::OutsideChart { chart: name, .. }) if name == chart.name()));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn name(&self) -> &'static str {
        match (self.theta, self.phi) {
            (Branch::Principal, Branch::Principal) => "torus angles θ ∈ (−π, π), φ ∈ (−π, π)",
            (Branch::Shifted, Branch::Principal) => "torus angles θ ∈ (0, 2π), φ ∈ (−π, π)",
            (Branch::Principal, Branch::Shifted) => "torus angles θ ∈ (−π, π), φ ∈ (0, 2π)",
            (Branch::Shifted, Branch::Shifted) => "torus angles θ ∈ (0, 2π), φ ∈ (0, 2π)",
        }
    }

    fn check_coords(&self, c: &Vector2<T>) -> Result<()> {
        self.theta.check("tube angle θ", c.x)?;
        self.phi.check("axis angle φ", c.y)
    }
}

impl<T: Real> Chart<T, 3, 2> for TorusChart<T> {
    fn name(&self) -> &'static str {
        TorusChart::name(self)
    }

    fn to_coords(&self, p: &Vector3<T>) -> Result<Vector2<T>> {
        let (radial, _) = self.torus.tube_coords(p)?;
        let outside = |angle_distance: T| Error::OutsideChart {
            chart: TorusChart::name(self),
            // Distance along the surface to the excluded circle.
            distance: angle_distance.as_f64(),
        };
        let theta = self
            .theta
            .angle(radial, p.z)
            .map_err(|d| outside(d * self.torus.minor))?;
        let phi = self
            .phi
            .angle(p.x, p.y)
            .map_err(|d| outside(d * (self.torus.major + self.torus.minor * theta.cos())))?;
        Ok(Vector2::new(theta, phi))
    }

    fn to_point(&self, c: &Vector2<T>) -> Result<Vector3<T>> {
        self.check_coords(c)?;
        self.torus.embed(c)
    }

    fn to_point_jacobian(&self, c: &Vector2<T>) -> Result<Matrix3x2<T>> {
        self.check_coords(c)?;
        let (st, ct, sp, cp) = (c.x.sin(), c.x.cos(), c.y.sin(), c.y.cos());
        let (r, ring) = (self.torus.minor, self.torus.major + self.torus.minor * ct);
        numeric::finite_result(Matrix3x2::new(
            -r * st * cp,
            -ring * sp,
            -r * st * sp,
            ring * cp,
            r * ct,
            T::zero(),
        ))
    }

    fn to_coords_jacobian(&self, p: &Vector3<T>) -> Result<Matrix2x3<T>> {
        self.to_coords(p)?;
        let (radial, rho) = self.torus.tube_coords(p)?;
        // θ = atan2(z, ρ − R): dθ = ((ρ − R) dz − z dρ) / D, dρ = (x dx + y dy)/ρ;
        // φ = atan2(y, x): dφ = (x dy − y dx) / ρ².
        // Written with the bounded ratios z/s, x/ρ, (ρ − R)/s, where s² = D, and one division
        // by s or ρ at a time: the squares themselves overflow f32 for radii above ~1e19 (and
        // underflow for tiny ones), which turned the Jacobian into zeros (found by fuzzing).
        let s = radial.hypot(p.z);
        let (cos_phi, sin_phi) = (p.x / rho, p.y / rho);
        let (along_z, along_radial) = (p.z / s, radial / s);
        numeric::finite_result(Matrix2x3::new(
            -along_z * cos_phi / s,
            -along_z * sin_phi / s,
            along_radial / s,
            -sin_phi / rho,
            cos_phi / rho,
            T::zero(),
        ))
    }

    /// `diag(r², (R + r cos θ)²)`.
    fn metric(&self, c: &Vector2<T>) -> Result<Matrix2<T>> {
        self.check_coords(c)?;
        self.torus.metric(c.x)
    }

    /// `R + r`: the speed of the parameterisation is at most `max(r, R + r cos θ)`.
    fn inverse_lipschitz(&self) -> T {
        self.torus.major + self.torus.minor
    }

    fn domain_margin(&self, c: &Vector2<T>) -> Option<T> {
        // `min` drops a NaN operand: one NaN angle must not report the other angle's margin.
        if c.iter().any(|x| x.as_f64().is_nan()) {
            return Some(T::lit(f64::NAN));
        }
        Some(self.theta.margin(c.x).min(self.phi.margin(c.y)))
    }
}

/// The four angle charts of the torus, all combinations of the two branches for θ and φ.
///
/// A point is missed by a chart only if one of its angles sits on that chart's cut, and the two
/// branches of an angle have different cuts (π and 0), so every point lies in at least one
/// chart (indeed in at least one chart with both angles at least π/2 from the cuts, the one
/// [`Atlas::chart_for`] picks). Transitions shift each angle by 0 or ±2π; the Jacobian is the
/// identity.
///
/// ```
/// use geoml::manifold::{Atlas, Chart, Torus};
/// use nalgebra::Vector3;
///
/// let torus = Torus::new(3.0_f64, 1.0)?;
/// let atlas = torus.atlas();
/// // The point at θ = π, φ = π is missed by the principal chart but not by the atlas.
/// let p = Vector3::new(-2.0, 0.0, 0.0);
/// assert!(atlas.charts()[0].to_coords(&p).is_err());
/// let chart = atlas.chart_for(&p)?;
/// assert!((chart.to_point(&chart.to_coords(&p)?)? - p).norm() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TorusAtlas<T: Real> {
    charts: [TorusChart<T>; 4],
}

impl<T: Real> TorusAtlas<T> {
    /// The four charts, `(θ, φ)` branches `(P, P), (S, P), (P, S), (S, S)`.
    ///
    /// ```
    /// use geoml::manifold::{Branch, Torus};
    ///
    /// let atlas = Torus::new(3.0_f64, 1.0)?.atlas();
    /// assert_eq!(atlas.charts()[1].branches(), (Branch::Shifted, Branch::Principal));
    /// assert_eq!(atlas.charts()[3].branches(), (Branch::Shifted, Branch::Shifted));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn charts(&self) -> &[TorusChart<T>; 4] {
        &self.charts
    }
}

impl<T: Real> Atlas<T, 3, 2> for TorusAtlas<T> {
    type Chart = TorusChart<T>;

    fn charts(&self) -> &[TorusChart<T>] {
        &self.charts
    }

    /// The chart with θ's branch chosen by the sign of `ρ − R` and φ's by the sign of `x`.
    fn chart_for(&self, p: &Vector3<T>) -> Result<TorusChart<T>> {
        let (radial, _) = self.charts[0].torus.tube_coords(p)?;
        let branch = |positive: bool| {
            if positive {
                Branch::Principal
            } else {
                Branch::Shifted
            }
        };
        let (theta, phi) = (branch(radial >= T::zero()), branch(p.x >= T::zero()));
        Ok(self.charts[0].torus.chart(theta, phi))
    }

    /// Each angle moved to the target chart's branch (a shift by 0 or ±2π).
    fn transition(
        &self,
        from: &TorusChart<T>,
        to: &TorusChart<T>,
        c: &Vector2<T>,
    ) -> Result<Vector2<T>> {
        from.check_coords(c)?;
        let outside = |d: T| Error::OutsideChart {
            chart: to.name(),
            distance: d.as_f64(),
        };
        let theta = from
            .theta
            .convert(c.x, to.theta)
            .map_err(|d| outside(d * from.torus.minor))?;
        let ring = from.torus.major + from.torus.minor * theta.cos();
        let phi = from
            .phi
            .convert(c.y, to.phi)
            .map_err(|d| outside(d * ring))?;
        Ok(Vector2::new(theta, phi))
    }

    /// The identity on the overlap.
    fn transition_jacobian(
        &self,
        from: &TorusChart<T>,
        to: &TorusChart<T>,
        c: &Vector2<T>,
    ) -> Result<Matrix2<T>> {
        self.transition(from, to, c)?;
        Ok(Matrix2::identity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed_and_invert<T: Real>() {
        let torus = Torus::new(T::lit(3.0), T::lit(1.0)).unwrap();
        let eps = T::default_epsilon().as_f64();
        for k in 0..40 {
            let t = -3.0 + 0.15 * f64::from(k);
            let f = 3.1 - 0.155 * f64::from(k);
            let angles = Vector2::new(T::lit(t), T::lit(f));
            let p = torus.embed(&angles).unwrap();
            let back = torus.angles(&p).unwrap();
            assert!((back - angles).norm().as_f64() < 32.0 * eps, "{t} {f}");
            assert_eq!(
                torus
                    .project(&p)
                    .map(|q| (q - p).norm().as_f64() < 16.0 * eps),
                Ok(true)
            );
        }
    }

    #[test]
    fn embedding_and_inverse_agree_f32_f64() {
        embed_and_invert::<f32>();
        embed_and_invert::<f64>();
    }

    #[test]
    fn extreme_radii_overflow_into_errors_not_infinities() {
        let huge = Torus::new(f64::MAX, f64::MAX / 2.0).unwrap();
        assert!(matches!(
            huge.embed(&Vector2::new(0.0, 0.0)),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(huge.metric(0.0), Err(Error::Overflow { .. })));
        let tiny = Torus::new(1e-150_f64, 1e-200).unwrap();
        assert!(matches!(
            tiny.gaussian_curvature(0.0),
            Err(Error::Overflow { .. })
        ));
        assert!(tiny.christoffel(1.0).is_ok());
        let tiny32 = Torus::new(1e-20_f32, 1e-30).unwrap();
        assert!(matches!(
            tiny32.gaussian_curvature(0.5),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn a_nan_angle_has_a_nan_margin() {
        let chart = Torus::new(3.0_f64, 1.0)
            .unwrap()
            .chart(Branch::Principal, Branch::Principal);
        assert!(
            chart
                .domain_margin(&Vector2::new(f64::NAN, 1.0))
                .is_some_and(f64::is_nan)
        );
        assert!(
            chart
                .domain_margin(&Vector2::new(1.0, f64::NAN))
                .is_some_and(f64::is_nan)
        );
        assert_eq!(
            chart.domain_margin(&Vector2::new(0.0, 0.0)),
            Some(core::f64::consts::PI)
        );
    }

    #[test]
    fn bad_radii_and_points_are_named() {
        assert!(matches!(
            Torus::new(1.0_f64, 2.0),
            Err(Error::InvalidParameter {
                name: "major radius R",
                ..
            })
        ));
        assert!(matches!(
            Torus::new(1.0_f32, 0.0),
            Err(Error::InvalidParameter {
                name: "minor radius r",
                ..
            })
        ));
        let torus = Torus::new(3.0_f64, 1.0).unwrap();
        assert!(matches!(
            torus.angles(&Vector3::new(0.0, 0.0, 0.0)),
            Err(Error::NotOnManifold { .. })
        ));
        assert!(matches!(
            torus.angles(&Vector3::new(f64::NAN, 0.0, 0.0)),
            Err(Error::NonFinite { index: 0, .. })
        ));
        assert!(torus.project(&Vector3::new(3.0, 0.0, 0.0)).is_err());
        assert_eq!(
            torus.project(&Vector3::new(5.0, 0.0, 0.0)),
            Ok(Vector3::new(4.0, 0.0, 0.0))
        );
    }

    fn gauss_bonnet<T: Real>() {
        let torus = Torus::new(T::lit(3.0), T::one()).unwrap();
        assert!(torus.gaussian_curvature(T::zero()).unwrap() > T::zero());
        assert!(torus.gaussian_curvature(T::pi()).unwrap() < T::zero());
        // ∫∫ K √det g dθ dφ = 2π ∫ cos θ dθ = 0 (midpoint rule, exact for trigonometric sums).
        let n = 64;
        let mut total = T::zero();
        let mut absolute = T::zero();
        for k in 0..n {
            let theta = T::lit((f64::from(k) + 0.5) * core::f64::consts::TAU / f64::from(n));
            let area = torus.metric(theta).unwrap().determinant().sqrt();
            let term = torus.gaussian_curvature(theta).unwrap() * area;
            total += term;
            absolute += term.abs();
        }
        assert!((total / absolute).abs().as_f64() < 16.0 * T::default_epsilon().as_f64());
    }

    #[test]
    fn curvature_is_positive_outside_negative_inside_and_integrates_to_zero_f32_f64() {
        gauss_bonnet::<f32>();
        gauss_bonnet::<f64>();
    }

    fn brioschi<T: Real>(tolerance: f64) {
        // Brioschi's formula for an orthogonal metric, with central differences of g:
        // K = −1/(2√(EG)) [∂θ(G_θ/√(EG)) + ∂φ(E_φ/√(EG))].
        let torus = Torus::new(T::lit(2.5), T::lit(0.8)).unwrap();
        let chart = torus.chart(Branch::Principal, Branch::Principal);
        let eps = T::default_epsilon().as_f64();
        for theta in [-2.5_f64, -1.0, 0.0, 0.4, 2.0] {
            let theta = T::lit(theta);
            let c = Vector2::new(theta, T::lit(0.3));
            let j = chart.to_point_jacobian(&c).unwrap();
            let g = torus.metric(theta).unwrap();
            assert!((j.transpose() * j - g).norm().as_f64() < 32.0 * eps * g.norm().as_f64());
            let h = T::default_epsilon().powf(T::lit(0.25));
            let quotient = |t: T| {
                let g = torus.metric(t).unwrap();
                let dg = (torus.metric(t + h).unwrap() - torus.metric(t - h).unwrap()) / (h + h);
                dg[(1, 1)] / (g[(0, 0)] * g[(1, 1)]).sqrt()
            };
            let k = -(quotient(theta + h) - quotient(theta - h))
                / (h + h)
                / (T::lit(2.0) * (g[(0, 0)] * g[(1, 1)]).sqrt());
            let exact = torus.gaussian_curvature(theta).unwrap();
            assert!((k - exact).abs().as_f64() < tolerance, "{theta:?}");
        }
    }

    #[test]
    fn metric_and_curvature_follow_from_the_embedding_f32_f64() {
        brioschi::<f64>(1e-6);
        brioschi::<f32>(2e-2);
    }
}
