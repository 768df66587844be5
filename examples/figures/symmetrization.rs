//! Symmetry and invariance: an order-dependent function on the 24 reorderings of four tokens,
//! and three ways to make it invariant (canonicalization, averaging over the cyclic shifts,
//! averaging over all of S₄).

use geoml::symmetry::{
    AllPermutations, Permutation, PermutationGroup, canonicalize, symmetrize_invariant,
};
use plotters::prelude::*;
use std::path::Path;

/// Four tokens in the plane.
const X: [[f64; 2]; 4] = [[0.9, -0.4], [-0.3, 1.1], [0.5, 0.7], [-1.2, 0.2]];

/// A readout that cares about order: position weights and neighbour interactions.
fn readout(x: &[[f64; 2]; 4]) -> geoml::Result<[f64; 1]> {
    let mut y = 0.0;
    for (i, token) in x.iter().enumerate() {
        y += (i as f64 + 1.0) * token[0];
        if let Some(next) = x.get(i + 1) {
            y += token[1] * next[0];
        }
    }
    Ok([y])
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let shifts = PermutationGroup::<4, 4>::generated_by(&[Permutation::cyclic_shift(1)])?;
    let mut raw = Vec::new();
    let mut canonical = Vec::new();
    let mut cyclic = Vec::new();
    let mut full = Vec::new();
    for (k, g) in AllPermutations::<4>::new().enumerate() {
        let mut moved = [[0.0; 2]; 4];
        g.apply_rows(&X, &mut moved);
        let x = k as f64 + 1.0;
        raw.push((x, readout(&moved)?[0]));
        let mut sorted = [[0.0; 2]; 4];
        canonicalize(&moved, &mut sorted)?;
        canonical.push((x, readout(&sorted)?[0]));
        cyclic.push((x, symmetrize_invariant(readout, shifts.iter(), &moved)?[0]));
        full.push((
            x,
            symmetrize_invariant(readout, AllPermutations::new(), &moved)?[0],
        ));
    }
    let values = raw.iter().chain(&canonical).chain(&cyclic).map(|p| p.1);
    let (low, high) = values.fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)));
    let span = high - low;

    let root = SVGBackend::new(path, (760, 400)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "One function on the 24 orderings of four tokens",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(48)
        .build_cartesian_2d(0.5_f64..24.5, (low - 0.05 * span)..(high + 0.6 * span))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(12)
        .max_light_lines(0)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .x_desc("ordering g (Heap's order)")
        .y_desc("value at g·X")
        .draw()?;

    chart
        .draw_series(raw.iter().map(|&p| Cross::new(p, 5, BLACK.stroke_width(2))))?
        .label("f(g·X): depends on the order")
        .legend(|(x, y)| Cross::new((x + 10, y), 5, BLACK.stroke_width(2)));
    chart
        .draw_series(cyclic.iter().map(|&p| Circle::new(p, 4, BLUE.filled())))?
        .label("average over the 4 cyclic shifts: invariant only under shifts")
        .legend(|(x, y)| Circle::new((x + 10, y), 4, BLUE.filled()));
    chart
        .draw_series(LineSeries::new(full.clone(), RED.stroke_width(3)))?
        .label("average over all 24 orderings: invariant")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], RED.stroke_width(3)));
    chart
        .draw_series(LineSeries::new(canonical.clone(), GREEN.stroke_width(3)))?
        .label("f(sort rows of g·X): invariant")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], GREEN.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}
