//! Stop: manifolds — charts of S², the stable sphere distance, transport and holonomy, the
//! torus's curvature, and Forman–Ricci curvature of a graph.

use geoml::Error;
use geoml::manifold::{
    Atlas, Chart, FormanVariant, Sphere, StereographicAtlas, Torus, WeightedGraph, check_definition,
};
use nalgebra::{Vector2, Vector3};

fn check(condition: bool, what: &str) -> Result<(), Box<dyn std::error::Error>> {
    if condition {
        Ok(())
    } else {
        Err(format!("manifold stop: {what}").into())
    }
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Charts: a point of S² seen from both poles, and the transition between the views.
    let atlas = StereographicAtlas::<3>::new();
    let p = Vector3::new(0.48_f32, 0.64, 0.6);
    let u = atlas.north().to_coords(&p)?;
    let v = atlas.transition(&atlas.north(), &atlas.south(), &u)?;
    println!(
        "S² point {:?}: north chart {:?}, south chart {:?} (= u/|u|²)",
        p.as_slice(),
        u.as_slice(),
        v.as_slice()
    );
    check(
        (v - atlas.south().to_coords(&p)?).norm() < 1e-6,
        "transition",
    )?;
    let poles = [Vector3::new(0.0, 0.0, 1.0), Vector3::new(0.0, 0.0, -1.0), p];
    let report = check_definition(&atlas, &poles)?;
    println!(
        "Definition 1.1 on 3 points (f32): {} transitions, Jacobian vs finite differences {:.1e}",
        report.transitions, report.max_jacobian_error
    );
    check(report.holds(1e-2), "definition 1.1")?;
    match atlas.north().to_coords(&Vector3::new(0.0_f32, 0.0, 1.0)) {
        Err(e @ Error::OutsideChart { .. }) => println!("the north pole itself: {e}"),
        other => return Err(format!("expected OutsideChart, got {other:?}").into()),
    }

    // The distance of two points 1e-9 apart: clipped acos says 0, atan2 is right.
    let s2 = Sphere::<3>::new();
    let a = Vector3::new(1.0_f64, 0.0, 0.0);
    let b = Vector3::new(1.0, 1e-9, 0.0);
    let acos = a.dot(&b).clamp(-1.0, 1.0).acos();
    let d = s2.distance(&a, &b)?;
    println!("points 1e-9 apart: acos gives {acos:e}, geoml gives {d:e}");
    check((d - 1e-9).abs() < 1e-24 && acos == 0.0, "stable distance")?;

    // Holonomy around the circle of latitude θ₀ = 0.8.
    let theta0 = 0.8_f64;
    let mut circle = vec![Vector3::zeros(); 512];
    Sphere::<3>::circle_of_latitude(theta0, &mut circle)?;
    let angle = s2.holonomy_angle(&circle)?;
    let cap = std::f64::consts::TAU * (1.0 - theta0.cos());
    println!(
        "transport around latitude {theta0}: turned {angle:.5} rad, enclosed curvature {cap:.5}"
    );
    check((angle - cap).abs() < 1e-4, "holonomy")?;

    // The torus: curvature of its outer and inner equators.
    let torus = Torus::new(3.0_f64, 1.0)?;
    let (outer, inner) = (
        torus.gaussian_curvature(0.0)?,
        torus.gaussian_curvature(std::f64::consts::PI)?,
    );
    println!("torus R = 3, r = 1: K = {outer} outside, {inner} inside");
    check(outer == 0.25 && inner == -0.5, "torus curvature")?;
    let q = torus.embed(&Vector2::new(2.0, 1.0))?;
    check(
        (torus.angles(&q)? - Vector2::new(2.0, 1.0)).norm() < 1e-14,
        "torus inverse",
    )?;

    // Forman–Ricci curvature: the bridge between two triangles is the most negative edge.
    let mut graph = WeightedGraph::<f64, 6, 7>::new();
    for (x, y) in [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (3, 5), (4, 5)] {
        graph.add_edge(x, y, 1.0)?;
    }
    let curvature = graph.forman_curvatures(FormanVariant::Augmented)?;
    println!("Forman curvature of two triangles and a bridge: {curvature:?}");
    check(
        curvature.iter().all(|&c| c >= curvature[3]) && curvature[3] == -2.0,
        "forman",
    )?;
    Ok(())
}
