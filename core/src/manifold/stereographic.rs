//! Stereographic projection: the chart of `Sⁿ⁻¹ ⊂ ℝⁿ` that sees the sphere from one pole, and
//! the two-chart atlas of the north and south projections.

use super::atlas::Atlas;
use super::chart::Chart;
use super::numeric;
use super::sphere::Sphere;
use crate::{Error, Real, Result};
use nalgebra::{SMatrix, SVector};

/// The pole a stereographic chart projects from: the last coordinate axis, `+e_N` (north) or
/// `−e_N` (south).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pole {
    /// `(0, …, 0, 1)`.
    North,
    /// `(0, …, 0, −1)`.
    South,
}

/// Stereographic projection of the unit sphere `Sⁿ⁻¹ ⊂ ℝᴺ` from a pole onto ℝᴺ⁻¹, a chart
/// for `N = 2, 3, 4` (S¹, S², S³).
///
/// From the north pole a point `p = (x, z)` (`x ∈ ℝᴺ⁻¹`, `z` its last coordinate) has
/// coordinates `u = x / (1 − z)`, where the line from the pole through `p` meets the plane
/// `z = 0`; the inverse is `p = (2u, ‖u‖² − 1) / (‖u‖² + 1)`. From the south pole: `x / (1 + z)`
/// and `(2u, 1 − ‖u‖²) / (‖u‖² + 1)`. The domain is the sphere without the pole and the image
/// all of ℝᴺ⁻¹. The chart is conformal: its metric is `4 / (1 + ‖u‖²)² · I`.
///
/// On S³ with points ordered as nalgebra stores a quaternion, `(i, j, k, w)`, the south chart
/// gives the modified Rodrigues parameters of attitude control: `u = (i, j, k) / (1 + w)`.
///
/// Accuracy: near the pole the chart computes `1 − z` as `‖x‖² / (1 + z)`, and the inverse
/// works with `1/‖u‖` when `‖u‖ > 1`, so chart and inverse are accurate to a few ulps
/// everywhere and never overflow an intermediate. A point so close to the pole that its
/// coordinates would overflow is `OutsideChart`.
///
/// ```
/// use geoml::manifold::{Chart, Stereographic};
/// use nalgebra::{Vector1, Vector2};
///
/// // The introduction's picture: S¹ seen from its north pole (0, 1).
/// let north = Stereographic::<2>::north();
/// let u = north.to_coords(&Vector2::new(0.6_f64, -0.8))?;
/// assert!((u[0] - 0.6 / 1.8).abs() < 1e-15);
/// let p = north.to_point(&Vector1::new(1.0))?;
/// assert!((p - Vector2::new(1.0, 0.0)).norm() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stereographic<const N: usize> {
    pole: Pole,
    sphere: Sphere<N>,
}

impl<const N: usize> Stereographic<N> {
    /// Projection from the north pole `+e_N`, with the sphere's default tolerance.
    ///
    /// ```
    /// use geoml::manifold::{Chart, Stereographic};
    /// use nalgebra::{Vector2, Vector3};
    ///
    /// let north = Stereographic::<3>::north();
    /// // u = x / (1 − z): the south pole goes to 0, the equator stays where it is.
    /// assert_eq!(north.to_coords(&Vector3::new(0.0_f64, 0.0, -1.0))?, Vector2::zeros());
    /// assert_eq!(north.to_coords(&Vector3::new(0.0_f64, 1.0, 0.0))?, Vector2::new(0.0, 1.0));
    /// assert!(north.to_coords(&Vector3::new(0.0_f64, 0.0, 1.0)).is_err()); // its own pole
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn north() -> Self {
        Stereographic {
            pole: Pole::North,
            sphere: Sphere::new(),
        }
    }

