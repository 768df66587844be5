//! The one error type of geoml.

use core::fmt;

/// Everything that can go wrong in geoml, each variant carrying the value that was wrong.
///
/// Values are reported as `f64` whatever the scalar type of the call (an `f32` converts
/// exactly), and positions as flat row-major indices unless a variant says otherwise.
/// The enum is `#[non_exhaustive]`: match with a wildcard arm.
///
/// ```
/// use geoml::Error;
///
/// let e = Error::NonFinite { index: 3, value: f64::NAN };
/// assert_eq!(e.to_string(), "input element 3 is not finite (NaN)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// An input element is NaN or ±∞.
    NonFinite {
        /// Flat row-major index of the element within the offending input.
        index: usize,
        /// The element itself.
        value: f64,
    },
    /// A point is farther from the manifold (or group) than the tolerance allows: a vector
    /// that should be unit, a matrix that should be orthogonal.
    NotOnManifold {
        /// How far off it is, e.g. `|‖p‖ − 1|` or `‖RᵀR − I‖`.
        residual: f64,
        /// The largest residual that is accepted.
        tolerance: f64,
    },
    /// A point lies where a chart is not defined (the projection pole of a stereographic
    /// chart, the seam of an angle chart).
    OutsideChart {
        /// The chart that excludes the point.
        chart: &'static str,
        /// Distance from the point to the excluded set (0 at the pole itself).
        distance: f64,
    },
    /// A logarithm or geodesic asked for at (or numerically too near) the cut locus, where it
    /// is not unique: the antipode on a sphere, a rotation by π.
    CutLocus {
        /// Distance from the cut locus, in the manifold's own units.
        distance: f64,
    },
    /// A fixed-capacity workspace or output is too small for this input.
    CapacityExceeded {
        /// The capacity the call needed.
        needed: usize,
        /// The capacity it had.
        capacity: usize,
    },
    /// Two sizes that must agree do not (a slice length, a number of rows).
    DimensionMismatch {
        /// The size the call required.
        expected: usize,
        /// The size it got.
        found: usize,
    },
    /// A probability is negative.
    NegativeProbability {
        /// Index of the entry.
        index: usize,
        /// The entry.
        value: f64,
    },
    /// A probability vector does not sum to one within the tolerance.
    NotNormalized {
        /// Which distribution: 0 for a single one, 0 or 1 for the first or second of a pair,
        /// `i` for row `i` of a matrix of distributions.
        row: usize,
        /// The sum that was found.
        sum: f64,
        /// The largest accepted `|sum − 1|`.
        tolerance: f64,
    },
    /// A matrix that must be symmetric is not: `|a[row][col] − a[col][row]|` exceeds the
    /// tolerance.
    NotSymmetric {
        /// Row of the offending entry.
        row: usize,
        /// Column of the offending entry.
        col: usize,
        /// The entry `a[row][col]`.
        value: f64,
        /// Its mirror `a[col][row]`.
        mirror: f64,
    },
    /// A distance matrix has a non-zero diagonal entry.
    NonZeroDiagonal {
        /// The index `i` of the entry `a[i][i]`.
        index: usize,
        /// The entry.
        value: f64,
    },
    /// An entry that must be non-negative (a distance, a weight) is negative.
    NegativeEntry {
        /// Row of the entry (0 for one-dimensional input).
        row: usize,
        /// Column of the entry (the index for one-dimensional input).
        col: usize,
        /// The entry.
        value: f64,
    },
    /// A result would overflow the scalar type (the matrix exponential of a huge matrix).
    Overflow {
        /// The quantity that overflows, e.g. the matrix 1-norm.
        value: f64,
    },
    /// A matrix that must be invertible or positive definite is not (numerically).
    Singular {
        /// The pivot, eigenvalue or determinant that was too small.
        value: f64,
    },
    /// An iterative algorithm (an SVD, an eigen-decomposition) did not converge within its
    /// iteration budget.
    NoConvergence {
        /// The number of iterations it was allowed.
        iterations: usize,
    },
    /// A scalar parameter is outside its domain (a temperature ≤ 0, a tolerance < 0, p < 1).
    InvalidParameter {
        /// The parameter's name as in the documentation.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// An additive attention mask holds NaN or +∞ (its entries must be finite, or −∞ to hide
    /// a key).
    InvalidMask {
        /// Flat row-major index of the entry (`query · M + key`).
        index: usize,
        /// The entry.
        value: f64,
    },
    /// An index (a token id, a vertex) is not below the length of what it indexes.
    IndexOutOfRange {
        /// Where the index sits in its input (e.g. the token's position in the sequence).
        position: usize,
        /// The index itself.
        index: usize,
        /// The length it must stay below (e.g. the vocabulary size).
        len: usize,
    },
    /// A vector that must have a direction (to measure an angle, to be normalised) is zero.
    ZeroVector {
        /// Which vector: 0 for the first argument, 1 for the second, or the row of a matrix.
        index: usize,
    },
    /// A list of images does not describe a permutation of `0..N`: an entry is out of range
    /// or repeats an earlier one.
    NotAPermutation {
        /// Position of the offending entry in the list.
        index: usize,
        /// The entry: `≥ N`, or equal to an earlier entry.
        image: usize,
    },
}

