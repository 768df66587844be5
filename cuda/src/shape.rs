//! Shapes of the kernels' inputs, validated before anything reaches the device.

use crate::GpuError;

/// Largest grid extent in y and z (CUDA's limit), which bounds batch and heads.
const GRID_YZ_MAX: usize = 65_535;
/// Lengths are passed to the kernels as 32-bit ints.
const INT_MAX: usize = i32::MAX as usize;
/// Largest head dimension the kernels hold (the CUDA-core kernel keeps D/32 columns per lane).
pub const MAX_HEAD_DIM: usize = 256;

/// The shape of one attention call, PyTorch's SDPA layout: Q is `[batch, heads, query_len,
/// head_dim]`, K and V are `[batch, heads, key_len, head_dim]`, the output is shaped like Q and
/// the log-sum-exp is `[batch, heads, query_len]`, all row-major.
///
/// ```
/// use geoml_cuda::AttentionShape;
///
/// let shape = AttentionShape::new(2, 8, 1024, 1024, 64);
/// assert_eq!(shape.q_len(), 2 * 8 * 1024 * 64);
/// assert!(shape.validate().is_ok());
/// assert!(AttentionShape::new(2, 8, 1024, 0, 64).validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttentionShape {
    /// B: independent sequences.
    pub batch: usize,
    /// H: heads per sequence.
    pub heads: usize,
    /// N_q: query tokens.
    pub query_len: usize,
    /// N_k: key (and value) tokens.
    pub key_len: usize,
    /// D: the head dimension, shared by queries, keys and values.
    pub head_dim: usize,
}

impl AttentionShape {
    /// A shape from its five dimensions.
    pub const fn new(
        batch: usize,
        heads: usize,
        query_len: usize,
        key_len: usize,
        head_dim: usize,
    ) -> Self {
        AttentionShape {
            batch,
            heads,
            query_len,
            key_len,
            head_dim,
        }
    }

    /// Self-attention: `query_len = key_len = len`.
    pub const fn self_attention(batch: usize, heads: usize, len: usize, head_dim: usize) -> Self {
        Self::new(batch, heads, len, len, head_dim)
    }

    /// Elements of Q (and of the output): `B·H·N_q·D`.
    pub fn q_len(&self) -> usize {
        self.batch * self.heads * self.query_len * self.head_dim
    }

    /// Elements of K (and of V): `B·H·N_k·D`.
    pub fn kv_len(&self) -> usize {
        self.batch * self.heads * self.key_len * self.head_dim
    }

    /// Elements of the log-sum-exp: `B·H·N_q`.
    pub fn lse_len(&self) -> usize {
        self.batch * self.heads * self.query_len
    }

    /// Checks every dimension is positive and within what the kernels support.
    ///
    /// # Errors
    /// [`GpuError::ZeroDimension`] for a zero dimension; [`GpuError::DimensionTooLarge`] for
    /// `batch` or `heads` over 65 535, `query_len` or `key_len` over 2³¹ − 1, `head_dim` over
    /// 256, or a buffer size that overflows `usize`.
    pub fn validate(&self) -> Result<(), GpuError> {
        let dims = [
            ("batch", self.batch, GRID_YZ_MAX),
            ("heads", self.heads, GRID_YZ_MAX),
            ("query_len", self.query_len, INT_MAX),
            ("key_len", self.key_len, INT_MAX),
            ("head_dim", self.head_dim, MAX_HEAD_DIM),
        ];
        for (dim, value, max) in dims {
            check_dim(dim, value, max)?;
        }
        checked_product(
            "query_len",
            &[self.batch, self.heads, self.query_len, self.head_dim],
        )?;
        checked_product(
            "key_len",
            &[self.batch, self.heads, self.key_len, self.head_dim],
        )?;
        Ok(())
    }
}

