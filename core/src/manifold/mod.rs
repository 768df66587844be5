//! Manifolds, charts and Riemannian geometry.
//!
//! A manifold here is a set covered by charts: maps from an open piece of the set to
//! coordinates in ℝᵐ whose transition maps are smooth (Definition 1.1 of the source
//! material). This module holds the circle S¹, the spheres S² and S³ and the torus T², their
//! charts (angle, stereographic, spherical) and atlases, and the Riemannian geometry built on
//! them: geodesic distance, the exponential and logarithm maps, parallel transport, metric
//! tensors, Christoffel symbols and curvature, with gradient and natural-gradient descent and
//! the Forman–Ricci curvature of small weighted graphs.
//!
//! | concept | items |
//! | --- | --- |
//! | charts and atlases | [`Chart`], [`Atlas`], [`check_definition`], [`separate`] |
//! | S¹ | [`AngleChart`], [`CircleAtlas`], [`Stereographic<2>`](Stereographic) |
//! | S² | [`Stereographic<3>`](Stereographic), [`StereographicAtlas`], [`Spherical`], [`SphericalAtlas`] |
//! | S³ | [`Stereographic<4>`](Stereographic), [`Sphere::to_quaternion`], [`Sphere::multiply`] |
//! | T² | [`Torus`], [`TorusChart`], [`TorusAtlas`] |
//! | Riemannian geometry of Sⁿ⁻¹ | [`Sphere`]: `distance`, `exp`, `log`, `transport`, `geodesic`, `project_tangent` |
//! | metric, Christoffel symbols, curvature | [`Chart::metric`], [`Spherical::christoffel`], [`Torus::christoffel`], [`Torus::gaussian_curvature`] |
//! | holonomy | [`Sphere::transport_along`], [`Sphere::holonomy_angle`], [`Sphere::circle_of_latitude`] |
//! | optimisation | [`gradient_descent`], [`Sphere::gradient_descent`], [`natural_gradient_descent`], [`normal_fisher_information`] |
//! | Lie derivative | [`lie_derivative`], [`lie_derivative_from_gradient`] |
//! | graphs | [`WeightedGraph`], [`FormanVariant`] |
//!
//! Points are nalgebra vectors in the ambient space ℝᴺ and coordinates vectors in ℝᴹ; every
//! function checks its input and answers bad values with a named [`Error`](crate::Error):
//! `NonFinite`, `NotOnManifold` (beyond a tolerance, `√ε` by default), `OutsideChart` (a
//! chart's pole or seam), `CutLocus` (the antipode of a sphere's log), never a panic or a NaN.

mod angle;
mod atlas;
mod chart;
mod definition;
mod descent;
mod forman;
mod holonomy;
#[cfg(test)]
mod laws;
mod lie_derivative;
mod natural_gradient;
mod numeric;
mod quaternion;
mod sphere;
mod spherical;
mod stereographic;
mod torus;

pub use angle::{AngleChart, Branch, CircleAtlas};
pub use atlas::Atlas;
pub use chart::Chart;
pub use definition::{DefinitionReport, Neighbourhood, check_definition, separate};
pub use descent::{DescentOptions, DescentOutcome, gradient_descent};
pub use forman::{Edge, FormanVariant, WeightedGraph};
pub use lie_derivative::{lie_derivative, lie_derivative_from_gradient};
pub use natural_gradient::{
    natural_gradient_descent, natural_gradient_step, normal_fisher_information,
};
pub use sphere::{S1, S2, S3, Sphere};
pub use spherical::{Christoffel2, Spherical, SphericalAtlas, SphericalFrame};
pub use stereographic::{Pole, Stereographic, StereographicAtlas};
pub use torus::{Torus, TorusAtlas, TorusChart};
