//! The CUDA C kernels and their compilation by NVRTC.
//!
//! The sources live in `cuda/kernels/*.cu` and are embedded in the library with
//! `include_str!`. They include no header at all (half conversions and the tensor-core,
//! `ldmatrix` and `cp.async` instructions are inline PTX in `common.cuh`), so NVRTC alone can
//! compile them, with no CUDA toolkit installed and no GPU present. A [`Gpu`](crate::Gpu)
//! compiles each file once, for the device's own architecture, the first time one of its
//! kernels runs.

use crate::GpuError;
use cudarc::nvrtc::{result, sys};
use std::ffi::{CStr, CString, c_char};

const COMMON: &str = include_str!("../kernels/common.cuh");

/// One kernel source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KernelFile {
    /// `attention.cu`: flash-style scaled dot-product attention forward.
    Attention,
    /// `analysis.cu`: row entropy and Jensen–Shannon distance matrices.
    Analysis,
    /// `distance.cu`: pairwise Euclidean distances.
    Distance,
}

impl KernelFile {
    /// Every kernel file.
    pub const ALL: [KernelFile; 3] = [
        KernelFile::Attention,
        KernelFile::Analysis,
        KernelFile::Distance,
    ];

    /// The file's name under `cuda/kernels/`.
    pub fn file_name(self) -> &'static str {
        match self {
            KernelFile::Attention => "attention.cu",
            KernelFile::Analysis => "analysis.cu",
            KernelFile::Distance => "distance.cu",
        }
    }

    /// The complete source NVRTC compiles: the shared helpers, then the file.
    pub fn source(self) -> String {
        let body = match self {
            KernelFile::Attention => include_str!("../kernels/attention.cu"),
            KernelFile::Analysis => include_str!("../kernels/analysis.cu"),
            KernelFile::Distance => include_str!("../kernels/distance.cu"),
        };
        format!("{COMMON}\n#line 1 \"{}\"\n{body}", self.file_name())
    }
}

/// The NVRTC target for a device of compute capability `(major, minor)`: real-architecture
/// machine code (`sm_XY`), with the architecture-specific `sm_90a` on Hopper (9.0), so that
/// the driver loads it without a JIT step.
///
/// ```
/// assert_eq!(geoml_cuda::kernels::arch_for((9, 0)), "sm_90a");
/// assert_eq!(geoml_cuda::kernels::arch_for((8, 6)), "sm_86");
/// ```
pub fn arch_for((major, minor): (i32, i32)) -> String {
    if (major, minor) == (9, 0) {
        "sm_90a".to_string()
    } else {
        format!("sm_{major}{minor}")
    }
}

/// What NVRTC produced for one file.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The file compiled.
    pub file: KernelFile,
    /// The architecture, as given (`compute_90a` yields PTX, `sm_90a` a cubin).
    pub arch: String,
    /// The PTX text (NUL-terminated) or the cubin.
    pub image: Vec<u8>,
    /// Whether `image` is a cubin (machine code) rather than PTX.
    pub is_cubin: bool,
    /// NVRTC's log: warnings, and with `--ptxas-options=-v` the registers, shared memory and
    /// spills of every kernel.
    pub log: String,
}

/// Whether the NVRTC library can be loaded (it needs no GPU and no driver).
pub fn nvrtc_present() -> bool {
    // SAFETY: only tries to dlopen libnvrtc and closes it again.
    unsafe { cudarc::nvrtc::sys::is_culib_present() }
}

/// NVRTC's version `(major, minor)`.
///
/// # Errors
/// [`GpuError::NvrtcLibraryMissing`] without NVRTC, [`GpuError::Nvrtc`] if the call fails.
pub fn nvrtc_version() -> Result<(i32, i32), GpuError> {
    if !nvrtc_present() {
        return Err(GpuError::NvrtcLibraryMissing);
    }
    let (mut major, mut minor) = (0, 0);
    // SAFETY: the library is present; the pointers are to live locals.
    unsafe { sys::nvrtcVersion(&mut major, &mut minor) }
        .result()
        .map_err(|e| GpuError::Nvrtc(format!("nvrtcVersion: {e:?}")))?;
    Ok((major, minor))
}

