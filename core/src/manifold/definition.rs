//! Definition 1.1, executable: an atlas is checked on sample points for cover, smooth
//! transitions, and separated neighbourhoods.

use super::atlas::Atlas;
use super::chart::Chart;
use super::numeric;
use crate::{Error, Real, Result};
use nalgebra::{SMatrix, SVector};

/// A coordinate ball `W = {c : ‖c − centre‖ < radius}` inside a chart's coordinate domain; its
/// points are `chart.to_point(c)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbourhood<C, T: Real, const M: usize> {
    /// The chart whose coordinates the ball lives in.
    pub chart: C,
    /// The centre, the coordinates of the point the ball is a neighbourhood of.
    pub centre: SVector<T, M>,
    /// The radius in coordinates.
    pub radius: T,
}

/// What [`check_definition`] measured. Each field is a worst case over the sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DefinitionReport<T: Real> {
    /// Sample points, each found in a chart by [`Atlas::chart_for`] (property a, cover).
    pub points: usize,
    /// `‖χ⁻¹(χ(p)) − p‖` for the chosen chart.
    pub max_chart_round_trip: T,
    /// Ordered pairs of charts checked at a sample point in their overlap (property b).
    pub transitions: usize,
    /// `‖τ_βα(τ_αβ(c)) − c‖ / max(1, ‖c‖)`: going to another chart and back.
    pub max_transition_round_trip: T,
    /// `‖J − J_fd‖ / max(1, ‖J‖)` (Frobenius): the analytic Jacobian against central finite
    /// differences of the transition map.
    pub max_jacobian_error: T,
    /// `‖J_βα · J_αβ − I‖`: the Jacobians of a transition and its inverse are inverse matrices.
    pub max_inverse_jacobian_error: T,
    /// Pairs of consecutive distinct sample points given disjoint neighbourhoods (property c).
    pub separated_pairs: usize,
}

impl<T: Real> DefinitionReport<T> {
    /// Whether every measured error is at most `tolerance` and every part of the definition was
    /// exercised (at least one point, one transition and one separated pair).
    ///
    /// ```
    /// use geoml::manifold::{check_definition, CircleAtlas, DefinitionReport};
    /// use nalgebra::Vector2;
    ///
    /// let points = [Vector2::new(1.0_f64, 0.0), Vector2::new(0.0, 1.0), Vector2::new(-0.6, -0.8)];
    /// let report = check_definition(&CircleAtlas::new(), &points)?;
    /// assert!(report.holds(1e-8));
    /// // A report in which no pair of points was separated has not checked property (c).
    /// let unchecked = DefinitionReport { separated_pairs: 0, ..report };
    /// assert!(!unchecked.holds(1e-8));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn holds(&self, tolerance: T) -> bool {
        self.points > 0
            && self.transitions > 0
            && self.separated_pairs > 0
            && self.max_chart_round_trip <= tolerance
            && self.max_transition_round_trip <= tolerance
            && self.max_jacobian_error <= tolerance
            && self.max_inverse_jacobian_error <= tolerance
    }
}

