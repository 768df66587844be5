//! Softmax and attention: one head of a real transformer drawn as a weighted graph (seed 002's
//! "attention graph"): tokens on a circle, an edge between two tokens as thick as their
//! symmetrised weight (w_ij + w_ji)/2. The weights are computed by geoml's attention and
//! symmetrised by `geoml::info::symmetrized_attention_graph`.

use crate::attention_heatmaps::{N, viridis, weights};
use crate::transformer::Sentence;
use geoml::info::symmetrized_attention_graph;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::f64::consts::{FRAC_PI_2, TAU};
use std::path::Path;

/// The head drawn (layer 5, head 10 counting from 1): it links the pieces of words and phrases.
pub const LAYER: usize = 4;
pub const HEAD: usize = 9;
/// Edges lighter than this are left out, so that the structure shows.
pub const THRESHOLD: f32 = 0.05;

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let sentence = Sentence::load("quantum_long")?;
    let mut graph = [[0.0_f32; N]; N];
    symmetrized_attention_graph(&weights(&sentence, LAYER, HEAD)?, &mut graph)?;
    let root = SVGBackend::new(path, (700, 640)).into_drawing_area();
    root.fill(&WHITE)?;
    root.draw(&Text::new(
        format!(
            "Layer {}, head {}: edges (w\u{1d62}\u{2c7c} + w\u{2c7c}\u{1d62})/2 \u{2265} {THRESHOLD}",
            LAYER + 1,
            HEAD + 1
        ),
        (14, 12),
        ("sans-serif", 16).into_font(),
    ))?;
    let (cx, cy, radius) = (350.0, 335.0, 230.0);
    let position = |i: usize| {
        let angle = FRAC_PI_2 - TAU * i as f64 / N as f64;
        (
            (cx + radius * angle.cos()) as i32,
            (cy - radius * angle.sin()) as i32,
        )
    };
    let strongest = graph
        .iter()
        .enumerate()
        .flat_map(|(i, row)| row.iter().enumerate().filter(move |(j, _)| *j != i))
        .fold(0.0_f32, |m, (_, &x)| m.max(x));
    // Lightest edges first, so that heavy ones are drawn on top.
    let mut edges: Vec<(usize, usize, f32)> = (0..N)
        .flat_map(|i| (i + 1..N).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, graph[i][j]))
        .filter(|&(_, _, x)| x >= THRESHOLD)
        .collect();
    edges.sort_by(|a, b| a.2.total_cmp(&b.2));
    for (i, j, x) in edges {
        let t = f64::from(x / strongest);
        let colour = viridis(1.0 - 0.85 * t);
        let width = (1.0 + 9.0 * t).round() as u32;
        root.draw(&PathElement::new(
            vec![position(i), position(j)],
            colour.stroke_width(width),
        ))?;
    }
    for (i, token) in sentence.tokens.iter().enumerate() {
        let (x, y) = position(i);
        // The node's area shows the weight of its self-loop.
        let size = (4.0 + 14.0 * f64::from(graph[i][i]).sqrt()) as i32;
        root.draw(&Circle::new((x, y), size, RGBColor(250, 250, 250).filled()))?;
        root.draw(&Circle::new((x, y), size, BLACK.stroke_width(1)))?;
        let angle = FRAC_PI_2 - TAU * i as f64 / N as f64;
        let (lx, ly) = (
            (cx + (radius + 26.0) * angle.cos()) as i32,
            (cy - (radius + 26.0) * angle.sin()) as i32,
        );
        let h = if angle.cos() > 0.2 {
            HPos::Left
        } else if angle.cos() < -0.2 {
            HPos::Right
        } else {
            HPos::Center
        };
        root.draw(&Text::new(
            token.clone(),
            (lx, ly),
            TextStyle::from(("sans-serif", 14).into_font()).pos(Pos::new(h, VPos::Center)),
        ))?;
    }
    root.draw(&Text::new(
        "node size: self-attention w\u{1d62}\u{1d62}".to_string(),
        (14, 618),
        ("sans-serif", 12).into_font(),
    ))?;
    root.present()?;
    Ok(())
}
