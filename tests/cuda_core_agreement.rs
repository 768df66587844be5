//! geoml-cuda's f64 CPU reference (the oracle its GPU kernels are checked against) agrees with
//! geoml's core on the shapes the core holds: attention with N ≠ M under each causal
//! alignment, row entropies, Jensen–Shannon distance matrices and Euclidean distances. Two
//! independent implementations of the same conventions (mask alignment, log base, 0·log 0 = 0)
//! that agree leave the GPU one well-defined target.

use geoml::attention::{AttentionOptions, CausalAlignment, scaled_dot_product_attention};
use geoml::info::{js_distance_matrix, row_entropies};
use geoml::persistence::DistanceMatrix;
use geoml_cuda::{AttentionShape, PointsShape, RowsShape, reference};

/// Deterministic values in [-1, 1).
fn values<const R: usize, const C: usize>(seed: u64) -> [[f64; C]; R] {
    let mut state = seed;
    std::array::from_fn(|_| {
        std::array::from_fn(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 52) as f64 - 1.0
        })
    })
}

fn assert_agree(what: &str, core: &[f64], gpu_reference: &[f64], bound: f64) {
    assert_eq!(core.len(), gpu_reference.len(), "{what}: lengths");
    for (i, (&a, &b)) in core.iter().zip(gpu_reference).enumerate() {
        assert!(
            (a - b).abs() <= bound * b.abs().max(1.0),
            "{what}[{i}]: core {a}, reference {b}"
        );
    }
}

#[test]
fn attention_agrees_for_every_mask_and_n_not_m() {
    const N: usize = 6;
    const M: usize = 9;
    const D: usize = 4;
    let (q, k, v) = (values::<N, D>(1), values::<M, D>(2), values::<M, D>(3));
    let shape = AttentionShape::new(1, 1, N, M, D);
    let scale = 1.0 / (D as f64).sqrt();
    let masks = [
        (None, None),
        (
            Some(CausalAlignment::TopLeft),
            Some(geoml_cuda::CausalAlignment::TopLeft),
        ),
        (
            Some(CausalAlignment::BottomRight),
            Some(geoml_cuda::CausalAlignment::BottomRight),
        ),
    ];
    for (core_mask, gpu_mask) in masks {
        let mut options = AttentionOptions::new();
        if let Some(alignment) = core_mask {
            options = options.causal(alignment);
        }
        let mut out = [[0.0; D]; N];
        scaled_dot_product_attention(&q, &k, &v, &options, &mut out, None).unwrap();
        let expected = reference::attention(
            q.as_flattened(),
            k.as_flattened(),
            v.as_flattened(),
            shape,
            gpu_mask,
            scale,
        );
        assert_agree(
            &format!("attention {gpu_mask:?}"),
            out.as_flattened(),
            &expected.output,
            1e-13,
        );
    }
}

#[test]
fn entropies_and_js_distances_agree() {
    const ROWS: usize = 7;
    const LEN: usize = 11;
    // Softmax-like rows with a few exact zeros, to exercise 0·log 0 = 0.
    let mut rows = values::<ROWS, LEN>(4).map(|row| row.map(|x| (3.0 * x).exp()));
    rows[2][5] = 0.0;
    rows[4][0] = 0.0;
    for row in rows.iter_mut() {
        let total: f64 = row.iter().sum();
        row.iter_mut().for_each(|x| *x /= total);
    }
    let shape = RowsShape::new(1, ROWS, LEN);
    let mut bits = [0.0; ROWS];
    row_entropies(&rows, &mut bits).unwrap();
    assert_agree(
        "row entropy",
        &bits,
        &reference::row_entropy(rows.as_flattened(), shape),
        1e-13,
    );
    let mut distances = [[0.0; ROWS]; ROWS];
    js_distance_matrix(&rows, &mut distances).unwrap();
    assert_agree(
        "JS distance matrix",
        distances.as_flattened(),
        &reference::js_distance_matrix(rows.as_flattened(), shape),
        1e-12,
    );
}

#[test]
fn euclidean_distances_agree() {
    const POINTS: usize = 9;
    let points = values::<POINTS, 3>(5);
    let mut buffer = [[0.0; POINTS]; POINTS];
    let matrix = DistanceMatrix::from_points(&points, &mut buffer).unwrap();
    let core: Vec<f64> = (0..POINTS)
        .flat_map(|i| (0..POINTS).map(move |j| (i, j)))
        .map(|(i, j)| matrix.get(i, j))
        .collect();
    let flat = points.as_flattened();
    let expected =
        reference::euclidean_distances(flat, flat, PointsShape::new(1, POINTS, POINTS, 3));
    assert_agree("Euclidean distances", &core, &expected, 1e-15);
}
