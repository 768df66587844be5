//! The error type of geoml-cuda.

use cudarc::driver::DriverError;
use std::fmt;

/// What can go wrong when opening a GPU, compiling its kernels or running one.
///
/// Shape errors name the dimension or buffer that was wrong and carry its value, so a caller
/// can tell `key_len` from `query_len` without reading the source.
///
/// ```
/// use geoml_cuda::GpuError;
///
/// let e = GpuError::LengthMismatch { buffer: "k", expected: 4096, actual: 4000 };
/// assert_eq!(
///     e.to_string(),
///     "buffer `k` has 4000 elements but the shape needs 4096"
/// );
/// ```
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
    /// A CUDA driver call failed (including a kernel launch, or an error a kernel raised that
    /// surfaced at the next synchronisation).
    Driver(DriverError),
    /// NVRTC rejected a kernel source; `log` is its compiler output.
    Compile {
        /// Which kernel file failed (`attention.cu`, `analysis.cu`, `distance.cu`).
        source: &'static str,
        /// The architecture it was compiled for, e.g. `sm_90a`.
        arch: String,
        /// NVRTC's log.
        log: String,
    },
    /// Another NVRTC call failed (creating a program, reading its output).
    Nvrtc(String),
    /// A dimension of a shape is zero.
    ZeroDimension {
        /// The dimension's name, e.g. `head_dim`.
        dim: &'static str,
    },
    /// A dimension is larger than the kernels support (or than the device's grid allows).
    DimensionTooLarge {
        /// The dimension's name, e.g. `head_dim`.
        dim: &'static str,
        /// Its value.
        value: usize,
        /// The largest value supported.
        max: usize,
    },
    /// A buffer's length does not match the shape it is used with.
    LengthMismatch {
        /// The buffer's name, e.g. `q`, `out`, `lse`.
        buffer: &'static str,
        /// The length the shape requires.
        expected: usize,
        /// The length it has.
        actual: usize,
    },
    /// An input element is NaN or infinite.
    NonFinite {
        /// The buffer's name.
        buffer: &'static str,
        /// Flat row-major index of the first such element.
        index: usize,
    },
    /// A row given as a probability distribution is not one: it has a negative or non-finite
    /// element, or sums to zero.
    NotADistribution {
        /// Flat index of the row (`batch · rows + row`).
        row: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The request has no kernel on this device (e.g. a tensor-core tiling that does not
    /// exist, or tensor cores before compute capability 8.0).
    Unsupported(String),
    /// A kernel needs more shared memory per block than the device offers.
    SharedMemory {
        /// The kernel.
        kernel: &'static str,
        /// Bytes it needs.
        needed: usize,
        /// Bytes the device allows per block.
        available: usize,
    },
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
            GpuError::Compile { source, arch, log } => {
                write!(f, "NVRTC could not compile {source} for {arch}:\n{log}")
            }
            GpuError::Nvrtc(what) => write!(f, "NVRTC call failed: {what}"),
            GpuError::ZeroDimension { dim } => write!(f, "dimension `{dim}` is zero"),
            GpuError::DimensionTooLarge { dim, value, max } => write!(
                f,
                "dimension `{dim}` is {value}, more than the supported {max}"
            ),
            GpuError::LengthMismatch {
                buffer,
                expected,
                actual,
            } => write!(
                f,
                "buffer `{buffer}` has {actual} elements but the shape needs {expected}"
            ),
            GpuError::NonFinite { buffer, index } => {
                write!(f, "element {index} of `{buffer}` is not finite")
            }
            GpuError::NotADistribution { row, reason } => {
                write!(f, "row {row} is not a probability distribution: {reason}")
            }
            GpuError::Unsupported(what) => write!(f, "unsupported: {what}"),
            GpuError::SharedMemory {
                kernel,
                needed,
                available,
            } => write!(
                f,
                "kernel {kernel} needs {needed} bytes of shared memory per block; the device allows {available}"
            ),
        }
    }
}

impl std::error::Error for GpuError {}

impl From<DriverError> for GpuError {
    fn from(e: DriverError) -> Self {
        GpuError::Driver(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant's message names the bad thing and its value.
    #[test]
    fn messages_name_what_was_wrong() {
        let cases: Vec<(GpuError, &str)> = vec![
            (GpuError::DriverLibraryMissing, "libcuda.so"),
            (GpuError::NvrtcLibraryMissing, "libnvrtc.so"),
            (
                GpuError::NoDevice {
                    ordinal: 3,
                    count: 1,
                },
                "ordinal 3: the driver reports 1",
            ),
            (
                GpuError::Compile {
                    source: "attention.cu",
                    arch: "sm_90a".into(),
                    log: "error: x".into(),
                },
                "compile attention.cu for sm_90a:\nerror: x",
            ),
            (GpuError::Nvrtc("boom".into()), "NVRTC call failed: boom"),
            (
                GpuError::ZeroDimension { dim: "key_len" },
                "dimension `key_len` is zero",
            ),
            (
                GpuError::DimensionTooLarge {
                    dim: "head_dim",
                    value: 300,
                    max: 256,
                },
                "`head_dim` is 300, more than the supported 256",
            ),
            (
                GpuError::LengthMismatch {
                    buffer: "v",
                    expected: 8,
                    actual: 7,
                },
                "`v` has 7 elements but the shape needs 8",
            ),
            (
                GpuError::NonFinite {
                    buffer: "q",
                    index: 5,
                },
                "element 5 of `q` is not finite",
            ),
            (
                GpuError::NotADistribution {
                    row: 2,
                    reason: "it sums to zero",
                },
                "row 2 is not a probability distribution: it sums to zero",
            ),
            (GpuError::Unsupported("tiles".into()), "unsupported: tiles"),
            (
                GpuError::SharedMemory {
                    kernel: "k",
                    needed: 10,
                    available: 5,
                },
                "needs 10 bytes of shared memory per block; the device allows 5",
            ),
        ];
        for (error, expected) in cases {
            let text = error.to_string();
            assert!(text.contains(expected), "{text:?} lacks {expected:?}");
        }
    }
}
