//! Single-head attention in f32 for N = D = 16, 64 and 128: geoml's no_std kernel against
//! nalgebra's std `DMatrix` (Q·Kᵀ and ·V through the SIMD matrixmultiply crate, a row softmax in
//! between), in one criterion group so that their ratio comes from one run.
//!
//! Throughput is reported in "elements" that are floating-point operations: 4·N²·D per call
//! (2·N²·D for Q·Kᵀ and as many for the product with V; the softmax is not counted), so
//! criterion's Gelem/s reads as GFLOP/s.
//!
//! A second group measures the ceiling of the portable build: the innermost loop of geoml's
//! kernel alone (a 4 × 8 block of multiply–adds with one operand pre-broadcast, operands in L1),
//! compiled like the library, with no `target-cpu` flag (SSE2 on x86-64).

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

/// `acc[r][l] += a[k][r][l % 4] · b[k][l]` over `K` steps, then the sum of the accumulators:
/// 2·4·8·K flops, the shape and instruction mix of the kernel's inner loops with nothing else.
#[inline(never)]
fn multiply_add_block<const K: usize>(a: &[[[f32; 4]; 4]; K], b: &[[f32; 8]; K]) -> f32 {
    let mut acc = [[0.0_f32; 8]; 4];
    // Four steps per iteration, as in the kernel (K is a multiple of 4).
    for (a4, b4) in a.as_chunks::<4>().0.iter().zip(b.as_chunks::<4>().0) {
        for (ak, bk) in a4.iter().zip(b4) {
            for (row, x) in acc.iter_mut().zip(ak) {
                for (l, (s, &y)) in row.iter_mut().zip(bk).enumerate() {
                    *s += x[l % 4] * y;
                }
            }
        }
    }
    acc.as_flattened().iter().sum()
}

fn ceiling(c: &mut Criterion) {
    const K: usize = 256;
    let a = [[[0.5_f32; 4]; 4]; K];
    let b = [[0.25_f32; 8]; K];
    let mut group = c.benchmark_group("portable_ceiling_f32");
    group.throughput(Throughput::Elements((2 * 4 * 8 * K) as u64));
    group.bench_function("multiply_add_4x8", |bench| {
        bench.iter(|| multiply_add_block(black_box(&a), black_box(&b)))
    });
    group.finish();
}

fn attention(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(5);
    bench_size::<16>(c, &mut rng);
    bench_size::<64>(c, &mut rng);
    bench_size::<128>(c, &mut rng);
    ceiling(c);
}

criterion_group!(benches, attention);
criterion_main!(benches);
