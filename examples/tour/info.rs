//! Stop: information in the attention of a real transformer (all-MiniLM-L6-v2).

#[path = "../../tests/common/mod.rs"]
mod common;

use geoml::info::{
    KlDivergence, cosine_similarity, entropy, js_distance, js_distance_matrix, kl_divergence,
    row_entropies,
};

/// Tokens of "Quantum Information Theory provides ways to study attention using entanglement."
const N: usize = 15;

fn tokens(file: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(common::data_path(file))?;
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# tokens:"))
        .ok_or("no tokens header")?;
    Ok(line.split_whitespace().map(str::to_string).collect())
}

fn record(table: &[common::Record], name: &str) -> Result<Vec<f64>, Box<dyn std::error::Error>> {
    Ok(table
        .iter()
        .find(|r| r.name == name)
        .ok_or(format!("no record {name}"))?
        .values
        .clone())
}

/// The value vector of token `i` in layer `layer`, all 12 heads side by side (384 numbers).
fn value_vector(
    table: &[common::Record],
    layer: usize,
    i: usize,
) -> Result<[f64; 384], Box<dyn std::error::Error>> {
    let mut v = [0.0; 384];
    for head in 0..12 {
        let values = record(table, &format!("v_L{layer}_H{head}"))?;
        v[head * 32..(head + 1) * 32].copy_from_slice(&values[i * 32..(i + 1) * 32]);
    }
    Ok(v)
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let file = "transformer/quantum_long.txt";
    let words = tokens(file)?;
    let table = common::read_table(file);
    let weights = record(&table, "attn_L5_H6")?;
    let attention: [[f64; N]; N] =
        std::array::from_fn(|i| std::array::from_fn(|j| weights[i * N + j]));

    // Entropy: how spread out each token's attention is.
    let mut bits = [0.0; N];
    row_entropies(&attention, &mut bits)?;
    let bound = (N as f64).log2();
    if bits.iter().any(|&h| !(0.0..=bound).contains(&h)) {
        return Err("an entropy left [0, log2 N]".into());
    }
    let (sharp, diffuse) = (argmin(&bits), argmax(&bits));
    println!("layer 6, head 7 on {N} tokens (uniform attention would carry {bound:.2} bits):");
    println!(
        "  most focused query {:>12}: {:.2} bits;  most diffuse {:>12}: {:.2} bits",
        words[sharp], bits[sharp], words[diffuse], bits[diffuse]
    );

    // Jensen–Shannon distances between attention rows: a metric on the tokens.
    let mut d = [[0.0; N]; N];
    js_distance_matrix(&attention, &mut d)?;
    let mut closest = (0, 1);
    for i in 0..N {
        for j in 0..N {
            if d[i][j] != d[j][i] || (i == j && d[i][j] != 0.0) {
                return Err("JS distance matrix is not symmetric with zero diagonal".into());
            }
            if i < j && d[i][j] < d[closest.0][closest.1] {
                closest = (i, j);
            }
            for k in 0..N {
                if d[i][k] > d[i][j] + d[j][k] + 1e-12 {
                    return Err("triangle inequality fails".into());
                }
            }
        }
    }
    println!(
        "  JS distances: a metric on {} pairs; the two tokens that attend most alike are {:?} and {:?} (distance {:.3})",
        N * (N - 1) / 2,
        words[closest.0],
        words[closest.1],
        d[closest.0][closest.1]
    );

    // KL divergence is infinite when supports differ: a value, not a float infinity.
    let causal_row = [0.6_f64, 0.4, 0.0, 0.0];
    let full_row = [0.1_f64, 0.2, 0.3, 0.4];
    match kl_divergence(&full_row, &causal_row)? {
        KlDivergence::Infinite { index } => println!(
            "  KL(full ‖ causal) = ∞: the full row puts mass on key {index}, which the causal row masks"
        ),
        other => return Err(format!("expected an infinite KL divergence, got {other:?}").into()),
    }
    let back = kl_divergence(&causal_row, &full_row)?
        .finite()
        .ok_or("KL(causal ‖ full) should be finite")?;
    println!(
        "  KL(causal ‖ full) = {back:.3} bits; JS distance {:.3} (finite, symmetric)",
        js_distance(&causal_row, &full_row)?
    );

    // Seed 002's softmax-of-a-softmax: rows are already distributions; a second softmax
    // flattens them toward uniform.
    let row = attention[sharp];
    let twice = softmax(&row);
    let (h_row, h_twice) = (entropy(&row)?, entropy(&twice)?);
    if h_twice <= h_row {
        return Err("a second softmax should flatten the row".into());
    }
    println!(
        "  softmax applied again to {:?}'s row: {h_row:.2} → {h_twice:.2} bits (close to {bound:.2}): do not",
        words[sharp]
    );

    // Contextual mapping: the same word in another sentence gets another vector.
    let other_file = "transformer/quantum_reordered.txt";
    let other_words = tokens(other_file)?;
    let other = common::read_table(other_file);
    let here = words
        .iter()
        .position(|w| w == "quantum")
        .ok_or("no 'quantum'")?;
    let there = other_words
        .iter()
        .position(|w| w == "quantum")
        .ok_or("no 'quantum'")?;
    let cosine = cosine_similarity(
        &value_vector(&table, 5, here)?,
        &value_vector(&other, 5, there)?,
    )?;
    if cosine >= 0.9999 {
        return Err("the two occurrences should differ".into());
    }
    println!(
        "  'quantum' at position {here} vs {there} of the reordered sentence: cosine {cosine:.4} of its layer-6 value vectors — context-dependent"
    );
    Ok(())
}

fn softmax<const M: usize>(x: &[f64; M]) -> [f64; M] {
    let max = x.iter().cloned().fold(f64::MIN, f64::max);
    let e = x.map(|v| (v - max).exp());
    let total: f64 = e.iter().sum();
    e.map(|v| v / total)
}

fn argmin(x: &[f64]) -> usize {
    (0..x.len())
        .min_by(|&a, &b| x[a].total_cmp(&x[b]))
        .unwrap_or(0)
}

fn argmax(x: &[f64]) -> usize {
    (0..x.len())
        .max_by(|&a, &b| x[a].total_cmp(&x[b]))
        .unwrap_or(0)
}
