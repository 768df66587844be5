//! Manifolds, charts and Riemannian geometry.
//!
//! A manifold here is a set covered by charts: maps from an open piece of the set to
//! coordinates in ℝᵐ whose transition maps are smooth (Definition 1.1 of the source
//! material). This module holds the circle S¹, the spheres S² and S³ and the torus T², their
//! charts (angle, stereographic, spherical) and atlases, and the Riemannian geometry built on
//! them: geodesic distance, the exponential and logarithm maps, parallel transport, metric
//! tensors, Christoffel symbols and curvature, with gradient and natural-gradient descent and
//! the Forman–Ricci curvature of small weighted graphs.

mod atlas;
mod chart;
mod numeric;
mod sphere;
mod stereographic;

pub use atlas::Atlas;
pub use chart::Chart;
pub use sphere::{S1, S2, S3, Sphere};
pub use stereographic::{Pole, Stereographic, StereographicAtlas};
