//! # geoml-cuda — attention at GPU scale
//!
//! The GPU companion of [`geoml`](../geoml/index.html): batched attention and attention
//! analysis for sequences far larger than a fixed-size core can hold, as CUDA C kernels
//! compiled at run time by NVRTC for the device's own architecture.
//!
//! The crate builds on any machine: the CUDA driver (`libcuda`) and NVRTC (`libnvrtc`) are
//! loaded when a [`Gpu`] is opened. Where either is missing, or no device is present,
//! [`Gpu::new`] returns a [`GpuError`] that says which, instead of panicking.
//!
//! ```
//! use geoml_cuda::{Gpu, GpuError};
//!
//! match Gpu::new(0) {
//!     Ok(gpu) => println!("running on {}", gpu.name()),
//!     Err(e @ (GpuError::DriverLibraryMissing | GpuError::NvrtcLibraryMissing)) => {
//!         println!("no CUDA here: {e}")
//!     }
//!     Err(e) => println!("CUDA present but unusable: {e}"),
//! }
//! ```
#![deny(missing_docs)]

mod device;
mod error;

pub use device::Gpu;
pub use error::GpuError;
