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
    ///
    /// ```
    /// use geoml::attention::Embedding;
    ///
    /// assert!(Embedding::new([[0.0_f64, 1.0], [2.0, 3.0]]).is_ok());
    /// // Entry (1, 0) is row-major index 2.
    /// let err = Embedding::new([[0.0_f64, 1.0], [f64::NAN, 3.0]]).unwrap_err();
    /// assert!(matches!(err, geoml::Error::NonFinite { index: 2, .. }));
    /// ```
    pub fn new(table: [[T; D]; VOCAB]) -> Result<Self> {
        check_finite_rows(&table)?;
        Ok(Self { table })
    }

    /// The table, `VOCAB × D`: row `t` is the vector of token `t`.
    ///
    /// ```
    /// let e = geoml::attention::Embedding::new([[0.5_f32], [-1.0], [2.0]])?;
    /// assert_eq!(e.table()[2], [2.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn table(&self) -> &[[T; D]; VOCAB] {
        &self.table
    }

    /// `out[i]` = the row of token `tokens[i]`, for each of the `N` positions.
    ///
    /// # Errors
    /// [`Error::IndexOutOfRange`] for the first id `≥ VOCAB`, with its position; `out` is then
    /// unchanged.
    ///
    /// ```
    /// use geoml::attention::Embedding;
    ///
    /// // The same as the one-hot product onehot(t) · E.
    /// let e = Embedding::new([[1.0_f64, 0.0], [0.0, 1.0], [3.0, 4.0]])?;
    /// let mut out = [[0.0; 2]; 3];
    /// e.lookup(&[2, 2, 0], &mut out)?;
    /// assert_eq!(out, [[3.0, 4.0], [3.0, 4.0], [1.0, 0.0]]);
    /// assert!(e.lookup(&[0, 3, 1], &mut out).is_err()); // 3 ≥ VOCAB
    /// # Ok::<(), geoml::Error>(())
    /// ```
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
