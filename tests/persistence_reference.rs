//! geoml::persistence against GUDHI, ripser.py and POT (values written by
//! tools/persistence_reference.py into tests/data/persistence/).
//!
//! - Rips diagrams of point clouds and of Jensen–Shannon distances between real attention rows:
//!   equal to GUDHI's within 1e-12 (relative) in f64, and equal to ripser.py's — which computes
//!   in f32 — exactly, both in f32 and in f64 on the matrix rounded to f32.
//! - Bottleneck distances equal to GUDHI's exact mode, Wasserstein distances to GUDHI's (POT).

mod common;

use common::{Record, assert_close, read_table};
use geoml::Real;
use geoml::persistence::{
    Bar, BottleneckWorkspace, DiagramDistance, DistanceMatrix, PersistenceDiagram, RipsOptions,
    RipsWorkspace, RipsWorkspace128, WassersteinOptions, WassersteinWorkspace, bottleneck_distance,
    bottleneck_matching, rips_persistence, triangle_count, wasserstein_distance,
};
use std::collections::HashMap;
use std::sync::Mutex;

/// Up to 32 points with H2, or 128 with H1; statics, so that they need no stack.
type Workspace32H2 = RipsWorkspace<32, { triangle_count(32) }, 40_000, 16384>;
static SMALL: Mutex<Workspace32H2> = Mutex::new(Workspace32H2::new());
static LARGE: Mutex<RipsWorkspace128> = Mutex::new(RipsWorkspace128::new());

struct Table(HashMap<String, Vec<f64>>);

impl Table {
    fn read(file: &str) -> Self {
        let records: Vec<Record> = read_table(file);
        Self(records.into_iter().map(|r| (r.name, r.values)).collect())
    }

    fn get(&self, name: &str) -> &[f64] {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("no record {name}"))
    }

    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

/// Our diagram as the reference writes it: per dimension, (birth, death) sorted, death inf
/// for essential bars.
fn flatten<T: Real, const B: usize>(diagram: &PersistenceDiagram<T, B>, dim: usize) -> Vec<f64> {
    let mut pairs: Vec<(f64, f64)> = diagram
        .dimension(dim)
        .iter()
        .map(|b| {
            (
                b.birth().as_f64(),
                b.death().map_or(f64::INFINITY, |d| d.as_f64()),
            )
        })
        .collect();
    pairs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    pairs.into_iter().flat_map(|(b, d)| [b, d]).collect()
}

fn diagram_of<T: Real, const N: usize>(
    d: &[[T; N]; N],
    options: &RipsOptions<T>,
) -> PersistenceDiagram<T, 1024> {
    let matrix = DistanceMatrix::new(d).expect("a valid distance matrix");
    let mut diagram = PersistenceDiagram::new();
    if N <= 32 {
        rips_persistence(&matrix, options, &mut *SMALL.lock().unwrap(), &mut diagram)
    } else {
        rips_persistence(&matrix, options, &mut *LARGE.lock().unwrap(), &mut diagram)
    }
    .expect("persistence");
    diagram
}

/// Checks the diagrams of `d` (f64) against GUDHI's and, on the matrix rounded to f32, against
/// ripser.py's, in f32 and in f64.
fn check_matrix<const N: usize>(
    table: &Table,
    prefix: &str,
    d: &[[f64; N]; N],
    max_dim: usize,
    threshold: Option<f64>,
    min_persistence: f64,
) {
    let options = RipsOptions {
        max_dimension: max_dim,
        threshold,
        min_persistence,
    };
    let ours = diagram_of(d, &options);
    for k in 0..=max_dim {
        let expected = table.get(&format!("{prefix}_gudhi_h{k}"));
        let got = flatten(&ours, k);
        assert_eq!(
            got.len(),
            expected.len(),
            "{prefix} H{k}: {got:?} vs {expected:?}"
        );
        for (g, e) in got.iter().zip(expected) {
            assert_close(
                &format!("{prefix} H{k} (f64 vs GUDHI)"),
                *g,
                *e,
                1e-12,
                1e-300,
            );
        }
    }
    let ripser = format!("{prefix}_ripser_h0");
    if !table.has(&ripser) {
        return;
    }
    let d32 = d.map(|row| row.map(|x| x as f32));
    let d32_as_f64 = d32.map(|row| row.map(f64::from));
    let options32 = RipsOptions {
        max_dimension: max_dim,
        threshold: threshold.map(|t| t as f32),
        min_persistence: min_persistence as f32,
    };
    let options64 = RipsOptions {
        threshold: threshold.map(|t| f64::from(t as f32)),
        ..options
    };
    let ours32 = diagram_of(&d32, &options32);
    let ours64 = diagram_of(&d32_as_f64, &options64);
    for k in 0..=max_dim {
        let expected = table.get(&format!("{prefix}_ripser_h{k}"));
        assert_eq!(
            flatten(&ours32, k),
            expected,
            "{prefix} H{k} (f32 vs ripser.py)"
        );
        assert_eq!(
            flatten(&ours64, k),
            expected,
            "{prefix} H{k} (f64 on f32 input vs ripser.py)"
        );
    }
}

