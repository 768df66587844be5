//! geoml::attention against PyTorch (softmax, log-softmax, logsumexp,
//! scaled_dot_product_attention, cdist-scored attention, nn.MultiheadAttention) and NumPy
//! (standardising, PCA/ZCA whitening), from the tables written by tools/attention_reference.py.
//!
//! The tables' inputs are float32 numbers, so the f32 and f64 code see identical inputs; the
//! references are float64. Tolerances: 1e-12 relative in f64, 1e-5 in f32, relative to
//! max(|expected|, floor) with the floor named at each comparison (1 for outputs of order 1,
//! whose entries can cancel to nearly 0; tiny for probabilities, whose relative error stays
//! small however small they are — except that f32 flushes those below e⁻⁸⁷ to 0).

mod common;

use common::{assert_close, read_table};
use geoml::Real;
use geoml::attention::{
    AttentionOptions, CausalAlignment, MultiHeadAttention, OnlineSoftmax, Standardizer, Tile,
    Whitening, distance_attention, log_softmax_with_temperature, scaled_dot_product_attention,
    scaled_dot_product_attention_tiled, softmax_with_temperature,
};
use std::collections::HashMap;

fn table(file: &str) -> HashMap<String, Vec<f64>> {
    read_table(&format!("attention/{file}"))
        .into_iter()
        .map(|r| (r.name, r.values))
        .collect()
}

/// With the `fast-math` feature, f32 `exp` and `sqrt` are micromath's (2.4e-3 and 1.8e-3
/// relative, see `geoml::fast_math`) in the softmax functions and the distance scores; a
/// distance error becomes a weight error multiplied by scale × distance (about 4 here).
fn rel<T: Real>() -> f64 {
    match (T::is_single_precision(), cfg!(feature = "fast-math")) {
        (true, false) => 1e-5,
        (true, true) => 1e-2,
        (false, _) => 1e-12,
    }
}

/// Smallest probability compared relatively: f32 flushes weights below e⁻⁸⁷ ≈ 1.6e-38.
fn probability_floor<T: Real>() -> f64 {
    if T::is_single_precision() {
        1e-30
    } else {
        1e-300
    }
}

fn array<T: Real, const N: usize>(values: &[f64]) -> [T; N] {
    assert_eq!(values.len(), N, "record length");
    core::array::from_fn(|i| T::lit(values[i]))
}

fn rows<T: Real, const C: usize, const R: usize>(values: &[f64]) -> [[T; C]; R] {
    assert_eq!(values.len(), R * C, "record length");
    core::array::from_fn(|i| core::array::from_fn(|j| T::lit(values[i * C + j])))
}

fn compare<T: Real>(what: &str, actual: &[T], expected: &[f64], floor: f64) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_close(&format!("{what}[{i}]"), a.as_f64(), *e, rel::<T>(), floor);
    }
}

fn softmax_family<T: Real>() {
    let t = table("softmax.txt");
    let mut seen = 0;
    for (name, values) in &t {
        let (tau, x, expected) = (values[0], &values[1..9], &values[9..]);
        let x = array::<T, 8>(x);
        let mut out = [T::zero(); 8];
        if name.starts_with("softmax_") {
            softmax_with_temperature(&x, T::lit(tau), &mut out).unwrap();
            compare(name, &out, expected, probability_floor::<T>());
            seen += 1;
        } else if name.starts_with("log_softmax_") {
            log_softmax_with_temperature(&x, T::lit(tau), &mut out).unwrap();
            compare(name, &out, expected, 1.0);
            seen += 1;
        } else if name.starts_with("logsumexp_") {
            let mut normaliser = OnlineSoftmax::new();
            for &v in &values[..8] {
                normaliser.push(T::lit(v)).unwrap();
            }
            let lse = normaliser.log_sum_exp().unwrap();
            compare(name, &[lse], &values[8..], 1.0);
            seen += 1;
        }
    }
    assert_eq!(seen, t.len());
    assert_eq!(seen, 36, "softmax records");
}

#[test]
fn softmax_log_softmax_and_logsumexp_match_torch() {
    softmax_family::<f32>();
    softmax_family::<f64>();
}

