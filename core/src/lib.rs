//! # geoml — geometric machine learning for fixed-size inputs
//!
//! `geoml` is the heap-free core of the geoml project. It runs the same code on a laptop and
//! on a Cortex-M0+: every size is a const generic, the caller owns every buffer, and nothing
//! allocates.
//!
//! | module | what lives there |
//! | --- | --- |
//! | [`manifold`] | charts, atlases and transition maps; spheres, the torus; Riemannian geometry |
//! | [`lie`] | SO(2), SO(3), SE(2), SE(3), quaternions, the matrix exponential |
//! | [`attention`] | softmax, scaled dot-product, multi-head and distance attention |
//! | [`info`] | entropy, KL and Jensen–Shannon divergences, cosine similarity |
//! | [`symmetry`] | permutations, canonicalization, symmetrization, invariant layers |
//! | [`persistence`] | Rips persistent homology (H0, H1), diagrams and their distances |
//!
//! ## Conventions
//!
//! * Scalars are generic over [`Real`] (`nalgebra::RealField + Copy`): `f32` and `f64`.
//! * Token sequences are row-major `[[T; D]; N]`, one token a row, as in PyTorch.
//! * Geometric objects (points, tangent vectors, rotations) are nalgebra types.
//! * Every fallible function returns [`Result`]; bad input is an [`Error`] that names the
//!   bad value. No public function panics, and no `Ok` holds NaN or an infinity.
//!
//! ```
//! use geoml::{check_finite, Error};
//!
//! let good = [1.0_f64, 2.0, 3.0];
//! assert!(check_finite(&good).is_ok());
//!
//! let bad = [1.0_f32, f32::NAN];
//! assert!(matches!(check_finite(&bad), Err(Error::NonFinite { index: 1, .. })));
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod attention;
mod error;
pub mod fast_math;
pub mod info;
pub mod lie;
pub mod manifold;
pub mod persistence;
mod scalar;
pub mod symmetry;

pub use error::{Error, Result};
pub use scalar::{Real, check_finite, check_finite_rows};
