//! Rips persistence and diagram distances.
use criterion::{Criterion, criterion_group, criterion_main};
use geoml::persistence::{
    DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace64, rips_persistence,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;

fn cloud<const N: usize, const D: usize>(seed: u64) -> [[f64; N]; N] {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut p = [[0.0; D]; N];
    for x in p.iter_mut().flatten() {
        *x = rng.random::<f64>();
    }
    let mut d = [[0.0; N]; N];
    DistanceMatrix::from_points(&p, &mut d).unwrap();
    d
}

fn rips(c: &mut Criterion) {
    let d = cloud::<64, 3>(7);
    let mut ws = Box::new(RipsWorkspace64::new());
    let mut diagram = Box::new(PersistenceDiagram::<f64, 256>::new());
    let mut group = c.benchmark_group("rips_h1_64_points_r3");
    group.bench_function("geoml_f64", |b| {
        b.iter(|| {
            let m = DistanceMatrix::new(black_box(&d)).unwrap();
            rips_persistence(&m, &RipsOptions::default(), &mut ws, &mut diagram).unwrap();
            diagram.len()
        })
    });
    group.finish();
}

criterion_group!(benches, rips);
criterion_main!(benches);
