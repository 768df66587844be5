//! The pairwise Jensen–Shannon distances of the rows of an attention matrix.

use super::distribution::checked_sum;
use super::jensen_shannon::divergence_of_checked;
use crate::{Real, Result};

/// The matrix of Jensen–Shannon distances (base 2) between the rows of `rows`:
/// `out[i][j] = js_distance(rows[i], rows[j])`.
///
/// Row `i` of an attention matrix is the distribution of query token `i` over the keys; two
/// tokens that attend alike are close. The result is a finite metric on the `N` tokens —
/// symmetric, exactly zero on the diagonal, entries in `[0, 1]`, triangle inequality — the
/// input persistent homology expects. The same numbers as
/// `scipy.spatial.distance.squareform(pdist(rows, metric="jensenshannon", base=2))`.
///
/// Cost: `N(N − 1)/2` pairs of `M` terms (each pair is computed once and mirrored), and no
/// memory beyond `N` scalars on the stack. Accuracy: that of
/// [`js_distance`](super::js_distance), whose values it reproduces bit for bit.
///
/// Errors: every row must be a distribution ([`check_distribution`](super::check_distribution)
/// with [`SUM_TOLERANCE`](super::SUM_TOLERANCE)); the first bad entry is reported by its flat
/// row-major index `i · M + k`, a bad sum by its row `i`. All rows are checked before anything
/// is written, so `out` is untouched on error.
///
/// ```
/// use geoml::info::js_distance_matrix;
///
/// let attention = [
///     [0.7_f64, 0.2, 0.1],
///     [0.6, 0.3, 0.1],
///     [0.0, 0.1, 0.9],
/// ];
/// let mut d = [[0.0; 3]; 3];
/// js_distance_matrix(&attention, &mut d).unwrap();
/// assert_eq!(d[0][0], 0.0);
/// assert_eq!(d[0][2], d[2][0]);
/// assert!(d[0][1] < d[0][2]); // tokens 0 and 1 attend alike, token 2 elsewhere
/// ```
pub fn js_distance_matrix<T: Real, const N: usize, const M: usize>(
    rows: &[[T; M]; N],
    out: &mut [[T; N]; N],
) -> Result<()> {
    let mut scales = [T::zero(); N];
    for (i, (row, scale)) in rows.iter().zip(scales.iter_mut()).enumerate() {
        *scale = checked_sum(row, i, i * M)?.recip();
    }
    for i in 0..N {
        out[i][i] = T::zero();
        for j in (i + 1)..N {
            let bits = divergence_of_checked(&rows[i], scales[i], &rows[j], scales[j]);
            let distance = bits.sqrt();
            out[i][j] = distance;
            out[j][i] = distance;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::info::js_distance;
    use crate::symmetry::AllPermutations;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    fn random_rows<const N: usize, const M: usize>(rng: &mut StdRng) -> [[f64; M]; N] {
        let mut rows = [[0.0; M]; N];
        for row in rows.iter_mut() {
            for x in row.iter_mut() {
                // A sharp distribution: some entries essentially zero, as in real attention.
                *x = rng.random::<f64>().powi(6);
            }
            let total: f64 = row.iter().sum();
            row.iter_mut().for_each(|x| *x /= total);
        }
        rows
    }

    #[test]
    fn entries_are_the_pairwise_distances_and_a_metric() {
        let mut rng = StdRng::seed_from_u64(5);
        let rows = random_rows::<9, 7>(&mut rng);
        let mut d = [[f64::NAN; 9]; 9];
        js_distance_matrix(&rows, &mut d).unwrap();
        for i in 0..9 {
            assert_eq!(d[i][i], 0.0);
            for j in 0..9 {
                assert_eq!(d[i][j], d[j][i]);
                assert_eq!(d[i][j], js_distance(&rows[i], &rows[j]).unwrap());
                assert!((0.0..=1.0).contains(&d[i][j]));
                for k in 0..9 {
                    assert!(d[i][k] <= d[i][j] + d[j][k] + 1e-15);
                }
            }
        }
        let rows32 = rows.map(|r| r.map(|x| x as f32));
        let mut d32 = [[f32::NAN; 9]; 9];
        js_distance_matrix(&rows32, &mut d32).unwrap();
        for i in 0..9 {
            for j in 0..9 {
                assert!((f64::from(d32[i][j]) - d[i][j]).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn distances_relabel_with_the_tokens() {
        // Permuting the tokens of self-attention gives P A Pᵀ (rows and columns alike). JS
        // distances ignore the order of outcomes, so the distance matrix becomes P D Pᵀ.
        let mut rng = StdRng::seed_from_u64(6);
        let a = random_rows::<5, 5>(&mut rng);
        let mut d = [[0.0; 5]; 5];
        js_distance_matrix(&a, &mut d).unwrap();
        for p in AllPermutations::<5>::new() {
            let (mut pa, mut pd, mut d_pa) = ([[0.0; 5]; 5], [[0.0; 5]; 5], [[0.0; 5]; 5]);
            p.conjugate(&a, &mut pa);
            p.conjugate(&d, &mut pd);
            js_distance_matrix(&pa, &mut d_pa).unwrap();
            for (x, y) in d_pa.iter().flatten().zip(pd.iter().flatten()) {
                // Only the order of the sum over outcomes changed.
                assert!((x - y).abs() <= 1e-15, "{x} vs {y}");
            }
        }
    }

    #[test]
    fn duplicate_rows_are_at_distance_exactly_zero() {
        let rows = [[0.2_f32, 0.3, 0.5], [0.9, 0.05, 0.05], [0.2, 0.3, 0.5]];
        let mut d = [[1.0; 3]; 3];
        js_distance_matrix(&rows, &mut d).unwrap();
        assert_eq!(d[0][2], 0.0);
        assert!(d[0][1] > 0.0);
    }

    #[test]
    fn a_bad_row_is_named_and_out_is_untouched() {
        let rows = [[0.5_f64, 0.5], [0.5, 0.5], [0.75, -0.25]];
        let mut d = [[9.0; 3]; 3];
        assert_eq!(
            js_distance_matrix(&rows, &mut d),
            Err(Error::NegativeProbability {
                index: 5,
                value: -0.25
            })
        );
        assert_eq!(d, [[9.0; 3]; 3]);
        let rows = [[0.5_f64, 0.5], [0.5, 0.2]];
        assert!(matches!(
            js_distance_matrix(&rows, &mut [[0.0; 2]; 2]),
            Err(Error::NotNormalized { row: 1, .. })
        ));
        let rows = [[0.5_f32, 0.5], [f32::NAN, 1.0]];
        assert!(matches!(
            js_distance_matrix(&rows, &mut [[0.0; 2]; 2]),
            Err(Error::NonFinite { index: 2, .. })
        ));
    }

    #[test]
    fn empty_input_is_fine() {
        let rows: [[f64; 3]; 0] = [];
        let mut d: [[f64; 0]; 0] = [];
        assert!(js_distance_matrix(&rows, &mut d).is_ok());
    }
}
