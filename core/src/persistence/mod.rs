//! Small-scale persistent homology, without a heap.
//!
//! From a finite metric space (a distance matrix, or points in ℝᵈ) the Vietoris–Rips
//! filtration grows balls around the points; persistent homology records when connected
//! components (H0) and loops (H1) are born and die. This module computes those persistence
//! diagrams for up to 128 points in a fixed-capacity workspace that may live in a `static`,
//! and compares diagrams by the bottleneck and Wasserstein distances; it also reports the
//! clusters of the threshold graph at a chosen scale.

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
