//! S³ as the unit quaternions: the 3-sphere is also a group, and its points are rotations'
//! double cover.

use super::numeric;
use super::sphere::Sphere;
use crate::{Real, Result};
use nalgebra::{Quaternion, UnitQuaternion, Vector4};

impl Sphere<4> {
    /// The point of S³ ⊂ ℝ⁴ of a unit quaternion `w + xi + yj + zk`, in nalgebra's storage order
    /// `(x, y, z, w)` (vector part first, so the identity is the north pole `e₄`).
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::{UnitQuaternion, Vector4};
    /// let p = Sphere::<4>::from_quaternion(&UnitQuaternion::<f64>::identity());
    /// assert_eq!(p, Vector4::new(0.0, 0.0, 0.0, 1.0));
    /// ```
    pub fn from_quaternion<T: Real>(q: &UnitQuaternion<T>) -> Vector4<T> {
        q.as_ref().coords
    }

    /// The unit quaternion of a point of S³ (order `(x, y, z, w)`, as in
    /// [`Sphere::from_quaternion`]), renormalised to unit length exactly.
    ///
    /// # Errors
    /// As [`Sphere::check_point`].
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::{Vector3, Vector4};
    /// let s3 = Sphere::<4>::new();
    /// let h = core::f64::consts::FRAC_1_SQRT_2;
    /// let q = s3.to_quaternion(&Vector4::new(0.0, 0.0, h, h))?; // a quarter turn about z
    /// let turned = q * Vector3::new(1.0, 0.0, 0.0);
    /// assert!((turned - Vector3::new(0.0, 1.0, 0.0)).norm() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn to_quaternion<T: Real>(&self, p: &Vector4<T>) -> Result<UnitQuaternion<T>> {
        self.check_point(p)?;
        Ok(UnitQuaternion::new_normalize(Quaternion::from(*p)))
    }

    /// The quaternion product of two points of S³, again a point of S³: the sphere S³ is closed
    /// under multiplication, a Lie group (isomorphic to SU(2), the double cover of SO(3)).
    /// Accurate to a few ulps; the result is not renormalised.
    ///
    /// # Errors
    /// As [`Sphere::check_point`] for either factor.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector4;
    /// let s3 = Sphere::<4>::new();
    /// let i = Vector4::new(1.0_f32, 0.0, 0.0, 0.0);
    /// let j = Vector4::new(0.0_f32, 1.0, 0.0, 0.0);
    /// assert_eq!(s3.multiply(&i, &j)?, Vector4::new(0.0, 0.0, 1.0, 0.0)); // ij = k
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn multiply<T: Real>(&self, p: &Vector4<T>, q: &Vector4<T>) -> Result<Vector4<T>> {
        self.check_point(p)?;
        self.check_point(q)?;
        let product = Quaternion::from(*p) * Quaternion::from(*q);
        numeric::finite_result(product.coords)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Vector3;

    fn products<T: Real>() {
        let eps = 8.0 * crate::fast_math::test_epsilon::<T>();
        let s3 = Sphere::<4>::new();
        let a = UnitQuaternion::from_axis_angle(&Vector3::x_axis(), T::lit(0.7));
        let b = UnitQuaternion::from_axis_angle(&Vector3::y_axis(), T::lit(-1.3));
        let pa = Sphere::<4>::from_quaternion(&a);
        let pb = Sphere::<4>::from_quaternion(&b);
        let product = s3.multiply(&pa, &pb).unwrap();
        assert!((product.norm() - T::one()).abs().as_f64() < eps);
        let expected = Sphere::<4>::from_quaternion(&(a * b));
        assert!((product - expected).norm().as_f64() < eps);
        // The sphere distance to the identity is half the rotation angle.
        let identity = Vector4::new(T::zero(), T::zero(), T::zero(), T::one());
        assert!((s3.distance(&identity, &pa).unwrap().as_f64() - 0.35).abs() < eps);
        let back = s3.to_quaternion(&pa).unwrap();
        assert!(back.angle_to(&a).as_f64() < 64.0 * eps);
        let off = Vector4::new(T::zero(), T::zero(), T::zero(), T::lit(2.0));
        assert!(s3.to_quaternion(&off).is_err());
    }

    #[test]
    fn products_stay_on_the_sphere_and_match_rotation_composition_f32_f64() {
        products::<f32>();
        products::<f64>();
    }
}
