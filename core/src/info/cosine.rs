//! Cosine similarity of two vectors, safe from overflow.

use crate::{Error, Real, Result, check_finite};

/// The cosine of the angle between `a` and `b`: `⟨a, b⟩ / (‖a‖ ‖b‖)`, in `[−1, 1]`.
///
/// The check behind "contextual mappings": the hidden state of one token in two different
/// sentences should differ, so their cosine should be visibly below 1.
///
/// Both vectors are first scaled by their largest absolute entry, so no finite input
/// overflows or underflows to a wrong answer (`1e200 · a` has the same cosine as `a`); the
/// result is clamped to `[−1, 1]` against rounding. Accuracy: a few `D·ε` absolute.
///
/// Errors: [`Error::NonFinite`] (flat index over `[a; b]`: entry `k` of `b` is `D + k`);
/// [`Error::ZeroVector`] (`index` 0 or 1) when a vector is zero, because it has no direction
/// (libraries that return 0 there hide the problem).
///
/// ```
/// use geoml::info::cosine_similarity;
///
/// let cat_in_sentence_1 = [0.9_f64, 0.1, 0.4];
/// let cat_in_sentence_2 = [0.8_f64, 0.3, 0.4];
/// let c = cosine_similarity(&cat_in_sentence_1, &cat_in_sentence_2).unwrap();
/// assert!(c > 0.95 && c < 1.0); // similar, but a different context vector
/// assert_eq!(cosine_similarity(&[1e200_f64, 0.0], &[-3.0, 0.0]).unwrap(), -1.0);
/// ```
pub fn cosine_similarity<T: Real, const D: usize>(a: &[T; D], b: &[T; D]) -> Result<T> {
    check_finite(a)?;
    check_finite(b).map_err(|e| match e {
        Error::NonFinite { index, value } => Error::NonFinite {
            index: D + index,
            value,
        },
        other => other,
    })?;
    let a_scale = largest_magnitude(a);
    let b_scale = largest_magnitude(b);
    if a_scale == T::zero() {
        return Err(Error::ZeroVector { index: 0 });
    }
    if b_scale == T::zero() {
        return Err(Error::ZeroVector { index: 1 });
    }
    let (mut dot, mut a_norm2, mut b_norm2) = (T::zero(), T::zero(), T::zero());
    for (&x, &y) in a.iter().zip(b.iter()) {
        let (x, y) = (x / a_scale, y / b_scale);
        dot += x * y;
        a_norm2 += x * x;
        b_norm2 += y * y;
    }
    // After scaling each norm² lies in [1, D]: no overflow, no underflow to zero.
    let cosine = dot / (a_norm2 * b_norm2).sqrt();
    Ok(cosine.max(-T::one()).min(T::one()))
}

fn largest_magnitude<T: Real>(v: &[T]) -> T {
    v.iter().fold(T::zero(), |m, &x| m.max(x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn zero_vectors_and_non_finite_entries_are_errors() {
        assert_eq!(
            cosine_similarity(&[0.0_f32, 0.0], &[1.0, 2.0]),
            Err(Error::ZeroVector { index: 0 })
        );
        assert_eq!(
            cosine_similarity(&[1.0_f64, 0.0], &[-0.0, 0.0]),
            Err(Error::ZeroVector { index: 1 })
        );
        assert!(matches!(
            cosine_similarity(&[1.0_f64, 0.0], &[1.0, f64::NAN]),
            Err(Error::NonFinite { index: 3, .. })
        ));
    }

    #[test]
    fn extreme_magnitudes_do_not_overflow_or_underflow() {
        let a = [3e307_f64, 4e307];
        let b = [4e-310_f64, 3e-310];
        let c = cosine_similarity(&a, &b).unwrap();
        assert!((c - 24.0 / 25.0).abs() < 1e-15, "{c}");
        let a32 = [3e37_f32, 4e37];
        let b32 = [4e-40_f32, 3e-40];
        assert!((cosine_similarity(&a32, &b32).unwrap() - 0.96).abs() < 1e-3);
    }

    proptest! {
        #[test]
        fn cosine_is_symmetric_bounded_and_scale_free(
            a in prop::array::uniform5(-10.0_f64..10.0),
            b in prop::array::uniform5(-10.0_f64..10.0),
            scale in 1e-3_f64..1e3,
        ) {
            prop_assume!(a.iter().any(|x| x.abs() > 1e-6) && b.iter().any(|x| x.abs() > 1e-6));
            let c = cosine_similarity(&a, &b).unwrap();
            prop_assert!((-1.0..=1.0).contains(&c));
            prop_assert_eq!(c, cosine_similarity(&b, &a).unwrap());
            let scaled = a.map(|x| x * scale);
            prop_assert!((cosine_similarity(&scaled, &b).unwrap() - c).abs() < 1e-14);
            prop_assert!((cosine_similarity(&a, &a).unwrap() - 1.0).abs() < 1e-15);
            let minus = b.map(|x| -x);
            prop_assert!((cosine_similarity(&a, &minus).unwrap() + c).abs() < 1e-15);
            let a32 = a.map(|x| x as f32);
            let b32 = b.map(|x| x as f32);
            prop_assert!((f64::from(cosine_similarity(&a32, &b32).unwrap()) - c).abs() < 1e-5);
        }
    }
}
