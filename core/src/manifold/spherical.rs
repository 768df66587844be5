//! Spherical coordinates (θ, φ) on S²: their chart, a second chart with a turned frame so that
//! the two cover the sphere, the metric `diag(1, sin²θ)` and its Christoffel symbols.

use super::atlas::Atlas;
use super::chart::Chart;
use super::numeric;
use super::sphere::Sphere;
use crate::{Error, Real, Result};
use nalgebra::{Matrix2, Matrix2x3, Matrix3x2, Vector2, Vector3};

/// The frame a spherical chart measures its angles in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SphericalFrame {
    /// Polar axis `+z`, azimuth from `+x` towards `+y`: the usual `(θ, φ)`.
    PolarZ,
    /// Polar axis `+y`, azimuth measured in the frame `(x', y', z') = (−x, z, y)`: its excluded
    /// half circle runs through `+x`, away from the one of [`SphericalFrame::PolarZ`].
    PolarY,
}

impl SphericalFrame {
    /// Ambient coordinates in this frame (a proper rotation that is its own inverse).
    fn rotate<T: Real>(self, p: &Vector3<T>) -> Vector3<T> {
        match self {
            SphericalFrame::PolarZ => *p,
            SphericalFrame::PolarY => Vector3::new(-p.x, p.z, p.y),
        }
    }

    /// The rotation's matrix (symmetric, orthogonal, determinant +1).
    fn matrix<T: Real>(self) -> nalgebra::Matrix3<T> {
        let (o, z) = (T::one(), T::zero());
        match self {
            SphericalFrame::PolarZ => nalgebra::Matrix3::identity(),
            SphericalFrame::PolarY => nalgebra::Matrix3::new(-o, z, z, z, z, o, z, o, z),
        }
    }
}

/// The Christoffel symbols of a 2-dimensional chart: `gamma[k][(i, j)] = Γᵏᵢⱼ`, symmetric in
/// `i, j`. The geodesic equation reads `c̈ᵏ + Γᵏᵢⱼ ċⁱ ċʲ = 0`.
pub type Christoffel2<T> = [Matrix2<T>; 2];

/// Spherical coordinates on the unit sphere S²: `c = (θ, φ)` with
/// `p = (sin θ cos φ, sin θ sin φ, cos θ)` in the chart's frame, polar angle `θ ∈ (0, π)` and
/// azimuth `φ ∈ (−π, π)` (physics convention; the seeds' notebooks swap the letters).
///
/// The domain is the sphere without the closed half great circle `φ = π` that joins the two
/// poles (the poles, where φ is undefined, included). That set is excluded by every frame, so
/// one spherical chart never covers S²: [`SphericalAtlas`] adds a second one in a turned frame.
///
/// The metric is `g = diag(1, sin²θ)`; the Christoffel symbols are
/// `Γ^θ_φφ = −sin θ cos θ`, `Γ^φ_θφ = Γ^φ_φθ = cot θ`, all others 0; the Gaussian curvature is 1.
///
/// ```
/// use geoml::manifold::{Chart, Spherical};
/// use nalgebra::{Vector2, Vector3};
/// use core::f64::consts::FRAC_PI_2;
///
/// let chart = Spherical::standard();
/// let c = chart.to_coords(&Vector3::new(0.0_f64, 1.0, 0.0))?;
/// assert!((c - Vector2::new(FRAC_PI_2, FRAC_PI_2)).norm() < 1e-15);
/// let g = chart.metric(&Vector2::new(0.5, 0.0))?;
/// assert!((g[(1, 1)] - 0.5_f64.sin().powi(2)).abs() < 1e-16);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spherical {
    frame: SphericalFrame,
    sphere: Sphere<3>,
}

