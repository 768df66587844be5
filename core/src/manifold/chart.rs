//! Charts: coordinates on an open piece of a manifold embedded in ℝᴺ.

use crate::{Real, Result};
use nalgebra::{SMatrix, SVector};

/// A chart `χ: U → V ⊂ ℝᴹ` of an `M`-dimensional manifold embedded in ℝᴺ: an invertible map from
/// an open set `U` of the manifold onto an open set `V` of coordinates.
///
/// Points are ambient vectors `SVector<T, N>` and coordinates `SVector<T, M>`. Besides the map
/// and its inverse, a chart knows its differentials (analytic, never finite differences), the
/// metric it induces, and two bounds the executable checks of
/// [Definition 1.1](super::check_definition) rely on.
///
/// Errors follow one pattern for every chart: NaN or ±∞ in the input is
/// [`Error::NonFinite`](crate::Error::NonFinite); a point off the manifold beyond the chart's
/// tolerance is [`Error::NotOnManifold`](crate::Error::NotOnManifold); a point of the manifold
/// outside `U` (a projection pole, an angle's seam) is
/// [`Error::OutsideChart`](crate::Error::OutsideChart) with the chart's name and the point's
/// distance from the excluded set; coordinates outside `V` are
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) naming the coordinate.
///
/// ```
/// use geoml::manifold::{Chart, Stereographic};
/// use nalgebra::{Vector2, Vector3};
///
/// let north = Stereographic::<3>::north();
/// let p = Vector3::new(0.6_f32, 0.0, -0.8);
/// let u = north.to_coords(&p)?;
/// assert!((u - Vector2::new(0.6 / 1.8, 0.0)).norm() < 1e-7);
/// assert!((north.to_point(&u)? - p).norm() < 1e-7);
/// # Ok::<(), geoml::Error>(())
/// ```
pub trait Chart<T: Real, const N: usize, const M: usize> {
    /// A short human-readable name, also carried by `OutsideChart` errors.
    fn name(&self) -> &'static str;

    /// The coordinates `χ(p)` of a point `p ∈ U`.
    ///
    /// # Errors
    /// `NonFinite`, `NotOnManifold`, `OutsideChart` as described on the trait.
    fn to_coords(&self, p: &SVector<T, N>) -> Result<SVector<T, M>>;

    /// The point `χ⁻¹(c)` with coordinates `c ∈ V`.
    ///
    /// # Errors
    /// `NonFinite`; `InvalidParameter` for coordinates outside `V`.
    fn to_point(&self, c: &SVector<T, M>) -> Result<SVector<T, N>>;

    /// The differential of `χ⁻¹` at `c`: the `N × M` matrix whose column `j` is the coordinate
    /// tangent vector `∂/∂cⱼ` in ℝᴺ.
    ///
    /// # Errors
    /// As [`Chart::to_point`].
    fn to_point_jacobian(&self, c: &SVector<T, M>) -> Result<SMatrix<T, N, M>>;

    /// The differential of `χ` at `p`, an `M × N` matrix `D` with `D · J = I` for
    /// `J = to_point_jacobian(χ(p))`: it sends a tangent vector at `p` to its coordinate
    /// components (its action on normal vectors is unspecified).
    ///
    /// # Errors
    /// As [`Chart::to_coords`].
    fn to_coords_jacobian(&self, p: &SVector<T, N>) -> Result<SMatrix<T, M, N>>;

    /// The Riemannian metric induced from ℝᴺ in these coordinates, `g = Jᵀ J` with
    /// `J = to_point_jacobian(c)`; charts override it with their closed form.
    ///
    /// # Errors
    /// As [`Chart::to_point`].
    fn metric(&self, c: &SVector<T, M>) -> Result<SMatrix<T, M, M>> {
        let j = self.to_point_jacobian(c)?;
        Ok(j.transpose() * j)
    }

    /// A bound `L` with `‖χ⁻¹(a) − χ⁻¹(b)‖ ≤ L ‖a − b‖` for all `a, b` in a convex part of `V`
    /// (the largest operator norm of the differential of `χ⁻¹`).
    fn inverse_lipschitz(&self) -> T;

    /// The distance from `c` to the boundary of `V`, or `None` when `V = ℝᴹ`; NaN when a
    /// coordinate is NaN (such a `c` is nowhere in `V`).
    fn domain_margin(&self, c: &SVector<T, M>) -> Option<T>;
}
