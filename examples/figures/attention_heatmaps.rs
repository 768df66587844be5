//! Softmax and attention: heatmaps of four heads of a real transformer (all-MiniLM-L6-v2) on
//! one of seed 002's sentences. Every weight is computed by geoml's scaled dot-product attention
//! from the model's own per-head queries and keys.

use crate::transformer::{HEAD_DIM, Sentence};
use geoml::attention::{AttentionOptions, scaled_dot_product_attention};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Tokens of `quantum_long` ([CLS] … [SEP]).
pub const N: usize = 15;

/// The heads shown, with what each one visibly does.
pub const HEADS: [(usize, usize, &str); 4] = [
    (0, 2, "previous token"),
    (1, 8, "next token"),
    (2, 9, "[CLS] as a sink"),
    (4, 9, "pieces of a word"),
];

/// A head's weights, computed by geoml from the exported queries, keys and values.
pub fn weights(
    sentence: &Sentence,
    layer: usize,
    head: usize,
) -> Result<[[f32; N]; N], Box<dyn std::error::Error>> {
    let [q, k, v] = sentence.projections::<N>(layer, head)?;
    let mut out = [[0.0_f32; HEAD_DIM]; N];
    let mut w = [[0.0_f32; N]; N];
    scaled_dot_product_attention(&q, &k, &v, &AttentionOptions::new(), &mut out, Some(&mut w))?;
    Ok(w)
}

/// Viridis, linearly interpolated between five of its colours.
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let x = t.clamp(0.0, 1.0) * 4.0;
    let i = (x.floor() as usize).min(3);
    let f = x - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn panel(
    area: &DrawingArea<SVGBackend, Shift>,
    tokens: &[String],
    w: &[[f32; N]; N],
    title: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let (width, height) = area.dim_in_pixel();
    let (left, top, bottom) = (92_i32, 30_i32, 86_i32);
    let cell = ((width as i32 - left - 8).min(height as i32 - top - bottom)) / N as i32;
    area.draw(&Text::new(
        title.to_string(),
        (left, 8),
        ("sans-serif", 15).into_font(),
    ))?;
    for (i, row) in w.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            let (x0, y0) = (left + j as i32 * cell, top + i as i32 * cell);
            area.draw(&Rectangle::new(
                [(x0, y0), (x0 + cell, y0 + cell)],
                viridis(f64::from(x)).filled(),
            ))?;
        }
    }
    let label = ("sans-serif", 11).into_font();
    for (i, token) in tokens.iter().enumerate() {
        let y = top + i as i32 * cell + cell / 2;
        area.draw(&Text::new(
            token.clone(),
            (left - 4, y),
            TextStyle::from(label.clone()).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let x = left + i as i32 * cell + cell / 2;
        area.draw(&Text::new(
            token.clone(),
            (x, top + N as i32 * cell + 4),
            TextStyle::from(label.clone().transform(FontTransform::Rotate90))
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let sentence = Sentence::load("quantum_long")?;
    let root = SVGBackend::new(path, (860, 860)).into_drawing_area();
    root.fill(&WHITE)?;
    let (header, body) = root.split_vertically(40);
    header.draw(&Text::new(
        format!(
            "\u{201c}{}\u{201d}: rows are queries, columns keys (weight 0 dark, 1 yellow)",
            sentence.sentence
        ),
        (12, 12),
        ("sans-serif", 14).into_font(),
    ))?;
    for (area, &(layer, head, what)) in body.split_evenly((2, 2)).iter().zip(&HEADS) {
        let w = weights(&sentence, layer, head)?;
        let title = format!("layer {}, head {}: {what}", layer + 1, head + 1);
        panel(area, &sentence.tokens, &w, &title)?;
    }
    root.present()?;
    Ok(())
}