impl Spherical {
    /// The usual chart: polar axis `+z`, excluding the half great circle through `(−1, 0, 0)`.
    ///
    /// ```
    /// use geoml::manifold::{Chart, Spherical};
    /// use nalgebra::{Vector2, Vector3};
    ///
    /// let chart = Spherical::standard();
    /// // θ = arccos z, φ = atan2(y, x).
    /// let c = chart.to_coords(&Vector3::new(0.6_f64, 0.0, 0.8))?;
    /// assert!((c - Vector2::new(0.8_f64.acos(), 0.0)).norm() < 1e-15);
    /// // (−1, 0, 0) lies on the excluded half circle φ = π.
    /// assert!(chart.to_coords(&Vector3::new(-1.0_f64, 0.0, 0.0)).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn standard() -> Self {
        Spherical {
            frame: SphericalFrame::PolarZ,
            sphere: Sphere::new(),
        }
    }

    /// The turned chart: polar axis `+y`, excluding the half great circle through `(1, 0, 0)`.
    ///
    /// ```
    /// use geoml::manifold::{Chart, Spherical};
    /// use nalgebra::{Vector2, Vector3};
    /// use core::f64::consts::FRAC_PI_2;
    ///
    /// let turned = Spherical::turned();
    /// // In the frame (−x, z, y) the north pole +z is on the turned chart's equator.
    /// let c = turned.to_coords(&Vector3::new(0.0_f64, 0.0, 1.0))?;
    /// assert!((c - Vector2::new(FRAC_PI_2, FRAC_PI_2)).norm() < 1e-15);
    /// assert!(turned.to_coords(&Vector3::new(1.0_f64, 0.0, 0.0)).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn turned() -> Self {
        Spherical {
            frame: SphericalFrame::PolarY,
            sphere: Sphere::new(),
        }
    }

    /// This chart's frame.
    ///
    /// ```
    /// use geoml::manifold::{Spherical, SphericalFrame};
    ///
    /// assert_eq!(Spherical::standard().frame(), SphericalFrame::PolarZ);
    /// assert_eq!(Spherical::turned().frame(), SphericalFrame::PolarY);
    /// ```
    pub const fn frame(&self) -> SphericalFrame {
        self.frame
    }

    /// The chart's name, as carried by its `OutsideChart` errors.
    ///
    /// ```
    /// use geoml::manifold::{Chart, Spherical};
    /// use nalgebra::Vector3;
    ///
    /// let chart = Spherical::standard();
    /// assert_eq!(chart.name(), "spherical (polar axis z)");
    /// let pole = chart.to_coords(&Vector3::new(0.0_f64, 0.0, 1.0));
    /// assert!(matches!(pole, Err(geoml::Error::OutsideChart { chart: name, .. }) if name == chart.name()));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn name(&self) -> &'static str {
        match self.frame {
            SphericalFrame::PolarZ => "spherical (polar axis z)",
            SphericalFrame::PolarY => "spherical (polar axis y)",
        }
    }

    /// The Christoffel symbols at `c = (θ, φ)`: `Γ^θ_φφ = −sin θ cos θ`,
    /// `Γ^φ_θφ = Γ^φ_φθ = cos θ / sin θ`.
    ///
    /// # Errors
    /// `NonFinite`; `InvalidParameter` for `θ ∉ (0, π)` or `φ ∉ (−π, π)`; `Overflow` when
    /// `cot θ` exceeds the range of `T` (θ a subnormal distance from a pole).
    ///
    /// ```
    /// use geoml::manifold::Spherical;
    /// use nalgebra::Vector2;
    /// let gamma = Spherical::standard().christoffel(&Vector2::new(core::f64::consts::FRAC_PI_4, 0.0))?;
    /// assert!((gamma[0][(1, 1)] + 0.5).abs() < 1e-15); // Γ^θ_φφ
    /// assert!((gamma[1][(0, 1)] - 1.0).abs() < 1e-15); // Γ^φ_θφ
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn christoffel<T: Real>(&self, c: &Vector2<T>) -> Result<Christoffel2<T>> {
        Self::check_coords(c)?;
        let (s, co) = (c.x.sin(), c.x.cos());
        let z = T::zero();
        // cot θ overflows for θ within ~1e-308 of a pole: an error, not ∞.
        let cot = numeric::finite_scalar(co / s)?;
        Ok([Matrix2::new(z, z, z, -s * co), Matrix2::new(z, cot, cot, z)])
    }

    /// The Gaussian curvature of the unit sphere, `K = 1` at every point (Gauss: the product
    /// of the principal curvatures, both 1).
    ///
    /// # Errors
    /// As [`Spherical::christoffel`].
    ///
    /// ```
    /// use geoml::manifold::Spherical;
    /// use nalgebra::Vector2;
    ///
    /// // With g = diag(1, G), K = −(√G)″ / √G = −(sin θ)″ / sin θ = 1, wherever the chart is defined.
    /// let chart = Spherical::standard();
    /// assert_eq!(chart.gaussian_curvature(&Vector2::new(0.3_f64, -2.0))?, 1.0);
    /// assert!(chart.gaussian_curvature(&Vector2::new(0.0_f64, 0.0)).is_err()); // a pole
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn gaussian_curvature<T: Real>(&self, c: &Vector2<T>) -> Result<T> {
        Self::check_coords(c)?;
        Ok(T::one())
    }

    fn check_coords<T: Real>(c: &Vector2<T>) -> Result<()> {
        numeric::check_vector(c)?;
        if !(c.x > T::zero() && c.x < T::pi()) {
            return Err(Error::InvalidParameter {
                name: "polar angle θ",
                value: c.x.as_f64(),
            });
        }
        if c.y.abs() >= T::pi() {
            return Err(Error::InvalidParameter {
                name: "azimuth φ",
                value: c.y.as_f64(),
            });
        }
        Ok(())
    }

    /// Geodesic distance from `q` (frame coordinates) to the excluded half circle.
    fn excluded_distance<T: Real>(q: &Vector3<T>) -> T {
        let rho = q.x.hypot(q.y);
        if q.x <= T::zero() {
            q.y.abs().atan2(q.x.hypot(q.z))
        } else {
            rho.atan2(q.z.abs())
        }
    }

    /// `(q, θ, φ, ρ = sin θ)` for a point of the domain.
    fn frame_coords<T: Real>(&self, p: &Vector3<T>) -> Result<(Vector3<T>, Vector2<T>, T)> {
        self.sphere.check_point(p)?;
        let q = self.frame.rotate(p);
        let rho = q.x.hypot(q.y);
        let phi = q.y.atan2(q.x);
        let theta = rho.atan2(q.z);
        // Within about ε of the south pole θ rounds to π itself, which is not a coordinate of
        // the chart (to_point rejects it): such a point is outside, like the pole.
        if rho == T::zero() || phi.abs() >= T::pi() || theta >= T::pi() {
            return Err(Error::OutsideChart {
                chart: self.name(),
                distance: Self::excluded_distance(&q).as_f64(),
            });
        }
        Ok((q, Vector2::new(theta, phi), rho))
    }
}

