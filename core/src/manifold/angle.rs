//! Angle charts: the circle S¹ as an interval of angles, twice, because one interval cannot
//! cover the whole circle.

use super::atlas::Atlas;
use super::chart::Chart;
use super::numeric;
use super::sphere::Sphere;
use crate::{Error, Real, Result};
use nalgebra::{Matrix1, Matrix1x2, Matrix2x1, Vector1, Vector2};

/// Which open interval of length 2π an angle chart uses; the point at its end is cut out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// Angles in `(−π, π)`: the point at angle π, `(−1, 0)`, is excluded.
    Principal,
    /// Angles in `(0, 2π)`: the point at angle 0, `(1, 0)`, is excluded.
    Shifted,
}

impl Branch {
    /// The angle of the direction `(x, y)` on this branch; `Err(distance to the cut)` on the
    /// cut (or so near it that the angle rounds onto it).
    pub(crate) fn angle<T: Real>(self, x: T, y: T) -> core::result::Result<T, T> {
        let pi = T::pi();
        match self {
            Branch::Principal => {
                let t = y.atan2(x);
                if t.abs() < pi {
                    Ok(t)
                } else {
                    Err(pi - t.abs().min(pi))
                }
            }
            Branch::Shifted => {
                // atan2 of the opposite direction is the angle measured from the cut at 0.
                let a = (-y).atan2(-x);
                let t = a + pi;
                if a.abs() < pi && t > T::zero() && t < T::two_pi() {
                    Ok(t)
                } else {
                    Err(pi - a.abs().min(pi))
                }
            }
        }
    }

    /// Whether `t` lies in the open interval.
    pub(crate) fn contains<T: Real>(self, t: T) -> bool {
        match self {
            Branch::Principal => t.abs() < T::pi(),
            Branch::Shifted => t > T::zero() && t < T::two_pi(),
        }
    }

    /// Distance from `t` to the ends of the interval.
    pub(crate) fn margin<T: Real>(self, t: T) -> T {
        match self {
            Branch::Principal => T::pi() - t.abs(),
            Branch::Shifted => t.min(T::two_pi() - t),
        }
    }

    /// The same angle on branch `to`: `Err(distance to to's cut)` if it is `to`'s cut.
    pub(crate) fn convert<T: Real>(self, t: T, to: Branch) -> core::result::Result<T, T> {
        let converted = match (self, to) {
            (a, b) if a == b => t,
            (Branch::Principal, _) if t < T::zero() => t + T::two_pi(),
            (Branch::Shifted, _) if t > T::pi() => t - T::two_pi(),
            _ => t,
        };
        if to.contains(converted) {
            Ok(converted)
        } else {
            Err(to.margin(converted).abs())
        }
    }

    /// `InvalidParameter` naming the coordinate unless `t` is finite and in the interval.
    pub(crate) fn check<T: Real>(self, name: &'static str, t: T) -> Result<()> {
        numeric::check_scalar(t)?;
        if self.contains(t) {
            Ok(())
        } else {
            Err(Error::InvalidParameter {
                name,
                value: t.as_f64(),
            })
        }
    }
}

/// An angle chart of the circle S¹ ⊂ ℝ²: `(x, y) ↦ t` with `(x, y) = (cos t, sin t)` and `t` in
/// the open interval of its [`Branch`].
///
/// The principal chart misses `(−1, 0)`, the shifted one misses `(1, 0)`; neither alone
/// covers the circle (an open interval cannot be wrapped onto a circle one-to-one), both
/// together do. The metric in an angle chart is `g = 1`: arc length is the angle.
///
/// ```
/// use geoml::manifold::{AngleChart, Chart};
/// use nalgebra::{Vector1, Vector2};
///
/// let principal = AngleChart::principal();
/// let t = principal.to_coords(&Vector2::new(0.0_f64, -1.0))?;
/// assert!((t[0] + core::f64::consts::FRAC_PI_2).abs() < 1e-15);
/// // The shifted chart names the same point 3π/2.
/// let s = AngleChart::shifted().to_coords(&Vector2::new(0.0_f64, -1.0))?;
/// assert!((s[0] - 1.5 * core::f64::consts::PI).abs() < 1e-15);
/// // (−1, 0) is the principal chart's cut.
/// assert!(principal.to_coords(&Vector2::new(-1.0_f64, 0.0)).is_err());
/// # let _ = Vector1::new(0.0);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AngleChart {
    branch: Branch,
    circle: Sphere<2>,
}

impl AngleChart {
    /// Angles in `(−π, π)`: `t = atan2(y, x)`, excluding `(−1, 0)`.
    ///
    /// ```
    /// use geoml::manifold::{AngleChart, Chart};
    /// use nalgebra::{Vector1, Vector2};
    /// use core::f64::consts::{FRAC_PI_2, PI};
    ///
    /// let chart = AngleChart::principal();
    /// // t ↦ (cos t, sin t), t ∈ (−π, π).
    /// let p = chart.to_point(&Vector1::new(-FRAC_PI_2))?;
    /// assert!((p - Vector2::new(0.0, -1.0)).norm() < 1e-15);
    /// assert!(chart.to_point(&Vector1::new(PI)).is_err()); // the end of the interval
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn principal() -> Self {
        AngleChart {
            branch: Branch::Principal,
            circle: Sphere::new(),
        }
    }

