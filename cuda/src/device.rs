//! Opening a GPU: library checks first, so a machine without CUDA gets an error, not a panic.

use crate::GpuError;
use cudarc::driver::{CudaContext, CudaStream};
use std::sync::Arc;

/// An open CUDA device with the stream geoml-cuda launches its kernels on.
#[derive(Debug, Clone)]
pub struct Gpu {
    context: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    name: String,
    compute_capability: (i32, i32),
}

impl Gpu {
    /// Opens device `ordinal` (0 for the first GPU).
    ///
    /// # Errors
    /// [`GpuError::DriverLibraryMissing`] or [`GpuError::NvrtcLibraryMissing`] when the CUDA
    /// driver or NVRTC library cannot be loaded, [`GpuError::NoDevice`] when the driver has no
    /// such device, [`GpuError::Driver`] when initialisation fails.
    ///
    /// ```
    /// if let Ok(gpu) = geoml_cuda::Gpu::new(0) {
    ///     let (major, minor) = gpu.compute_capability();
    ///     println!("{} (sm_{major}{minor})", gpu.name());
    /// }
    /// ```
    pub fn new(ordinal: usize) -> Result<Self, GpuError> {
        check_libraries()?;
        let count = usize::try_from(CudaContext::device_count()?).unwrap_or(0);
        if ordinal >= count {
            return Err(GpuError::NoDevice { ordinal, count });
        }
        let context = CudaContext::new(ordinal)?;
        let stream = context.default_stream();
        let name = context.name()?;
        let compute_capability = context.compute_capability()?;
        Ok(Gpu {
            context,
            stream,
            name,
            compute_capability,
        })
    }

    /// The device's marketing name, e.g. `NVIDIA H100 80GB HBM3`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The device's compute capability `(major, minor)`, e.g. `(9, 0)` on Hopper.
    pub fn compute_capability(&self) -> (i32, i32) {
        self.compute_capability
    }

    /// The cudarc context, for callers who manage their own device buffers.
    pub fn context(&self) -> &Arc<CudaContext> {
        &self.context
    }

    /// The stream geoml-cuda's kernels run on.
    pub fn stream(&self) -> &Arc<CudaStream> {
        &self.stream
    }
}

/// Fails unless both the driver and NVRTC libraries can be loaded. cudarc panics on the first
/// call into a library it cannot load, so this must run before any other CUDA call.
fn check_libraries() -> Result<(), GpuError> {
    // SAFETY: each check only tries to dlopen the library and closes it again; no CUDA entry
    // point is called.
    if !unsafe { cudarc::driver::sys::is_culib_present() } {
        return Err(GpuError::DriverLibraryMissing);
    }
    // SAFETY: as above, for libnvrtc.
    if !unsafe { cudarc::nvrtc::sys::is_culib_present() } {
        return Err(GpuError::NvrtcLibraryMissing);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a machine without CUDA this must be an error naming the missing library; with a GPU
    /// it must open device 0. Either way it must not panic.
    #[test]
    fn opening_never_panics() {
        match Gpu::new(0) {
            Ok(gpu) => assert!(!gpu.name().is_empty()),
            Err(e) => {
                let text = e.to_string();
                eprintln!("GPU test skipped: {text}");
                assert!(
                    text.contains("libcuda")
                        || text.contains("libnvrtc")
                        || text.contains("device")
                );
            }
        }
    }

    #[test]
    fn an_absent_ordinal_is_an_error() {
        match Gpu::new(usize::MAX) {
            Err(GpuError::NoDevice { ordinal, .. }) => assert_eq!(ordinal, usize::MAX),
            Err(GpuError::DriverLibraryMissing | GpuError::NvrtcLibraryMissing) => {
                eprintln!("GPU test skipped: no CUDA libraries on this machine")
            }
            other => panic!("expected NoDevice, got {other:?}"),
        }
    }
}