    /// Projection from the south pole `−e_N`, with the sphere's default tolerance.
    ///
    /// ```
    /// use geoml::manifold::{Chart, Stereographic};
    /// use nalgebra::{Vector2, Vector3};
    ///
    /// // u = x / (1 + z): (0.48, 0.64) / 1.6.
    /// let south = Stereographic::<3>::south();
    /// let u = south.to_coords(&Vector3::new(0.48_f64, 0.64, 0.6))?;
    /// assert!((u - Vector2::new(0.3, 0.4)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn south() -> Self {
        Stereographic {
            pole: Pole::South,
            sphere: Sphere::new(),
        }
    }

    /// This chart with a different on-sphere tolerance (see [`Sphere::with_tolerance`]).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative or non-finite tolerance.
    ///
    /// ```
    /// use geoml::manifold::{Chart, Stereographic};
    /// use nalgebra::Vector3;
    ///
    /// // ‖p‖ = 1.0005: off the sphere for the default √ε, on it for a tolerance of 1e-3.
    /// let p = Vector3::new(0.0_f64, 0.0, -1.0005);
    /// assert!(Stereographic::<3>::north().to_coords(&p).is_err());
    /// let loose = Stereographic::<3>::north().with_tolerance(1e-3)?;
    /// assert_eq!(loose.to_coords(&p)?, nalgebra::Vector2::zeros());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn with_tolerance(self, tolerance: f64) -> Result<Self> {
        Ok(Stereographic {
            pole: self.pole,
            sphere: Sphere::with_tolerance(tolerance)?,
        })
    }

    /// The pole this chart projects from.
    ///
    /// ```
    /// use geoml::manifold::{Pole, Stereographic};
    ///
    /// assert_eq!(Stereographic::<4>::south().pole(), Pole::South);
    /// ```
    pub const fn pole(&self) -> Pole {
        self.pole
    }

    /// The chart's name, as carried by its `OutsideChart` errors.
    ///
    /// ```
    /// use geoml::manifold::{Chart, Stereographic};
    /// use nalgebra::Vector2;
    ///
    /// let north = Stereographic::<2>::north();
    /// assert_eq!(north.name(), "stereographic from the north pole");
    /// let pole = north.to_coords(&Vector2::new(0.0_f64, 1.0));
    /// assert!(matches!(pole, Err(geoml::Error::OutsideChart { chart: name, .. }) if name == north.name()));
    /// ```
    pub const fn name(&self) -> &'static str {
        match self.pole {
            Pole::North => "stereographic from the north pole",
            Pole::South => "stereographic from the south pole",
        }
    }

    /// `+1` for the north pole, `−1` for the south pole.
    fn sign<T: Real>(&self) -> T {
        match self.pole {
            Pole::North => T::one(),
            Pole::South => -T::one(),
        }
    }

    /// `1 / (1 − h)`, `h` the height of `p` towards the pole, computed as `(1 + h) / ‖x‖²` when
    /// `h > 0` (no cancellation near the pole). `None` at the pole or if it overflows.
    fn inverse_gap<T: Real, const M: usize>(&self, p: &SVector<T, N>) -> (T, T, Option<T>) {
        const {
            assert!(
                N == M + 1,
                "a stereographic chart of Sⁿ⁻¹ ⊂ ℝᴺ has N − 1 coordinates"
            )
        };
        let h = p[M] * self.sign::<T>();
        let r = numeric::norm(&p.fixed_rows::<M>(0).into_owned());
        let gap = if h <= T::zero() {
            Some(T::one() / (T::one() - h))
        } else if r == T::zero() {
            None
        } else {
            let g = ((T::one() + h) / r) / r;
            g.is_finite().then_some(g)
        };
        (h, r, gap)
    }

    fn outside(&self, angle_from_pole: f64) -> Error {
        Error::OutsideChart {
            chart: self.name(),
            distance: angle_from_pole,
        }
    }

    fn project<T: Real, const M: usize>(&self, p: &SVector<T, N>) -> Result<SVector<T, M>> {
        self.sphere.check_point(p)?;
        let (h, r, gap) = self.inverse_gap::<T, M>(p);
        let gap = gap.ok_or_else(|| self.outside(r.atan2(h).as_f64()))?;
        let head: SVector<T, M> = p.fixed_rows::<M>(0).into_owned();
        let u = head * gap;
        if u.iter().all(|x| x.is_finite()) {
            Ok(u)
        } else {
            Err(self.outside(r.atan2(h).as_f64()))
        }
    }

    /// `(k, k·r)` with `k = 1/(1 + r²)`, without overflow for large `r`.
    fn conformal<T: Real>(r: T) -> (T, T) {
        if r <= T::one() {
            let k = T::one() / (T::one() + r * r);
            (k, k * r)
        } else {
            let w = T::one() / r;
            let d = T::one() + w * w;
            (w * w / d, w / d)
        }
    }

    fn lift<T: Real, const M: usize>(&self, u: &SVector<T, M>) -> Result<SVector<T, N>> {
        const {
            assert!(
                N == M + 1,
                "a stereographic chart of Sⁿ⁻¹ ⊂ ℝᴺ has N − 1 coordinates"
            )
        };
        numeric::check_vector(u)?;
        let r = numeric::norm(u);
        let (k, kr) = Self::conformal(r);
        // (r² − 1)/(r² + 1) = 1 − 2k, written to keep accuracy on both sides of r = 1.
        let height = if r <= T::one() {
            (r - T::one()) * (r + T::one()) * k
        } else {
            let w = T::one() / r;
            (T::one() - w) * (T::one() + w) / (T::one() + w * w)
        };
        let head = if r == T::zero() {
            SVector::<T, M>::zeros()
        } else {
            (u / r) * (T::lit(2.0) * kr)
        };
        let mut p = SVector::<T, N>::zeros();
        p.fixed_rows_mut::<M>(0).copy_from(&head);
        p[M] = height * self.sign::<T>();
        Ok(p)
    }

    fn lift_jacobian<T: Real, const M: usize>(
        &self,
        u: &SVector<T, M>,
    ) -> Result<SMatrix<T, N, M>> {
        const {
            assert!(
                N == M + 1,
                "a stereographic chart of Sⁿ⁻¹ ⊂ ℝᴺ has N − 1 coordinates"
            )
        };
        numeric::check_vector(u)?;
        let r = numeric::norm(u);
        let (k, kr) = Self::conformal(r);
        let unit = if r == T::zero() {
            SVector::<T, M>::zeros()
        } else {
            u / r
        };
        // ∂(2u/(1+r²))/∂u = 2k I − 4k² u uᵀ;  ∂((r²−1)/(r²+1))/∂u = 4k² uᵀ.
        let mut j = SMatrix::<T, N, M>::zeros();
        let body = SMatrix::<T, M, M>::identity() * (T::lit(2.0) * k)
            - unit * unit.transpose() * (T::lit(4.0) * kr * kr);
        j.fixed_rows_mut::<M>(0).copy_from(&body);
        let last = unit.transpose() * (T::lit(4.0) * k * kr * self.sign::<T>());
        j.fixed_rows_mut::<1>(M).copy_from(&last);
        Ok(j)
    }

    fn project_jacobian<T: Real, const M: usize>(
        &self,
        p: &SVector<T, N>,
    ) -> Result<SMatrix<T, M, N>> {
        let u = self.project::<T, M>(p)?;
        let (h, r, gap) = self.inverse_gap::<T, M>(p);
        let gap = gap.ok_or_else(|| self.outside(r.atan2(h).as_f64()))?;
        // u = x / (1 − s·z): ∂u/∂x = I/(1 − h), ∂u/∂z = s·u/(1 − h).
        let mut d = SMatrix::<T, M, N>::zeros();
        d.fixed_columns_mut::<M>(0)
            .copy_from(&(SMatrix::<T, M, M>::identity() * gap));
        d.fixed_columns_mut::<1>(M)
            .copy_from(&(u * (gap * self.sign::<T>())));
        numeric::check_matrix(&d).map_err(|_| self.outside(r.atan2(h).as_f64()))?;
        Ok(d)
    }
}