/// Checks Definition 1.1 for `atlas` on the sample `points`:
///
/// * **(a) cover**: every point gets a chart from [`Atlas::chart_for`] and
///   `χ⁻¹(χ(p)) = p`;
/// * **(b) smooth transitions**: for every ordered pair of charts whose domains contain a
///   point, the transition and its reverse compose to the identity, and the analytic Jacobian
///   agrees with central finite differences (step `h = ε^{1/3}·max(1, |cⱼ|)`; the difference
///   is then about `ε^{2/3}` — 4e-11 in `f64`, 2e-5 in `f32` — times the size of the
///   transition's third derivative relative to its first, which grows like `1/‖c‖²` for the
///   stereographic inversion near the origin);
/// * **(c) Hausdorff**: each two consecutive points at a non-zero distance get disjoint neighbourhoods from
///   [`separate`], confirmed on the ball's centre and its `2M` axis points.
///
/// The finite-difference comparison is skipped at a point whose stencil would come within its
/// own reach of the edge of either chart's coordinate domain (it could straddle two components
/// of the overlap, between which a transition jumps by a constant, e.g. 2π).
///
/// # Errors
/// Whatever a chart reports for a sample point (`NonFinite`, `NotOnManifold`, or
/// `OutsideChart` when the atlas fails to cover a point); `Overflow` when a measurement
/// overflows (a point so close to a chart's excluded set that its transition Jacobians do).
///
/// ```
/// use geoml::manifold::{check_definition, StereographicAtlas};
/// use nalgebra::Vector3;
///
/// let points = [
///     Vector3::new(0.0_f64, 0.0, 1.0),
///     Vector3::new(0.6, 0.0, -0.8),
///     Vector3::new(0.0, -0.28, 0.96),
///     Vector3::new(0.0, 0.0, -1.0),
/// ];
/// let report = check_definition(&StereographicAtlas::<3>::new(), &points)?;
/// assert!(report.holds(1e-7));
/// assert!(report.max_chart_round_trip < 1e-15);
/// assert_eq!(report.separated_pairs, 3);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn check_definition<A, T, const N: usize, const M: usize>(
    atlas: &A,
    points: &[SVector<T, N>],
) -> Result<DefinitionReport<T>>
where
    A: Atlas<T, N, M>,
    T: Real,
{
    let mut report = DefinitionReport {
        points: 0,
        max_chart_round_trip: T::zero(),
        transitions: 0,
        max_transition_round_trip: T::zero(),
        max_jacobian_error: T::zero(),
        max_inverse_jacobian_error: T::zero(),
        separated_pairs: 0,
    };
    for p in points {
        let chart = atlas.chart_for(p)?;
        let c = chart.to_coords(p)?;
        // Scaled norms: on a torus of radii ~1e30 in f32, the squares of a difference of a
        // few ulps already overflow (found by fuzzing, issue 9).
        let round_trip = numeric::point_norm(&(chart.to_point(&c)? - p));
        if !round_trip.is_finite() {
            return Err(Error::Overflow {
                value: round_trip.as_f64(),
            });
        }
        report.points += 1;
        report.max_chart_round_trip = report.max_chart_round_trip.max(round_trip);
        for alpha in atlas.charts() {
            for beta in atlas.charts() {
                if let Some(errors) = check_transition(atlas, alpha, beta, p)? {
                    // Near a chart's excluded set the Jacobians can be so large that their
                    // product overflows: an error, never ∞ in the report (found by fuzzing,
                    // issue 9).
                    for error in [errors.0, errors.1, errors.2] {
                        if !error.is_finite() {
                            return Err(Error::Overflow {
                                value: error.as_f64(),
                            });
                        }
                    }
                    report.transitions += 1;
                    report.max_transition_round_trip =
                        report.max_transition_round_trip.max(errors.0);
                    report.max_jacobian_error = report.max_jacobian_error.max(errors.1);
                    report.max_inverse_jacobian_error =
                        report.max_inverse_jacobian_error.max(errors.2);
                }
            }
        }
    }
    for pair in points.windows(2) {
        if let [x, y] = pair
            && (x - y).norm() > T::zero()
        {
            let (wx, wy) = separate(atlas, x, y)?;
            if confirm_separation(&wx, &wy, x, y)? {
                report.separated_pairs += 1;
            }
        }
    }
    Ok(report)
}

/// `(round trip, Jacobian error, inverse Jacobian error)` for one ordered pair of charts at `p`,
/// or `None` if `p` is outside either chart.
fn check_transition<A, T, const N: usize, const M: usize>(
    atlas: &A,
    alpha: &A::Chart,
    beta: &A::Chart,
    p: &SVector<T, N>,
) -> Result<Option<(T, T, T)>>
where
    A: Atlas<T, N, M>,
    T: Real,
{
    let in_chart = |chart: &A::Chart| match chart.to_coords(p) {
        Ok(c) => Ok(Some(c)),
        Err(Error::OutsideChart { .. }) => Ok(None),
        Err(e) => Err(e),
    };
    let (Some(c), Some(_)) = (in_chart(alpha)?, in_chart(beta)?) else {
        return Ok(None);
    };
    let scale = numeric::point_norm(&c).max(T::one());
    let d = atlas.transition(alpha, beta, &c)?;
    let back = atlas.transition(beta, alpha, &d)?;
    let round_trip = numeric::point_norm(&(back - c)) / scale;

    let jacobian = atlas.transition_jacobian(alpha, beta, &c)?;
    let reverse = atlas.transition_jacobian(beta, alpha, &d)?;
    let inverse_error = (reverse * jacobian - SMatrix::<T, M, M>::identity()).norm();

    // The stencil must stay in one piece of the overlap: an overlap can have several
    // components (the two half circles of S¹), and the transition jumps between them.
    let reach = T::default_epsilon().cbrt() * T::lit(2.0) * scale;
    let stretch = jacobian.norm() + T::one();
    let near_edge = |margin: Option<T>, needed: T| margin.is_some_and(|m| m <= needed);
    if near_edge(alpha.domain_margin(&c), reach)
        || near_edge(beta.domain_margin(&d), reach * stretch)
    {
        return Ok(Some((round_trip, T::zero(), inverse_error)));
    }
    let mut finite_difference = SMatrix::<T, M, M>::zeros();
    for j in 0..M {
        let h = T::default_epsilon().cbrt() * c[j].abs().max(T::one());
        let mut step = SVector::<T, M>::zeros();
        step[j] = h;
        let (Ok(plus), Ok(minus)) = (
            atlas.transition(alpha, beta, &(c + step)),
            atlas.transition(alpha, beta, &(c - step)),
        ) else {
            // The stencil leaves the overlap (or crosses a seam): no finite difference here.
            return Ok(Some((round_trip, T::zero(), inverse_error)));
        };
        let column = (plus - minus) / ((c[j] + h) - (c[j] - h));
        finite_difference.set_column(j, &column);
    }
    let jacobian_error = (jacobian - finite_difference).norm() / jacobian.norm().max(T::one());
    Ok(Some((round_trip, jacobian_error, inverse_error)))
}

