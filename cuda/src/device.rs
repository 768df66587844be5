//! Opening a GPU: library checks first, so a machine without CUDA gets an error, not a panic.

use crate::GpuError;
use crate::kernels::{self, KernelFile};
use cudarc::driver::sys::{CUdevice_attribute, CUfunction_attribute};
use cudarc::driver::{CudaContext, CudaFunction, CudaModule, CudaStream};
use cudarc::nvrtc::Ptx;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Shared memory a block may use without opting in.
const DEFAULT_SHARED_LIMIT: usize = 48 * 1024;

/// An open CUDA device with the stream geoml-cuda launches its kernels on, and the kernels
/// compiled for it so far (each source file is compiled once per `Gpu`, at first use; clones
/// share the cache).
#[derive(Debug, Clone)]
pub struct Gpu {
    context: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    name: String,
    compute_capability: (i32, i32),
    arch: String,
    cache: Arc<Mutex<KernelCache>>,
}

#[derive(Debug, Default)]
struct KernelCache {
    modules: HashMap<KernelFile, Arc<CudaModule>>,
    /// Each loaded function with the dynamic shared memory it has been allowed so far.
    functions: HashMap<String, (CudaFunction, usize)>,
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
            arch: kernels::arch_for(compute_capability),
            cache: Arc::default(),
        })
    }

    /// The architecture the kernels are compiled for, e.g. `sm_90a` on an H100.
    pub fn arch(&self) -> &str {
        &self.arch
    }

    /// Waits for every kernel launched on [`Gpu::stream`]; an error a kernel raised (an illegal
    /// address, say) surfaces here.
    ///
    /// # Errors
    /// [`GpuError::Driver`] with the error the stream recorded.
    pub fn synchronize(&self) -> Result<(), GpuError> {
        self.stream.synchronize()?;
        Ok(())
    }

    /// Compiles every kernel file now rather than at first use (e.g. before timing), and
    /// returns NVRTC's logs.
    ///
    /// # Errors
    /// [`GpuError::Compile`] or [`GpuError::Nvrtc`] if NVRTC fails, [`GpuError::Driver`] if the
    /// driver rejects the machine code.
    pub fn compile_all(&self) -> Result<Vec<String>, GpuError> {
        KernelFile::ALL
            .iter()
            .map(|&file| self.module(file).map(|(_, log)| log))
            .collect()
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, KernelCache> {
        // A panic while holding the lock leaves the maps consistent (each insert is one step).
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The module of `file`, compiled and loaded on first use; the log is empty when cached.
    fn module(&self, file: KernelFile) -> Result<(Arc<CudaModule>, String), GpuError> {
        if let Some(module) = self.lock_cache().modules.get(&file) {
            return Ok((module.clone(), String::new()));
        }
        let compiled = kernels::compile(file, &self.arch, &[])?;
        let module = self.context.load_module(Ptx::from_binary(compiled.image))?;
        self.lock_cache().modules.insert(file, module.clone());
        Ok((module, compiled.log))
    }

    /// The kernel `name` of `file`, allowed `shared_bytes` of dynamic shared memory.
    ///
    /// # Errors
    /// Compilation errors as [`Gpu::compile_all`]; [`GpuError::SharedMemory`] if the device
    /// cannot give a block `shared_bytes`.
    pub(crate) fn function(
        &self,
        file: KernelFile,
        name: &str,
        shared_bytes: usize,
    ) -> Result<CudaFunction, GpuError> {
        let cached = self.lock_cache().functions.get(name).cloned();
        let (function, allowed) = match cached {
            Some(entry) => entry,
            None => {
                let (module, _) = self.module(file)?;
                (module.load_function(name)?, DEFAULT_SHARED_LIMIT)
            }
        };
        let mut allowed_now = allowed;
        if shared_bytes > allowed {
            let available = usize::try_from(self.context.attribute(
                CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
            )?)
            .unwrap_or(0);
            if shared_bytes > available {
                return Err(GpuError::SharedMemory {
                    kernel: file.file_name(),
                    needed: shared_bytes,
                    available,
                });
            }
            // `shared_bytes <= available`, which came from an i32.
            let bytes = i32::try_from(shared_bytes).unwrap_or(i32::MAX);
            function.set_attribute(
                CUfunction_attribute::CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                bytes,
            )?;
            allowed_now = shared_bytes;
        }
        self.lock_cache()
            .functions
            .insert(name.to_string(), (function.clone(), allowed_now));
        Ok(function)
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
    use std::io::Write;

    /// On a machine without CUDA this must be an error naming the missing library; with a GPU
    /// it must open device 0. Either way it must not panic.
    #[test]
    fn opening_never_panics() {
        match Gpu::new(0) {
            Ok(gpu) => assert!(!gpu.name().is_empty()),
            Err(e) => {
                let text = e.to_string();
                // Not captured by libtest, so the reason shows in `cargo test` output.
                let _ = writeln!(std::io::stderr(), "SKIPPED opening_never_panics: {text}");
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
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED an_absent_ordinal_is_an_error: no CUDA libraries on this machine"
                );
            }
            other => panic!("expected NoDevice, got {other:?}"),
        }
    }
}
