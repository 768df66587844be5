//! Atlases: a family of charts that covers a manifold, with transition maps between them.

use super::chart::Chart;
use crate::{Real, Result};
use nalgebra::{SMatrix, SVector};

/// An atlas: charts that together cover the manifold, a rule that picks a chart for a point,
/// and the transition maps `χ_β ∘ χ_α⁻¹` between charts with their Jacobians.
///
/// The provided `transition` composes the two charts and the provided
/// `transition_jacobian` multiplies their analytic differentials (chain rule:
/// `D(χ_β ∘ χ_α⁻¹)(c) = Dχ_β(p) · Dχ_α⁻¹(c)` with `p = χ_α⁻¹(c)`); atlases whose
/// transitions have a simpler closed form (an inversion, a shift by 2π) override both.
/// [`check_definition`](super::check_definition) tests an atlas against Definition 1.1.
///
/// ```
/// use geoml::manifold::{Atlas, Chart, StereographicAtlas};
/// use nalgebra::{Matrix2, Vector2};
///
/// let atlas = StereographicAtlas::<3>::new();
/// let (north, south) = (atlas.north(), atlas.south());
/// // The transition from the north chart to the south chart is the inversion u ↦ u/‖u‖².
/// let u = Vector2::new(2.0_f32, 0.0);
/// let v = atlas.transition(&north, &south, &u)?;
/// assert_eq!(v, Vector2::new(0.5, 0.0));
/// let j = atlas.transition_jacobian(&north, &south, &u)?;
/// assert_eq!(j, Matrix2::new(-0.25, 0.0, 0.0, 0.25));
/// # Ok::<(), geoml::Error>(())
/// ```
pub trait Atlas<T: Real, const N: usize, const M: usize> {
    /// The type of the atlas's charts.
    type Chart: Chart<T, N, M> + Copy;

    /// All charts of the atlas.
    fn charts(&self) -> &[Self::Chart];

    /// The chart to use at `p`: one whose domain contains `p`, chosen as far as possible from
    /// its excluded set, so that coordinates are well conditioned.
    ///
    /// # Errors
    /// `NonFinite` or `NotOnManifold` for a bad point; `OutsideChart` only if the atlas does
    /// not cover `p` (a bug that [`check_definition`](super::check_definition) would catch).
    fn chart_for(&self, p: &SVector<T, N>) -> Result<Self::Chart>;

    /// The transition map `χ_to ∘ χ_from⁻¹` at coordinates `c` of the chart `from`.
    ///
    /// # Errors
    /// As `from.to_point(c)`; `OutsideChart` (naming `to`) when the point is not in the
    /// overlap of the two domains.
    fn transition(
        &self,
        from: &Self::Chart,
        to: &Self::Chart,
        c: &SVector<T, M>,
    ) -> Result<SVector<T, M>> {
        to.to_coords(&from.to_point(c)?)
    }

    /// The Jacobian of the transition map at `c`, from analytic derivatives.
    ///
    /// # Errors
    /// As [`Atlas::transition`].
    fn transition_jacobian(
        &self,
        from: &Self::Chart,
        to: &Self::Chart,
        c: &SVector<T, M>,
    ) -> Result<SMatrix<T, M, M>> {
        let inverse = from.to_point_jacobian(c)?;
        let p = from.to_point(c)?;
        let forward = to.to_coords_jacobian(&p)?;
        Ok(forward * inverse)
    }
}
