//! Attention matrices as weighted graphs on the tokens.

use super::distribution::checked_sum;
use crate::{Real, Result};

/// The undirected attention graph of a bidirectional head: `out = (A + Aᵀ) / 2`.
///
/// `A[i][j]` is how much query token `i` attends to key token `j`; it is a directed weight,
/// and `A[i][j] ≠ A[j][i]` in general. Averaging the two directions gives a symmetric
/// weighted adjacency matrix (self-loops on the diagonal) whose edge `{i, j}` carries the mean
/// attention between the two tokens. Relabelling the tokens by a permutation `P` relabels the
/// graph: the graph of `P A Pᵀ` is `P · out · Pᵀ`.
///
/// Errors: each row of `a` must be a distribution (see
/// [`check_distribution`](super::check_distribution)); flat indices `i · N + j`, bad sums by
/// row; `out` is untouched on error.
///
/// ```
/// use geoml::info::symmetrized_attention_graph;
///
/// let a = [[0.5_f64, 0.5, 0.0], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];
/// let mut w = [[0.0; 3]; 3];
/// symmetrized_attention_graph(&a, &mut w).unwrap();
/// assert_eq!(w[0][1], 0.3);
/// assert_eq!(w[1][0], 0.3);
/// assert_eq!(w[2][2], 0.4);
/// ```
pub fn symmetrized_attention_graph<T: Real, const N: usize>(
    a: &[[T; N]; N],
    out: &mut [[T; N]; N],
) -> Result<()> {
    check_rows(a)?;
    let half = T::lit(0.5);
    for i in 0..N {
        out[i][i] = a[i][i];
        for j in (i + 1)..N {
            let w = half * (a[i][j] + a[j][i]);
            out[i][j] = w;
            out[j][i] = w;
        }
    }
    Ok(())
}

/// The attention graph of a causal (masked) head: the lower triangle mirrored,
/// `out[i][j] = out[j][i] = A[i][j]` for `j ≤ i`.
///
/// Under a causal mask token `i` attends only to tokens `j ≤ i`, so `A` is lower triangular:
/// each pair of tokens has one weight, and placing it on both sides of the diagonal makes a
/// symmetric weighted adjacency matrix with self-loops. Entries above the diagonal are not
/// read (a causal mask makes them zero; for any other matrix this keeps the lower triangle —
/// use [`symmetrized_attention_graph`] for bidirectional heads).
///
/// Errors: as [`symmetrized_attention_graph`].
///
/// ```
/// use geoml::info::causal_attention_graph;
///
/// let a = [[1.0_f32, 0.0, 0.0], [0.4, 0.6, 0.0], [0.2, 0.5, 0.3]];
/// let mut w = [[0.0; 3]; 3];
/// causal_attention_graph(&a, &mut w).unwrap();
/// assert_eq!(w, [[1.0, 0.4, 0.2], [0.4, 0.6, 0.5], [0.2, 0.5, 0.3]]);
/// ```
pub fn causal_attention_graph<T: Real, const N: usize>(
    a: &[[T; N]; N],
    out: &mut [[T; N]; N],
) -> Result<()> {
    check_rows(a)?;
    for i in 0..N {
        for j in 0..=i {
            out[i][j] = a[i][j];
            out[j][i] = a[i][j];
        }
    }
    Ok(())
}

fn check_rows<T: Real, const N: usize>(a: &[[T; N]; N]) -> Result<()> {
    for (i, row) in a.iter().enumerate() {
        checked_sum(row, i, i * N)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn graphs_are_symmetric_and_keep_the_total_weight() {
        let a = [
            [0.25_f64, 0.25, 0.5, 0.0],
            [0.1, 0.2, 0.3, 0.4],
            [0.0, 0.0, 1.0, 0.0],
            [0.4, 0.3, 0.2, 0.1],
        ];
        let mut w = [[0.0; 4]; 4];
        symmetrized_attention_graph(&a, &mut w).unwrap();
        let total: f64 = w.iter().flatten().sum();
        assert!((total - 4.0).abs() < 1e-15, "(A + Aᵀ)/2 keeps Σ = N");
        for i in 0..4 {
            for j in 0..4 {
                assert_eq!(w[i][j], w[j][i]);
                assert_eq!(w[i][j], 0.5 * (a[i][j] + a[j][i]));
            }
        }
    }

    #[test]
    fn causal_graph_ignores_the_upper_triangle() {
        let a = [[1.0_f64, 0.0], [0.25, 0.75]];
        let noisy = [[0.5_f64, 0.5], [0.25, 0.75]];
        let (mut w, mut v) = ([[0.0; 2]; 2], [[0.0; 2]; 2]);
        causal_attention_graph(&a, &mut w).unwrap();
        causal_attention_graph(&noisy, &mut v).unwrap();
        assert_eq!(w, [[1.0, 0.25], [0.25, 0.75]]);
        assert_eq!(v, [[0.5, 0.25], [0.25, 0.75]]);
    }

    #[test]
    fn rows_must_be_distributions() {
        let a = [[0.5_f32, 0.5], [2.0, -1.0]];
        let mut w = [[7.0; 2]; 2];
        assert_eq!(
            causal_attention_graph(&a, &mut w),
            Err(Error::NegativeProbability {
                index: 3,
                value: -1.0
            })
        );
        assert_eq!(w, [[7.0; 2]; 2]);
        assert!(matches!(
            symmetrized_attention_graph(&[[0.5_f64, 0.4], [0.5, 0.5]], &mut [[0.0; 2]; 2]),
            Err(Error::NotNormalized { row: 0, .. })
        ));
    }
}