/// Disjoint neighbourhoods of two distinct points (property c of Definition 1.1), each a
/// coordinate ball in the chart [`Atlas::chart_for`] picks.
///
/// With `d = ‖x − y‖` and `L` the chart's [`Chart::inverse_lipschitz`] bound, a ball of
/// radius `ρ ≤ d / (3L)` that stays inside the coordinate domain maps into the ambient ball of
/// radius `d/3` around its point, so the two neighbourhoods lie in disjoint ambient balls.
/// The radius is `min(d / (3L), margin / 2)`, `margin` the distance from the centre to the
/// edge of the chart's domain.
///
/// # Errors
/// As [`Atlas::chart_for`]; [`Error::InvalidParameter`] named `"distance between the points"`
/// if `‖x − y‖` is 0 (`x = y`, or so close that the distance underflows).
///
/// ```
/// use geoml::manifold::{separate, CircleAtlas};
/// use nalgebra::Vector2;
///
/// let (a, b) = separate(&CircleAtlas::new(), &Vector2::new(1.0_f64, 0.0), &Vector2::new(0.0, 1.0))?;
/// // d = √2, L = 1: radius √2 / 3 in both angle charts.
/// assert!((a.radius - 2.0_f64.sqrt() / 3.0).abs() < 1e-15);
/// assert_eq!(a.radius, b.radius);
/// # Ok::<(), geoml::Error>(())
/// ```
#[allow(clippy::type_complexity)]
pub fn separate<A, T, const N: usize, const M: usize>(
    atlas: &A,
    x: &SVector<T, N>,
    y: &SVector<T, N>,
) -> Result<(Neighbourhood<A::Chart, T, M>, Neighbourhood<A::Chart, T, M>)>
where
    A: Atlas<T, N, M>,
    T: Real,
{
    let d = (x - y).norm();
    if d == T::zero() {
        return Err(Error::InvalidParameter {
            name: "distance between the points",
            value: 0.0,
        });
    }
    let ball = |p: &SVector<T, N>| -> Result<Neighbourhood<A::Chart, T, M>> {
        let chart = atlas.chart_for(p)?;
        let centre = chart.to_coords(p)?;
        let mut radius = d / (T::lit(3.0) * chart.inverse_lipschitz());
        if let Some(margin) = chart.domain_margin(&centre) {
            radius = radius.min(margin / T::lit(2.0));
        }
        Ok(Neighbourhood {
            chart,
            centre,
            radius,
        })
    };
    Ok((ball(x)?, ball(y)?))
}