/// One scaled_dot_product_attention case of the given shape; returns true if it ran.
fn sdpa_case<T: Real, const N: usize, const M: usize, const D: usize, const DV: usize>(
    t: &HashMap<String, Vec<f64>>,
    case: &str,
) {
    let get = |suffix: &str| &t[&format!("{case}_{suffix}")];
    let meta = get("meta");
    let q = rows::<T, D, N>(get("q"));
    let k = rows::<T, D, M>(get("k"));
    let v = rows::<T, DV, M>(get("v"));
    let mask = (meta[5] == 1.0).then(|| rows::<T, M, N>(get("mask")));
    let mut options = AttentionOptions::new();
    options.causal = match meta[4] as u8 {
        0 => None,
        1 => Some(CausalAlignment::TopLeft),
        _ => Some(CausalAlignment::BottomRight),
    };
    if let Some(mask) = &mask {
        options = options.additive_mask(mask);
    }
    if !meta[6].is_nan() {
        options = options.scale(T::lit(meta[6]));
    }
    let expected_weights = get("weights");
    let fully_masked = expected_weights
        .chunks(M)
        .filter(|row| row.iter().all(|&w| w == 0.0))
        .count();

    let mut out = [[T::zero(); DV]; N];
    let mut weights = [[T::zero(); M]; N];
    let masked =
        scaled_dot_product_attention(&q, &k, &v, &options, &mut out, Some(&mut weights)).unwrap();
    assert_eq!(masked, fully_masked, "{case}: fully masked rows");
    compare(&format!("{case} out"), out.as_flattened(), get("out"), 1.0);
    compare(
        &format!("{case} weights"),
        weights.as_flattened(),
        expected_weights,
        probability_floor::<T>(),
    );

    let mut online = [[T::zero(); DV]; N];
    scaled_dot_product_attention(&q, &k, &v, &options, &mut online, None).unwrap();
    compare(
        &format!("{case} online"),
        online.as_flattened(),
        get("out"),
        1.0,
    );
    let mut tiled = [[T::zero(); DV]; N];
    scaled_dot_product_attention_tiled(&q, &k, &v, &options, Tile::<3>, &mut tiled).unwrap();
    compare(
        &format!("{case} tiled"),
        tiled.as_flattened(),
        get("out"),
        1.0,
    );
}

fn sdpa_all<T: Real>() {
    let t = table("sdpa.txt");
    let mut cases = 0;
    for name in t.keys().filter_map(|n| n.strip_suffix("_meta")) {
        match name.split('_').next() {
            Some("square") => sdpa_case::<T, 6, 6, 8, 8>(&t, name),
            Some("wide") => sdpa_case::<T, 4, 9, 5, 3>(&t, name),
            Some("tall") => sdpa_case::<T, 9, 4, 5, 3>(&t, name),
            Some("n16") => sdpa_case::<T, 16, 16, 16, 16>(&t, name),
            other => panic!("unknown shape {other:?}"),
        }
        cases += 1;
    }
    assert_eq!(cases, 24);
}

#[test]
fn scaled_dot_product_attention_matches_torch() {
    sdpa_all::<f32>();
    sdpa_all::<f64>();
}

/// Bottom-right alignment with more queries than keys hides every key from the first N − M
/// queries: PyTorch (≥ 2.5) and geoml both give zero rows there, and geoml counts them.
#[test]
fn bottom_right_with_more_queries_than_keys_masks_the_first_rows() {
    let t = table("sdpa.txt");
    let weights = &t["tall_bottomright_weights"];
    for (i, row) in weights.chunks(4).enumerate() {
        let total: f64 = row.iter().sum();
        assert_eq!(total == 0.0, i < 5, "row {i}");
    }
}

