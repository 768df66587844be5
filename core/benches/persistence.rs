//! Rips persistence and the bottleneck distance, each against an anchor in the same group.
//!
//! - `timing_rips_h1_64_points_r3`: H0 and H1 of the 64 points of
//!   tests/data/persistence/timing.txt, from the validated distance matrix (validation
//!   included), in f64 and f32; the anchor is the textbook algorithm (every simplex built and
//!   sorted, the boundary matrix reduced column by column, std collections).
//!   tools/persistence_timing.py times ripser.py and GUDHI on the same matrix.
//! - `timing_rips_h1_16_points_r3` (the firmware size) and `timing_rips_h1_128_points_r3`: the
//!   same for the 16 and 128 points of timing.txt (no anchor at 128: it takes seconds).
//! - `timing_bottleneck_h0_63_points`: the exact bottleneck distance between the two H0
//!   diagrams of timing.txt; the anchor sorts every candidate and runs a fresh augmenting-path
//!   matching on the doubled graph at each step of a binary search.
//! - `timing_bottleneck_general_63_points`: the same for two diagrams of timing.txt whose
//!   points are not on a line (the general search).

use criterion::{Criterion, criterion_group, criterion_main};
use geoml::persistence::{
    Bar, BottleneckWorkspace, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace,
    RipsWorkspace16, RipsWorkspace64, RipsWorkspace128, bottleneck_distance, rips_persistence,
};
use std::hint::black_box;

#[allow(dead_code)]
#[path = "../src/persistence/textbook.rs"]
mod textbook;

/// The records of tests/data/persistence/timing.txt.
fn timing_table() -> std::collections::HashMap<String, Vec<f64>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/persistence/timing.txt"
    );
    let text = std::fs::read_to_string(path).expect("run tools/persistence_timing.py once");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut fields = l.split_whitespace();
            let name = fields.next().unwrap().to_string();
            let values = fields
                .map(|v| {
                    if v == "inf" {
                        f64::INFINITY
                    } else {
                        v.parse().unwrap()
                    }
                })
                .collect();
            (name, values)
        })
        .collect()
}

fn matrix<const N: usize, const D: usize>(coordinates: &[f64]) -> [[f64; N]; N] {
    let mut points = [[0.0; D]; N];
    for (p, c) in points.iter_mut().zip(coordinates.chunks(D)) {
        p.copy_from_slice(c);
    }
    let mut d = [[0.0; N]; N];
    DistanceMatrix::from_points(&points, &mut d).unwrap();
    d
}

fn rips_group<const N: usize, const P: usize, const S: usize, const H: usize, const R: usize>(
    c: &mut Criterion,
    name: &str,
    d: &[[f64; N]; N],
    ws: &mut RipsWorkspace<P, S, H, R>,
    anchor: bool,
) {
    let d32 = d.map(|row| row.map(|x| x as f32));
    let mut diagram = Box::new(PersistenceDiagram::<f64, 512>::new());
    let mut diagram32 = Box::new(PersistenceDiagram::<f32, 512>::new());
    let options = RipsOptions::default();
    let mut group = c.benchmark_group(name);
    group.bench_function("geoml_f64", |b| {
        b.iter(|| {
            let m = DistanceMatrix::new(black_box(d)).unwrap();
            rips_persistence(&m, &options, ws, &mut diagram).unwrap();
            diagram.len()
        })
    });
    group.bench_function("geoml_f32", |b| {
        b.iter(|| {
            let m = DistanceMatrix::new(black_box(&d32)).unwrap();
            rips_persistence(&m, &RipsOptions::default(), ws, &mut diagram32).unwrap();
            diagram32.len()
        })
    });
    if anchor {
        let rows: Vec<Vec<f64>> = d.iter().map(|r| r.to_vec()).collect();
        let threshold = DistanceMatrix::new(d).unwrap().enclosing_radius();
        group.sample_size(10);
        group.bench_function("textbook_reduction", |b| {
            b.iter(|| textbook::textbook_rips(black_box(&rows), threshold, 1).len())
        });
    }
    group.finish();
}

fn rips(c: &mut Criterion) {
    let table = timing_table();
    let d64 = matrix::<64, 3>(&table["rips_points"][2..]);
    let (mut ws16, mut ws64) = (
        Box::new(RipsWorkspace16::new()),
        Box::new(RipsWorkspace64::new()),
    );
    rips_group(c, "timing_rips_h1_64_points_r3", &d64, &mut *ws64, true);
    let d16 = matrix::<16, 3>(&table["rips_points_16"][2..]);
    rips_group(c, "timing_rips_h1_16_points_r3", &d16, &mut *ws16, true);
    // Built in place: a 128-point workspace is too large for the stack of a debug build.
    let ws128: &mut RipsWorkspace128 = Box::leak(Box::new(RipsWorkspace128::new()));
    let d128 = matrix::<128, 3>(&table["rips_points_128"][2..]);
    rips_group(c, "timing_rips_h1_128_points_r3", &d128, ws128, false);
}