fn cloud<const N: usize, const D: usize>(table: &Table, name: &str) {
    let values = table.get(&format!("{name}_points"));
    assert_eq!((values[0] as usize, values[1] as usize), (N, D), "{name}");
    let mut points = [[0.0; D]; N];
    for (p, chunk) in points.iter_mut().zip(values[2..].chunks(D)) {
        p.copy_from_slice(chunk);
    }
    let mut d = [[0.0; N]; N];
    DistanceMatrix::from_points(&points, &mut d).unwrap();
    let max_dim = if N <= 32 { 2 } else { 1 };
    check_matrix(table, name, &d, max_dim, None, 0.0);
    let truncated = format!("{name}_truncated");
    if table.has(&format!("{truncated}_threshold")) {
        let t = table.get(&format!("{truncated}_threshold"))[0];
        check_matrix(table, &truncated, &d, max_dim, Some(t), 0.0);
        let filtered = format!("{name}_filtered");
        let mp = table.get(&format!("{filtered}_min_persistence"))[0];
        check_matrix(table, &filtered, &d, max_dim, None, mp);
    }
}

#[test]
fn point_cloud_diagrams_equal_gudhi_and_ripser() {
    let table = Table::read("persistence/clouds.txt");
    cloud::<8, 2>(&table, "uniform8_r2");
    cloud::<8, 3>(&table, "uniform8_r3");
    cloud::<16, 2>(&table, "uniform16_r2");
    cloud::<16, 3>(&table, "uniform16_r3");
    cloud::<32, 2>(&table, "uniform32_r2");
    cloud::<32, 3>(&table, "uniform32_r3");
    cloud::<64, 2>(&table, "uniform64_r2");
    cloud::<64, 3>(&table, "uniform64_r3");
    cloud::<128, 2>(&table, "uniform128_r2");
    cloud::<128, 3>(&table, "uniform128_r3");
    cloud::<32, 2>(&table, "circle32");
    cloud::<100, 3>(&table, "torus100");
    cloud::<24, 3>(&table, "sphere24");
    cloud::<25, 2>(&table, "grid25");
    cloud::<2, 2>(&table, "two_points");
}

fn our_diagram<const N: usize, const D: usize>(
    table: &Table,
    name: &str,
    max_dim: usize,
) -> PersistenceDiagram<f64, 1024> {
    let values = table.get(&format!("{name}_points"));
    let mut points = [[0.0; D]; N];
    for (p, chunk) in points.iter_mut().zip(values[2..].chunks(D)) {
        p.copy_from_slice(chunk);
    }
    let mut d = [[0.0; N]; N];
    DistanceMatrix::from_points(&points, &mut d).unwrap();
    let options = RipsOptions {
        max_dimension: max_dim,
        ..RipsOptions::default()
    };
    diagram_of(&d, &options)
}

#[test]
fn shapes_have_the_expected_homology() {
    let table = Table::read("persistence/clouds.txt");
    let long = |diagram: &PersistenceDiagram<f64, 1024>, k: usize, min: f64| {
        diagram
            .dimension(k)
            .iter()
            .filter(|b| b.persists_beyond(min))
            .count()
    };
    let circle = our_diagram::<32, 2>(&table, "circle32", 1);
    assert_eq!(long(&circle, 1, 0.5), 1, "a circle has one loop");
    assert_eq!(circle.essential_count(0), 1, "and one component");
    // 24 random points on a sphere: one void, which outlives every (noise) loop.
    let sphere = our_diagram::<24, 3>(&table, "sphere24", 2);
    assert_eq!(sphere.dimension(2).len(), 1, "a sphere has one void");
    let void = sphere.dimension(2)[0].persistence().unwrap();
    assert_eq!(long(&sphere, 1, void), 0, "longer than any loop");
    // The unit squares of a grid are loops from side 1 until their diagonals, √2.
    let grid = our_diagram::<25, 2>(&table, "grid25", 2);
    assert_eq!(grid.dimension(1).len(), 16);
    for bar in grid.dimension(1) {
        assert_eq!((bar.birth(), bar.death()), (1.0, Some(2.0_f64.sqrt())));
    }
}