fn distance_all<T: Real>() {
    let t = table("distance.txt");
    for case in ["plain", "mask_scaled"] {
        let get = |suffix: &str| &t[&format!("{case}_{suffix}")];
        let meta = get("meta");
        let q = rows::<T, 3, 5>(get("q"));
        let k = rows::<T, 3, 7>(get("k"));
        let v = rows::<T, 2, 7>(get("v"));
        let mask = (meta[4] == 1.0).then(|| rows::<T, 7, 5>(get("mask")));
        let mut options = AttentionOptions::new().scale(T::lit(meta[5]));
        if let Some(mask) = &mask {
            options = options.additive_mask(mask);
        }
        let mut out = [[T::zero(); 2]; 5];
        let mut weights = [[T::zero(); 7]; 5];
        distance_attention(&q, &k, &v, &options, &mut out, Some(&mut weights)).unwrap();
        compare(&format!("{case} out"), out.as_flattened(), get("out"), 1.0);
        compare(
            &format!("{case} weights"),
            weights.as_flattened(),
            get("weights"),
            probability_floor::<T>(),
        );
        let mut online = [[T::zero(); 2]; 5];
        distance_attention(&q, &k, &v, &options, &mut online, None).unwrap();
        compare(
            &format!("{case} online"),
            online.as_flattened(),
            get("out"),
            1.0,
        );
    }
}

#[test]
fn distance_attention_matches_torch_cdist() {
    distance_all::<f32>();
    distance_all::<f64>();
}

fn multi_head<T: Real>() {
    const E: usize = 6;
    const H: usize = 2;
    const HEAD: usize = 3;
    let t = table("multi_head.txt");
    assert_eq!(t["meta"], vec![6.0, 2.0, 4.0, 5.0]);
    let in_w = &t["in_proj_weight"]; // (3E) × E, rows are outputs
    let in_b = &t["in_proj_bias"];
    let out_w = &t["out_proj_weight"]; // E × E
    // Seed 004's layout from PyTorch's: per head, inputs × outputs.
    let block = |part: usize, h: usize| -> [[T; HEAD]; E] {
        core::array::from_fn(|d| {
            core::array::from_fn(|c| T::lit(in_w[(part * E + h * HEAD + c) * E + d]))
        })
    };
    let bias = |part: usize, h: usize| -> [T; HEAD] {
        core::array::from_fn(|c| T::lit(in_b[part * E + h * HEAD + c]))
    };
    let layer = MultiHeadAttention::<T, E, H, HEAD, HEAD, E> {
        w_q: core::array::from_fn(|h| block(0, h)),
        b_q: core::array::from_fn(|h| bias(0, h)),
        w_k: core::array::from_fn(|h| block(1, h)),
        b_k: core::array::from_fn(|h| bias(1, h)),
        w_v: core::array::from_fn(|h| block(2, h)),
        b_v: core::array::from_fn(|h| bias(2, h)),
        w_o: core::array::from_fn(|h| {
            core::array::from_fn(|c| core::array::from_fn(|o| T::lit(out_w[o * E + h * HEAD + c])))
        }),
        b_o: array::<T, E>(&t["out_proj_bias"]),
    };
    let query = rows::<T, E, 4>(&t["query"]);
    let key = rows::<T, E, 5>(&t["key"]);
    let value = rows::<T, E, 5>(&t["value"]);
    let mask = rows::<T, 5, 4>(&t["mask"]);
    let options = AttentionOptions::new().additive_mask(&mask);
    let mut out = [[T::zero(); E]; 4];
    let mut weights = [[[T::zero(); 5]; 4]; H];
    let masked = layer
        .forward(&query, &key, &value, &options, &mut out, Some(&mut weights))
        .unwrap();
    assert_eq!(masked, 0);
    compare("multi-head out", out.as_flattened(), &t["out"], 1.0);
    compare(
        "multi-head weights",
        weights.as_flattened().as_flattened(),
        &t["weights"],
        probability_floor::<T>(),
    );
}

#[test]
fn multi_head_attention_matches_torch() {
    multi_head::<f32>();
    multi_head::<f64>();
}

