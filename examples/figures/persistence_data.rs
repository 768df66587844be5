//! The data behind the persistence figures: one head of all-MiniLM-L6-v2 on two sentences,
//! the Jensen–Shannon distances between its attention rows (geoml::info) and their Rips
//! persistence diagrams (geoml::persistence).

use crate::transformer::Sentence;
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
    let data = Sentence::load(sentence)?;
    if data.tokens.len() != N {
        return Err(format!(
            "{sentence}: expected {N} tokens, found {}",
            data.tokens.len()
        )
        .into());
    }
    let attention = data.attention::<N>(LAYER, HEAD)?;
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
        tokens: data.tokens,
        distances,
        diagram,
    })
}