    /// Angles in `(0, 2π)`: `t = atan2(−y, −x) + π`, excluding `(1, 0)`.
    ///
    /// ```
    /// use geoml::manifold::{AngleChart, Chart};
    /// use nalgebra::Vector2;
    ///
    /// let chart = AngleChart::shifted();
    /// // (−1, 0) has angle π in (0, 2π); (1, 0), angle 0, is the cut.
    /// let t = chart.to_coords(&Vector2::new(-1.0_f64, 0.0))?;
    /// assert!((t[0] - core::f64::consts::PI).abs() < 1e-15);
    /// assert!(chart.to_coords(&Vector2::new(1.0_f64, 0.0)).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn shifted() -> Self {
        AngleChart {
            branch: Branch::Shifted,
            circle: Sphere::new(),
        }
    }

    /// The chart's interval.
    ///
    /// ```
    /// use geoml::manifold::{AngleChart, Branch};
    ///
    /// assert_eq!(AngleChart::principal().branch(), Branch::Principal);
    /// assert_eq!(AngleChart::shifted().branch(), Branch::Shifted);
    /// ```
    pub const fn branch(&self) -> Branch {
        self.branch
    }

    /// The chart's name, as carried by its `OutsideChart` errors.
    ///
    /// ```
    /// use geoml::manifold::{AngleChart, Chart};
    /// use nalgebra::Vector2;
    ///
    /// let chart = AngleChart::principal();
    /// assert_eq!(chart.name(), "angle in (−π, π)");
    /// let cut = chart.to_coords(&Vector2::new(-1.0_f64, 0.0));
    /// assert!(matches!(cut, Err(geoml::Error::OutsideChart { chart: name, .. }) if name == chart.name()));
    /// ```
    pub const fn name(&self) -> &'static str {
        match self.branch {
            Branch::Principal => "angle in (−π, π)",
            Branch::Shifted => "angle in (0, 2π)",
        }
    }
}

impl<T: Real> Chart<T, 2, 1> for AngleChart {
    fn name(&self) -> &'static str {
        AngleChart::name(self)
    }

    fn to_coords(&self, p: &Vector2<T>) -> Result<Vector1<T>> {
        self.circle.check_point(p)?;
        self.branch
            .angle(p.x, p.y)
            .map(Vector1::new)
            .map_err(|distance| Error::OutsideChart {
                chart: self.name(),
                distance: distance.as_f64(),
            })
    }

    fn to_point(&self, c: &Vector1<T>) -> Result<Vector2<T>> {
        self.branch.check("angle", c.x)?;
        Ok(Vector2::new(c.x.cos(), c.x.sin()))
    }

    fn to_point_jacobian(&self, c: &Vector1<T>) -> Result<Matrix2x1<T>> {
        self.branch.check("angle", c.x)?;
        Ok(Matrix2x1::new(-c.x.sin(), c.x.cos()))
    }

    fn to_coords_jacobian(&self, p: &Vector2<T>) -> Result<Matrix1x2<T>> {
        self.to_coords(p)?;
        // dt = (x dy − y dx) / (x² + y²).
        let r2 = p.norm_squared();
        Ok(Matrix1x2::new(-p.y / r2, p.x / r2))
    }

    /// `g = 1`.
    fn metric(&self, c: &Vector1<T>) -> Result<Matrix1<T>> {
        self.branch.check("angle", c.x)?;
        Ok(Matrix1::identity())
    }

    fn inverse_lipschitz(&self) -> T {
        T::one()
    }

    fn domain_margin(&self, c: &Vector1<T>) -> Option<T> {
        Some(self.branch.margin(c.x))
    }
}

/// The atlas of the two angle charts of S¹.
///
/// The overlap is the circle without `(±1, 0)`: two open half circles. The transition from the
/// principal to the shifted chart is `t ↦ t` on the upper half and `t ↦ t + 2π` on the lower
/// half, locally a translation, so its Jacobian is 1: smooth, although not one formula on the
/// whole overlap.
///
/// ```
/// use geoml::manifold::{Atlas, CircleAtlas};
/// use nalgebra::Vector1;
///
/// let atlas = CircleAtlas::new();
/// let t = atlas.transition(&atlas.principal(), &atlas.shifted(), &Vector1::new(-1.0_f64))?;
/// assert!((t[0] - (core::f64::consts::TAU - 1.0)).abs() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CircleAtlas {
    charts: [AngleChart; 2],
}

impl Default for CircleAtlas {
    fn default() -> Self {
        Self::new()
    }
}