/// The atlas of the two stereographic charts of `Sⁿ⁻¹ ⊂ ℝᴺ` (`N = 2, 3, 4`): north and south.
///
/// Each chart misses only its own pole, so together they cover the sphere. On the overlap
/// (the sphere without both poles, `u ≠ 0` in either chart) the transition in both directions
/// is the inversion `u ↦ u / ‖u‖²`, smooth with Jacobian `(I − 2ûûᵀ) / ‖u‖²` (`û = u/‖u‖`).
/// [`Atlas::chart_for`] picks the chart whose pole is in the other hemisphere, where
/// coordinates have norm at most 1.
///
/// This is the S² transition the firmware example runs on a Cortex-M4 in `f32`:
///
/// ```
/// use geoml::manifold::{Atlas, Chart, StereographicAtlas};
/// use nalgebra::Vector3;
///
/// let atlas = StereographicAtlas::<3>::new();
/// let p = Vector3::new(0.48_f32, 0.64, 0.6);
/// let u = atlas.north().to_coords(&p)?; // (1.2, 1.6)
/// let v = atlas.transition(&atlas.north(), &atlas.south(), &u)?; // (0.3, 0.4)
/// assert!((v - atlas.south().to_coords(&p)?).norm() < 1e-6);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StereographicAtlas<const N: usize> {
    charts: [Stereographic<N>; 2],
}