/// Compiles `file` with NVRTC for `arch`: `sm_XY`/`sm_90a` gives a cubin, `compute_XY`/
/// `compute_90a` gives PTX. `extra` options are appended (e.g. `--ptxas-options=-v`).
///
/// # Errors
/// [`GpuError::NvrtcLibraryMissing`] without NVRTC; [`GpuError::Compile`] with NVRTC's log if
/// the source does not compile; [`GpuError::Nvrtc`] if another NVRTC call fails.
///
/// ```
/// use geoml_cuda::kernels::{compile, nvrtc_present, KernelFile};
///
/// if nvrtc_present() {
///     let ptx = compile(KernelFile::Distance, "compute_80", &[]).unwrap();
///     assert!(!ptx.is_cubin);
/// }
/// ```
pub fn compile(file: KernelFile, arch: &str, extra: &[&str]) -> Result<Compiled, GpuError> {
    if !nvrtc_present() {
        return Err(GpuError::NvrtcLibraryMissing);
    }
    let nvrtc = |what: &str, e: result::NvrtcError| GpuError::Nvrtc(format!("{what}: {e:?}"));
    let source = CString::new(file.source())
        .map_err(|_| GpuError::Nvrtc("kernel source contains a NUL byte".into()))?;
    let name = CString::new(file.file_name())
        .map_err(|_| GpuError::Nvrtc("kernel name contains a NUL byte".into()))?;
    let program =
        result::create_program(&source, Some(&name)).map_err(|e| nvrtc("nvrtcCreateProgram", e))?;
    let program = Program(program);
    let mut options = vec![
        format!("--gpu-architecture={arch}"),
        "--std=c++17".to_string(),
        // Line numbers in the machine code, so that compute-sanitizer reports name source lines.
        "--generate-line-info".to_string(),
    ];
    options.extend(extra.iter().map(|s| s.to_string()));
    // SAFETY: the program is live until `Program` drops; the options are valid strings.
    let compiled = unsafe { result::compile_program(program.0, &options) };
    // SAFETY: as above.
    let log = unsafe { result::get_program_log(program.0) }
        .map(|raw| c_chars_to_string(&raw))
        .map_err(|e| nvrtc("nvrtcGetProgramLog", e))?;
    if compiled.is_err() {
        return Err(GpuError::Compile {
            source: file.file_name(),
            arch: arch.to_string(),
            log,
        });
    }
    let is_cubin = arch.starts_with("sm_");
    let image = if is_cubin {
        let mut size = 0usize;
        // SAFETY: the program compiled for a real architecture, so it holds a cubin.
        unsafe { sys::nvrtcGetCUBINSize(program.0, &mut size) }
            .result()
            .map_err(|e| nvrtc("nvrtcGetCUBINSize", e))?;
        let mut image = vec![0u8; size];
        // SAFETY: `image` has exactly the size NVRTC reported.
        unsafe { sys::nvrtcGetCUBIN(program.0, image.as_mut_ptr().cast::<c_char>()) }
            .result()
            .map_err(|e| nvrtc("nvrtcGetCUBIN", e))?;
        image
    } else {
        // SAFETY: the program compiled, so it holds PTX.
        let ptx = unsafe { result::get_ptx(program.0) }.map_err(|e| nvrtc("nvrtcGetPTX", e))?;
        ptx.iter().map(|&c| c as u8).collect()
    };
    Ok(Compiled {
        file,
        arch: arch.to_string(),
        image,
        is_cubin,
        log,
    })
}

/// Destroys the NVRTC program when dropped, on every path out of [`compile`].
struct Program(sys::nvrtcProgram);

impl Drop for Program {
    fn drop(&mut self) {
        // SAFETY: the program was created by nvrtcCreateProgram and is destroyed once. A
        // failure to free it cannot be reported from drop and leaks at worst.
        let _ = unsafe { result::destroy_program(self.0) };
    }
}

fn c_chars_to_string(raw: &[c_char]) -> String {
    let bytes: Vec<u8> = raw.iter().map(|&c| c as u8).collect();
    match CStr::from_bytes_until_nul(&bytes) {
        Ok(s) => s.to_string_lossy().into_owned(),
        Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_complete_and_free_of_headers() {
        for file in KernelFile::ALL {
            let src = file.source();
            assert!(src.contains("extern \"C\" __global__"), "{file:?}");
            // NVRTC alone must compile them: no header may be needed.
            assert!(!src.contains("#include"), "{file:?} includes a header");
        }
    }

    #[test]
    fn hopper_gets_the_arch_specific_target() {
        assert_eq!(arch_for((9, 0)), "sm_90a");
        assert_eq!(arch_for((8, 0)), "sm_80");
        assert_eq!(arch_for((10, 0)), "sm_100");
    }
}