/// The shape of a batch of distributions: `batch` blocks of `rows` rows of `len` elements,
/// e.g. attention weights `[B·H, N_q, N_k]` with `batch = B·H`, `rows = N_q`, `len = N_k`.
///
/// ```
/// use geoml_cuda::RowsShape;
///
/// let shape = RowsShape::new(4, 512, 512);
/// assert_eq!(shape.input_len(), 4 * 512 * 512);
/// assert_eq!(shape.matrix_len(), 4 * 512 * 512);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowsShape {
    /// Independent blocks of rows (a distance matrix is computed per block).
    pub batch: usize,
    /// Rows per block.
    pub rows: usize,
    /// Elements per row.
    pub len: usize,
}

impl RowsShape {
    /// A shape from its three dimensions.
    pub const fn new(batch: usize, rows: usize, len: usize) -> Self {
        RowsShape { batch, rows, len }
    }

    /// Elements of the input: `batch·rows·len`.
    pub fn input_len(&self) -> usize {
        self.batch * self.rows * self.len
    }

    /// Rows in all: `batch·rows` (the length of an entropy output).
    pub fn total_rows(&self) -> usize {
        self.batch * self.rows
    }

    /// Elements of the distance matrices: `batch·rows·rows`.
    pub fn matrix_len(&self) -> usize {
        self.batch * self.rows * self.rows
    }

    /// Checks every dimension is positive and within what the kernels support.
    ///
    /// # Errors
    /// [`GpuError::ZeroDimension`], or [`GpuError::DimensionTooLarge`] for `batch` over
    /// 65 535, `rows` or `len` over 2³¹ − 1, or sizes that overflow `usize`.
    pub fn validate(&self) -> Result<(), GpuError> {
        check_dim("batch", self.batch, GRID_YZ_MAX)?;
        check_dim("rows", self.rows, INT_MAX)?;
        check_dim("len", self.len, INT_MAX)?;
        checked_product("len", &[self.batch, self.rows, self.len])?;
        checked_product("rows", &[self.batch, self.rows, self.rows])?;
        Ok(())
    }
}

/// The shape of a batched pairwise-distance call: X is `[batch, x_points, dim]`, Y is
/// `[batch, y_points, dim]`, the distances are `[batch, x_points, y_points]`.
///
/// ```
/// use geoml_cuda::PointsShape;
///
/// let shape = PointsShape::new(1, 1000, 500, 3);
/// assert_eq!((shape.x_len(), shape.y_len(), shape.out_len()), (3000, 1500, 500_000));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PointsShape {
    /// Independent point-set pairs.
    pub batch: usize,
    /// Points in X.
    pub x_points: usize,
    /// Points in Y.
    pub y_points: usize,
    /// Coordinates per point.
    pub dim: usize,
}

impl PointsShape {
    /// A shape from its four dimensions.
    pub const fn new(batch: usize, x_points: usize, y_points: usize, dim: usize) -> Self {
        PointsShape {
            batch,
            x_points,
            y_points,
            dim,
        }
    }

    /// Elements of X: `batch·x_points·dim`.
    pub fn x_len(&self) -> usize {
        self.batch * self.x_points * self.dim
    }

    /// Elements of Y: `batch·y_points·dim`.
    pub fn y_len(&self) -> usize {
        self.batch * self.y_points * self.dim
    }

    /// Elements of the distances: `batch·x_points·y_points`.
    pub fn out_len(&self) -> usize {
        self.batch * self.x_points * self.y_points
    }

    /// Checks every dimension is positive and within what the kernels support.
    ///
    /// # Errors
    /// [`GpuError::ZeroDimension`], or [`GpuError::DimensionTooLarge`] for `batch` over
    /// 65 535, `x_points` over 65 535 · 64 (the grid's y extent times the tile), `y_points`
    /// or `dim` over 2³¹ − 1, or sizes that overflow `usize`.
    pub fn validate(&self) -> Result<(), GpuError> {
        check_dim("batch", self.batch, GRID_YZ_MAX)?;
        check_dim("x_points", self.x_points, GRID_YZ_MAX * 64)?;
        check_dim("y_points", self.y_points, INT_MAX)?;
        check_dim("dim", self.dim, INT_MAX)?;
        checked_product("x_points", &[self.batch, self.x_points, self.dim])?;
        checked_product("y_points", &[self.batch, self.y_points, self.dim])?;
        checked_product("y_points", &[self.batch, self.x_points, self.y_points])?;
        Ok(())
    }
}

