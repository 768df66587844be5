//! Holonomy on S²: a vector carried by parallel transport around a closed loop comes back
//! turned by the curvature the loop encloses.

use super::numeric;
use super::sphere::Sphere;
use crate::{Error, Real, Result};
use nalgebra::Vector3;

impl Sphere<3> {
    /// Fills `out` with `out.len()` points evenly spaced on the circle of latitude at polar
    /// angle `θ₀` (angle from the north pole `+z`), in the direction of increasing azimuth
    /// (counterclockwise seen from above), the first at azimuth 0:
    /// `p_k = (sin θ₀ cos φ_k, sin θ₀ sin φ_k, cos θ₀)`, `φ_k = 2πk / n`.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::InvalidParameter`] named `"polar angle θ"` unless
    /// `0 < θ₀ < π`, and named `"points"` for fewer than 3 points.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    ///
    /// // Four points at θ₀ = π/3: height cos θ₀ = 1/2, radius sin θ₀ = √3/2, a quarter turn apart.
    /// let mut square = [Vector3::zeros(); 4];
    /// Sphere::<3>::circle_of_latitude(core::f64::consts::FRAC_PI_3, &mut square)?;
    /// assert!((square[1] - Vector3::new(0.0, 0.75_f64.sqrt(), 0.5)).norm() < 1e-15);
    /// assert!(square.iter().all(|p| (p.norm() - 1.0).abs() < 1e-15));
    /// assert!(Sphere::<3>::circle_of_latitude(0.0, &mut square).is_err()); // the pole is no circle
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn circle_of_latitude<T: Real>(polar_angle: T, out: &mut [Vector3<T>]) -> Result<()> {
        numeric::check_scalar(polar_angle)?;
        if !(polar_angle > T::zero() && polar_angle < T::pi()) {
            return Err(Error::InvalidParameter {
                name: "polar angle θ",
                value: polar_angle.as_f64(),
            });
        }
        if out.len() < 3 {
            return Err(Error::InvalidParameter {
                name: "points",
                value: out.len() as f64,
            });
        }
        let n = T::lit(out.len() as f64);
        let (s, c) = (polar_angle.sin(), polar_angle.cos());
        for (k, p) in out.iter_mut().enumerate() {
            let phi = T::two_pi() * T::lit(k as f64) / n;
            *p = Vector3::new(s * phi.cos(), s * phi.sin(), c);
        }
        Ok(())
    }

