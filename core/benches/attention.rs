//! Single-head attention in f32 for N = D = 16, 64 and 128: geoml's no_std kernel against
//! nalgebra's std `DMatrix` (Q·Kᵀ and ·V through the SIMD matrixmultiply crate, a row softmax in
//! between), in one criterion group so that their ratio comes from one run.
//!
//! Throughput is reported in "elements" that are floating-point operations: 4·N²·D per call
//! (2·N²·D for Q·Kᵀ and as many for the product with V; the softmax is not counted), so
//! criterion's Gelem/s reads as GFLOP/s.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use geoml::attention::{AttentionOptions, scaled_dot_product_attention};
use nalgebra::DMatrix;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;

/// The anchor: what a user of nalgebra would write.
fn nalgebra_attention(q: &DMatrix<f32>, k: &DMatrix<f32>, v: &DMatrix<f32>) -> DMatrix<f32> {
    let scale = 1.0 / (q.ncols() as f32).sqrt();
    let mut scores = q * k.transpose() * scale;
    for mut row in scores.row_iter_mut() {
        let max = row.max();
        row.apply(|x| *x = (*x - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    scores * v
}

fn random_tokens<const N: usize, const D: usize>(rng: &mut StdRng) -> Box<[[f32; D]; N]> {
    let mut x = Box::new([[0.0_f32; D]; N]);
    for value in x.as_flattened_mut() {
        *value = rng.random_range(-1.0..1.0);
    }
    x
}

fn to_dmatrix<const N: usize, const D: usize>(x: &[[f32; D]; N]) -> DMatrix<f32> {
    DMatrix::from_fn(N, D, |i, j| x[i][j])
}

fn bench_size<const N: usize>(c: &mut Criterion, rng: &mut StdRng) {
    let q = random_tokens::<N, N>(rng);
    let k = random_tokens::<N, N>(rng);
    let v = random_tokens::<N, N>(rng);
    let (qm, km, vm) = (to_dmatrix(&q), to_dmatrix(&k), to_dmatrix(&v));
    let mut out = Box::new([[0.0_f32; N]; N]);
    let options = AttentionOptions::new();

    let mut group = c.benchmark_group("attention_f32");
    group.throughput(Throughput::Elements(4 * (N * N * N) as u64));
    group.bench_with_input(BenchmarkId::new("geoml", N), &N, |b, _| {
        b.iter(|| {
            scaled_dot_product_attention(
                black_box(&*q),
                black_box(&*k),
                black_box(&*v),
                &options,
                &mut out,
                None,
            )
        })
    });
    group.bench_with_input(BenchmarkId::new("nalgebra_dmatrix", N), &N, |b, _| {
        b.iter(|| nalgebra_attention(black_box(&qm), black_box(&km), black_box(&vm)))
    });
    group.finish();
}

fn attention(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(5);
    bench_size::<16>(c, &mut rng);
    bench_size::<64>(c, &mut rng);
    bench_size::<128>(c, &mut rng);
}

criterion_group!(benches, attention);
criterion_main!(benches);
