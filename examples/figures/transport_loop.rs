//! Riemannian geometry chapter: a tangent vector carried by parallel transport around the circle
//! of latitude θ₀ = 0.8 on S² comes back turned by the holonomy angle 2π(1 − cos θ₀).
//!
//! The transport is geoml's `Sphere::transport` along a 720-gon inscribed in the circle; the
//! arrows are drawn every 45 legs.

use crate::orthographic::View;
use geoml::manifold::Sphere;
use nalgebra::Vector3;
use plotters::prelude::*;
use std::path::Path;

const THETA0: f64 = 0.8;
const LEGS: usize = 720;

fn arrow(view: &View, base: &Vector3<f64>, vector: &Vector3<f64>) -> Vec<(f64, f64)> {
    let tip = base + vector;
    let (bx, by) = view.project(base);
    let (tx, ty) = view.project(&tip);
    let (dx, dy) = (tx - bx, ty - by);
    let length = dx.hypot(dy).max(1e-12);
    let (ux, uy) = (dx / length, dy / length);
    let head = 0.05;
    vec![
        (bx, by),
        (tx, ty),
        (tx - head * (ux + 0.5 * uy), ty - head * (uy - 0.5 * ux)),
        (tx, ty),
        (tx - head * (ux - 0.5 * uy), ty - head * (uy + 0.5 * ux)),
    ]
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let s2 = Sphere::<3>::new();
    let mut circle = vec![Vector3::zeros(); LEGS];
    Sphere::<3>::circle_of_latitude(THETA0, &mut circle)?;
    let holonomy = s2.holonomy_angle(&circle)?;
    let cap = std::f64::consts::TAU * (1.0 - THETA0.cos());

    let view = View::new(-0.4, 0.9);
    let root = SVGBackend::new(path, (560, 590)).into_drawing_area();
    root.fill(&WHITE)?;
    let caption = format!(
        "Transport around θ₀ = {THETA0}: turned by {:.4} rad; 2π(1 − cos θ₀) = {:.4}",
        holonomy, cap
    );
    // A square plotting area, so that the sphere's outline is a circle.
    let area = root.titled(&caption, ("sans-serif", 16))?;
    let mut plot = ChartBuilder::on(&area)
        .margin(10)
        .build_cartesian_2d(-1.1_f64..1.1, -1.1_f64..1.1)?;
    let outline = (0..=360).map(|k| {
        let t = f64::from(k).to_radians();
        (t.cos(), t.sin())
    });
    plot.draw_series(LineSeries::new(outline, BLACK.stroke_width(2)))?;
    let mut closed = circle.clone();
    closed.push(circle[0]);
    for (front, points) in view.runs(&closed, |p| *p) {
        let style = if front {
            BLACK.stroke_width(2)
        } else {
            BLACK.mix(0.2).stroke_width(1)
        };
        plot.draw_series(LineSeries::new(points, style))?;
    }
    // The start vector points south (towards increasing θ).
    let start = Vector3::new(THETA0.cos(), 0.0, -THETA0.sin()) * 0.35;
    let mut carried = start;
    for leg in 0..LEGS {
        if leg % 45 == 0 {
            let colour = if leg == 0 { GREEN } else { BLUE };
            plot.draw_series(LineSeries::new(
                arrow(&view, &circle[leg], &carried),
                colour.stroke_width(2),
            ))?;
        }
        carried = s2.transport(&circle[leg], &circle[(leg + 1) % LEGS], &carried)?;
    }
    // Back at the start, turned by the holonomy.
    plot.draw_series(LineSeries::new(
        arrow(&view, &circle[0], &carried),
        RED.stroke_width(3),
    ))?;
    let north = Vector3::new(0.0, 0.0, 1.0);
    let (nx, ny) = view.project(&north);
    plot.draw_series([Circle::new((nx, ny), 4, BLACK.filled())])?;
    plot.draw_series([Text::new("N", (nx + 0.04, ny + 0.03), ("sans-serif", 15))])?;
    plot.draw_series([
        Text::new(
            "green: start",
            (-1.05, -0.93),
            ("sans-serif", 14).into_font().color(&GREEN),
        ),
        Text::new(
            "red: after one loop",
            (-1.05, -1.01),
            ("sans-serif", 14).into_font().color(&RED),
        ),
    ])?;
    root.present()?;
    Ok(())
}
