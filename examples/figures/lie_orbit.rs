//! Lie groups: the orbit of a vector under exp(θG) (left), and how fast the partial sums of
//! the exponential series reach it (right).

use geoml::lie::{So2, expm};
use nalgebra::{Matrix2, Vector2};
use plotters::prelude::*;
use std::f64::consts::PI;
use std::path::Path;

/// The partial sum Σ_{k ≤ n} (θG)^k/k! applied to v.
fn partial_sum(theta: f64, n: usize, v: &Vector2<f64>) -> Vector2<f64> {
    let g = So2::hat(theta);
    let mut term = Matrix2::identity();
    let mut sum = term;
    for k in 1..=n {
        term = term * g / k as f64;
        sum += term;
    }
    sum * v
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (960, 470)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(470);
    let v = Vector2::new(1.0, 0.0);

    let mut orbit_chart = ChartBuilder::on(&left)
        .caption("exp(θG) v for v = (1, 0)", ("sans-serif", 18))
        .margin(14)
        .x_label_area_size(28)
        .y_label_area_size(36)
        .build_cartesian_2d(-1.3_f64..1.3, -1.3_f64..1.3)?;
    orbit_chart.configure_mesh().disable_mesh().draw()?;
    // The whole orbit, every point the matrix exponential of the generator applied to v.
    let mut orbit = Vec::new();
    for i in 0..=240 {
        let theta = 2.0 * PI * f64::from(i) / 240.0;
        let p = expm(&So2::hat(theta))? * v;
        orbit.push((p.x, p.y));
    }
    orbit_chart
        .draw_series(LineSeries::new(orbit, BLACK.stroke_width(2)))?
        .label("0 ≤ θ < 2π")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(2)));
    // Seed 000's ten angles in [0, 0.1]: a thin fan of arrows next to v.
    for i in 0..10 {
        let theta = 0.1 * f64::from(i) / 9.0;
        let p = expm(&So2::hat(theta))? * v;
        orbit_chart.draw_series(LineSeries::new([(0.0, 0.0), (p.x, p.y)], BLUE.mix(0.5)))?;
    }
    orbit_chart
        .draw_series([PathElement::new(
            vec![(0.0, 0.0), (0.0, 0.0)],
            BLUE.mix(0.5),
        )])?
        .label("seed 000: θ ∈ [0, 0.1]")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE.mix(0.6)));
    // Every 30°, a point of the orbit.
    for k in 0..12 {
        let p = expm(&So2::hat(PI * f64::from(k) / 6.0))? * v;
        orbit_chart.draw_series([Circle::new((p.x, p.y), 3, RED.filled())])?;
    }
    orbit_chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;

    let mut series_chart = ChartBuilder::on(&right)
        .caption("|Σₖ≤ₙ (θG)ᵏ/k! v − exp(θG) v|", ("sans-serif", 18))
        .margin(14)
        .x_label_area_size(32)
        .y_label_area_size(52)
        .build_cartesian_2d(0_f64..30.0, (1e-17_f64..1e3).log_scale())?;
    series_chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("terms n")
        .y_labels(8)
        .y_label_formatter(&|y| format!("{y:.0e}"))
        .draw()?;
    let palette = [BLUE, GREEN, RED, MAGENTA];
    for (k, &theta) in [0.1, 1.0, 2.5, 2.0 * PI].iter().enumerate() {
        let exact = expm(&So2::hat(theta))? * v;
        let points: Vec<(f64, f64)> = (0..=30)
            .map(|n| {
                let err = (partial_sum(theta, n, &v) - exact).norm().max(1e-17);
                (n as f64, err)
            })
            .collect();
        let colour = palette[k];
        series_chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?
            .label(format!(
                "θ = {}",
                if k == 3 {
                    "2π".to_string()
                } else {
                    theta.to_string()
                }
            ))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
            });
        series_chart.draw_series(points.iter().map(|&p| Circle::new(p, 2, colour.filled())))?;
    }
    series_chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(())
}
