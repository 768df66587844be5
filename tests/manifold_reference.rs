//! geoml::manifold against reference values from geomstats, scipy, GraphRicciCurvature and
//! mpmath (50 digits), written by tools/manifold_reference.py into tests/data/manifold/.
//!
//! Every table is checked in f64 and in f32 (inputs rounded to f32, tolerances in f32 ulps).

mod common;

use common::{Record, assert_close, read_table};
use geoml::Real;
use geoml::manifold::{FormanVariant, Sphere, WeightedGraph, normal_fisher_information};
use nalgebra::{SVector, Vector2, Vector3};

fn vector<T: Real, const N: usize>(values: &[f64]) -> SVector<T, N> {
    SVector::<T, N>::from_fn(|i, _| T::lit(values[i]))
}

fn eps<T: Real>() -> f64 {
    T::default_epsilon().as_f64()
}

fn assert_vector_close<T: Real, const N: usize>(
    what: &str,
    actual: &SVector<T, N>,
    expected: &[f64],
    tolerance: f64,
) {
    let error = (0..N)
        .map(|i| (actual[i].as_f64() - expected[i]).powi(2))
        .sum::<f64>()
        .sqrt();
    let scale = expected[..N]
        .iter()
        .map(|x| x * x)
        .sum::<f64>()
        .sqrt()
        .max(1.0);
    assert!(
        error <= tolerance * scale,
        "{what}: got {actual:?}, expected {:?} (error {error:e}, allowed {:e})",
        &expected[..N],
        tolerance * scale
    );
}

fn geomstats<T: Real, const N: usize>(table: &str) {
    // Inputs rounded to f32 are off the sphere by up to 6e-8, inside f32's default tolerance.
    let s = Sphere::<N>::new();
    // geomstats itself is accurate to ~1e-15 on these well-separated cases.
    let tolerance = (16.0 * eps::<T>()).max(4e-15);
    let records = read_table(table);
    let mut counts = [0; 4];
    for Record { name, values } in &records {
        let p: SVector<T, N> = vector(&values[..N]);
        let rest = &values[N..];
        if name.starts_with("distance_") {
            let q = vector(&rest[..N]);
            let d = s.distance(&p, &q).unwrap();
            assert_close(name, d.as_f64(), rest[N], tolerance, 1.0);
            counts[0] += 1;
        } else if name.starts_with("exp_") {
            let v = vector(&rest[..N]);
            let r = s.exp(&p, &v).unwrap();
            assert_vector_close(name, &r, &rest[N..], tolerance);
            counts[1] += 1;
        } else if name.starts_with("log_") {
            let q = vector(&rest[..N]);
            let v = s.log(&p, &q).unwrap();
            assert_vector_close(name, &v, &rest[N..], tolerance);
            counts[2] += 1;
        } else if name.starts_with("transport_") {
            let q = vector(&rest[..N]);
            let w = vector(&rest[N..2 * N]);
            let y = s.transport(&p, &q, &w).unwrap();
            assert_vector_close(name, &y, &rest[2 * N..], tolerance);
            counts[3] += 1;
        }
    }
    assert!(counts.iter().all(|&c| c >= 20), "{table}: {counts:?}");
}

#[test]
fn sphere_operations_match_geomstats_f32_f64() {
    geomstats::<f64, 3>("manifold/geomstats_s2.txt");
    geomstats::<f32, 3>("manifold/geomstats_s2.txt");
    geomstats::<f64, 4>("manifold/geomstats_s3.txt");
    geomstats::<f32, 4>("manifold/geomstats_s3.txt");
}

fn slerp<T: Real>() {
    let s = Sphere::<3>::new();
    let records = read_table("manifold/scipy_slerp.txt");
    assert!(records.len() >= 10);
    for Record { name, values } in &records {
        let p: Vector3<T> = vector(&values[0..3]);
        let q: Vector3<T> = vector(&values[3..6]);
        let r = s.geodesic(&p, &q, T::lit(values[6])).unwrap();
        assert_vector_close(name, &r, &values[7..10], (16.0 * eps::<T>()).max(4e-15));
    }
}

#[test]
fn geodesic_interpolation_matches_scipy_slerp_f32_f64() {
    slerp::<f64>();
    slerp::<f32>();
}

