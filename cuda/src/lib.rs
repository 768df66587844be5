//! # geoml-cuda — attention at GPU scale
//!
//! The GPU companion of [`geoml`](../geoml/index.html): batched attention and attention
//! analysis for sequences far larger than a fixed-size core can hold, as CUDA C kernels
//! compiled at run time by NVRTC for the device's own architecture (`sm_90a` on Hopper).
//!
//! | what | call | kernel |
//! | --- | --- | --- |
//! | scaled dot-product attention, `[B, H, N, D]`, causal or not, f32/f16/bf16, optional log-sum-exp | [`Gpu::attention`], [`Gpu::attention_on_device`] | flash style: tiled, online softmax in f32, tensor cores for f16/bf16 at D = 64, 128 |
//! | entropy of attention rows, bits | [`Gpu::row_entropy`] | one block per row |
//! | Jensen–Shannon distance matrix of attention rows, bits | [`Gpu::js_distance_matrix`] | 32 × 32 tiles, cancellation-free terms |
//! | Euclidean distance matrix of point sets | [`Gpu::euclidean_distances`] | 64 × 64 tiles, direct differences |
//!
//! Every call takes host slices (and returns a `Vec`) or cudarc device buffers
//! ([`CudaSlice`](cudarc::driver::CudaSlice), the `_on_device` forms). Shapes are checked
//! before anything reaches the device, with errors that name the bad dimension.
//!
//! The crate builds on any machine: the CUDA driver (`libcuda`) and NVRTC (`libnvrtc`) are
//! loaded when a [`Gpu`] is opened. Where either is missing, or no device is present,
//! [`Gpu::new`] returns a [`GpuError`] that says which, instead of panicking. The
//! [`reference`](mod@reference) module (f64, CPU) is what the kernels are checked against, and needs no GPU.
//!
//! ```
//! use geoml_cuda::{AttentionOptions, AttentionShape, CausalAlignment, Gpu, GpuError};
//! use half::bf16;
//!
//! let shape = AttentionShape::self_attention(2, 4, 256, 64);
//! let x: Vec<bf16> = (0..shape.q_len()).map(|i| bf16::from_f32((i as f32 * 0.1).cos())).collect();
//! let options = AttentionOptions { causal: Some(CausalAlignment::TopLeft), ..Default::default() };
//! match Gpu::new(0) {
//!     Ok(gpu) => {
//!         let out = gpu.attention(&x, &x, &x, shape, &options).unwrap();
//!         println!("{} outputs on {}", out.output.len(), gpu.name());
//!     }
//!     Err(e @ (GpuError::DriverLibraryMissing | GpuError::NvrtcLibraryMissing)) => {
//!         println!("no CUDA here: {e}")
//!     }
//!     Err(e) => println!("CUDA present but unusable: {e}"),
//! }
//! ```
#![deny(missing_docs)]

mod analysis;
mod attention;
mod device;
mod distance;
mod element;
mod error;
pub mod kernels;
pub mod reference;
mod shape;
pub mod validation;

pub use attention::{AttentionOptions, AttentionOutput, CausalAlignment, KernelChoice, TileConfig};
pub use device::Gpu;
pub use element::{AttentionElement, GpuFloat, Precision};
pub use error::GpuError;
pub use shape::{AttentionShape, MAX_HEAD_DIM, PointsShape, RowsShape};
