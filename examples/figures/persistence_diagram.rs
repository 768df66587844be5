//! Persistent homology of attention: the persistence diagrams of one head on two sentences
//! with the same words in another order, and the optimal bottleneck matching between their H1
//! points.

use super::persistence_data::{HEAD, LAYER, head};
use geoml::persistence::{BottleneckWorkspace, bottleneck_distance, bottleneck_matching};
use plotters::prelude::*;
use std::path::Path;

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let (a, b) = (head("quantum_long")?, head("quantum_reordered")?);
    let mut ws = BottleneckWorkspace::<f64, 32, { 32 * 32 + 64 }>::new();
    let h0 = bottleneck_distance(a.diagram.dimension(0), b.diagram.dimension(0), &mut ws)?
        .finite()
        .ok_or("H0 distance is infinite")?;
    let mut partners = [None; 32];
    let h1 = bottleneck_matching(
        a.diagram.dimension(1),
        b.diagram.dimension(1),
        &mut ws,
        &mut partners,
    )?
    .finite()
    .ok_or("H1 distance is infinite")?;

    // Essential classes (death = ∞) are drawn on a line above every finite value.
    let largest = [&a, &b]
        .iter()
        .flat_map(|h| h.diagram.iter().filter_map(|(_, bar)| bar.death()))
        .fold(0.0_f64, f64::max);
    let top = largest + 0.06;
    let end = top + 0.05;
    let root = SVGBackend::new(path, (640, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "Persistence diagrams, layer {} head {}",
                LAYER + 1,
                HEAD + 1
            ),
            ("sans-serif", 20),
        )
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(-0.02_f64..end, -0.02_f64..end)?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .x_desc("birth (JS distance)")
        .y_desc("death")
        .draw()?;
    chart.draw_series(LineSeries::new([(0.0, 0.0), (end, end)], BLACK.mix(0.5)))?;
    chart.draw_series(DashedLineSeries::new(
        [(-0.02, top), (end, top)],
        5,
        4,
        BLACK.mix(0.4).stroke_width(1),
    ))?;
    chart.draw_series([Text::new(
        "∞",
        (end - 0.03, top + 0.012),
        ("sans-serif", 16),
    )])?;

    // The H1 matching: each point of one sentence to its partner or to the diagonal.
    let ones_a = a.diagram.dimension(1);
    let ones_b = b.diagram.dimension(1);
    let mut taken = vec![false; ones_b.len()];
    let point = |bar: &geoml::persistence::Bar<f64>| (bar.birth(), bar.death().unwrap_or(top));
    let to_diagonal = |(x, y): (f64, f64)| ((x + y) / 2.0, (x + y) / 2.0);
    for (i, partner) in partners[..ones_a.len()].iter().enumerate() {
        let p = point(&ones_a[i]);
        let q = match partner {
            Some(j) => {
                taken[*j] = true;
                point(&ones_b[*j])
            }
            None => to_diagonal(p),
        };
        chart.draw_series(LineSeries::new([p, q], BLACK.mix(0.5).stroke_width(1)))?;
    }
    for (j, bar) in ones_b.iter().enumerate() {
        if !taken[j] {
            let q = point(bar);
            chart.draw_series(LineSeries::new([q, to_diagonal(q)], BLACK.mix(0.5)))?;
        }
    }

    let sentences = [
        (&a, "“Quantum Information Theory provides …”", true),
        (&b, "“Attention using entanglement provides …”", false),
    ];
    for (h, name, filled) in sentences {
        for (k, colour) in [(0, BLUE), (1, RED)] {
            let style = if filled {
                colour.filled()
            } else {
                colour.stroke_width(2)
            };
            let size = if filled { 4 } else { 6 };
            chart
                .draw_series(
                    h.diagram
                        .dimension(k)
                        .iter()
                        .map(|bar| Circle::new(point(bar), size, style)),
                )?
                .label(format!("H{k}, {name}"))
                .legend(move |(x, y)| Circle::new((x + 10, y), size, style));
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 13))
        .draw()?;
    chart.draw_series([Text::new(
        format!("bottleneck distance: H0 {h0:.3}, H1 {h1:.3} (H1 matching drawn)"),
        (0.03, top - 0.04),
        ("sans-serif", 14),
    )])?;
    root.present()?;
    Ok(())
}
