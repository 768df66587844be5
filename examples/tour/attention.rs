//! Stop: softmax and attention, on a real transformer's heads.

use crate::transformer::{HEAD_DIM, Sentence};
use geoml::attention::{
    AttentionOptions, CausalAlignment, Tile, distance_attention, scaled_dot_product_attention,
    scaled_dot_product_attention_tiled, softmax,
};
use geoml::lie::So3;
use nalgebra::Vector3;

const N: usize = 15;

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Softmax subtracts the maximum: logits of any size are safe, and −∞ masks an entry.
    let mut p = [0.0_f32; 3];
    softmax(&[1000.0, 999.0, f32::NEG_INFINITY], &mut p)?;
    println!("softmax(1000, 999, −∞) = {p:.4?} (naive exp(1000) would overflow)");
    if (p[0] - 0.7311).abs() > 1e-4 || p[2] != 0.0 {
        return Err("stable softmax is wrong".into());
    }

    // A real transformer: all-MiniLM-L6-v2 on one of seed 002's sentences. geoml recomputes
    // every head's weights from the model's own queries and keys and must match the model.
    let sentence = Sentence::load("quantum_long")?;
    println!(
        "\u{201c}{}\u{201d}: {} tokens",
        sentence.sentence,
        sentence.tokens.len()
    );
    let mut worst = 0.0_f64;
    for layer in 0..6 {
        for head in 0..12 {
            let [q, k, v] = sentence.projections::<N>(layer, head)?;
            let (mut out, mut w) = ([[0.0_f32; HEAD_DIM]; N], [[0.0_f32; N]; N]);
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new(),
                &mut out,
                Some(&mut w),
            )?;
            let model = sentence.attention::<N>(layer, head)?;
            for (ours, theirs) in w.as_flattened().iter().zip(model.as_flattened()) {
                worst = worst.max((f64::from(*ours) - theirs).abs());
            }
            // The tiled form never stores the 15×15 weights and gives the same output.
            let mut tiled = [[0.0_f32; HEAD_DIM]; N];
            scaled_dot_product_attention_tiled(
                &q,
                &k,
                &v,
                &AttentionOptions::new(),
                Tile::<4>,
                &mut tiled,
            )?;
            for (a, b) in tiled.as_flattened().iter().zip(out.as_flattened()) {
                if (a - b).abs() > 1e-5 {
                    return Err("tiled attention differs from the direct form".into());
                }
            }
        }
    }
    println!("72 heads recomputed in f32: largest difference from the model's weights {worst:.1e}");
    if worst > 1e-6 {
        return Err("attention does not reproduce the model".into());
    }

    // What one head does: layer 1, head 3 attends to the previous token.
    let [q, k, v] = sentence.projections::<N>(0, 2)?;
    let (mut out, mut w) = ([[0.0_f32; HEAD_DIM]; N], [[0.0_f32; N]; N]);
    scaled_dot_product_attention(&q, &k, &v, &AttentionOptions::new(), &mut out, Some(&mut w))?;
    let favourite = |i: usize| {
        (0..N)
            .max_by(|&a, &b| w[i][a].total_cmp(&w[i][b]))
            .unwrap_or(0)
    };
    let pairs: Vec<String> = [3, 8, 11]
        .iter()
        .map(|&i| format!("{} → {}", sentence.tokens[i], sentence.tokens[favourite(i)]))
        .collect();
    println!("layer 1 head 3 looks back one token: {}", pairs.join(", "));
    if (1..N).any(|i| favourite(i) != i - 1) {
        return Err("layer 1 head 3 is not a previous-token head".into());
    }

    // A causal mask with more queries than keys, aligned bottom-right: the first queries see
    // nothing; their rows are zero and counted.
    let (mut short_out, mut short_w) = ([[0.0_f32; HEAD_DIM]; N], [[0.0_f32; 10]; N]);
    let keys: [[f32; HEAD_DIM]; 10] = std::array::from_fn(|j| k[j]);
    let values: [[f32; HEAD_DIM]; 10] = std::array::from_fn(|j| v[j]);
    let causal = AttentionOptions::new().causal(CausalAlignment::BottomRight);
    let empty = scaled_dot_product_attention(
        &q,
        &keys,
        &values,
        &causal,
        &mut short_out,
        Some(&mut short_w),
    )?;
    println!(
        "15 queries over 10 keys, causal bottom-right: {empty} queries see no key (zero rows)"
    );
    if empty != 5 {
        return Err("bottom-right alignment is wrong".into());
    }

    // Distance-scored attention (seed 000) cannot see a joint rotation of queries and keys.
    let points: [[f64; 3]; 6] = std::array::from_fn(|i| {
        let t = i as f64;
        [t.cos(), (2.0 * t).sin(), 0.3 * t]
    });
    // A rotation by 1.1 rad about (1, 2, −0.5), from geoml's SO(3) exponential.
    let rotation = So3::exp(&(Vector3::new(1.0, 2.0, -0.5).normalize() * 1.1))?;
    let mut rotated = points;
    for point in rotated.iter_mut() {
        *point = rotation.act(&Vector3::from(*point))?.into();
    }
    let labels: [[f64; 1]; 6] = std::array::from_fn(|i| [i as f64]);
    let (mut a, mut b) = ([[0.0; 1]; 6], [[0.0; 1]; 6]);
    distance_attention(
        &points,
        &points,
        &labels,
        &AttentionOptions::new(),
        &mut a,
        None,
    )?;
    distance_attention(
        &rotated,
        &rotated,
        &labels,
        &AttentionOptions::new(),
        &mut b,
        None,
    )?;
    let change = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x[0] - y[0]).abs())
        .fold(0.0, f64::max);
    println!("distance attention before and after a 63° rotation: outputs differ by {change:.1e}");
    if change > 1e-12 {
        return Err("distance attention is not rotation invariant".into());
    }
    Ok(())
}