fn attention<const N: usize>(table: &Table, sentence: &str) {
    for layer in 0..6 {
        for head in 0..12 {
            let prefix = format!("js_{sentence}_L{layer}_H{head}");
            let lower = table.get(&prefix);
            assert_eq!(lower.len(), N * (N - 1) / 2, "{prefix}");
            // The lower triangle row by row: entry (i, j), i > j, is at i(i − 1)/2 + j.
            let d: [[f64; N]; N] = std::array::from_fn(|i| {
                std::array::from_fn(|j| match i.cmp(&j) {
                    std::cmp::Ordering::Greater => lower[i * (i - 1) / 2 + j],
                    std::cmp::Ordering::Less => lower[j * (j - 1) / 2 + i],
                    std::cmp::Ordering::Equal => 0.0,
                })
            });
            check_matrix(table, &prefix, &d, 2, None, 0.0);
        }
    }
}

/// The notebook's whole pipeline with geoml alone: attention weights → `js_distance_matrix` →
/// Rips diagrams, against GUDHI's diagrams of scipy's JS distances. The two distance matrices
/// differ in the last bits, so by stability the diagrams may differ in the bottleneck distance
/// by at most the largest entry difference — and that is what is checked.
fn pipeline<const N: usize>(table: &Table, sentence: &str) {
    let attention = read_table(&format!("transformer/{sentence}.txt"));
    let mut bottleneck = BottleneckWorkspace::<f64, 64, { 64 * 64 + 128 }>::new();
    for record in attention.iter().filter(|r| r.name.starts_with("attn_")) {
        let weights: [[f64; N]; N] =
            std::array::from_fn(|i| std::array::from_fn(|j| record.values[i * N + j]));
        let mut d = [[0.0; N]; N];
        geoml::info::js_distance_matrix(&weights, &mut d).unwrap();
        let prefix = format!("js_{sentence}_{}", &record.name["attn_".len()..]);
        let scipy = table.get(&prefix);
        let mut largest_difference = 0.0_f64;
        let mut k = 0;
        for i in 0..N {
            for &x in &d[i][..i] {
                largest_difference = largest_difference.max((x - scipy[k]).abs());
                k += 1;
            }
        }
        assert!(
            largest_difference < 1e-12,
            "{prefix}: JS distances differ by {largest_difference:e}"
        );
        let ours = diagram_of(
            &d,
            &RipsOptions {
                max_dimension: 2,
                ..RipsOptions::default()
            },
        );
        for dim in 0..=2 {
            let gudhi = bars::<f64>(table.get(&format!("{prefix}_gudhi_h{dim}")));
            let distance = bottleneck_distance(ours.dimension(dim), &gudhi, &mut bottleneck)
                .unwrap()
                .finite()
                .expect("same number of essential classes");
            assert!(
                distance <= largest_difference,
                "{prefix} H{dim}: bottleneck {distance:e} > {largest_difference:e}"
            );
        }
    }
}

#[test]
fn the_whole_pipeline_agrees_with_scipy_and_gudhi() {
    let table = Table::read("persistence/attention.txt");
    pipeline::<7>(&table, "quantum_short");
    pipeline::<15>(&table, "quantum_long");
    pipeline::<15>(&table, "quantum_reordered");
    pipeline::<14>(&table, "cat");
}

#[test]
fn attention_diagrams_equal_gudhi_and_ripser() {
    let table = Table::read("persistence/attention.txt");
    attention::<7>(&table, "quantum_short");
    attention::<15>(&table, "quantum_long");
    attention::<15>(&table, "quantum_reordered");
    attention::<14>(&table, "cat");
}

fn bars<T: Real>(values: &[f64]) -> Vec<Bar<T>> {
    values
        .chunks(2)
        .map(|p| {
            let death = p[1].is_finite().then(|| T::lit(p[1]));
            Bar::new(T::lit(p[0]), death).unwrap()
        })
        .collect()
}

