//! An orthographic camera for the 3-D figures: points of ℝ³ to the picture plane, and whether a
//! surface point faces the viewer.

use nalgebra::Vector3;

/// Looks at the origin from the direction with the given azimuth and elevation (radians).
pub struct View {
    toward_viewer: Vector3<f64>,
    right: Vector3<f64>,
    up: Vector3<f64>,
}

impl View {
    pub fn new(azimuth: f64, elevation: f64) -> Self {
        let (sa, ca, se, ce) = (
            azimuth.sin(),
            azimuth.cos(),
            elevation.sin(),
            elevation.cos(),
        );
        View {
            toward_viewer: Vector3::new(ce * ca, ce * sa, se),
            right: Vector3::new(-sa, ca, 0.0),
            up: Vector3::new(-se * ca, -se * sa, ce),
        }
    }

    /// Picture-plane coordinates of `p`.
    pub fn project(&self, p: &Vector3<f64>) -> (f64, f64) {
        (p.dot(&self.right), p.dot(&self.up))
    }

    /// Whether a surface point with outward normal `normal` faces the viewer.
    pub fn faces(&self, normal: &Vector3<f64>) -> bool {
        normal.dot(&self.toward_viewer) > 0.0
    }

    /// Splits a curve on a surface into runs that face the viewer (`true`) or not (`false`),
    /// each run as projected points; `normal` gives the surface normal at a curve point.
    pub fn runs(
        &self,
        curve: &[Vector3<f64>],
        normal: impl Fn(&Vector3<f64>) -> Vector3<f64>,
    ) -> Vec<(bool, Vec<(f64, f64)>)> {
        let mut runs: Vec<(bool, Vec<(f64, f64)>)> = Vec::new();
        for p in curve {
            let front = self.faces(&normal(p));
            let projected = self.project(p);
            match runs.last_mut() {
                Some((f, points)) if *f == front => points.push(projected),
                Some((_, points)) => {
                    // Share the boundary point so that the runs join up.
                    let last = *points.last().unwrap_or(&projected);
                    runs.push((front, vec![last, projected]));
                }
                None => runs.push((front, vec![projected])),
            }
        }
        runs
    }
}