/// `core::result::Result` with [`Error`] as the error type.
pub type Result<T> = core::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::NonFinite { index, value } => {
                write!(f, "input element {index} is not finite ({value})")
            }
            Error::NotOnManifold {
                residual,
                tolerance,
            } => write!(
                f,
                "point is off the manifold: residual {residual:e} exceeds tolerance {tolerance:e}"
            ),
            Error::OutsideChart { chart, distance } => write!(
                f,
                "point is outside the domain of chart {chart} (distance {distance:e} from its excluded set)"
            ),
            Error::CutLocus { distance } => write!(
                f,
                "logarithm is not unique: point is {distance:e} from the cut locus"
            ),
            Error::CapacityExceeded { needed, capacity } => {
                write!(f, "capacity exceeded: needed {needed}, have {capacity}")
            }
            Error::DimensionMismatch { expected, found } => {
                write!(f, "dimension mismatch: expected {expected}, found {found}")
            }
            Error::NegativeProbability { index, value } => {
                write!(f, "probability {index} is negative ({value})")
            }
            Error::NotNormalized {
                row,
                sum,
                tolerance,
            } => write!(
                f,
                "probabilities of distribution {row} sum to {sum}, not 1 within tolerance {tolerance:e}"
            ),
            Error::NotSymmetric {
                row,
                col,
                value,
                mirror,
            } => write!(
                f,
                "matrix is not symmetric: entry ({row}, {col}) is {value} but ({col}, {row}) is {mirror}"
            ),
            Error::NonZeroDiagonal { index, value } => {
                write!(f, "diagonal entry ({index}, {index}) is {value}, not 0")
            }
            Error::NegativeEntry { row, col, value } => {
                write!(f, "entry ({row}, {col}) is negative ({value})")
            }
            Error::Overflow { value } => {
                write!(f, "result would overflow (input magnitude {value:e})")
            }
            Error::Singular { value } => {
                write!(
                    f,
                    "matrix is singular or not positive definite (pivot {value:e})"
                )
            }
            Error::NoConvergence { iterations } => {
                write!(f, "no convergence within {iterations} iterations")
            }
            Error::InvalidParameter { name, value } => {
                write!(f, "parameter {name} = {value} is outside its domain")
            }
            Error::InvalidMask { index, value } => write!(
                f,
                "attention mask entry {index} is {value}: only finite values and -inf are allowed"
            ),
            Error::IndexOutOfRange {
                position,
                index,
                len,
            } => write!(
                f,
                "index {index} at position {position} is out of range (length {len})"
            ),
            Error::ZeroVector { index } => {
                write!(f, "vector {index} is zero and has no direction")
            }
            Error::NotAPermutation { index, image } => write!(
                f,
                "not a permutation: entry {index} is {image}, out of range or repeated"
            ),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn display_names_the_offending_value() {
        let cases = [
            (
                Error::NonFinite {
                    index: 7,
                    value: f64::INFINITY,
                },
                "7",
                "inf",
            ),
            (
                Error::NotOnManifold {
                    residual: 0.5,
                    tolerance: 1e-6,
                },
                "5e-1",
                "1e-6",
            ),
            (
                Error::OutsideChart {
                    chart: "north",
                    distance: 0.0,
                },
                "north",
                "0e0",
            ),
            (Error::CutLocus { distance: 1e-9 }, "1e-9", "cut locus"),
            (
                Error::CapacityExceeded {
                    needed: 40,
                    capacity: 32,
                },
                "40",
                "32",
            ),
            (
                Error::DimensionMismatch {
                    expected: 3,
                    found: 4,
                },
                "3",
                "4",
            ),
            (
                Error::NegativeProbability {
                    index: 2,
                    value: -0.25,
                },
                "2",
                "-0.25",
            ),
            (
                Error::NotNormalized {
                    row: 3,
                    sum: 1.5,
                    tolerance: 1e-6,
                },
                "distribution 3 sum to 1.5",
                "1e-6",
            ),
            (
                Error::NotSymmetric {
                    row: 1,
                    col: 2,
                    value: 0.5,
                    mirror: 0.25,
                },
                "0.5",
                "0.25",
            ),
            (
                Error::NonZeroDiagonal {
                    index: 4,
                    value: 0.125,
                },
                "(4, 4)",
                "0.125",
            ),
            (
                Error::NegativeEntry {
                    row: 0,
                    col: 3,
                    value: -1.0,
                },
                "(0, 3)",
                "-1",
            ),
            (Error::Overflow { value: 1e300 }, "1e300", "overflow"),
            (Error::Singular { value: 0.0 }, "0e0", "singular"),
            (Error::NoConvergence { iterations: 640 }, "640", "converge"),
            (
                Error::InvalidParameter {
                    name: "temperature",
                    value: -1.0,
                },
                "temperature",
                "-1",
            ),
            (
                Error::InvalidMask {
                    index: 5,
                    value: f64::NAN,
                },
                "entry 5",
                "NaN",
            ),
            (
                Error::IndexOutOfRange {
                    position: 2,
                    index: 30,
                    len: 16,
                },
                "30",
                "16",
            ),
            (Error::ZeroVector { index: 1 }, "vector 1", "zero"),
            (
                Error::NotAPermutation { index: 2, image: 5 },
                "entry 2",
                "is 5",
            ),
        ];
        for (error, a, b) in cases {
            let text = error.to_string();
            assert!(
                text.contains(a) && text.contains(b),
                "{text:?} lacks {a:?} or {b:?}"
            );
        }
    }
}