fn expect(what: &str, got: DiagramDistance<f64>, expected: f64, rel: f64) {
    match got {
        DiagramDistance::Finite(x) => assert_close(what, x, expected, rel, 1e-300),
        DiagramDistance::Infinite { .. } => assert!(
            expected.is_infinite(),
            "{what}: got infinite, expected {expected}"
        ),
    }
}

#[test]
fn diagram_distances_equal_gudhi() {
    let table = Table::read("persistence/distances.txt");
    let mut names: Vec<&str> = table
        .0
        .keys()
        .filter_map(|k| k.strip_suffix("_bottleneck"))
        .collect();
    names.sort();
    assert!(names.len() > 50);
    let mut bottleneck64 = Box::new(BottleneckWorkspace::<f64, 64, { 64 * 64 + 128 }>::new());
    let mut bottleneck32 = Box::new(BottleneckWorkspace::<f32, 64, { 64 * 64 + 128 }>::new());
    let mut wasserstein64 = Box::new(WassersteinWorkspace::<f64, 128>::new());
    let mut wasserstein32 = Box::new(WassersteinWorkspace::<f32, 128>::new());
    for name in names {
        let (left, right) = (
            table.get(&format!("{name}_left")),
            table.get(&format!("{name}_right")),
        );
        let (x, y) = (bars::<f64>(left), bars::<f64>(right));
        let (x32, y32) = (bars::<f32>(left), bars::<f32>(right));
        let b = table.get(&format!("{name}_bottleneck"))[0];
        let ours = bottleneck_distance(&x, &y, &mut bottleneck64).unwrap();
        expect(&format!("{name} bottleneck"), ours, b, 1e-12);
        let back = bottleneck_distance(&y, &x, &mut bottleneck64).unwrap();
        match (ours, back) {
            (DiagramDistance::Finite(a), DiagramDistance::Finite(b)) => {
                assert_eq!(a.to_bits(), b.to_bits(), "{name}: symmetric")
            }
            (
                DiagramDistance::Infinite {
                    essential_left: a,
                    essential_right: b,
                },
                DiagramDistance::Infinite {
                    essential_left: c,
                    essential_right: d,
                },
            ) => assert_eq!((a, b), (d, c)),
            _ => panic!("{name}: not symmetric"),
        }
        let mut partners = vec![None; x.len()];
        assert_eq!(
            bottleneck_matching(&x, &y, &mut bottleneck64, &mut partners).unwrap(),
            ours
        );
        let b32 = table.get(&format!("{name}_bottleneck32"))[0];
        let ours32 = bottleneck_distance(&x32, &y32, &mut bottleneck32).unwrap();
        expect(
            &format!("{name} bottleneck (f32)"),
            to_f64(ours32),
            b32,
            1e-6,
        );
        for (order, p) in [
            (1.0, f64::INFINITY),
            (2.0, f64::INFINITY),
            (1.0, 2.0),
            (2.0, 1.0),
            (3.5, 2.0),
        ] {
            let w = table.get(&format!("{name}_wasserstein_q{order:?}_p{p:?}"))[0];
            let internal_p = p.is_finite().then_some(p);
            let options = WassersteinOptions { order, internal_p };
            let ours = wasserstein_distance(&x, &y, &options, &mut wasserstein64).unwrap();
            expect(&format!("{name} W(q={order}, p={p})"), ours, w, 1e-12);
            let options32 = WassersteinOptions {
                order: order as f32,
                internal_p: internal_p.map(|p| p as f32),
            };
            let w32 = table.get(&format!("{name}_wasserstein32_q{order:?}_p{p:?}"))[0];
            let ours32 = wasserstein_distance(&x32, &y32, &options32, &mut wasserstein32).unwrap();
            expect(
                &format!("{name} W(q={order}, p={p}) (f32)"),
                to_f64(ours32),
                w32,
                1e-5,
            );
        }
    }
}

fn to_f64(d: DiagramDistance<f32>) -> DiagramDistance<f64> {
    match d {
        DiagramDistance::Finite(x) => DiagramDistance::Finite(f64::from(x)),
        DiagramDistance::Infinite {
            essential_left,
            essential_right,
        } => DiagramDistance::Infinite {
            essential_left,
            essential_right,
        },
    }
}
