//! Reads the real transformer attention in `tests/data/transformer/` (all-MiniLM-L6-v2 on seed
//! 002's sentences; see its README): the sentence, its WordPiece tokens, and per layer and head
//! the attention weights and the projected queries, keys and values.
//!
//! Shared by the tour and the figures through `#[path]`; std is fine here.

#![allow(dead_code)] // each example uses part of it

#[path = "../../tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::error::Error;

/// Layers and heads of the exported model, and its head dimension.
pub const LAYERS: usize = 6;
pub const HEADS: usize = 12;
pub const HEAD_DIM: usize = 32;

/// One exported sentence.
pub struct Sentence {
    pub sentence: String,
    pub tokens: Vec<String>,
    records: HashMap<String, Vec<f64>>,
}

impl Sentence {
    /// Loads `tests/data/transformer/<name>.txt` with the tests' own reader.
    pub fn load(name: &str) -> Result<Self, Box<dyn Error>> {
        let relative = format!("transformer/{name}.txt");
        let path = common::data_path(&relative);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let header = |key: &str| -> Result<String, Box<dyn Error>> {
            Ok(text
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .ok_or_else(|| format!("{} has no {key:?} line", path.display()))?
                .trim()
                .to_string())
        };
        let records = common::read_table(&relative)
            .into_iter()
            .map(|record| (record.name, record.values))
            .collect();
        Ok(Self {
            sentence: header("# sentence:")?,
            tokens: header("# tokens:")?
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            records,
        })
    }

    /// The record `<what>_L<layer>_H<head>` (`what` is `attn`, `q`, `k` or `v`).
    pub fn record(&self, what: &str, layer: usize, head: usize) -> Result<&[f64], Box<dyn Error>> {
        let name = format!("{what}_L{layer}_H{head}");
        Ok(self
            .records
            .get(&name)
            .ok_or_else(|| format!("no record {name}"))?)
    }

    /// The model's own N × N attention weights of a head.
    pub fn attention<const N: usize>(
        &self,
        layer: usize,
        head: usize,
    ) -> Result<[[f64; N]; N], Box<dyn Error>> {
        rows(self.record("attn", layer, head)?)
    }

    /// The head's projected queries, keys and values, N × 32 each, in f32 (the model's
    /// precision: the values are exact).
    #[allow(clippy::type_complexity)]
    pub fn projections<const N: usize>(
        &self,
        layer: usize,
        head: usize,
    ) -> Result<[[[f32; HEAD_DIM]; N]; 3], Box<dyn Error>> {
        let convert = |what| -> Result<[[f32; HEAD_DIM]; N], Box<dyn Error>> {
            let x: [[f64; HEAD_DIM]; N] = rows(self.record(what, layer, head)?)?;
            Ok(x.map(|row| row.map(|v| v as f32)))
        };
        Ok([convert("q")?, convert("k")?, convert("v")?])
    }
}

/// A row-major record as an `R × C` array.
pub fn rows<const C: usize, const R: usize>(
    values: &[f64],
) -> Result<[[f64; C]; R], Box<dyn Error>> {
    if values.len() != R * C {
        return Err(format!("record has {} values, expected {R}×{C}", values.len()).into());
    }
    Ok(std::array::from_fn(|i| {
        std::array::from_fn(|j| values[i * C + j])
    }))
}
