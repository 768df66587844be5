//! Information in attention: the entropy of each query token's attention row, for the most
//! focused and the most diffuse head of the first and the last layer of all-MiniLM-L6-v2.

use crate::transformer::{HEADS, LAYERS, Sentence};
use geoml::info::row_entropies;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Tokens of `tests/data/transformer/quantum_long.txt`.
const N: usize = 15;

/// Row entropies (bits) of every head, `[layer][head][token]`, computed by geoml.
fn all_entropies(sentence: &Sentence) -> Result<Vec<Vec<[f64; N]>>, Box<dyn std::error::Error>> {
    let mut out = vec![vec![[0.0; N]; HEADS]; LAYERS];
    for (layer, per_layer) in out.iter_mut().enumerate() {
        for (head, bits) in per_layer.iter_mut().enumerate() {
            let weights: [[f64; N]; N] = sentence.attention(layer, head)?;
            row_entropies(&weights, bits)?;
        }
    }
    Ok(out)
}

fn mean(values: &[f64; N]) -> f64 {
    values.iter().sum::<f64>() / N as f64
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let sentence = Sentence::load("quantum_long")?;
    let tokens = &sentence.tokens;
    if tokens.len() != N {
        return Err(format!("expected {N} tokens, found {}", tokens.len()).into());
    }
    let entropies = all_entropies(&sentence)?;

    // The most focused (lowest mean entropy) and most diffuse head of layers 1 and 6.
    let mut chosen = Vec::new();
    for layer in [0, LAYERS - 1] {
        let by_mean = |h: &usize| mean(&entropies[layer][*h]);
        let focused = (0..HEADS)
            .min_by(|a, b| by_mean(a).total_cmp(&by_mean(b)))
            .ok_or("no heads")?;
        let diffuse = (0..HEADS)
            .max_by(|a, b| by_mean(a).total_cmp(&by_mean(b)))
            .ok_or("no heads")?;
        chosen.push((layer, diffuse));
        chosen.push((layer, focused));
    }

    let uniform = (N as f64).log2();
    let root = SVGBackend::new(path, (760, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Entropy of each token's attention row, all-MiniLM-L6-v2",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(70)
        .y_label_area_size(48)
        .build_cartesian_2d(-0.5_f64..(N as f64 - 0.5), -0.15_f64..4.2)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .max_light_lines(0)
        .y_desc("entropy (bits)")
        .draw()?;

    chart
        .draw_series(DashedLineSeries::new(
            [(-0.5, uniform), (N as f64 - 0.5, uniform)],
            6,
            4,
            BLACK.mix(0.6).stroke_width(1),
        ))?
        .label(format!("uniform over {N} tokens: log₂ {N} = {uniform:.2}"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK.mix(0.6)));

    let palette = [BLUE, CYAN, RED, MAGENTA];
    for (k, &(layer, head)) in chosen.iter().enumerate() {
        let colour = palette[k % palette.len()];
        let values = entropies[layer][head];
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, &h)| (i as f64, h))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?
            .label(format!(
                "layer {} head {} (mean {:.2} bits)",
                layer + 1,
                head + 1,
                mean(&values)
            ))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], colour.stroke_width(2)));
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))?;
    }
    // Token names under the axis, rotated, each ending just below its tick.
    let label_style = TextStyle::from(
        ("sans-serif", 13)
            .into_font()
            .transform(FontTransform::Rotate270),
    )
    .pos(Pos::new(HPos::Right, VPos::Center));
    for (i, token) in tokens.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64, -0.15));
        root.draw(&Text::new(token.clone(), (x, y + 6), label_style.clone()))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}
