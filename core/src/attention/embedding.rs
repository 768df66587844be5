//! The embedding layer: a lookup table from token ids to vectors.

use crate::{Error, Real, Result, check_finite_rows};

/// An embedding table of `VOCAB` tokens, each a `D`-dimensional row.
///
/// Looking up token `t` returns row `t` of the table. That is exactly the linear layer
/// `onehot(t) · E` without bias — multiplying a one-hot row vector by `E` selects a row — but
/// done by indexing, in `D` copies instead of `VOCAB·D` multiply–adds (which is why
/// `torch.nn.Embedding` exists beside `torch.nn.Linear`).
///
/// ```
/// use geoml::attention::Embedding;
///
/// let table = Embedding::new([[0.0_f32, 0.0], [1.0, 0.5], [-1.0, 2.0]])?;
/// let mut x = [[9.0; 2]; 4];
/// table.lookup(&[2, 0, 1, 2], &mut x)?;
/// assert_eq!(x, [[-1.0, 2.0], [0.0, 0.0], [1.0, 0.5], [-1.0, 2.0]]);
///
/// // An id outside the vocabulary is an error naming its position.
/// let err = table.lookup(&[0, 7, 1, 2], &mut x).unwrap_err();
/// assert_eq!(err, geoml::Error::IndexOutOfRange { position: 1, index: 7, len: 3 });
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Embedding<T, const VOCAB: usize, const D: usize> {
    table: [[T; D]; VOCAB],
}

impl<T: Real, const VOCAB: usize, const D: usize> Embedding<T, VOCAB, D> {
    /// The embedding whose row `t` is the vector of token `t`.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite entry (row-major index).
    pub fn new(table: [[T; D]; VOCAB]) -> Result<Self> {
        check_finite_rows(&table)?;
        Ok(Self { table })
    }

    /// The table, `VOCAB × D`.
    pub fn table(&self) -> &[[T; D]; VOCAB] {
        &self.table
    }

    /// `out[i]` = the row of token `tokens[i]`, for each of the `N` positions.
    ///
    /// # Errors
    /// [`Error::IndexOutOfRange`] for the first id `≥ VOCAB`, with its position; `out` is then
    /// unchanged.
    pub fn lookup<const N: usize>(&self, tokens: &[usize; N], out: &mut [[T; D]; N]) -> Result<()> {
        if let Some((position, &index)) = tokens.iter().enumerate().find(|(_, t)| **t >= VOCAB) {
            return Err(Error::IndexOutOfRange {
                position,
                index,
                len: VOCAB,
            });
        }
        for (row, &token) in out.iter_mut().zip(tokens) {
            if let Some(vector) = self.table.get(token) {
                *row = *vector;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attention::Linear;

    #[test]
    fn lookup_is_a_one_hot_product() {
        let table = [[0.5_f64, -1.0, 2.0], [3.0, 0.25, -0.5], [1.0, 1.0, 1.0]];
        let embedding = Embedding::new(table).unwrap();
        let linear = Linear::new(table, [0.0; 3]).unwrap();
        let tokens = [1, 2, 0, 1];
        let one_hot: [[f64; 3]; 4] =
            core::array::from_fn(|i| core::array::from_fn(|t| f64::from(u8::from(tokens[i] == t))));
        let (mut a, mut b) = ([[0.0; 3]; 4], [[0.0; 3]; 4]);
        embedding.lookup(&tokens, &mut a).unwrap();
        linear.forward(&one_hot, &mut b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn rejects_non_finite_tables() {
        assert!(matches!(
            Embedding::new([[0.0_f32, 1.0], [f32::NAN, 0.0]]),
            Err(Error::NonFinite { index: 2, .. })
        ));
    }
}
