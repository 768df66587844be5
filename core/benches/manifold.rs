//! Sphere operations on S² in f64 and f32: geoml's distance, exp, log and parallel transport,
//! with the textbook clipped-acos distance `acos(clamp(⟨p, q⟩, −1, 1))` in the same group as
//! the anchor (what geomstats, and most code, computes).
//!
//! Run: `cargo bench -p geoml --bench manifold -- --warm-up-time 1 --measurement-time 3`.
//! Each iteration runs one operation on each of 64 prepared pairs; criterion reports the time
//! per iteration, so ns/op is the figure divided by 64.

use criterion::{Criterion, criterion_group, criterion_main};
use geoml::Real;
use geoml::manifold::Sphere;
use nalgebra::Vector3;
use std::hint::black_box;

const PAIRS: usize = 64;

/// Deterministic points spread over the sphere (a Fibonacci lattice) and tangent vectors.
fn data<T: Real>() -> Vec<(Vector3<T>, Vector3<T>, Vector3<T>)> {
    let golden = std::f64::consts::PI * (3.0 - 5.0_f64.sqrt());
    let point = |k: usize| {
        let z = 1.0 - 2.0 * (k as f64 + 0.5) / PAIRS as f64;
        let r = (1.0 - z * z).sqrt();
        let a = golden * k as f64;
        Vector3::new(T::lit(r * a.cos()), T::lit(r * a.sin()), T::lit(z))
    };
    (0..PAIRS)
        .map(|k| {
            let p = Sphere::<3>::normalize(&point(k)).expect("unit");
            let q = Sphere::<3>::normalize(&point((k * 7 + 3) % PAIRS)).expect("unit");
            let raw = Vector3::new(T::lit(0.3), T::lit(-0.2), T::lit(0.5));
            let v = raw - p * p.dot(&raw);
            (p, q, v)
        })
        .collect()
}

fn clipped_acos<T: Real>(p: &Vector3<T>, q: &Vector3<T>) -> T {
    p.dot(q).clamp(-T::one(), T::one()).acos()
}

fn group<T: Real>(c: &mut Criterion, name: &str) {
    let s2 = Sphere::<3>::new();
    let pairs: Vec<_> = data::<T>()
        .into_iter()
        .filter(|(p, q, _)| s2.log(p, q).is_ok())
        .collect();
    let mut g = c.benchmark_group(name);
    g.bench_function("distance (2 atan2)", |b| {
        b.iter(|| {
            for (p, q, _) in &pairs {
                black_box(s2.distance(black_box(p), black_box(q)).expect("valid"));
            }
        })
    });
    g.bench_function("distance (clipped acos, anchor)", |b| {
        b.iter(|| {
            for (p, q, _) in &pairs {
                black_box(clipped_acos(black_box(p), black_box(q)));
            }
        })
    });
    g.bench_function("distance (2 atan2, input checks skipped)", |b| {
        b.iter(|| {
            for (p, q, _) in &pairs {
                let (p, q) = (black_box(p), black_box(q));
                black_box(T::lit(2.0) * (p - q).norm().atan2((p + q).norm()));
            }
        })
    });
    g.bench_function("exp", |b| {
        b.iter(|| {
            for (p, _, v) in &pairs {
                black_box(s2.exp(black_box(p), black_box(v)).expect("valid"));
            }
        })
    });
    g.bench_function("log", |b| {
        b.iter(|| {
            for (p, q, _) in &pairs {
                black_box(s2.log(black_box(p), black_box(q)).expect("valid"));
            }
        })
    });
    g.bench_function("transport", |b| {
        b.iter(|| {
            for (p, q, v) in &pairs {
                black_box(
                    s2.transport(black_box(p), black_box(q), black_box(v))
                        .expect("valid"),
                );
            }
        })
    });
    g.finish();
}

fn sphere(c: &mut Criterion) {
    group::<f64>(c, "sphere S² f64 (64 pairs)");
    group::<f32>(c, "sphere S² f32 (64 pairs)");
}

criterion_group!(benches, sphere);
criterion_main!(benches);
