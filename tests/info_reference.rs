//! geoml::info against scipy and mpmath (tables written by tools/info_reference.py).
//!
//! Every input in the tables is exactly representable in f32, so f32 and f64 measure the same
//! distributions and are held to the same references: 1e-12 relative in f64, 1e-5 in f32.

mod common;

use common::{Record, assert_close, read_table};
use geoml::Real;
use geoml::info::{
    KlDivergence, cosine_similarity, entropy, js_distance, js_distance_matrix, js_divergence,
    kl_divergence, row_entropies,
};

/// Relative tolerance, and the magnitude below which it becomes absolute, per precision.
fn tolerance<T: Real>() -> (f64, f64) {
    if T::is_single_precision() {
        (1e-5, 1e-3)
    } else {
        (1e-12, 1e-9)
    }
}

fn array<T: Real, const M: usize>(values: &[f64]) -> [T; M] {
    assert_eq!(values.len(), M);
    core::array::from_fn(|k| T::lit(values[k]))
}

fn rows<T: Real, const N: usize, const M: usize>(values: &[f64]) -> [[T; M]; N] {
    assert_eq!(values.len(), N * M);
    core::array::from_fn(|i| array(&values[i * M..(i + 1) * M]))
}

fn check_kl<T: Real>(what: &str, actual: KlDivergence<T>, expected: f64, rel: f64, floor: f64) {
    match actual {
        KlDivergence::Infinite { index } => {
            assert!(
                expected.is_infinite(),
                "{what}: infinite at {index}, scipy says {expected}"
            )
        }
        KlDivergence::Finite(bits) => assert_close(what, bits.as_f64(), expected, rel, floor),
    }
}

fn check_pair<T: Real, const M: usize>(record: &Record) {
    let v = &record.values[1..];
    let p: [T; M] = array(&v[..M]);
    let q: [T; M] = array(&v[M..2 * M]);
    let [h_p, h_q, kl_pq, kl_qp, js_div, js_dist] = v[2 * M..] else {
        panic!("{}: expected 6 results", record.name)
    };
    let (rel, floor) = tolerance::<T>();
    let name = &record.name;
    assert_close(
        &format!("{name} H(p)"),
        entropy(&p).unwrap().as_f64(),
        h_p,
        rel,
        floor,
    );
    assert_close(
        &format!("{name} H(q)"),
        entropy(&q).unwrap().as_f64(),
        h_q,
        rel,
        floor,
    );
    check_kl(
        &format!("{name} KL(p‖q)"),
        kl_divergence(&p, &q).unwrap(),
        kl_pq,
        rel,
        floor,
    );
    check_kl(
        &format!("{name} KL(q‖p)"),
        kl_divergence(&q, &p).unwrap(),
        kl_qp,
        rel,
        floor,
    );
    let div = js_divergence(&p, &q).unwrap().as_f64();
    let dist = js_distance(&p, &q).unwrap().as_f64();
    assert_close(&format!("{name} JS divergence"), div, js_div, rel, floor);
    assert_close(&format!("{name} JS distance"), dist, js_dist, rel, floor);
    if js_dist == 0.0 {
        assert_eq!(
            dist, 0.0,
            "{name}: identical rows are at distance exactly 0"
        );
    }
}

fn pairs<T: Real>() {
    let table = read_table("info/pairs.txt");
    assert!(table.len() >= 30);
    let mut infinite = 0;
    for record in &table {
        infinite += record.values.iter().filter(|v| v.is_infinite()).count();
        match record.values[0] as usize {
            2 => check_pair::<T, 2>(record),
            3 => check_pair::<T, 3>(record),
            4 => check_pair::<T, 4>(record),
            8 => check_pair::<T, 8>(record),
            16 => check_pair::<T, 16>(record),
            64 => check_pair::<T, 64>(record),
            m => panic!("{}: no case for M = {m}", record.name),
        }
    }
    assert!(infinite >= 3, "the table exercises infinite KL divergences");
}

#[test]
fn entropy_kl_and_js_match_scipy_f64() {
    pairs::<f64>();
}

#[test]
fn entropy_kl_and_js_match_scipy_f32() {
    pairs::<f32>();
}

fn check_pairwise<T: Real, const N: usize, const M: usize>(record: &Record) {
    let v = &record.values[2..];
    let input: [[T; M]; N] = rows(&v[..N * M]);
    let condensed = &v[N * M..];
    assert_eq!(condensed.len(), N * (N - 1) / 2);
    let mut d = [[T::zero(); N]; N];
    js_distance_matrix(&input, &mut d).unwrap();
    let (rel, floor) = tolerance::<T>();
    let upper = (0..N).flat_map(|i| ((i + 1)..N).map(move |j| (i, j)));
    for ((i, j), &expected) in upper.zip(condensed) {
        let what = format!("{} d[{i}][{j}]", record.name);
        assert_close(&what, d[i][j].as_f64(), expected, rel, floor);
        assert_eq!(d[i][j], d[j][i]);
    }
    assert!((0..N).all(|i| d[i][i] == T::zero()));
}

fn pairwise<T: Real>() {
    let table = read_table("info/pairwise.txt");
    let mut sizes = Vec::new();
    for record in &table {
        let (n, m) = (record.values[0] as usize, record.values[1] as usize);
        match (n, m) {
            (5, 7) => check_pairwise::<T, 5, 7>(record),
            (16, 16) => check_pairwise::<T, 16, 16>(record),
            (64, 64) => check_pairwise::<T, 64, 64>(record),
            (12, 3) => check_pairwise::<T, 12, 3>(record),
            other => panic!("{}: no case for (N, M) = {other:?}", record.name),
        }
        sizes.push((n, m));
    }
    assert!(sizes.contains(&(64, 64)));
}

