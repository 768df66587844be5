//! Lie groups and the matrix exponential.
//!
//! A Lie group is a manifold that is also a group, so that a tangent vector at the identity
//! (an element of the Lie algebra) can be pushed onto the group by the exponential map and
//! pulled back by the logarithm. This module holds SO(2), SO(3), SE(2), SE(3) and the unit
//! quaternions, each with composition, inverse, exp and log, hat and vee, the adjoint, the
//! group action on points, left and right Jacobians, interpolation, projection of nearly
//! orthogonal matrices onto the group and random sampling; and `expm`, the exponential of any
//! fixed-size square matrix by scaling and squaring with Padé approximants.
//!
//! | item | what it is |
//! | --- | --- |
//! | [`So2`], [`So3`] | rotations of the plane (a unit complex number) and of space (a unit quaternion) |
//! | [`Su2`] | unit quaternions as a group of their own, with the 2×2 complex-matrix form; it covers SO(3) twice |
//! | [`Se2`], [`Se3`] | rigid motions: a rotation and a translation |
//! | [`LieGroup`] | the interface all five share (generic code, interpolation, Gaussian sampling) |
//! | [`Gl`] | invertible N×N matrices: products, determinants, inverses |
//! | [`expm`] | the matrix exponential of any fixed N×N matrix (Al-Mohy–Higham 2009) |
//! | [`nearest_orthogonal`], [`nearest_rotation`], [`random_orthogonal`] | polar projection onto O(N) and SO(N) |
//! | [`coefficients`] | the series-guarded scalars (sinc, (1 − cos θ)/θ², …) the maps are built from |
//! | [`random`] | uniform and normal samples from a caller's `rand_core` generator |
//!
//! Conventions: tangent vectors of SE(2) and SE(3) list the translational part first,
//! ξ = (ρ, θ) and ξ = (ρ, ω); perturbations act on the right, \\(g\exp(\xi)\\); every fallible
//! operation returns [`Result`](crate::Result), and strict constructors reject data farther
//! than [`on_group_tolerance`] from the group (the `_normalizing` and `_nearest` constructors
//! project it instead).
//!
//! Numerics: logarithms go through quaternions (Shepperd's extraction for matrices) and
//! `atan2`, never `acos`; every coefficient that cancels has its own Taylor cutoff for `f32`
//! and for `f64`. In `f64`, `exp`, `log`, the Jacobians and SE(3)'s V and Q blocks agree with
//! 50-digit mpmath references to \\(10^{-15}\\) for rotation angles from \\(10^{-12}\\) to π.

pub mod coefficients;
mod expm;
mod gl;
mod group;
#[cfg(test)]
mod laws;
mod polar;
mod quaternion;
pub mod random;
mod se2;
mod se3;
mod so2;
mod so3;
mod su2;

pub use expm::expm;
pub use gl::Gl;
pub use group::LieGroup;
pub use polar::{nearest_orthogonal, nearest_rotation, random_orthogonal};
pub use quaternion::on_group_tolerance;
pub use se2::Se2;
pub use se3::Se3;
pub use so2::So2;
pub use so3::So3;
pub use su2::Su2;