/// Samples the centre and the `2M` axis points at 0.999 of the radius of both balls and
/// confirms that each lands within `d/2` of its own point and farther than `d/2` from the other.
fn confirm_separation<C, T, const N: usize, const M: usize>(
    wx: &Neighbourhood<C, T, M>,
    wy: &Neighbourhood<C, T, M>,
    x: &SVector<T, N>,
    y: &SVector<T, N>,
) -> Result<bool>
where
    C: Chart<T, N, M>,
    T: Real,
{
    let half = (x - y).norm() / T::lit(2.0);
    let lands_near = |w: &Neighbourhood<C, T, M>, own: &SVector<T, N>, other: &SVector<T, N>| {
        let mut ok = true;
        for k in 0..=(2 * M) {
            let mut c = w.centre;
            if k > 0 {
                let axis = (k - 1) / 2;
                let sign = if k % 2 == 0 { -T::one() } else { T::one() };
                c[axis] += sign * w.radius * T::lit(0.999);
            }
            let q = w.chart.to_point(&c)?;
            ok &= (q - own).norm() < half && (q - other).norm() > half;
        }
        Ok::<bool, Error>(ok)
    };
    Ok(lands_near(wx, x, y)? && lands_near(wy, y, x)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifold::{CircleAtlas, SphericalAtlas, StereographicAtlas, Torus};
    use nalgebra::{Vector2, Vector3, Vector4};

    fn sphere_points<T: Real>() -> [Vector3<T>; 8] {
        let raw = [
            (0.0, 0.0, 1.0),
            (0.0, 0.0, -1.0),
            (1.0, 0.0, 0.0),
            (-1.0, 0.0, 0.0),
            (0.0, 1.0, 0.0),
            (0.3, -0.4, 0.866),
            (-0.5, 0.5, -0.7),
            (0.1, 0.9, 0.4),
        ];
        raw.map(|(x, y, z): (f64, f64, f64)| {
            let n = (x * x + y * y + z * z).sqrt();
            Vector3::new(T::lit(x / n), T::lit(y / n), T::lit(z / n))
        })
    }

    fn every_atlas_is_a_manifold<T: Real>(tolerance: f64) {
        let tolerance = T::lit(tolerance);
        let s2 = check_definition(&StereographicAtlas::<3>::new(), &sphere_points::<T>()).unwrap();
        assert!(s2.holds(tolerance), "{s2:?}");
        assert_eq!(s2.points, 8);
        let spherical = check_definition(&SphericalAtlas::new(), &sphere_points::<T>()).unwrap();
        assert!(spherical.holds(tolerance), "{spherical:?}");
        let circle: [Vector2<T>; 6] = [0.0, 1.0, 2.0, 3.0, -2.0, -1.0]
            .map(|t: f64| Vector2::new(T::lit(t.cos()), T::lit(t.sin())));
        let s1 = check_definition(&CircleAtlas::new(), &circle).unwrap();
        assert!(s1.holds(tolerance), "{s1:?}");
        let s1_stereo = check_definition(&StereographicAtlas::<2>::new(), &circle).unwrap();
        assert!(s1_stereo.holds(tolerance), "{s1_stereo:?}");
        let s3_points: [Vector4<T>; 4] = [
            (0.0, 0.0, 0.0, 1.0),
            (0.5, 0.5, 0.5, 0.5),
            (0.0, 0.6, 0.0, -0.8),
            (0.0, 0.0, 0.0, -1.0),
        ]
        .map(|(a, b, c, d)| Vector4::new(T::lit(a), T::lit(b), T::lit(c), T::lit(d)));
        let s3 = check_definition(&StereographicAtlas::<4>::new(), &s3_points).unwrap();
        assert!(s3.holds(tolerance), "{s3:?}");
        let torus = Torus::new(T::lit(3.0), T::lit(1.0)).unwrap();
        let torus_points: [Vector3<T>; 6] = [
            (0.0, 0.0),
            (3.1, 0.2),
            (1.0, -3.0),
            (-2.0, 2.0),
            (core::f64::consts::PI - 1e-4, core::f64::consts::PI - 1e-5),
            (0.5, 1.5),
        ]
        .map(|(t, f)| torus.embed(&Vector2::new(T::lit(t), T::lit(f))).unwrap());
        let t2 = check_definition(&torus.atlas(), &torus_points).unwrap();
        assert!(t2.holds(tolerance), "{t2:?}");
    }

    #[test]
    fn spheres_circle_and_torus_satisfy_definition_1_1() {
        every_atlas_is_a_manifold::<f64>(1e-9);
        every_atlas_is_a_manifold::<f32>(2e-3);
    }

    #[test]
    fn a_single_chart_does_not_cover() {
        // An "atlas" of the north chart alone fails property (a) at the north pole.
        #[derive(Clone, Copy)]
        struct NorthOnly([crate::manifold::Stereographic<3>; 1]);
        impl Atlas<f64, 3, 2> for NorthOnly {
            type Chart = crate::manifold::Stereographic<3>;
            fn charts(&self) -> &[Self::Chart] {
                &self.0
            }
            fn chart_for(&self, _p: &Vector3<f64>) -> Result<Self::Chart> {
                Ok(self.0[0])
            }
        }
        let atlas = NorthOnly([crate::manifold::Stereographic::north()]);
        let result = check_definition(&atlas, &sphere_points::<f64>());
        assert!(matches!(result, Err(Error::OutsideChart { .. })));
    }

    #[test]
    fn equal_points_cannot_be_separated() {
        let p = Vector2::new(1.0_f64, 0.0);
        assert!(matches!(
            separate(&CircleAtlas::new(), &p, &p),
            Err(Error::InvalidParameter { .. })
        ));
    }
}