impl<const N: usize> Default for StereographicAtlas<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> StereographicAtlas<N> {
    /// The north and south charts with the default tolerance.
    ///
    /// ```
    /// use geoml::manifold::{Atlas, Chart, StereographicAtlas};
    /// use nalgebra::Vector3;
    ///
    /// let atlas = StereographicAtlas::<3>::new();
    /// // A point of the northern hemisphere gets the south chart, where ‖u‖ ≤ 1.
    /// let p = Vector3::new(0.0_f64, 0.6, 0.8);
    /// let chart = atlas.chart_for(&p)?;
    /// assert_eq!(chart, atlas.south());
    /// assert!((chart.to_coords(&p)?.norm() - 1.0 / 3.0).abs() < 1e-15); // 0.6 / 1.8
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn new() -> Self {
        StereographicAtlas {
            charts: [Stereographic::north(), Stereographic::south()],
        }
    }

    /// Both charts with the given on-sphere tolerance.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a negative or non-finite tolerance.
    ///
    /// ```
    /// use geoml::manifold::{Chart, StereographicAtlas};
    /// use nalgebra::Vector3;
    ///
    /// // ‖p‖ = 1.0005: both charts of the loose atlas accept it.
    /// let p = Vector3::new(0.6_f64, 0.0, 0.8).scale(1.0005);
    /// let loose = StereographicAtlas::<3>::with_tolerance(1e-3)?;
    /// assert!(loose.north().to_coords(&p).is_ok() && loose.south().to_coords(&p).is_ok());
    /// assert!(StereographicAtlas::<3>::new().north().to_coords(&p).is_err());
    /// assert!(StereographicAtlas::<3>::with_tolerance(-1.0).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn with_tolerance(tolerance: f64) -> Result<Self> {
        Ok(StereographicAtlas {
            charts: [
                Stereographic::north().with_tolerance(tolerance)?,
                Stereographic::south().with_tolerance(tolerance)?,
            ],
        })
    }

    /// Both charts, north first (also [`Atlas::charts`], which needs the scalar type named).
    ///
    /// ```
    /// use geoml::manifold::{Pole, StereographicAtlas};
    ///
    /// let atlas = StereographicAtlas::<3>::new();
    /// let [north, south] = atlas.charts();
    /// assert_eq!((north.pole(), south.pole()), (Pole::North, Pole::South));
    /// ```
    pub const fn charts(&self) -> &[Stereographic<N>; 2] {
        &self.charts
    }

    /// The chart projecting from the north pole.
    ///
    /// ```
    /// use geoml::manifold::{Pole, StereographicAtlas};
    ///
    /// assert_eq!(StereographicAtlas::<2>::new().north().pole(), Pole::North);
    /// ```
    pub const fn north(&self) -> Stereographic<N> {
        self.charts[0]
    }

    /// The chart projecting from the south pole.
    ///
    /// ```
    /// use geoml::manifold::{Pole, StereographicAtlas};
    ///
    /// assert_eq!(StereographicAtlas::<2>::new().south().pole(), Pole::South);
    /// ```
    pub const fn south(&self) -> Stereographic<N> {
        self.charts[1]
    }

    fn invert<T: Real, const M: usize>(
        to: &Stereographic<N>,
        c: &SVector<T, M>,
    ) -> Result<(SVector<T, M>, T)> {
        numeric::check_vector(c)?;
        let r = numeric::norm(c);
        // The point with coordinates c is 2·atan(r) from the other chart's pole.
        let outside = || to.outside((T::lit(2.0) * r.atan()).as_f64());
        if r == T::zero() {
            return Err(outside());
        }
        let inverse_r = T::one() / r;
        let v = (c * inverse_r) * inverse_r;
        if v.iter().all(|x| x.is_finite()) && (inverse_r * inverse_r).is_finite() {
            Ok((v, inverse_r))
        } else {
            Err(outside())
        }
    }
}

