//! Small-scale persistent homology, without a heap.
//!
//! From a finite metric space (a distance matrix, or points in ℝᵈ) the Vietoris–Rips
//! filtration grows balls around the points; persistent homology records when connected
//! components (H0) and loops (H1) are born and die. This module computes those persistence
//! diagrams for up to 128 points in a fixed-capacity workspace that may live in a `static`,
//! and compares diagrams by the bottleneck and Wasserstein distances; it also reports the
//! clusters of the threshold graph at a chosen scale.
//!
//! - Input: [`DistanceMatrix`], a validated matrix (a Jensen–Shannon matrix from
//!   [`crate::info::js_distance_matrix`] fits as it is) or [`DistanceMatrix::from_points`].
//! - [`rips_persistence`]: H0, H1 and (for small inputs) H2 over Z/2 into a
//!   [`PersistenceDiagram`] of [`Bar`]s, using a [`RipsWorkspace`] (aliases
//!   [`RipsWorkspace16`] … [`RipsWorkspace128`]). Births and deaths are input distances bit for
//!   bit; essential classes have `death() == None`.
//! - [`bottleneck_distance`] and [`wasserstein_distance`] (with their matchings), returning a
//!   [`DiagramDistance`] that states infinity explicitly.
//! - [`clusters_at_scale`] and [`threshold_edges`]: the threshold graph at one scale.
//!
//! ```
//! use geoml::persistence::{bottleneck_distance, rips_persistence, BottleneckWorkspace, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16};
//!
//! // Two noisy squares: one loop each, and close diagrams.
//! let a = [[0.0_f64, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
//! let b = [[0.0_f64, 0.05], [1.0, 0.0], [1.02, 1.0], [0.0, 1.0]];
//! let (mut da, mut db) = ([[0.0; 4]; 4], [[0.0; 4]; 4]);
//! let (da, db) = (DistanceMatrix::from_points(&a, &mut da)?, DistanceMatrix::from_points(&b, &mut db)?);
//! let mut ws = RipsWorkspace16::new();
//! let (mut x, mut y) = (PersistenceDiagram::<f64, 8>::new(), PersistenceDiagram::<f64, 8>::new());
//! let options = RipsOptions { threshold: Some(2.0), ..RipsOptions::default() };
//! rips_persistence(&da, &options, &mut ws, &mut x)?;
//! rips_persistence(&db, &options, &mut ws, &mut y)?;
//! assert_eq!((x.dimension(1).len(), y.dimension(1).len()), (1, 1));
//! let mut bw = BottleneckWorkspace::<f64, 8, 80>::new();
//! let d = bottleneck_distance(x.dimension(1), y.dimension(1), &mut bw)?.finite().unwrap();
//! assert!(d <= 0.05); // stability: no more than the largest change of a distance
//! # Ok::<(), geoml::Error>(())
//! ```

mod bar;
mod bottleneck;
mod clusters;
mod diagram;
mod diagram_distance;
mod distance_matrix;
#[cfg(test)]
mod laws;
mod rips;
mod simplex;
mod small_sort;
#[cfg(test)]
mod textbook;
mod wasserstein;
mod workspace;

pub use bar::Bar;
pub use bottleneck::{BottleneckWorkspace, bottleneck_distance, bottleneck_matching};
pub use clusters::{ThresholdEdges, clusters_at_scale, threshold_edges};
pub use diagram::{MAX_DIMENSION, PersistenceDiagram};
pub use diagram_distance::DiagramDistance;
pub use distance_matrix::DistanceMatrix;
pub use rips::{RipsOptions, rips_persistence};
pub use simplex::{MAX_POINTS, edge_count, simplex_count, triangle_count};
pub use wasserstein::{
    WassersteinOptions, WassersteinWorkspace, wasserstein_distance, wasserstein_matching,
};
pub use workspace::{
    RipsUsage, RipsWorkspace, RipsWorkspace16, RipsWorkspace32, RipsWorkspace32H2, RipsWorkspace64,
    RipsWorkspace128,
};
