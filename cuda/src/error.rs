//! The error type of geoml-cuda.

use cudarc::driver::DriverError;
use std::fmt;

/// What can go wrong when opening a GPU or running a kernel.
#[derive(Debug)]
#[non_exhaustive]
pub enum GpuError {
    /// The CUDA driver library (`libcuda.so`) could not be loaded: no NVIDIA driver here.
    DriverLibraryMissing,
    /// The NVRTC library (`libnvrtc.so`) could not be loaded: kernels cannot be compiled.
    NvrtcLibraryMissing,
    /// The driver is present but has no device with this ordinal.
    NoDevice {
        /// The ordinal that was asked for.
        ordinal: usize,
        /// How many devices the driver reports.
        count: usize,
    },
    /// A CUDA driver call failed.
    Driver(DriverError),
}

impl fmt::Display for GpuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GpuError::DriverLibraryMissing => write!(
                f,
                "the CUDA driver library (libcuda.so) was not found: install an NVIDIA driver or add its directory to LD_LIBRARY_PATH"
            ),
            GpuError::NvrtcLibraryMissing => write!(
                f,
                "the NVRTC library (libnvrtc.so) was not found: install the CUDA toolkit or add its lib directory to LD_LIBRARY_PATH"
            ),
            GpuError::NoDevice { ordinal, count } => write!(
                f,
                "no CUDA device with ordinal {ordinal}: the driver reports {count} device(s)"
            ),
            GpuError::Driver(e) => write!(f, "CUDA driver call failed: {e}"),
        }
    }
}

impl std::error::Error for GpuError {}

impl From<DriverError> for GpuError {
    fn from(e: DriverError) -> Self {
        GpuError::Driver(e)
    }
}