macro_rules! stereographic_on_sphere {
    ($n:literal, $m:literal) => {
        impl<T: Real> Chart<T, $n, $m> for Stereographic<$n> {
            fn name(&self) -> &'static str {
                self.name()
            }
            fn to_coords(&self, p: &SVector<T, $n>) -> Result<SVector<T, $m>> {
                self.project(p)
            }
            fn to_point(&self, c: &SVector<T, $m>) -> Result<SVector<T, $n>> {
                self.lift(c)
            }
            fn to_point_jacobian(&self, c: &SVector<T, $m>) -> Result<SMatrix<T, $n, $m>> {
                self.lift_jacobian(c)
            }
            fn to_coords_jacobian(&self, p: &SVector<T, $n>) -> Result<SMatrix<T, $m, $n>> {
                self.project_jacobian(p)
            }
            /// `4 / (1 + ‖u‖²)² · I`.
            fn metric(&self, c: &SVector<T, $m>) -> Result<SMatrix<T, $m, $m>> {
                numeric::check_vector(c)?;
                let (k, _) = Self::conformal(numeric::norm(c));
                Ok(SMatrix::<T, $m, $m>::identity() * (T::lit(4.0) * k * k))
            }
            fn inverse_lipschitz(&self) -> T {
                T::lit(2.0)
            }
            fn domain_margin(&self, _c: &SVector<T, $m>) -> Option<T> {
                None
            }
        }

        impl<T: Real> Atlas<T, $n, $m> for StereographicAtlas<$n> {
            type Chart = Stereographic<$n>;

            fn charts(&self) -> &[Stereographic<$n>] {
                &self.charts
            }

            fn chart_for(&self, p: &SVector<T, $n>) -> Result<Stereographic<$n>> {
                self.charts[0].sphere.check_point(p)?;
                Ok(if p[$m] <= T::zero() {
                    self.north()
                } else {
                    self.south()
                })
            }

            /// `c` itself within one chart, `c / ‖c‖²` between the two.
            fn transition(
                &self,
                from: &Stereographic<$n>,
                to: &Stereographic<$n>,
                c: &SVector<T, $m>,
            ) -> Result<SVector<T, $m>> {
                if from.pole == to.pole {
                    numeric::check_vector(c)?;
                    return Ok(*c);
                }
                Self::invert(to, c).map(|(v, _)| v)
            }

            /// `I` within one chart, `(I − 2ûûᵀ) / ‖c‖²` between the two.
            fn transition_jacobian(
                &self,
                from: &Stereographic<$n>,
                to: &Stereographic<$n>,
                c: &SVector<T, $m>,
            ) -> Result<SMatrix<T, $m, $m>> {
                if from.pole == to.pole {
                    numeric::check_vector(c)?;
                    return Ok(SMatrix::identity());
                }
                let (_, inverse_r) = Self::invert(to, c)?;
                let unit = c * inverse_r;
                Ok(
                    (SMatrix::<T, $m, $m>::identity() - unit * unit.transpose() * T::lit(2.0))
                        * (inverse_r * inverse_r),
                )
            }
        }
    };
}