impl<T: Real> Chart<T, 3, 2> for Spherical {
    fn name(&self) -> &'static str {
        Spherical::name(self)
    }

    fn to_coords(&self, p: &Vector3<T>) -> Result<Vector2<T>> {
        self.frame_coords(p).map(|(_, c, _)| c)
    }

    fn to_point(&self, c: &Vector2<T>) -> Result<Vector3<T>> {
        Self::check_coords(c)?;
        let (st, ct) = (c.x.sin(), c.x.cos());
        let q = Vector3::new(st * c.y.cos(), st * c.y.sin(), ct);
        Ok(self.frame.rotate(&q))
    }

    fn to_point_jacobian(&self, c: &Vector2<T>) -> Result<Matrix3x2<T>> {
        Self::check_coords(c)?;
        let (st, ct, sp, cp) = (c.x.sin(), c.x.cos(), c.y.sin(), c.y.cos());
        let d_theta = Vector3::new(ct * cp, ct * sp, -st);
        let d_phi = Vector3::new(-st * sp, st * cp, T::zero());
        let r = self.frame.matrix::<T>();
        Ok(Matrix3x2::from_columns(&[r * d_theta, r * d_phi]))
    }

    fn to_coords_jacobian(&self, p: &Vector3<T>) -> Result<Matrix2x3<T>> {
        let (q, _, rho) = self.frame_coords(p)?;
        // dθ = ⟨e_θ, ·⟩ and dφ = ⟨e_φ, ·⟩ / sin θ, in the frame, then rotated back.
        let (cp, sp) = (q.x / rho, q.y / rho);
        let e_theta = Vector3::new(q.z * cp, q.z * sp, -rho);
        let e_phi = Vector3::new(-sp, cp, T::zero()) / rho;
        let r = self.frame.matrix::<T>();
        let rows = Matrix2x3::from_rows(&[e_theta.transpose(), e_phi.transpose()]);
        numeric::check_matrix(&rows).map_err(|_| Error::OutsideChart {
            chart: self.name(),
            distance: Self::excluded_distance(&q).as_f64(),
        })?;
        Ok(rows * r)
    }

    /// `diag(1, sin²θ)`.
    fn metric(&self, c: &Vector2<T>) -> Result<Matrix2<T>> {
        Self::check_coords(c)?;
        let s = c.x.sin();
        Ok(Matrix2::new(T::one(), T::zero(), T::zero(), s * s))
    }

    fn inverse_lipschitz(&self) -> T {
        T::one()
    }

    fn domain_margin(&self, c: &Vector2<T>) -> Option<T> {
        // `min` drops a NaN operand, which made NaN coordinates look π deep inside V (found by
        // the bad-input table, issue 9): NaN in, NaN out.
        if c.iter().any(|x| x.as_f64().is_nan()) {
            return Some(T::lit(f64::NAN));
        }
        Some(c.x.min(T::pi() - c.x).min(T::pi() - c.y.abs()))
    }
}

