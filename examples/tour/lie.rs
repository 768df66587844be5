//! Stop: Lie groups — the group axioms, the exponential of a skew generator, rotations near
//! the angle where other libraries lose digits, a rigid motion, and a Jacobian checked by
//! finite differences.

use geoml::lie::{Gl, Se3, So2, So3, expm};
use nalgebra::{Matrix2, Vector3, Vector6};
use std::f64::consts::PI;

fn check(ok: bool, what: &str) -> Result<(), Box<dyn std::error::Error>> {
    if ok {
        Ok(())
    } else {
        Err(format!("lie stop: {what}").into())
    }
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    // GL(2): seed 000's product, and the determinant of a product.
    let a = Gl::new(Matrix2::new(1.0_f64, 2.0, 3.0, 4.0))?;
    let b = Gl::new(Matrix2::new(5.0_f64, 6.0, 7.0, 8.0))?;
    let ab = a.compose(&b)?;
    println!(
        "GL(2): [[1,2],[3,4]]·[[5,6],[7,8]] = {:?}, det = {} = det A · det B",
        ab.matrix().transpose().data.0,
        ab.determinant()
    );
    check(
        ab.matrix() == Matrix2::new(19.0, 22.0, 43.0, 50.0),
        "GL(2) product",
    )?;

    // The exponential of the skew generator θG is the rotation by θ.
    let theta = 0.7;
    let rotation = expm(&So2::hat(theta))?;
    let error = (rotation - So2::exp(theta)?.matrix()).amax();
    println!("expm(θG) at θ = {theta}: [[cos, −sin], [sin, cos]] to {error:.1e}");
    check(error < 1e-15, "exp of the generator")?;

    // SO(3) log just short of π, where acos-based logs lose half their digits.
    let omega = Vector3::new(1.0, 2.0, 2.0).normalize() * (PI - 1e-8);
    let r = So3::exp(&omega)?;
    let log_error = (r.log() - omega).norm() / omega.norm();
    let from_matrix = So3::from_matrix(&r.matrix())?.log();
    let matrix_error = (from_matrix - omega).norm() / omega.norm();
    // What the textbook formula θ = acos((tr R − 1)/2) makes of the same rotation.
    let acos_angle = ((r.matrix().trace() - 1.0) / 2.0).clamp(-1.0, 1.0).acos();
    println!(
        "SO(3) at angle π − 1e-8: log∘exp error {log_error:.1e}, through the matrix {matrix_error:.1e}; \
         acos of the trace misses the angle by {:.1e}",
        (acos_angle - (PI - 1e-8)).abs()
    );
    check(
        log_error < 1e-15 && matrix_error < 1e-15,
        "SO(3) log near π",
    )?;

    // SE(3): a screw motion and back.
    let xi = Vector6::new(0.5, -1.0, 2.0, 0.3, -0.2, 0.9);
    let g = Se3::exp(&xi)?;
    let xi_back = g.log()?;
    println!(
        "SE(3): exp(ρ, ω) moves the origin to {:.4?}, log recovers ξ to {:.1e}",
        g.translation().as_slice(),
        (xi_back - xi).norm()
    );
    check((xi_back - xi).norm() < 1e-14, "SE(3) round trip")?;

    // The right Jacobian against a central difference of ξ ↦ log(exp(ξ)⁻¹ exp(ξ + h eᵢ)).
    let omega = Vector3::new(0.4, -1.3, 0.8);
    let jr = So3::right_jacobian(&omega)?;
    let h = 1e-6;
    let base = So3::exp(&omega)?.inverse();
    let mut worst = 0.0_f64;
    for i in 0..3 {
        let mut step = Vector3::zeros();
        step[i] = h;
        let plus = base.compose(&So3::exp(&(omega + step))?).log();
        let minus = base.compose(&So3::exp(&(omega - step))?).log();
        let column = (plus - minus) / (2.0 * h);
        worst = worst.max((column - jr.column(i)).amax());
    }
    println!("SO(3) right Jacobian vs finite differences: largest difference {worst:.1e}");
    check(worst < 1e-8, "Jacobian")?;
    Ok(())
}