stereographic_on_sphere!(2, 1);
stereographic_on_sphere!(3, 2);
stereographic_on_sphere!(4, 3);

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Vector2, Vector3, Vector4};

    fn round_trips<T: Real>() {
        let eps = T::default_epsilon().as_f64();
        let atlas = StereographicAtlas::<3>::new();
        for chart in atlas.charts() {
            for (x, y) in [
                (0.0, 0.0),
                (0.3, -0.2),
                (5.0, 7.0),
                (1e6, -2e6),
                (-1e-6, 0.0),
            ] {
                let u = Vector2::new(T::lit(x), T::lit(y));
                let p = chart.to_point(&u).unwrap();
                assert!((p.norm().as_f64() - 1.0).abs() < 4.0 * eps);
                let back = chart.to_coords(&p).unwrap();
                let scale = u.norm().as_f64().max(1.0);
                assert!(
                    (back - u).norm().as_f64() <= 8.0 * eps * scale,
                    "{} {u:?} {back:?}",
                    chart.name()
                );
            }
        }
    }

    #[test]
    fn chart_then_inverse_is_the_identity_even_near_the_pole() {
        round_trips::<f32>();
        round_trips::<f64>();
    }

    #[test]
    fn poles_are_outside_their_own_chart() {
        let north = Stereographic::<3>::north();
        let n = Vector3::new(0.0_f64, 0.0, 1.0);
        match north.to_coords(&n) {
            Err(Error::OutsideChart { chart, distance }) => {
                assert_eq!(chart, "stereographic from the north pole");
                assert_eq!(distance, 0.0);
            }
            other => panic!("{other:?}"),
        }
        assert!(Stereographic::<3>::south().to_coords(&n).is_ok());
        // So close to the pole that f32 coordinates would overflow.
        let p = Vector3::new(1e-39_f32, 0.0, 1.0);
        assert!(matches!(
            north.to_coords(&p),
            Err(Error::OutsideChart { .. })
        ));
        let atlas = StereographicAtlas::<3>::new();
        assert!(matches!(
            atlas.transition(&atlas.north(), &atlas.south(), &Vector2::new(0.0_f32, 0.0)),
            Err(Error::OutsideChart {
                chart: "stereographic from the south pole",
                ..
            })
        ));
    }

    fn other_dimensions<T: Real>() {
        let tolerance = 8.0 * T::default_epsilon().as_f64();
        let s1 = StereographicAtlas::<2>::new();
        let p = Vector2::new(T::lit(0.6), T::lit(0.8));
        let chart = s1.chart_for(&p).unwrap();
        assert_eq!(chart.pole(), Pole::South);
        let u = chart.to_coords(&p).unwrap();
        assert!((u[0].as_f64() - 0.6 / 1.8).abs() < tolerance);
        let s3 = StereographicAtlas::<4>::new();
        let half = T::lit(0.5);
        let q = Vector4::new(half, half, half, half);
        let u = s3.south().to_coords(&q).unwrap();
        let third = T::one() / T::lit(3.0);
        assert!((u - Vector3::new(third, third, third)).norm().as_f64() < tolerance);
        let v = s3.transition(&s3.south(), &s3.north(), &u).unwrap();
        assert!((v - s3.north().to_coords(&q).unwrap()).norm().as_f64() < tolerance);
    }

    #[test]
    fn the_circle_and_the_three_sphere_have_charts_too_f32_f64() {
        other_dimensions::<f32>();
        other_dimensions::<f64>();
    }

    fn pullback<T: Real>() {
        let north = Stereographic::<3>::north();
        for (x, y) in [(0.0, 0.0), (0.3, 2.0), (40.0, -3.0)] {
            let u = Vector2::new(T::lit(x), T::lit(y));
            let j = north.to_point_jacobian(&u).unwrap();
            let pulled = j.transpose() * j;
            let closed = north.metric(&u).unwrap();
            let scale = closed.norm().as_f64().max(1e-300);
            assert!(
                (pulled - closed).norm().as_f64() <= 8.0 * T::default_epsilon().as_f64() * scale
            );
        }
    }

    #[test]
    fn the_metric_is_the_pullback_of_the_ambient_one_f32_f64() {
        pullback::<f32>();
        pullback::<f64>();
    }
}
