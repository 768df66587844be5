//! The kernels against the f64 reference on a real GPU, with fresh random inputs each run
//! (the seed is printed with every result). Without a GPU, each test prints one line saying
//! it was skipped and why. The full suite, with larger shapes, is the `gpu_suite` example
//! (see cuda/gpu/README.md).

use geoml_cuda::validation::{self, CaseResult};
use geoml_cuda::{Gpu, GpuError};
use std::io::Write;

fn gpu_or_skip(test: &str) -> Option<Gpu> {
    match Gpu::new(0) {
        Ok(gpu) => Some(gpu),
        Err(e) => {
            // Written to stderr directly: libtest captures println!/eprintln! of passing tests.
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: no usable GPU ({e})");
            None
        }
    }
}

fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed)
}

fn assert_all_pass(results: Result<Vec<CaseResult>, GpuError>) {
    let results = results.unwrap_or_else(|e| panic!("GPU call failed: {e}"));
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.to_string())
        .collect();
    assert!(!results.is_empty());
    assert!(failed.is_empty(), "failed:\n{}", failed.join("\n"));
}

#[test]
fn attention_matches_the_reference() {
    let Some(gpu) = gpu_or_skip("attention_matches_the_reference") else {
        return;
    };
    let seed = fresh_seed();
    let results = validation::attention_plan(true)
        .into_iter()
        .enumerate()
        .map(|(i, (shape, options, dtype))| {
            let seed = seed.wrapping_add(i as u64);
            match dtype {
                "f32" => validation::attention_case::<f32>(&gpu, shape, &options, seed),
                "f16" => validation::attention_case::<half::f16>(&gpu, shape, &options, seed),
                _ => validation::attention_case::<half::bf16>(&gpu, shape, &options, seed),
            }
        })
        .collect();
    assert_all_pass(results);
}

#[test]
fn entropy_and_js_distances_match_the_reference() {
    let Some(gpu) = gpu_or_skip("entropy_and_js_distances_match_the_reference") else {
        return;
    };
    let seed = fresh_seed();
    let mut results = validation::analysis_cases::<f32>(&gpu, seed, true).unwrap();
    results.extend(validation::analysis_cases::<f64>(&gpu, seed ^ 1, true).unwrap());
    assert_all_pass(Ok(results));
}

#[test]
fn euclidean_distances_match_the_reference() {
    let Some(gpu) = gpu_or_skip("euclidean_distances_match_the_reference") else {
        return;
    };
    let seed = fresh_seed();
    let mut results = validation::distance_cases::<f32>(&gpu, seed, true).unwrap();
    results.extend(validation::distance_cases::<f64>(&gpu, seed ^ 1, true).unwrap());
    assert_all_pass(Ok(results));
}

#[test]
fn bad_inputs_are_errors_not_results() {
    let Some(gpu) = gpu_or_skip("bad_inputs_are_errors_not_results") else {
        return;
    };
    assert_all_pass(validation::error_cases(&gpu));
}