/// The atlas of two spherical charts of S², [`Spherical::standard`] and [`Spherical::turned`].
///
/// Their excluded half circles (through `(−1, 0, 0)` with the poles `±e_z`, and through
/// `(1, 0, 0)` with the poles `±e_y`) are disjoint, so the two charts cover the sphere. The
/// transition is a composition of trigonometric functions, smooth on the overlap; its
/// Jacobian comes from the chain rule with both charts' analytic differentials.
///
/// ```
/// use geoml::manifold::{Atlas, Chart, SphericalAtlas};
/// use nalgebra::Vector3;
///
/// let atlas = SphericalAtlas::new();
/// let north_pole = Vector3::new(0.0_f64, 0.0, 1.0);
/// // The standard chart cannot name the pole; the turned one can.
/// assert!(atlas.standard().to_coords(&north_pole).is_err());
/// let chart = atlas.chart_for(&north_pole)?;
/// assert!(chart.to_coords(&north_pole).is_ok());
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SphericalAtlas {
    charts: [Spherical; 2],
}

impl Default for SphericalAtlas {
    fn default() -> Self {
        Self::new()
    }
}

impl SphericalAtlas {
    /// The standard and the turned spherical charts.
    ///
    /// ```
    /// use geoml::manifold::{Atlas, Spherical, SphericalAtlas};
    /// use nalgebra::Vector3;
    ///
    /// let atlas = SphericalAtlas::new();
    /// // (−1, 0, 0) is on the standard chart's excluded half circle, π/2 from the turned one's.
    /// let chart = atlas.chart_for(&Vector3::new(-1.0_f64, 0.0, 0.0))?;
    /// assert_eq!(chart, Spherical::turned());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn new() -> Self {
        SphericalAtlas {
            charts: [Spherical::standard(), Spherical::turned()],
        }
    }

    /// Both charts, standard first.
    ///
    /// ```
    /// use geoml::manifold::{Spherical, SphericalAtlas};
    ///
    /// let atlas = SphericalAtlas::new();
    /// assert_eq!(atlas.charts(), &[Spherical::standard(), Spherical::turned()]);
    /// ```
    pub const fn charts(&self) -> &[Spherical; 2] {
        &self.charts
    }

    /// The chart with polar axis `+z`.
    ///
    /// ```
    /// use geoml::manifold::{SphericalAtlas, SphericalFrame};
    ///
    /// assert_eq!(SphericalAtlas::new().standard().frame(), SphericalFrame::PolarZ);
    /// ```
    pub const fn standard(&self) -> Spherical {
        self.charts[0]
    }

    /// The chart with polar axis `+y`.
    ///
    /// ```
    /// use geoml::manifold::{SphericalAtlas, SphericalFrame};
    ///
    /// assert_eq!(SphericalAtlas::new().turned().frame(), SphericalFrame::PolarY);
    /// ```
    pub const fn turned(&self) -> Spherical {
        self.charts[1]
    }
}

impl<T: Real> Atlas<T, 3, 2> for SphericalAtlas {
    type Chart = Spherical;

    fn charts(&self) -> &[Spherical] {
        &self.charts
    }

