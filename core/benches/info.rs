//! The pairwise Jensen–Shannon distance matrix of 64 attention rows of 64, against the
//! straightforward loop a notebook would write (seed 002): every ordered pair (i, j), the
//! mixture built explicitly, two separate KL calls, a square root.
//!
//! Run: `cargo bench -p geoml --bench info -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use geoml::info::js_distance_matrix;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;

const N: usize = 64;

/// Softmax rows of Gaussian logits with spread 3: peaked like real attention heads.
fn attention_rows<T: Copy + From<f32>>() -> [[T; N]; N] {
    let mut rng = StdRng::seed_from_u64(64);
    let mut rows = [[T::from(0.0); N]; N];
    for row in rows.iter_mut() {
        let logits: Vec<f64> = (0..N)
            .map(|_| {
                let (u, v): (f64, f64) = (rng.random(), rng.random());
                3.0 * (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
            })
            .collect();
        let max = logits.iter().cloned().fold(f64::MIN, f64::max);
        let total: f64 = logits.iter().map(|l| (l - max).exp()).sum();
        for (x, l) in row.iter_mut().zip(&logits) {
            *x = T::from(((l - max).exp() / total) as f32);
        }
    }
    rows
}

macro_rules! naive_js_matrix {
    ($t:ty) => {
        /// KL(p‖q) in bits, skipping p = 0 (as rel_entr does).
        fn kl(p: &[$t], q: &[$t]) -> $t {
            p.iter()
                .zip(q)
                .filter(|(pk, _)| **pk > 0.0)
                .map(|(pk, qk)| pk * (pk / qk).log2())
                .sum()
        }

        /// Every ordered pair, an explicit mixture, two KL calls per pair.
        pub fn run(rows: &[[$t; N]; N], out: &mut [[$t; N]; N]) {
            for i in 0..N {
                for j in 0..N {
                    let (p, q) = (&rows[i], &rows[j]);
                    let mut m = [0.0; N];
                    for k in 0..N {
                        m[k] = 0.5 * (p[k] + q[k]);
                    }
                    let js = 0.5 * kl(p, &m) + 0.5 * kl(q, &m);
                    out[i][j] = js.max(0.0).sqrt();
                }
            }
        }
    };
}

mod naive64 {
    use super::N;
    naive_js_matrix!(f64);
}

mod naive32 {
    use super::N;
    naive_js_matrix!(f32);
}

fn js_matrix(c: &mut Criterion) {
    let rows64: [[f64; N]; N] = attention_rows();
    let rows32: [[f32; N]; N] = attention_rows();
    let mut out64 = [[0.0_f64; N]; N];
    let mut out32 = [[0.0_f32; N]; N];

    // The two implementations agree before they are timed.
    js_distance_matrix(&rows64, &mut out64).unwrap();
    let mut check = [[0.0_f64; N]; N];
    naive64::run(&rows64, &mut check);
    let worst = out64
        .iter()
        .flatten()
        .zip(check.iter().flatten())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-7, "geoml and the naive loop disagree by {worst}");

    let mut group = c.benchmark_group("js_distance_matrix_64x64");
    group.bench_function("geoml_f64", |b| {
        b.iter(|| js_distance_matrix(black_box(&rows64), &mut out64).unwrap())
    });
    group.bench_function("naive_loop_f64", |b| {
        b.iter(|| naive64::run(black_box(&rows64), &mut out64))
    });
    group.bench_function("geoml_f32", |b| {
        b.iter(|| js_distance_matrix(black_box(&rows32), &mut out32).unwrap())
    });
    group.bench_function("naive_loop_f32", |b| {
        b.iter(|| naive32::run(black_box(&rows32), &mut out32))
    });
    group.finish();
}

criterion_group!(benches, js_matrix);
criterion_main!(benches);
