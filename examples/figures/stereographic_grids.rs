//! Manifolds chapter: S² with the coordinate grids of both stereographic charts.
//!
//! Each grid line `u = const` or `v = const` of a chart is pulled back onto the sphere with
//! geoml's `Stereographic::<3>::to_point`; on the sphere the lines are circles through the
//! chart's pole, where the chart is undefined.

use crate::orthographic::View;
use geoml::manifold::{Chart, Stereographic};
use nalgebra::{Vector2, Vector3};
use plotters::prelude::*;
use std::path::Path;

fn grid_line(
    chart: &Stereographic<3>,
    level: f64,
    along_u: bool,
) -> Result<Vec<Vector3<f64>>, geoml::Error> {
    // Parameterise the free coordinate by tan, so the line reaches out to the pole evenly.
    (1..800)
        .map(|k| {
            let s = (f64::from(k) / 800.0 - 0.5) * std::f64::consts::PI;
            let free = s.tan();
            let c = if along_u {
                Vector2::new(free, level)
            } else {
                Vector2::new(level, free)
            };
            chart.to_point(&c)
        })
        .collect()
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (760, 400)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 2));
    let setups = [
        (
            Stereographic::<3>::north(),
            0.45,
            BLUE,
            "chart from the north pole",
        ),
        (
            Stereographic::<3>::south(),
            -0.45,
            RED,
            "chart from the south pole",
        ),
    ];
    for (panel, (chart, elevation, colour, title)) in panels.iter().zip(setups) {
        let view = View::new(0.6, elevation);
        let mut plot = ChartBuilder::on(panel)
            .caption(title, ("sans-serif", 18))
            .margin(10)
            .build_cartesian_2d(-1.15_f64..1.15, -1.15_f64..1.15)?;
        let outline = (0..=360).map(|k| {
            let t = f64::from(k).to_radians();
            (t.cos(), t.sin())
        });
        plot.draw_series(LineSeries::new(outline, BLACK.stroke_width(2)))?;
        for k in -6..=6 {
            let level = f64::from(k) * 0.5;
            for along_u in [true, false] {
                let line = grid_line(&chart, level, along_u)?;
                for (front, points) in view.runs(&line, |p| *p) {
                    let style = if front {
                        colour.stroke_width(1)
                    } else {
                        colour.mix(0.15).stroke_width(1)
                    };
                    plot.draw_series(LineSeries::new(points, style))?;
                }
            }
        }
        // The pole the chart projects from: every grid line passes through it.
        let pole = Vector3::new(0.0, 0.0, elevation.signum());
        let (x, y) = view.project(&pole);
        plot.draw_series([Circle::new((x, y), 5, BLACK.filled())])?;
        let label = if elevation > 0.0 { "N" } else { "S" };
        plot.draw_series([Text::new(label, (x + 0.06, y + 0.04), ("sans-serif", 16))])?;
    }
    root.present()?;
    Ok(())
}