    /// The holonomy of a closed loop: parallel transport of a tangent vector around the broken
    /// geodesic `loop_points[0] → loop_points[1] → … → loop_points[0]` turns it by this angle,
    /// in `(−π, π]`, positive counterclockwise about the outward normal at `loop_points[0]`.
    /// On S² the angle does not depend on the vector.
    ///
    /// By Gauss–Bonnet the angle is the integral of the Gaussian curvature over the enclosed
    /// region (counterclockwise loop, region on the left), modulo 2π; with `K = 1` that is the
    /// enclosed area. For a circle of latitude at polar angle θ₀ the cap has area
    /// `2π(1 − cos θ₀)`, which a polygon of n points on the circle approaches as `O(1/n²)`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] named `"points"` for fewer than 2 points; as
    /// [`Sphere::transport`] for each leg (`CutLocus` for a leg between antipodes).
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    ///
    /// let s2 = Sphere::<3>::new();
    /// let theta0 = 1.0_f64;
    /// let mut circle = [Vector3::zeros(); 2048];
    /// Sphere::<3>::circle_of_latitude(theta0, &mut circle)?;
    /// let angle = s2.holonomy_angle(&circle)?;
    /// let enclosed = core::f64::consts::TAU * (1.0 - theta0.cos()); // ∫∫ K dA over the cap
    /// assert!((angle - enclosed).abs() < 1e-5);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn holonomy_angle<T: Real>(&self, loop_points: &[Vector3<T>]) -> Result<T> {
        let (Some(first), true) = (loop_points.first(), loop_points.len() >= 2) else {
            return Err(Error::InvalidParameter {
                name: "points",
                value: loop_points.len() as f64,
            });
        };
        self.check_point(first)?;
        // Any unit tangent vector at the base point: the coordinate axis least aligned with it,
        // projected.
        let axis = first.iamin();
        let mut e = Vector3::zeros();
        e[axis] = T::one();
        let v = (e - first * first[axis]).normalize();
        let mut w = self.transport_along(loop_points, &v)?;
        if let Some(last) = loop_points.last() {
            w = self.transport(last, first, &w)?;
        }
        Ok(first.dot(&v.cross(&w)).atan2(v.dot(&w)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Area of the spherical triangle (a, b, c) by Van Oosterom and Strackee's formula, in f64.
    fn triangle_area(a: &Vector3<f64>, b: &Vector3<f64>, c: &Vector3<f64>) -> f64 {
        let numerator = a.dot(&b.cross(c)).abs();
        let denominator = 1.0 + a.dot(b) + b.dot(c) + c.dot(a);
        2.0 * numerator.atan2(denominator)
    }

    fn polygon_area<T: Real>() {
        let s2 = Sphere::<3>::new();
        let north = Vector3::new(0.0, 0.0, 1.0);
        for (theta0, n) in [(0.3_f64, 5_usize), (1.0, 12), (1.4, 7)] {
            let mut polygon = [Vector3::<T>::zeros(); 12];
            let polygon = &mut polygon[..n];
            Sphere::<3>::circle_of_latitude(T::lit(theta0), polygon).unwrap();
            let wide: [Vector3<f64>; 12] =
                core::array::from_fn(|k| polygon.get(k).map_or(north, |p| p.map(|x| x.as_f64())));
            let area: f64 = (0..n)
                .map(|k| triangle_area(&north, &wide[k], &wide[(k + 1) % n]))
                .sum();
            // The angle is defined modulo 2π, in (−π, π].
            let wrapped = if area > core::f64::consts::PI {
                area - core::f64::consts::TAU
            } else {
                area
            };
            let angle = s2.holonomy_angle(polygon).unwrap().as_f64();
            let tolerance = 64.0 * T::default_epsilon().as_f64();
            assert!(
                (angle - wrapped).abs() < tolerance,
                "θ₀ = {theta0}: {angle} vs {area}"
            );
        }
    }

    #[test]
    fn holonomy_of_a_geodesic_polygon_is_its_area_f32_f64() {
        polygon_area::<f32>();
        polygon_area::<f64>();
    }

    #[test]
    fn holonomy_converges_to_the_enclosed_curvature_f32_f64() {
        let theta0 = 0.8_f64;
        let cap = core::f64::consts::TAU * (1.0 - theta0.cos());
        let mut errors = [0.0; 2];
        for (slot, n) in [(0, 64_usize), (1, 128)] {
            let mut circle = [Vector3::zeros(); 128];
            Sphere::<3>::circle_of_latitude(theta0, &mut circle[..n]).unwrap();
            errors[slot] = (Sphere::<3>::new().holonomy_angle(&circle[..n]).unwrap() - cap).abs();
        }
        // Second order: doubling the points divides the error by 4.
        assert!((errors[0] / errors[1] - 4.0).abs() < 0.05, "{errors:?}");
        let mut circle = [Vector3::zeros(); 256];
        Sphere::<3>::circle_of_latitude(0.8_f32, &mut circle).unwrap();
        let angle = Sphere::<3>::new().holonomy_angle(&circle).unwrap();
        assert!((f64::from(angle) - cap).abs() < 1e-3);
    }

    #[test]
    fn bad_loops_are_named() {
        let s2 = Sphere::<3>::new();
        assert!(s2.holonomy_angle::<f64>(&[]).is_err());
        let mut two = [Vector3::<f64>::zeros(); 2];
        assert!(matches!(
            Sphere::<3>::circle_of_latitude(1.0, &mut two),
            Err(Error::InvalidParameter { name: "points", .. })
        ));
        let mut three = [Vector3::<f64>::zeros(); 3];
        assert!(matches!(
            Sphere::<3>::circle_of_latitude(0.0, &mut three),
            Err(Error::InvalidParameter {
                name: "polar angle θ",
                ..
            })
        ));
    }
}