fn whitening<T: Real>() {
    let t = table("whitening.txt");
    let x = rows::<T, 3, 10>(&t["x"]);
    // Whitening amplifies the rounding of its input by up to the condition number of the
    // covariance, κ = λ_max/λ_min ≈ 409 here: κ·ε_f32 ≈ 2.4e-5, so f32 is held to 1e-4 (f64 to
    // 1e-12 still holds).
    let scale = if T::is_single_precision() { 10.0 } else { 1.0 };
    let check = |what: &str, actual: &[T], expected: &[f64]| {
        for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
            assert_close(
                &format!("{what}[{i}]"),
                a.as_f64(),
                *e,
                scale * rel::<T>(),
                1.0,
            );
        }
    };
    for (tag, eps) in [("eps0", 0.0), ("eps0p1", 0.1)] {
        let mut z = [[T::zero(); 3]; 10];
        let s = Standardizer::fit(&x, T::lit(eps)).unwrap();
        s.apply(&x, &mut z).unwrap();
        compare(
            &format!("standardized {tag}"),
            z.as_flattened(),
            &t[&format!("standardized_{tag}")],
            1.0,
        );
        for (kind, white) in [
            ("pca", Whitening::pca(&x, T::lit(eps)).unwrap()),
            ("zca", Whitening::zca(&x, T::lit(eps)).unwrap()),
        ] {
            let matrix: Vec<T> = (0..9).map(|i| white.matrix()[(i / 3, i % 3)]).collect();
            check(
                &format!("{kind} matrix {tag}"),
                &matrix,
                &t[&format!("{kind}_matrix_{tag}")],
            );
            let mut y = [[T::zero(); 3]; 10];
            white.apply(&x, &mut y).unwrap();
            check(
                &format!("{kind} {tag}"),
                y.as_flattened(),
                &t[&format!("{kind}_{tag}")],
            );
            let variances: Vec<T> = white.variances().iter().copied().collect();
            check("variances", &variances, &t["variances"]);
        }
    }
}

#[test]
fn standardizing_and_whitening_match_numpy() {
    whitening::<f32>();
    whitening::<f64>();
}

/// The attention of every head of a real transformer (all-MiniLM-L6-v2, 6 layers × 12 heads,
/// head dimension 32, exported by tools/export_transformer_attention.py): softmax(q·kᵀ/√32)
/// computed here from the model's own per-head queries and keys reproduces the weights the model
/// produced. The model ran in float32, so agreement is bounded by float32 rounding: every weight
/// within 1e-6 (the exporter found 4.4e-7 between float64 and the model; the largest difference
/// here, f32 included, is 4.4e-7 as well).
fn transformer_head<T: Real, const N: usize>(file: &str) -> f64 {
    let records: HashMap<String, Vec<f64>> = read_table(&format!("transformer/{file}"))
        .into_iter()
        .map(|r| (r.name, r.values))
        .collect();
    let mut worst = 0.0_f64;
    for layer in 0..6 {
        for head in 0..12 {
            let get = |what: &str| &records[&format!("{what}_L{layer}_H{head}")];
            let q = rows::<T, 32, N>(get("q"));
            let k = rows::<T, 32, N>(get("k"));
            let v = rows::<T, 32, N>(get("v"));
            let mut out = [[T::zero(); 32]; N];
            let mut weights = [[T::zero(); N]; N];
            let options = AttentionOptions::new();
            let masked =
                scaled_dot_product_attention(&q, &k, &v, &options, &mut out, Some(&mut weights))
                    .unwrap();
            assert_eq!(masked, 0);
            for (i, (ours, theirs)) in weights.as_flattened().iter().zip(get("attn")).enumerate() {
                let error = (ours.as_f64() - theirs).abs();
                assert!(
                    error <= 1e-6,
                    "{file} layer {layer} head {head} weight {i}: {} vs {theirs}",
                    ours.as_f64()
                );
                worst = worst.max(error);
            }
        }
    }
    worst
}

#[test]
fn real_transformer_attention_is_reproduced_from_its_queries_and_keys() {
    let mut worst = 0.0_f64;
    for file in ["quantum_long.txt", "quantum_reordered.txt"] {
        worst = worst.max(transformer_head::<f32, 15>(file));
        worst = worst.max(transformer_head::<f64, 15>(file));
    }
    worst = worst.max(transformer_head::<f32, 7>("quantum_short.txt"));
    worst = worst.max(transformer_head::<f64, 7>("quantum_short.txt"));
    worst = worst.max(transformer_head::<f32, 14>("cat.txt"));
    worst = worst.max(transformer_head::<f64, 14>("cat.txt"));
    println!("largest difference from the model's weights: {worst:e}");
}