    /// The chart in which `p` is farther from the excluded half circle.
    fn chart_for(&self, p: &Vector3<T>) -> Result<Spherical> {
        self.charts[0].sphere.check_point(p)?;
        let distance = |chart: &Spherical| Spherical::excluded_distance(&chart.frame.rotate(p));
        Ok(if distance(&self.charts[0]) >= distance(&self.charts[1]) {
            self.standard()
        } else {
            self.turned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Real>() {
        let atlas = SphericalAtlas::new();
        let eps = T::default_epsilon().as_f64();
        for k in 0..50 {
            let a = 0.37 * f64::from(k);
            let p = Vector3::new(
                a.sin() * (2.0 * a).cos(),
                a.sin() * (2.0 * a).sin(),
                a.cos(),
            );
            let p = Vector3::new(T::lit(p.x), T::lit(p.y), T::lit(p.z));
            let chart = atlas.chart_for(&p).unwrap();
            let c = chart.to_coords(&p).unwrap();
            assert!((chart.to_point(&c).unwrap() - p).norm().as_f64() < 8.0 * eps);
            let d = chart.to_coords_jacobian(&p).unwrap() * chart.to_point_jacobian(&c).unwrap();
            assert!((d - Matrix2::identity()).norm().as_f64() < 64.0 * eps);
        }
    }

    #[test]
    fn chart_and_inverse_agree_f32_f64() {
        round_trips::<f32>();
        round_trips::<f64>();
    }

    #[test]
    fn a_nan_coordinate_has_a_nan_margin() {
        let chart = Spherical::standard();
        let margin = Chart::<f64, 3, 2>::domain_margin(&chart, &Vector2::new(f64::NAN, 0.0));
        assert!(margin.is_some_and(f64::is_nan));
        let margin = Chart::<f32, 3, 2>::domain_margin(&chart, &Vector2::new(1.0, f32::NAN));
        assert!(margin.is_some_and(f32::is_nan));
    }

    #[test]
    fn poles_and_seam_are_outside_the_standard_chart() {
        let chart = Spherical::standard();
        for p in [
            Vector3::new(0.0_f64, 0.0, 1.0),
            Vector3::new(0.0, 0.0, -1.0),
            Vector3::new(-1.0, 0.0, 0.0),
            Vector3::new(-0.6, 0.0, 0.8),
        ] {
            assert!(matches!(
                chart.to_coords(&p),
                Err(Error::OutsideChart { chart: "spherical (polar axis z)", distance }) if distance == 0.0
            ));
        }
        assert!(matches!(
            chart.to_point(&Vector2::new(0.0_f32, 0.0)),
            Err(Error::InvalidParameter {
                name: "polar angle θ",
                ..
            })
        ));
        assert!(matches!(
            chart.to_point(&Vector2::new(1.0_f32, 4.0)),
            Err(Error::InvalidParameter {
                name: "azimuth φ",
                ..
            })
        ));
    }

    fn closed_forms<T: Real>() {
        let chart = Spherical::standard();
        let c = Vector2::new(T::lit(0.7), T::lit(-1.2));
        let eps = T::default_epsilon().as_f64();
        let j = chart.to_point_jacobian(&c).unwrap();
        assert!(
            (j.transpose() * j - chart.metric(&c).unwrap())
                .norm()
                .as_f64()
                < 8.0 * eps
        );
        // Γᵏᵢⱼ = ½ gᵏˡ (∂ᵢ gⱼₗ + ∂ⱼ gᵢₗ − ∂ₗ gᵢⱼ) with central differences of g.
        let h = T::default_epsilon().cbrt();
        let dg = |l: usize| {
            let mut e = Vector2::zeros();
            e[l] = h;
            (chart.metric(&(c + e)).unwrap() - chart.metric(&(c - e)).unwrap()) / (h + h)
        };
        let derivatives = [dg(0), dg(1)];
        let inverse = chart.metric(&c).unwrap().try_inverse().unwrap();
        let gamma = chart.christoffel(&c).unwrap();
        for k in 0..2 {
            for i in 0..2 {
                for j in 0..2 {
                    let mut sum = T::zero();
                    for l in 0..2 {
                        sum += T::lit(0.5)
                            * inverse[(k, l)]
                            * (derivatives[i][(j, l)] + derivatives[j][(i, l)]
                                - derivatives[l][(i, j)]);
                    }
                    let error = (sum - gamma[k][(i, j)]).abs().as_f64();
                    assert!(
                        error < 32.0 * eps.powf(2.0 / 3.0),
                        "Γ^{k}_{i}{j}: {error:e}"
                    );
                }
            }
        }
    }

    #[test]
    fn closed_forms_match_the_pullback_and_the_metric_derivatives_f32_f64() {
        closed_forms::<f32>();
        closed_forms::<f64>();
    }
}
