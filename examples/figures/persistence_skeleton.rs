//! Persistent homology of attention: the 1-skeleton of the Rips complex (the threshold graph)
//! of one head at two scales, tokens coloured by cluster.

use super::persistence_data::{HEAD, LAYER, N, head};
use geoml::persistence::{DistanceMatrix, clusters_at_scale, threshold_edges};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let h = head("quantum_long")?;
    let d = DistanceMatrix::new(&h.distances)?;
    // A scale with a few clusters (the middle death of H0), and the birth of the longest loop.
    let deaths: Vec<f64> = h
        .diagram
        .dimension(0)
        .iter()
        .filter_map(|b| b.death())
        .collect();
    let small = deaths[deaths.len() / 2];
    let longest = h
        .diagram
        .dimension(1)
        .iter()
        .max_by(|a, b| a.persistence().partial_cmp(&b.persistence()).unwrap())
        .ok_or("no loop in this head")?;
    let loop_born = longest.birth();

    let root = SVGBackend::new(path, (900, 470)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!(
            "Threshold graph of layer {} head {} at two scales, “Quantum Information Theory provides …”",
            LAYER + 1,
            HEAD + 1
        ),
        ("sans-serif", 17),
    )?;
    let panels = root.split_evenly((1, 2));
    let palette = [
        BLUE,
        RED,
        GREEN,
        MAGENTA,
        CYAN,
        RGBColor(230, 140, 0),
        BLACK,
    ];
    for (panel, scale) in panels.iter().zip([small, loop_born]) {
        let mut labels = [0; N];
        let clusters = clusters_at_scale(&d, scale, &mut labels)?;
        let edges: Vec<(usize, usize, f64)> = threshold_edges(&d, scale)?.collect();
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!(
                    "scale {scale:.3}: {clusters} clusters, {} edges",
                    edges.len()
                ),
                ("sans-serif", 15),
            )
            .margin(30)
            .build_cartesian_2d(-1.45_f64..1.45, -1.3_f64..1.3)?;
        let at = |i: usize| {
            let angle = std::f64::consts::FRAC_PI_2 - std::f64::consts::TAU * i as f64 / N as f64;
            (angle.cos(), angle.sin())
        };
        for &(i, j, _) in &edges {
            chart.draw_series(LineSeries::new([at(i), at(j)], BLACK.mix(0.35)))?;
        }
        for i in 0..N {
            let colour = palette[labels[i] % palette.len()];
            chart.draw_series([Circle::new(at(i), 6, colour.filled())])?;
            let (x, y) = at(i);
            let style = TextStyle::from(("sans-serif", 13).into_font())
                .pos(Pos::new(HPos::Center, VPos::Center));
            chart.draw_series([Text::new(h.tokens[i].clone(), (1.2 * x, 1.13 * y), style)])?;
        }
    }
    root.present()?;
    Ok(())
}
