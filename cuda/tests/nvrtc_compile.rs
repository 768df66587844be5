//! Every kernel file must compile with NVRTC for the GPUs geoml-cuda targets. NVRTC needs no
//! GPU and no driver, so this runs wherever libnvrtc can be loaded (CI installs it from the
//! `nvidia-cuda-nvrtc` wheel); elsewhere it prints one line saying it was skipped.
//!
//! Set `GEOML_NVRTC_REPORT=1` to print ptxas's resource report (registers, shared memory,
//! spills) for every kernel on sm_90a.

use geoml_cuda::kernels::{KernelFile, compile, nvrtc_present, nvrtc_version};
use std::io::Write;

fn skip(test: &str) -> bool {
    if nvrtc_present() {
        return false;
    }
    // Not captured by libtest, so the line shows in `cargo test` output.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: libnvrtc.so not found (install the nvidia-cuda-nvrtc wheel and put its lib directory on LD_LIBRARY_PATH)"
    );
    true
}

/// PTX for the virtual architectures: Hopper's arch-specific one and Ampere's.
#[test]
fn kernels_compile_to_ptx_for_hopper_and_ampere() {
    if skip("kernels_compile_to_ptx_for_hopper_and_ampere") {
        return;
    }
    for arch in ["compute_90a", "compute_80"] {
        for file in KernelFile::ALL {
            let ptx = compile(file, arch, &[]).unwrap_or_else(|e| panic!("{e}"));
            let text = String::from_utf8_lossy(&ptx.image);
            assert!(
                text.contains(".entry"),
                "{arch} {file:?}: no kernel in the PTX"
            );
            if file == KernelFile::Attention {
                // The tensor-core kernels must really use the tensor cores and cp.async.
                assert!(text.contains("mma.sync.aligned.m16n8k16"), "{arch}: no mma");
                assert!(
                    text.contains("ldmatrix.sync.aligned"),
                    "{arch}: no ldmatrix"
                );
                assert!(
                    text.contains("cp.async.cg.shared.global"),
                    "{arch}: no cp.async"
                );
            }
        }
    }
}

/// Machine code for sm_90a (H100/H200), through ptxas: no spills in the tensor-core kernels.
#[test]
fn kernels_assemble_for_sm90a_without_spills() {
    if skip("kernels_assemble_for_sm90a_without_spills") {
        return;
    }
    let report = std::env::var_os("GEOML_NVRTC_REPORT").is_some();
    for arch in ["sm_90a"] {
        for file in KernelFile::ALL {
            let cubin =
                compile(file, arch, &["--ptxas-options=-v"]).unwrap_or_else(|e| panic!("{e}"));
            assert!(cubin.is_cubin && cubin.image.starts_with(b"\x7fELF"));
            if report {
                let _ = writeln!(std::io::stderr(), "{}", cubin.log);
            }
            // ptxas reports per kernel: "Function properties for NAME" then
            // "N bytes stack frame, N bytes spill stores, N bytes spill loads".
            let mut kernel = String::new();
            for line in cubin.log.lines() {
                if let Some(name) = line.split("Function properties for ").nth(1) {
                    kernel = name.trim().to_string();
                }
                if line.contains("spill stores") && kernel.starts_with("flash_mma") {
                    assert!(
                        line.contains(" 0 bytes spill stores")
                            && line.contains(" 0 bytes spill loads"),
                        "{arch} {kernel} spills: {line}"
                    );
                }
            }
        }
    }
}

#[test]
fn nvrtc_is_cuda_13_or_newer() {
    if skip("nvrtc_is_cuda_13_or_newer") {
        return;
    }
    let (major, minor) = nvrtc_version().unwrap();
    let _ = writeln!(std::io::stderr(), "NVRTC {major}.{minor}");
    assert!(
        major >= 12,
        "NVRTC {major}.{minor} is too old for compute_90a"
    );
}
