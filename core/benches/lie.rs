//! geoml::lie against nalgebra, each pair in one criterion group so that ratios come from one
//! run: SO(3) exp and log against `UnitQuaternion::from_scaled_axis` / `scaled_axis`, and
//! `expm` against nalgebra's `Matrix::exp` (std only) for 3×3, 4×4 and 8×8 matrices.
//!
//! Run: `cargo bench -p geoml --bench lie -- --warm-up-time 1 --measurement-time 3`.

use criterion::{Criterion, criterion_group, criterion_main};
use geoml::lie::{So3, expm};
use nalgebra::{SMatrix, UnitQuaternion, Vector3};
use std::hint::black_box;

/// Deterministic pseudo-random numbers in [−1, 1) (a small LCG: benchmarks need no quality).
fn numbers(n: usize, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        })
        .collect()
}

/// Rotation vectors with angles spread over (0, π).
fn rotation_vectors() -> Vec<Vector3<f64>> {
    numbers(3 * 64, 1)
        .chunks(3)
        .map(|c| Vector3::new(c[0], c[1], c[2]) * 1.7)
        .collect()
}

fn so3(c: &mut Criterion) {
    let vectors = rotation_vectors();
    let mut group = c.benchmark_group("so3_exp");
    group.bench_function("geoml So3::exp", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % vectors.len();
            black_box(So3::exp(black_box(&vectors[i])))
        })
    });
    group.bench_function("nalgebra UnitQuaternion::from_scaled_axis", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % vectors.len();
            black_box(UnitQuaternion::from_scaled_axis(black_box(vectors[i])))
        })
    });
    group.finish();

    let ours: Vec<So3<f64>> = vectors.iter().map(|v| So3::exp(v).unwrap()).collect();
    let theirs: Vec<UnitQuaternion<f64>> = vectors
        .iter()
        .map(|v| UnitQuaternion::from_scaled_axis(*v))
        .collect();
    let mut group = c.benchmark_group("so3_log");
    group.bench_function("geoml So3::log", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % ours.len();
            black_box(black_box(&ours[i]).log())
        })
    });
    group.bench_function("nalgebra UnitQuaternion::scaled_axis", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % theirs.len();
            black_box(black_box(&theirs[i]).scaled_axis())
        })
    });
    group.finish();
}

/// Matrices with entries uniform in [−1, 1) (1-norms about N/2).
fn matrices<const N: usize>() -> Vec<SMatrix<f64, N, N>> {
    numbers(N * N * 16, N as u64)
        .chunks(N * N)
        .map(SMatrix::<f64, N, N>::from_column_slice)
        .collect()
}

fn expm_group<const N: usize>(c: &mut Criterion)
where
    // Only nalgebra's exp needs this; geoml's expm works for every N.
    nalgebra::Const<N>: nalgebra::DimMin<nalgebra::Const<N>, Output = nalgebra::Const<N>>,
{
    let inputs = matrices::<N>();
    let mut group = c.benchmark_group(format!("expm_{N}x{N}"));
    group.bench_function("geoml expm", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % inputs.len();
            black_box(expm(black_box(&inputs[i])))
        })
    });
    group.bench_function("nalgebra Matrix::exp", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % inputs.len();
            black_box(black_box(&inputs[i]).exp())
        })
    });
    group.finish();
}

fn expm_all(c: &mut Criterion) {
    expm_group::<3>(c);
    expm_group::<4>(c);
    expm_group::<8>(c);
}

criterion_group!(benches, so3, expm_all);
criterion_main!(benches);
