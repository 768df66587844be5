//! Lie groups: the exponential map of so(3). Rotation vectors ω = (a, b, 0) in a disk of
//! radius π (left) rotate the north pole e₃ to every point of the sphere (right): circles
//! |ω| = const become circles of latitude, rays become meridians, and the rim |ω| = π all lands
//! on the south pole, where log is not unique.

use geoml::lie::So3;
use nalgebra::Vector3;
use plotters::prelude::*;
use std::f64::consts::PI;
use std::path::Path;

/// exp(ω)·e₃ for ω = r(cos φ, sin φ, 0), in an orthographic view of the sphere from
/// a direction above the equator.
fn image(r: f64, phi: f64) -> Result<(f64, f64, bool), geoml::Error> {
    let omega = Vector3::new(r * phi.cos(), r * phi.sin(), 0.0);
    let p = So3::exp(&omega)?.act(&Vector3::z())?;
    // View direction d = (cos 20°·cos 30°, cos 20°·sin 30°, sin 20°); screen axes e_x, e_y.
    let (el, az) = (20_f64.to_radians(), 30_f64.to_radians());
    let d = Vector3::new(el.cos() * az.cos(), el.cos() * az.sin(), el.sin());
    let ex = Vector3::new(-az.sin(), az.cos(), 0.0);
    let ey = d.cross(&ex);
    Ok((p.dot(&ex), p.dot(&ey), p.dot(&d) >= 0.0))
}

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (900, 460)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(450);
    let palette = |k: usize, n: usize| HSLColor(0.75 * k as f64 / n as f64, 0.8, 0.45);
    let radii: Vec<f64> = (1..=6).map(|k| PI * f64::from(k) / 6.0).collect();
    let angles: Vec<f64> = (0..12).map(|k| PI * f64::from(k) / 6.0).collect();

    let mut disk = ChartBuilder::on(&left)
        .caption("so(3): ω = (a, b, 0), |ω| ≤ π", ("sans-serif", 18))
        .margin(14)
        .x_label_area_size(28)
        .y_label_area_size(36)
        .build_cartesian_2d(-3.4_f64..3.4, -3.4_f64..3.4)?;
    disk.configure_mesh().disable_mesh().draw()?;
    for (k, &r) in radii.iter().enumerate() {
        let circle = (0..=120).map(|i| {
            let t = 2.0 * PI * f64::from(i) / 120.0;
            (r * t.cos(), r * t.sin())
        });
        disk.draw_series(LineSeries::new(
            circle,
            palette(k, radii.len()).stroke_width(2),
        ))?;
    }
    for &phi in &angles {
        disk.draw_series(LineSeries::new(
            [(0.0, 0.0), (PI * phi.cos(), PI * phi.sin())],
            BLACK.mix(0.35),
        ))?;
    }

    let mut sphere = ChartBuilder::on(&right)
        .caption("exp(ω) e₃ on the unit sphere", ("sans-serif", 18))
        .margin(14)
        .x_label_area_size(28)
        .y_label_area_size(36)
        .build_cartesian_2d(-1.2_f64..1.2, -1.2_f64..1.2)?;
    sphere.configure_mesh().disable_mesh().draw()?;
    let outline = (0..=120).map(|i| {
        let t = 2.0 * PI * f64::from(i) / 120.0;
        (t.cos(), t.sin())
    });
    sphere.draw_series(LineSeries::new(outline, BLACK.mix(0.6)))?;
    // Circles |ω| = r: front halves solid, back halves faint.
    for (k, &r) in radii.iter().enumerate() {
        let colour = palette(k, radii.len());
        let mut points = Vec::new();
        for i in 0..=180 {
            points.push(image(r, 2.0 * PI * f64::from(i) / 180.0)?);
        }
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let style = if a.2 && b.2 {
                colour.stroke_width(2)
            } else {
                colour.mix(0.25).stroke_width(1)
            };
            sphere.draw_series(LineSeries::new([(a.0, a.1), (b.0, b.1)], style))?;
        }
    }
    // Rays: meridians from the north to the south pole.
    for &phi in &angles {
        let mut points = Vec::new();
        for i in 0..=60 {
            points.push(image(PI * f64::from(i) / 60.0, phi)?);
        }
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let style = if a.2 && b.2 {
                BLACK.mix(0.45)
            } else {
                BLACK.mix(0.12)
            };
            sphere.draw_series(LineSeries::new([(a.0, a.1), (b.0, b.1)], style))?;
        }
    }
    let north = image(0.0, 0.0)?;
    let south = image(PI, 0.0)?;
    sphere.draw_series([
        Circle::new((north.0, north.1), 4, BLACK.filled()),
        Circle::new((south.0, south.1), 4, BLACK.mix(0.4).filled()),
    ])?;
    sphere.draw_series([
        Text::new(
            "e₃ = exp(0) e₃",
            (north.0 + 0.06, north.1 + 0.05),
            ("sans-serif", 14),
        ),
        Text::new(
            "|ω| = π",
            (south.0 + 0.06, south.1 - 0.02),
            ("sans-serif", 14),
        ),
    ])?;
    root.present()?;
    Ok(())
}
