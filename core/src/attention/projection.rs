//! Orthogonal projection of one vector onto the line spanned by another.

use crate::{Error, Real, Result, check_finite};

/// The orthogonal projection of `v` onto the line spanned by `onto`:
///
/// ```text
/// proj_a(v) = (⟨a, v⟩ / ⟨a, a⟩) · a.
/// ```
///
/// It is the point of that line nearest to `v`; the rest, `v − proj_a(v)`, is orthogonal to
/// `a`. The dot product it rests on, `⟨a, v⟩ = ‖a‖‖v‖cos θ`, is the similarity that attention
/// scores are made of. Both vectors are first divided by their largest magnitude, so that no
/// intermediate overflows or underflows for any finite input; the result is within a few ulp of
/// the exact one (relative to `‖v‖`).
///
/// # Errors
/// [`Error::NonFinite`] for a non-finite element (of `v` first, then of `onto`; the index is
/// within that input); [`Error::ZeroVector`] with index 1 when `onto` (the second argument) is
/// the zero vector, which spans no line; [`Error::Overflow`] if the projection itself is not representable (possible only
/// when `v` is within a factor √D of the largest finite value).
///
/// # Example
/// ```
/// use geoml::attention::project;
///
/// let p = project(&[2.0_f64, 1.0], &[3.0, 0.0])?;
/// assert_eq!(p, [2.0, 0.0]);
/// // What is left is orthogonal to the line.
/// let v = [1.0_f64, 2.0, 3.0];
/// let a = [1.0, 1.0, 0.0];
/// let p = project(&v, &a)?;
/// let residual: f64 = v.iter().zip(&p).zip(&a).map(|((v, p), a)| (v - p) * a).sum();
/// assert!(residual.abs() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn project<T: Real, const D: usize>(v: &[T; D], onto: &[T; D]) -> Result<[T; D]> {
    check_finite(v)?;
    check_finite(onto)?;
    let largest = |x: &[T; D]| {
        x.iter()
            .fold(T::zero(), |m, &y| if y.abs() > m { y.abs() } else { m })
    };
    let (scale_a, scale_v) = (largest(onto), largest(v));
    if scale_a == T::zero() {
        return Err(Error::ZeroVector { index: 1 });
    }
    if scale_v == T::zero() {
        return Ok([T::zero(); D]);
    }
    // Both vectors divided by their largest magnitude: every sum below lies in [−D, D].
    let a = onto.map(|x| x / scale_a);
    let (along, length2) = a
        .iter()
        .zip(v)
        .fold((T::zero(), T::zero()), |(d, n), (&a, &x)| {
            (d + a * (x / scale_v), n + a * a)
        });
    let coefficient = along / length2;
    let projection = a.map(|a| scale_v * (coefficient * a));
    if check_finite(&projection).is_err() {
        return Err(Error::Overflow {
            value: scale_v.as_f64() * coefficient.as_f64(),
        });
    }
    Ok(projection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_of_the_line_does_not_matter() {
        let v = [0.3_f32, -1.2, 2.5];
        let a = [1.0_f32, 2.0, -0.5];
        let p = project(&v, &a).unwrap();
        for s in [1e-30_f32, 1e-3, 1e3, 1e30] {
            let q = project(&v, &a.map(|x| x * s)).unwrap();
            for (x, y) in p.iter().zip(&q) {
                assert!((x - y).abs() <= 1e-6 * 3.0);
            }
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            project(&[1.0_f64, 2.0], &[0.0, 0.0]),
            Err(Error::ZeroVector { index: 1 })
        );
        assert!(matches!(
            project(&[1.0_f64, f64::NAN], &[1.0, 0.0]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            project(&[1.0_f64, 1.0], &[f64::INFINITY, 0.0]),
            Err(Error::NonFinite { index: 0, .. })
        ));
        // The projection of (MAX, MAX) onto its own line is representable ...
        assert_eq!(
            project(&[f32::MAX, f32::MAX], &[1.0, 1.0]),
            Ok([f32::MAX, f32::MAX])
        );
        // ... that of (MAX, MAX) onto the x-axis direction (1, 0.01) is not: about 1.01·MAX.
        assert!(matches!(
            project(&[f32::MAX, f32::MAX], &[1.0, 0.01]),
            Err(Error::Overflow { .. })
        ));
        assert_eq!(project(&[0.0_f32, 0.0], &[1.0, 2.0]), Ok([0.0, 0.0]));
    }
}