fn check_dim(dim: &'static str, value: usize, max: usize) -> Result<(), GpuError> {
    if value == 0 {
        Err(GpuError::ZeroDimension { dim })
    } else if value > max {
        Err(GpuError::DimensionTooLarge { dim, value, max })
    } else {
        Ok(())
    }
}

/// Fails with `DimensionTooLarge` naming `dim` when the product overflows `usize`.
fn checked_product(dim: &'static str, factors: &[usize]) -> Result<usize, GpuError> {
    factors
        .iter()
        .try_fold(1usize, |acc, &f| acc.checked_mul(f))
        .ok_or(GpuError::DimensionTooLarge {
            dim,
            value: factors.iter().fold(1usize, |a, &f| a.saturating_mul(f)),
            max: usize::MAX,
        })
}

/// Checks a buffer's length against the shape's.
pub(crate) fn check_len(
    buffer: &'static str,
    actual: usize,
    expected: usize,
) -> Result<(), GpuError> {
    if actual == expected {
        Ok(())
    } else {
        Err(GpuError::LengthMismatch {
            buffer,
            expected,
            actual,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_zero_dimension_is_named() {
        let base = AttentionShape::new(1, 2, 3, 4, 8);
        let cases = [
            ("batch", AttentionShape { batch: 0, ..base }),
            ("heads", AttentionShape { heads: 0, ..base }),
            (
                "query_len",
                AttentionShape {
                    query_len: 0,
                    ..base
                },
            ),
            ("key_len", AttentionShape { key_len: 0, ..base }),
            (
                "head_dim",
                AttentionShape {
                    head_dim: 0,
                    ..base
                },
            ),
        ];
        for (name, shape) in cases {
            match shape.validate() {
                Err(GpuError::ZeroDimension { dim }) => assert_eq!(dim, name),
                other => panic!("{name}: {other:?}"),
            }
        }
        assert!(base.validate().is_ok());
    }

    #[test]
    fn too_large_dimensions_are_named() {
        let shape = AttentionShape::new(1, 1, 16, 16, 257);
        assert!(matches!(
            shape.validate(),
            Err(GpuError::DimensionTooLarge {
                dim: "head_dim",
                value: 257,
                max: 256
            })
        ));
        let shape = AttentionShape::new(70_000, 1, 16, 16, 64);
        assert!(matches!(
            shape.validate(),
            Err(GpuError::DimensionTooLarge { dim: "batch", .. })
        ));
        let shape = AttentionShape::new(60_000, 60_000, 1 << 30, 1, 256);
        assert!(matches!(
            shape.validate(),
            Err(GpuError::DimensionTooLarge {
                dim: "query_len",
                ..
            })
        ));
        assert!(matches!(
            RowsShape::new(1, 0, 3).validate(),
            Err(GpuError::ZeroDimension { dim: "rows" })
        ));
        assert!(matches!(
            PointsShape::new(1, 5, 5, 0).validate(),
            Err(GpuError::ZeroDimension { dim: "dim" })
        ));
        assert!(matches!(
            PointsShape::new(1, 65_535 * 64 + 1, 5, 3).validate(),
            Err(GpuError::DimensionTooLarge {
                dim: "x_points",
                ..
            })
        ));
    }

    #[test]
    fn lengths_are_checked() {
        assert!(check_len("q", 6, 6).is_ok());
        assert!(matches!(
            check_len("k", 5, 6),
            Err(GpuError::LengthMismatch {
                buffer: "k",
                expected: 6,
                actual: 5
            })
        ));
    }
}
