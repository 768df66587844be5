//! Manifolds chapter: the torus T² (R = 3, r = 1) as a wireframe of its angle coordinates,
//! each circle of constant θ coloured by the sign of the Gaussian curvature there.

use crate::orthographic::View;
use geoml::manifold::Torus;
use nalgebra::{Vector2, Vector3};
use plotters::prelude::*;
use std::f64::consts::TAU;
use std::path::Path;

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let torus = Torus::new(3.0_f64, 1.0)?;
    let view = View::new(0.5, 0.75);
    let root = SVGBackend::new(path, (640, 400)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut plot = ChartBuilder::on(&root)
        .caption(
            "Torus R = 3, r = 1: red K > 0, blue K < 0, black K = 0",
            ("sans-serif", 18),
        )
        .margin(10)
        .build_cartesian_2d(-4.3_f64..4.3, -2.9_f64..2.9)?;
    // The outward normal at X(θ, φ) is the unit vector from the core circle to the point.
    let normal = |p: &Vector3<f64>| {
        let rho = p.x.hypot(p.y);
        Vector3::new(p.x / rho * (rho - 3.0), p.y / rho * (rho - 3.0), p.z)
    };
    let circle =
        |fixed_theta: Option<f64>, value: f64| -> Result<Vec<Vector3<f64>>, geoml::Error> {
            (0..=240)
                .map(|k| {
                    let t = TAU * f64::from(k) / 240.0;
                    let angles = match fixed_theta {
                        Some(theta) => Vector2::new(theta, t),
                        None => Vector2::new(t, value),
                    };
                    torus.embed(&angles)
                })
                .collect()
        };
    let mut draw_runs =
        |curve: &[Vector3<f64>], colour: RGBColor| -> Result<(), Box<dyn std::error::Error>> {
            for (front, points) in view.runs(curve, normal) {
                let style = if front {
                    colour.stroke_width(1)
                } else {
                    colour.mix(0.12).stroke_width(1)
                };
                plot.draw_series(LineSeries::new(points, style))?;
            }
            Ok(())
        };
    // Circles of constant φ (around the tube).
    for k in 0..36 {
        let phi = TAU * f64::from(k) / 36.0;
        draw_runs(&circle(None, phi)?, RGBColor(120, 120, 120))?;
    }
    // Circles of constant θ (around the axis), coloured by K(θ).
    for k in 0..16 {
        let theta = TAU * f64::from(k) / 16.0;
        let curvature = torus.gaussian_curvature(theta)?;
        let colour = if curvature.abs() < 1e-12 {
            BLACK
        } else if curvature > 0.0 {
            RED
        } else {
            BLUE
        };
        draw_runs(&circle(Some(theta), 0.0)?, colour)?;
    }
    root.present()?;
    Ok(())
}