#[test]
fn js_distance_matrix_matches_scipy_pdist_f64() {
    pairwise::<f64>();
}

#[test]
fn js_distance_matrix_matches_scipy_pdist_f32() {
    pairwise::<f32>();
}

fn check_near<T: Real, const M: usize>(record: &Record) {
    let v = &record.values[1..];
    let p: [T; M] = array(&v[..M]);
    let q: [T; M] = array(&v[M..2 * M]);
    let (div, dist) = (v[2 * M], v[2 * M + 1]);
    // No floor: these divergences are 1e-14 to 1e-4, and the relative accuracy must hold.
    let (rel, _) = tolerance::<T>();
    let name = &record.name;
    assert_close(name, js_divergence(&p, &q).unwrap().as_f64(), div, rel, 0.0);
    assert_close(name, js_distance(&p, &q).unwrap().as_f64(), dist, rel, 0.0);
}

fn near_identical<T: Real>() {
    for record in read_table("info/near_identical.txt") {
        match record.values[0] as usize {
            8 => check_near::<T, 8>(&record),
            16 => check_near::<T, 16>(&record),
            64 => check_near::<T, 64>(&record),
            m => panic!("{}: no case for M = {m}", record.name),
        }
    }
}

#[test]
fn nearly_equal_rows_keep_full_relative_accuracy_f64() {
    near_identical::<f64>();
}

#[test]
fn nearly_equal_rows_keep_full_relative_accuracy_f32() {
    near_identical::<f32>();
}

fn check_cosine<T: Real, const D: usize>(record: &Record) {
    let v = &record.values[1..];
    let a: [T; D] = array(&v[..D]);
    let b: [T; D] = array(&v[D..2 * D]);
    let expected = v[2 * D];
    let c = cosine_similarity(&a, &b).unwrap().as_f64();
    // The cosine's natural scale is 1: near-orthogonal cases are held to an absolute bound.
    let (rel, _) = tolerance::<T>();
    assert_close(&record.name, c, expected, rel, 1.0);
}

fn cosines<T: Real>() {
    for record in read_table("info/cosine.txt") {
        match record.values[0] as usize {
            3 => check_cosine::<T, 3>(&record),
            8 => check_cosine::<T, 8>(&record),
            16 => check_cosine::<T, 16>(&record),
            64 => check_cosine::<T, 64>(&record),
            384 => check_cosine::<T, 384>(&record),
            d => panic!("{}: no case for D = {d}", record.name),
        }
    }
}

#[test]
fn cosine_similarity_matches_mpmath_f64() {
    cosines::<f64>();
}

#[test]
fn cosine_similarity_matches_mpmath_f32() {
    cosines::<f32>();
}

/// Keeps `row_entropies` honest against the same scipy values as `entropy`.
#[test]
fn row_entropies_match_scipy() {
    let table = read_table("info/pairwise.txt");
    let record = table.iter().find(|r| r.name == "rows_n16_m16").unwrap();
    let input: [[f64; 16]; 16] = rows(&record.values[2..2 + 256]);
    let mut h = [0.0; 16];
    row_entropies(&input, &mut h).unwrap();
    for (row, &bits) in input.iter().zip(&h) {
        assert_eq!(bits, entropy(row).unwrap());
    }
}

/// Row entropies and the JS-distance matrix of every head of all-MiniLM-L6-v2 on seed 002's
/// sentences (tests/data/transformer/), against scipy.
fn check_head<T: Real, const N: usize>(name: &str, weights: &[f64], expected: &[f64]) {
    let attention: [[T; N]; N] = rows(weights);
    let (rel, floor) = tolerance::<T>();
    let mut h = [T::zero(); N];
    row_entropies(&attention, &mut h).unwrap();
    for (i, (&bits, &reference)) in h.iter().zip(&expected[..N]).enumerate() {
        assert_close(
            &format!("{name} H(row {i})"),
            bits.as_f64(),
            reference,
            rel,
            floor,
        );
    }
    let mut d = [[T::zero(); N]; N];
    js_distance_matrix(&attention, &mut d).unwrap();
    let upper = (0..N).flat_map(|i| ((i + 1)..N).map(move |j| (i, j)));
    for ((i, j), &reference) in upper.zip(&expected[N..]) {
        let what = format!("{name} d[{i}][{j}]");
        assert_close(&what, d[i][j].as_f64(), reference, rel, floor);
    }
}

fn real_attention<T: Real>() {
    let references = read_table("info/attention.txt");
    let mut heads = 0;
    for file in ["quantum_short", "quantum_long", "quantum_reordered", "cat"] {
        let weights = read_table(&format!("transformer/{file}.txt"));
        for record in weights.iter().filter(|r| r.name.starts_with("attn_")) {
            let key = format!("{file}:{}", record.name);
            let reference = references
                .iter()
                .find(|r| r.name == key)
                .unwrap_or_else(|| panic!("no reference for {key}"));
            let n = reference.values[0] as usize;
            let expected = &reference.values[1..];
            assert_eq!(record.values.len(), n * n, "{key}");
            match n {
                7 => check_head::<T, 7>(&key, &record.values, expected),
                14 => check_head::<T, 14>(&key, &record.values, expected),
                15 => check_head::<T, 15>(&key, &record.values, expected),
                n => panic!("{key}: no case for N = {n}"),
            }
            heads += 1;
        }
    }
    assert_eq!(heads, 4 * 6 * 12, "every head of every sentence");
}

#[test]
fn real_attention_rows_match_scipy_f64() {
    real_attention::<f64>();
}

#[test]
fn real_attention_rows_match_scipy_f32() {
    real_attention::<f32>();
}