/// The accuracy cases, one ambient dimension at a time.
fn mpmath_cases<T: Real, const N: usize>() {
    // Inputs rounded to f32 are off the sphere by up to 6e-8, inside f32's default tolerance.
    let s = Sphere::<N>::new();
    let e = eps::<T>();
    let double = !T::is_single_precision();
    let mut checked = 0;
    for Record { name, values } in read_table("manifold/mpmath_sphere.txt") {
        if values[0] as usize != N {
            continue;
        }
        let v = &values[1..];
        let p: SVector<T, N> = vector(&v[..N]);
        let q: SVector<T, N> = vector(&v[N..2 * N]);
        if name.starts_with("distance_near") {
            let d = s.distance(&p, &q).unwrap().as_f64();
            let expected = v[2 * N];
            if double {
                // The bound: absolute error ≤ 1e-15 for points 1e-9 apart (and closer).
                assert!(
                    (d - expected).abs() <= 1e-15,
                    "{name}: {d:e} vs {expected:e}"
                );
                // The documented one: relative error ≤ 4ε + ε²/d² (the inputs are unit only
                // to an ulp, which moves points d apart by ε²/d relative to d).
                let relative = 4.0 * e + (e / expected).powi(2);
                assert!(
                    (d - expected).abs() <= relative * expected,
                    "{name}: {d:e} vs {expected:e}"
                );
            } else {
                // Rounding the inputs to f32 moves them by up to 6e-8.
                assert!(
                    (d - expected).abs() <= 4.0 * e,
                    "{name}: {d:e} vs {expected:e}"
                );
            }
        } else if name.starts_with("distance_antipodal") {
            let d = s.distance(&p, &q).unwrap().as_f64();
            let expected = v[2 * N];
            // The bound near π: relative error ≤ 1e-15 in f64.
            let bound = if double { 1e-15 } else { 4.0 * e };
            assert_close(&name, d, expected, bound, 1.0);
            // And π − d itself keeps its digits in f64.
            if double {
                let gap = core::f64::consts::PI - expected;
                assert!(
                    ((core::f64::consts::PI - d) - gap).abs() <= 4e-16 + 4.0 * e * gap,
                    "{name}"
                );
            }
        } else if name.starts_with("log_antipodal") {
            let expected = &v[2 * N..3 * N];
            let theta = expected.iter().map(|x| x * x).sum::<f64>().sqrt();
            let gap = core::f64::consts::PI - theta;
            match s.log(&p, &q) {
                Ok(log) => {
                    // The length is always accurate; the direction to ε / (π − θ).
                    assert_close(&name, log.norm().as_f64(), theta, 8.0 * e, 1.0);
                    let direction_tolerance = 8.0 * e * (1.0 / gap).max(1.0);
                    if direction_tolerance < 0.5 {
                        assert_vector_close(&name, &log, expected, direction_tolerance);
                    }
                    let back = s.exp(&p, &log).unwrap();
                    assert_vector_close(&name, &back, &v[N..2 * N], 16.0 * e);
                }
                // In f32 the rounded inputs can be antipodal to working precision.
                Err(geoml::Error::CutLocus { .. }) if !double && gap < 1e-6 => {}
                Err(other) => panic!("{name}: {other}"),
            }
        } else if name.starts_with("log_close") {
            let log = s.log(&p, &q).unwrap();
            let expected = &v[2 * N..3 * N];
            if double {
                // As for the distance: relative 8ε, plus ε²/d² from the inputs' last ulp.
                let size = expected.iter().map(|x| x * x).sum::<f64>().sqrt();
                assert_vector_close(&name, &log, expected, (8.0 * e + (e / size).powi(2)) * size);
            } else {
                assert_vector_close(&name, &log, expected, 8.0 * e);
            }
        } else if name.starts_with("exp_") {
            let tangent: SVector<T, N> = vector(&v[N..2 * N]);
            let r = s.exp(&p, &tangent).unwrap();
            // |v| up to 100: the angle itself carries an error of ε·|v|.
            let size = tangent.norm().as_f64().max(1.0);
            assert_vector_close(&name, &r, &v[2 * N..3 * N], 8.0 * e * size);
        } else if name.starts_with("transport_") {
            let w: SVector<T, N> = vector(&v[2 * N..3 * N]);
            let expected = &v[3 * N..4 * N];
            // The transport is a reflection in s = p + q, and ‖s‖ ≈ π − θ is small here: an
            // input perturbation η (f32 rounding, the table's 1e-16 from unit length) turns the
            // result by about η/‖s‖.
            let s_norm = (0..N)
                .map(|i| (v[i] + v[N + i]).powi(2))
                .sum::<f64>()
                .sqrt();
            let tolerance = 16.0 * e / s_norm;
            match s.transport(&p, &q, &w) {
                Ok(y) => {
                    if tolerance < 0.5 {
                        assert_vector_close(&name, &y, expected, tolerance);
                    }
                    // Whatever the conditioning, the transport is an isometry.
                    assert_close(&name, y.norm().as_f64(), w.norm().as_f64(), 8.0 * e, 1.0);
                }
                Err(geoml::Error::CutLocus { .. }) if !double => {}
                Err(other) => panic!("{name}: {other}"),
            }
        } else {
            panic!("unknown record {name}");
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}

#[test]
fn hard_cases_match_mpmath_at_50_digits_f32_f64() {
    mpmath_cases::<f64, 3>();
    mpmath_cases::<f64, 4>();
    mpmath_cases::<f32, 3>();
    mpmath_cases::<f32, 4>();
}

fn forman<T: Real>() {
    let records = read_table("manifold/graphriccicurvature_forman.txt");
    let weights = &records[0].values;
    let mut vertex_weights = [T::one(); 8];
    for (slot, w) in vertex_weights.iter_mut().zip(weights) {
        *slot = T::lit(*w);
    }
    let mut graph = WeightedGraph::<T, 8, 16>::with_vertex_weights(vertex_weights).unwrap();
    for record in &records[1..] {
        let v = &record.values;
        graph
            .add_edge(v[0] as usize, v[1] as usize, T::lit(v[2]))
            .unwrap();
    }
    for (k, record) in records[1..].iter().enumerate() {
        let v = &record.values;
        let plain = graph.forman_curvature(k, FormanVariant::Plain).unwrap();
        let augmented = graph.forman_curvature(k, FormanVariant::Augmented).unwrap();
        assert_close(&record.name, plain.as_f64(), v[3], 32.0 * eps::<T>(), 1.0);
        assert_close(
            &record.name,
            augmented.as_f64(),
            v[4],
            32.0 * eps::<T>(),
            1.0,
        );
    }
}

#[test]
fn forman_curvature_matches_graphriccicurvature_f32_f64() {
    forman::<f64>();
    forman::<f32>();
}

fn fisher<T: Real>() {
    for Record { name, values } in read_table("manifold/mpmath_fisher.txt") {
        let f = normal_fisher_information(T::lit(values[1])).unwrap();
        for (index, expected) in [
            ((0, 0), values[2]),
            ((0, 1), values[3]),
            ((1, 0), values[3]),
            ((1, 1), values[4]),
        ] {
            assert_close(&name, f[index].as_f64(), expected, 4.0 * eps::<T>(), 1e-300);
        }
    }
}

#[test]
fn normal_fisher_information_matches_quadrature_f32_f64() {
    fisher::<f64>();
    fisher::<f32>();
}

fn holonomy<T: Real>() {
    let s2 = Sphere::<3>::new();
    let mut buffer = [Vector3::<T>::zeros(); 1000];
    for Record { name, values } in read_table("manifold/mpmath_holonomy.txt") {
        let n = values[1] as usize;
        let polygon = &mut buffer[..n];
        Sphere::<3>::circle_of_latitude(T::lit(values[0]), polygon).unwrap();
        let angle = s2.holonomy_angle(polygon).unwrap().as_f64();
        let area = values[2];
        let wrapped = if area > core::f64::consts::PI {
            area - core::f64::consts::TAU
        } else {
            area
        };
        // Each leg adds a few ulps of rotation.
        let tolerance = 8.0 * eps::<T>() * (n as f64).sqrt().max(4.0);
        assert!(
            (angle - wrapped).abs() <= tolerance,
            "{name}: {angle} vs {wrapped}"
        );
        // And the polygon's holonomy tends to the curvature of the cap, 2π(1 − cos θ₀).
        let cap = values[3];
        assert!((area - cap).abs() <= 30.0 / (n * n) as f64, "{name}");
    }
}

#[test]
fn holonomy_is_the_enclosed_area_by_mpmath_f32_f64() {
    holonomy::<f64>();
    holonomy::<f32>();
}

#[test]
fn the_tables_are_not_empty() {
    // Guards against a generator that silently wrote nothing.
    for table in [
        "manifold/geomstats_s2.txt",
        "manifold/geomstats_s3.txt",
        "manifold/scipy_slerp.txt",
        "manifold/mpmath_sphere.txt",
        "manifold/graphriccicurvature_forman.txt",
        "manifold/mpmath_fisher.txt",
        "manifold/mpmath_holonomy.txt",
    ] {
        assert!(!read_table(table).is_empty(), "{table}");
    }
    let _ = Vector2::<f64>::zeros();
}
