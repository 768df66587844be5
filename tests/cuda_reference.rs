//! geoml-cuda's f64 CPU reference — the oracle its GPU kernels are checked against — against
//! scipy and mpmath (tables written by tools/cuda_reference.py): attention with both causal
//! alignments and fully masked rows, entropy, Jensen–Shannon distance (both forms; the stable
//! one also on nearly equal rows, against 50-digit mpmath), Euclidean distances.

mod common;

use common::{Record, read_table};
use geoml_cuda::{AttentionShape, CausalAlignment, PointsShape, RowsShape, reference};

fn table() -> Vec<Record> {
    read_table("cuda/reference.txt")
}

/// Splits `values` into consecutive slices of the given lengths.
fn split<'a>(mut values: &'a [f64], lengths: &[usize]) -> Vec<&'a [f64]> {
    let mut parts = Vec::new();
    for &n in lengths {
        let (head, tail) = values.split_at(n);
        parts.push(head);
        values = tail;
    }
    assert!(
        values.is_empty(),
        "record has {} values too many",
        values.len()
    );
    parts
}

fn assert_close(name: &str, got: &[f64], expected: &[f64], rel: f64) {
    assert_eq!(got.len(), expected.len(), "{name}");
    for (i, (&g, &e)) in got.iter().zip(expected).enumerate() {
        if e.is_infinite() {
            assert_eq!(g, e, "{name}[{i}]");
        } else {
            assert!(common::close(g, e, rel, 1.0), "{name}[{i}]: {g} vs {e}");
        }
    }
}

#[test]
fn attention_matches_scipy() {
    let mut seen = 0;
    for r in table().iter().filter(|r| r.name.starts_with("attn_")) {
        let (nq, nk, d) = (
            r.values[0] as usize,
            r.values[1] as usize,
            r.values[2] as usize,
        );
        let causal = match r.values[3] as u8 {
            0 => None,
            1 => Some(CausalAlignment::TopLeft),
            _ => Some(CausalAlignment::BottomRight),
        };
        let scale = r.values[4];
        let parts = split(&r.values[5..], &[nq * d, nk * d, nk * d, nq * d, nq]);
        let shape = AttentionShape::new(1, 1, nq, nk, d);
        let got = reference::attention(parts[0], parts[1], parts[2], shape, causal, scale);
        assert_close(&r.name, &got.output, parts[3], 1e-13);
        assert_close(&r.name, &got.lse, parts[4], 1e-13);
        seen += 1;
    }
    assert_eq!(seen, 5);
}

#[test]
fn entropy_matches_scipy() {
    let mut seen = 0;
    for r in table().iter().filter(|r| r.name.starts_with("entropy_")) {
        let len = r.values[0] as usize;
        let parts = split(&r.values[1..], &[len, 1]);
        let got = reference::row_entropy(parts[0], RowsShape::new(1, 1, len));
        assert_close(&r.name, &got, parts[1], 1e-14);
        seen += 1;
    }
    assert_eq!(seen, 5);
}

#[test]
fn js_distance_matches_scipy_and_mpmath() {
    let mut seen = 0;
    for r in table().iter().filter(|r| r.name.starts_with("js_")) {
        let len = r.values[0] as usize;
        let parts = split(&r.values[1..], &[len, len, 1]);
        let expected = parts[2][0];
        let stable = reference::js_distance_stable(parts[0], parts[1]);
        assert!(
            (stable - expected).abs() <= 1e-13 * expected,
            "{}: stable {stable} vs {expected}",
            r.name
        );
        if r.name.contains("nearly_equal") {
            // Here the textbook form cancels: it loses most of its digits.
            let plain = reference::js_distance(parts[0], parts[1]);
            assert!(
                (plain - expected).abs() > 1e3 * (stable - expected).abs(),
                "{}",
                r.name
            );
        } else {
            // The textbook form is fine away from equal rows (and as a matrix entry).
            let plain = reference::js_distance(parts[0], parts[1]);
            assert!((plain - expected).abs() <= 1e-14, "{}", r.name);
            let rows: Vec<f64> = parts[0].iter().chain(parts[1]).copied().collect();
            let matrix = reference::js_distance_matrix(&rows, RowsShape::new(1, 2, len));
            assert!((matrix[1] - expected).abs() <= 1e-14 && matrix[0] == 0.0);
        }
        seen += 1;
    }
    assert_eq!(seen, 7);
}

#[test]
fn euclidean_distances_match_scipy() {
    let mut seen = 0;
    for r in table().iter().filter(|r| r.name.starts_with("euclidean_")) {
        let (n, m, d) = (
            r.values[0] as usize,
            r.values[1] as usize,
            r.values[2] as usize,
        );
        let parts = split(&r.values[3..], &[n * d, m * d, n * m]);
        let got = reference::euclidean_distances(parts[0], parts[1], PointsShape::new(1, n, m, d));
        assert_close(&r.name, &got, parts[2], 1e-14);
        seen += 1;
    }
    assert_eq!(seen, 2);
}