impl CircleAtlas {
    /// The principal and shifted angle charts.
    ///
    /// ```
    /// use geoml::manifold::{AngleChart, Atlas, CircleAtlas};
    /// use nalgebra::Vector2;
    ///
    /// let atlas = CircleAtlas::new();
    /// // x < 0: the shifted chart, whose cut (1, 0) is far away.
    /// assert_eq!(atlas.chart_for(&Vector2::new(-0.6_f64, 0.8))?, AngleChart::shifted());
    /// assert_eq!(atlas.chart_for(&Vector2::new(0.6_f64, -0.8))?, AngleChart::principal());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn new() -> Self {
        CircleAtlas {
            charts: [AngleChart::principal(), AngleChart::shifted()],
        }
    }

    /// Both charts, principal first.
    ///
    /// ```
    /// use geoml::manifold::{AngleChart, CircleAtlas};
    ///
    /// let atlas = CircleAtlas::new();
    /// assert_eq!(atlas.charts(), &[AngleChart::principal(), AngleChart::shifted()]);
    /// ```
    pub const fn charts(&self) -> &[AngleChart; 2] {
        &self.charts
    }

    /// The chart with angles in `(−π, π)`.
    ///
    /// ```
    /// use geoml::manifold::{Branch, CircleAtlas};
    ///
    /// assert_eq!(CircleAtlas::new().principal().branch(), Branch::Principal);
    /// ```
    pub const fn principal(&self) -> AngleChart {
        self.charts[0]
    }

    /// The chart with angles in `(0, 2π)`.
    ///
    /// ```
    /// use geoml::manifold::{Branch, CircleAtlas};
    ///
    /// assert_eq!(CircleAtlas::new().shifted().branch(), Branch::Shifted);
    /// ```
    pub const fn shifted(&self) -> AngleChart {
        self.charts[1]
    }
}

impl<T: Real> Atlas<T, 2, 1> for CircleAtlas {
    type Chart = AngleChart;

    fn charts(&self) -> &[AngleChart] {
        &self.charts
    }

    /// The principal chart for `x ≥ 0`, the shifted one otherwise: the point is then at least
    /// π/2 from the chart's cut.
    fn chart_for(&self, p: &Vector2<T>) -> Result<AngleChart> {
        self.charts[0].circle.check_point(p)?;
        Ok(if p.x >= T::zero() {
            self.principal()
        } else {
            self.shifted()
        })
    }

    /// `t`, `t + 2π` or `t − 2π`: the same point's angle on the other branch.
    fn transition(&self, from: &AngleChart, to: &AngleChart, c: &Vector1<T>) -> Result<Vector1<T>> {
        from.branch.check("angle", c.x)?;
        from.branch
            .convert(c.x, to.branch)
            .map(Vector1::new)
            .map_err(|distance| Error::OutsideChart {
                chart: to.name(),
                distance: distance.as_f64(),
            })
    }

    /// `1` on the whole overlap.
    fn transition_jacobian(
        &self,
        from: &AngleChart,
        to: &AngleChart,
        c: &Vector1<T>,
    ) -> Result<Matrix1<T>> {
        self.transition(from, to, c)?;
        Ok(Matrix1::identity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both_charts<T: Real>() {
        let atlas = CircleAtlas::new();
        let eps = T::default_epsilon().as_f64();
        for k in 0..64 {
            let t = -3.1 + 6.2 * f64::from(k) / 63.0;
            let p = Vector2::new(T::lit(t.cos()), T::lit(t.sin()));
            let chart = atlas.chart_for(&p).unwrap();
            let c = chart.to_coords(&p).unwrap();
            assert!((chart.to_point(&c).unwrap() - p).norm().as_f64() < 4.0 * eps);
            for other in atlas.charts() {
                if let Ok(d) = atlas.transition(&chart, other, &c) {
                    let back = atlas.transition(other, &chart, &d).unwrap();
                    assert!((back - c).norm().as_f64() < 8.0 * eps);
                    assert!((other.to_point(&d).unwrap() - p).norm().as_f64() < 8.0 * eps);
                }
            }
        }
    }

    #[test]
    fn transitions_round_trip_f32_f64() {
        both_charts::<f32>();
        both_charts::<f64>();
    }

    #[test]
    fn cuts_and_bad_coordinates_are_named() {
        let atlas = CircleAtlas::new();
        assert!(matches!(
            atlas.transition(&atlas.principal(), &atlas.shifted(), &Vector1::new(0.0_f64)),
            Err(Error::OutsideChart { chart: "angle in (0, 2π)", distance }) if distance == 0.0
        ));
        assert!(matches!(
            atlas.shifted().to_point(&Vector1::new(7.0_f32)),
            Err(Error::InvalidParameter { name: "angle", value }) if value == 7.0
        ));
        assert!(matches!(
            atlas.shifted().to_coords(&Vector2::new(1.0_f64, 0.0)),
            Err(Error::OutsideChart {
                chart: "angle in (0, 2π)",
                ..
            })
        ));
        // A point 1e-9 from the cut still has a principal angle in f64, not in f32.
        let y = 1e-9_f64;
        assert!(
            atlas
                .principal()
                .to_coords(&Vector2::new(-1.0_f64, y))
                .is_ok()
        );
        assert!(matches!(
            atlas.principal().to_coords(&Vector2::new(-1.0_f32, 1e-9)),
            Err(Error::OutsideChart { .. })
        ));
    }
}
