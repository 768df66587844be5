//! The bodies of geoml's fuzz targets (issue 9), kept apart from libFuzzer so that the root
//! package's `tests/fuzz_regressions.rs` can replay every kept crash input on stable Rust.
//!
//! Each target decodes the fuzzer's bytes into inputs (see [`decode`]) and runs them through
//! the public functions in f32 and in f64, asserting what must hold for ANY input: no panic,
//! every value inside `Ok` finite, the error that names the bad value, and the laws of each
//! function (a sum of probabilities is 1, a distance is symmetric and ≥ 0, exp∘log = id, …).
//! A failed assertion is a panic, which libFuzzer reports as a crash.

pub mod attention;
pub mod decode;
pub mod info;
pub mod lie;
pub mod manifold;
pub mod persistence;
pub mod symmetry;

/// A target's body: it panics when an assertion about the library fails.
pub type Body = fn(&[u8]);

/// Every target: its name (the file `fuzz_targets/<name>.rs` and the folder
/// `regressions/<name>/`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("attention_softmax", attention::softmaxes),
    ("attention_attend", attention::attend),
    ("attention_layers", attention::layers),
    ("info_measures", info::measures),
    ("info_matrices", info::matrices),
    ("lie_groups", lie::groups),
    ("lie_expm", lie::matrices),
    ("manifold_charts", manifold::charts),
    ("manifold_sphere", manifold::sphere),
    ("manifold_descent", manifold::descent),
    ("persistence_rips", persistence::rips),
    ("persistence_distances", persistence::distances),
    ("symmetry_permutations", symmetry::permutations),
    ("symmetry_layers", symmetry::layers),
];
