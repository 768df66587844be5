//! Stop: information in the attention of a real transformer (all-MiniLM-L6-v2).

use crate::transformer::{HEAD_DIM, HEADS, Sentence};
use geoml::attention::softmax;
use geoml::info::{
    KlDivergence, cosine_similarity, entropy, js_distance, js_distance_matrix, kl_divergence,
    row_entropies,
};

/// Tokens of "Quantum Information Theory provides ways to study attention using entanglement."
const N: usize = 15;

/// The value vector of token `i` in layer `layer`, all 12 heads side by side (384 numbers).
fn value_vector(
    sentence: &Sentence,
    layer: usize,
    i: usize,
) -> Result<[f64; HEADS * HEAD_DIM], Box<dyn std::error::Error>> {
    let mut v = [0.0; HEADS * HEAD_DIM];
    for (head, slot) in v.chunks_exact_mut(HEAD_DIM).enumerate() {
        let values = sentence.record("v", layer, head)?;
        slot.copy_from_slice(&values[i * HEAD_DIM..(i + 1) * HEAD_DIM]);
    }
    Ok(v)
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let sentence = Sentence::load("quantum_long")?;
    let words = &sentence.tokens;
    let attention: [[f64; N]; N] = sentence.attention(5, 6)?;

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
    let mut twice = [0.0; N];
    softmax(&row, &mut twice)?;
    let (h_row, h_twice) = (entropy(&row)?, entropy(&twice)?);
    if h_twice <= h_row {
        return Err("a second softmax should flatten the row".into());
    }
    println!(
        "  softmax applied again to {:?}'s row: {h_row:.2} → {h_twice:.2} bits (close to {bound:.2}): do not",
        words[sharp]
    );

    // Contextual mapping: the same word in another sentence gets another vector.
    let other = Sentence::load("quantum_reordered")?;
    let here = words
        .iter()
        .position(|w| w == "quantum")
        .ok_or("no 'quantum'")?;
    let there = other
        .tokens
        .iter()
        .position(|w| w == "quantum")
        .ok_or("no 'quantum'")?;
    let cosine = cosine_similarity(
        &value_vector(&sentence, 5, here)?,
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
