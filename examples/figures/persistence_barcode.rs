//! Persistent homology of attention: the barcode of one head on one sentence.

use super::persistence_data::{HEAD, LAYER, head};
use plotters::prelude::*;
use std::path::Path;

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let h = head("quantum_long")?;
    // Essential bars (death = ∞) are cut beyond every finite value, with an arrow.
    let right = h
        .diagram
        .iter()
        .filter_map(|(_, bar)| bar.death())
        .fold(0.0_f64, f64::max)
        + 0.05;
    let bars: Vec<(usize, f64, Option<f64>)> = (0..=1)
        .flat_map(|k| {
            h.diagram
                .dimension(k)
                .iter()
                .map(move |b| (k, b.birth(), b.death()))
        })
        .collect();
    let rows = bars.len() as f64;
    let root = SVGBackend::new(path, (640, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "Barcode, layer {} head {}, “Quantum Information Theory provides …”",
                LAYER + 1,
                HEAD + 1
            ),
            ("sans-serif", 17),
        )
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(20)
        .build_cartesian_2d(0.0_f64..right + 0.28, -0.8_f64..rows)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .max_light_lines(0)
        .x_desc("scale (JS distance)")
        .draw()?;
    for (row, &(k, birth, death)) in bars.iter().enumerate() {
        let y = rows - 1.0 - row as f64;
        let colour = if k == 0 { BLUE } else { RED };
        let end = death.unwrap_or(right);
        chart.draw_series([Rectangle::new(
            [(birth, y - 0.3), (end, y + 0.3)],
            colour.filled(),
        )])?;
        if death.is_none() {
            chart.draw_series([Text::new(
                "→ ∞",
                (right + 0.005, y + 0.4),
                ("sans-serif", 14),
            )])?;
        }
    }
    let legend = [(BLUE, "H0: clusters merging"), (RED, "H1: loops")];
    for (colour, text) in legend {
        chart
            .draw_series([Rectangle::new([(0.0, -2.0), (0.0, -2.0)], colour.filled())])?
            .label(text)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], colour.filled()));
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