fn bars<T: geoml::Real>(values: &[f64]) -> Vec<Bar<T>> {
    values
        .chunks(2)
        .map(|p| Bar::new(T::lit(p[0]), p[1].is_finite().then(|| T::lit(p[1]))).unwrap())
        .collect()
}

/// The anchor: sort every candidate, binary search, and at each step a fresh maximum
/// matching (Kuhn's augmenting paths) on the doubled graph X ∪ diag(Y) versus Y ∪ diag(X).
fn naive_bottleneck(x: &[[f64; 2]], y: &[[f64; 2]]) -> f64 {
    let (n, m) = (x.len(), y.len());
    let cheb = |a: &[f64; 2], b: &[f64; 2]| (a[0] - b[0]).abs().max((a[1] - b[1]).abs());
    let diag = |a: &[f64; 2]| (a[1] - a[0]) / 2.0;
    let cost = |l: usize, r: usize| -> f64 {
        match (l < n, r < m) {
            (true, true) => cheb(&x[l], &y[r]),
            (true, false) if r - m == l => diag(&x[l]),
            (false, true) if l - n == r => diag(&y[r]),
            (false, false) => 0.0,
            _ => f64::INFINITY,
        }
    };
    let mut candidates: Vec<f64> = (0..n + m)
        .flat_map(|l| (0..n + m).map(move |r| (l, r)))
        .map(|(l, r)| cost(l, r))
        .filter(|c| c.is_finite())
        .collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    let feasible = |delta: f64| {
        let size = n + m;
        let mut mate: Vec<Option<usize>> = vec![None; size];
        fn try_kuhn(
            l: usize,
            seen: &mut [bool],
            mate: &mut [Option<usize>],
            ok: &dyn Fn(usize, usize) -> bool,
        ) -> bool {
            for r in 0..seen.len() {
                if ok(l, r) && !seen[r] {
                    seen[r] = true;
                    if mate[r].is_none_or(|l2| try_kuhn(l2, seen, mate, ok)) {
                        mate[r] = Some(l);
                        return true;
                    }
                }
            }
            false
        }
        let ok = |l: usize, r: usize| cost(l, r) <= delta;
        (0..size).all(|l| try_kuhn(l, &mut vec![false; size], &mut mate, &ok))
    };
    let (mut lo, mut hi) = (0, candidates.len() - 1);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if feasible(candidates[mid]) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    candidates[lo]
}

fn bottleneck(c: &mut Criterion) {
    let table = timing_table();
    let (left, right) = (&table["bottleneck_left"], &table["bottleneck_right"]);
    let (x, y) = (bars::<f64>(left), bars::<f64>(right));
    let (x32, y32) = (bars::<f32>(left), bars::<f32>(right));
    let finite = |bars: &[Bar<f64>]| -> Vec<[f64; 2]> {
        bars.iter()
            .filter_map(|b| b.death().map(|d| [b.birth(), d]))
            .collect()
    };
    let (fx, fy) = (finite(&x), finite(&y));
    let mut ws = Box::new(BottleneckWorkspace::<f64, 64, { 64 * 64 + 128 }>::new());
    let mut ws32 = Box::new(BottleneckWorkspace::<f32, 64, { 64 * 64 + 128 }>::new());
    let expected = bottleneck_distance(&x, &y, &mut ws)
        .unwrap()
        .finite()
        .unwrap();
    assert_eq!(naive_bottleneck(&fx, &fy), expected, "the anchor agrees");
    let mut group = c.benchmark_group("timing_bottleneck_h0_63_points");
    group.bench_function("geoml_f64", |b| {
        b.iter(|| bottleneck_distance(black_box(&x), black_box(&y), &mut ws).unwrap())
    });
    group.bench_function("geoml_f32", |b| {
        b.iter(|| bottleneck_distance(black_box(&x32), black_box(&y32), &mut ws32).unwrap())
    });
    group.sample_size(10);
    group.bench_function("naive_binary_search_matching", |b| {
        b.iter(|| naive_bottleneck(black_box(&fx), black_box(&fy)))
    });
    group.finish();

    // The general case: births and deaths both vary, so no linear sweep.
    let (x, y) = (
        bars::<f64>(&table["general_left"]),
        bars::<f64>(&table["general_right"]),
    );
    let (fx, fy) = (finite(&x), finite(&y));
    let expected = bottleneck_distance(&x, &y, &mut ws)
        .unwrap()
        .finite()
        .unwrap();
    assert_eq!(naive_bottleneck(&fx, &fy), expected, "the anchor agrees");
    let mut group = c.benchmark_group("timing_bottleneck_general_63_points");
    group.bench_function("geoml_f64", |b| {
        b.iter(|| bottleneck_distance(black_box(&x), black_box(&y), &mut ws).unwrap())
    });
    group.sample_size(10);
    group.bench_function("naive_binary_search_matching", |b| {
        b.iter(|| naive_bottleneck(black_box(&fx), black_box(&fy)))
    });
    group.finish();
}

criterion_group!(benches, rips, bottleneck);
criterion_main!(benches);
