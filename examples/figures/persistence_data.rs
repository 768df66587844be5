//! The data behind the persistence figures: one head of all-MiniLM-L6-v2 on two sentences,
//! the Jensen–Shannon distances between its attention rows (geoml::info) and their Rips
//! persistence diagrams (geoml::persistence).

use geoml::info::js_distance_matrix;
use geoml::persistence::{
    DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16, rips_persistence,
};

/// Tokens of both quantum sentences.
pub const N: usize = 15;
/// Layer 3, head 9 (counting from 1): a head whose diagram has a clear loop.
pub const LAYER: usize = 2;
pub const HEAD: usize = 8;

pub struct Head {
    pub tokens: Vec<String>,
    pub distances: [[f64; N]; N],
    pub diagram: PersistenceDiagram<f64, 64>,
}

pub fn head(sentence: &str) -> Result<Head, Box<dyn std::error::Error>> {
    let file = format!(
        "{}/tests/data/transformer/{sentence}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&file)?;
    let tokens: Vec<String> = text
        .lines()
        .find_map(|l| l.strip_prefix("# tokens:"))
        .ok_or("no tokens header")?
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if tokens.len() != N {
        return Err(format!("{sentence}: expected {N} tokens, found {}", tokens.len()).into());
    }
    // The record `attn_L<l>_H<h> w w w …` (format: tools/reftable.py).
    let name = format!("attn_L{LAYER}_H{HEAD}");
    let weights: Vec<f64> = text
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name.as_str()))
        .ok_or(format!("{file} lacks {name}"))?
        .split_whitespace()
        .skip(1)
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    if weights.len() != N * N {
        return Err(format!("{name}: expected {} weights", N * N).into());
    }
    let attention: [[f64; N]; N] =
        std::array::from_fn(|i| std::array::from_fn(|j| weights[i * N + j]));
    let mut distances = [[0.0; N]; N];
    js_distance_matrix(&attention, &mut distances)?;
    let mut diagram = PersistenceDiagram::new();
    let mut workspace = RipsWorkspace16::new();
    rips_persistence(
        &DistanceMatrix::new(&distances)?,
        &RipsOptions::default(),
        &mut workspace,
        &mut diagram,
    )?;
    diagram.sort_by_birth();
    Ok(Head {
        tokens,
        distances,
        diagram,
    })
}
