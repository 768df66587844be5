//! Introduction: stereographic projection of the unit circle from its north pole, computed by
//! geoml's chart `Stereographic::<2>::north()`.

use geoml::manifold::{Chart, Stereographic};
use nalgebra::Vector2;
use plotters::prelude::*;
use std::path::Path;

/// σ(x, y) = x / (1 − y): where the line from the north pole through (x, y) meets y = 0.
fn project_from_north(x: f64, y: f64) -> Result<f64, geoml::Error> {
    Ok(Stereographic::<2>::north().to_coords(&Vector2::new(x, y))?[0])
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (640, 316)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Stereographic projection of S¹ from the north pole",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(36)
        .build_cartesian_2d(-3.2_f64..3.2, -1.3_f64..1.3)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(7)
        .y_labels(5)
        .draw()?;

    let circle = (0..=400).map(|i| {
        let t = std::f64::consts::TAU * f64::from(i) / 400.0;
        (t.cos(), t.sin())
    });
    chart.draw_series(LineSeries::new(circle, BLACK.stroke_width(2)))?;
    chart.draw_series(LineSeries::new([(-3.2, 0.0), (3.2, 0.0)], BLACK.mix(0.4)))?;

    // Rays from the pole through points of the circle to their images on the line.
    let palette = [RED, BLUE, GREEN, MAGENTA, CYAN];
    for (k, angle_deg) in [-60.0_f64, -20.0, 20.0, 150.0, 225.0].iter().enumerate() {
        let (x, y) = (angle_deg.to_radians().cos(), angle_deg.to_radians().sin());
        let image = project_from_north(x, y)?;
        let colour = palette[k % palette.len()];
        chart.draw_series(LineSeries::new(
            [(0.0, 1.0), (x, y), (image, 0.0)],
            colour.stroke_width(1),
        ))?;
        chart.draw_series([
            Circle::new((x, y), 4, colour.filled()),
            Circle::new((image, 0.0), 4, colour.filled()),
        ])?;
    }
    chart.draw_series([Circle::new((0.0, 1.0), 5, BLACK.filled())])?;
    chart.draw_series([Text::new("N", (0.08, 1.12), ("sans-serif", 16))])?;
    root.present()?;
    Ok(())
}
