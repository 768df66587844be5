//! A validated finite metric: the input of every persistence computation.

use crate::{Error, Real, Result, fast_math};

/// A borrowed `N × N` matrix of pairwise distances that has passed the checks persistence
/// needs: every entry finite and non-negative, a zero diagonal, and symmetry within a
/// tolerance.
///
/// Only the entries below the diagonal, `d[i][j]` with `i > j`, are read afterwards (ripser.py
/// and GUDHI read the same triangle), so a matrix that is symmetric only within the tolerance
/// is used as if its upper triangle mirrored its lower one. The triangle inequality is *not*
/// required: Vietoris–Rips persistence is defined for any symmetric dissimilarity.
///
/// A Jensen–Shannon distance matrix of attention rows
/// (`geoml::info::js_distance_matrix`) is exactly symmetric and passes as it is; points in
/// ℝᴰ become a matrix with [`DistanceMatrix::from_points`].
///
/// ```
/// use geoml::persistence::DistanceMatrix;
/// use geoml::Error;
///
/// let d = [[0.0_f64, 1.0, 2.0], [1.0, 0.0, 1.5], [2.0, 1.5, 0.0]];
/// let m = DistanceMatrix::new(&d)?;
/// assert_eq!(m.get(2, 0), 2.0);
/// assert_eq!(m.enclosing_radius(), 1.5); // point 1 is within 1.5 of every other point
///
/// let lopsided = [[0.0_f64, 1.0], [0.5, 0.0]];
/// assert!(matches!(DistanceMatrix::new(&lopsided), Err(Error::NotSymmetric { row: 0, col: 1, .. })));
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DistanceMatrix<'a, T, const N: usize> {
    entries: &'a [[T; N]; N],
}

impl<'a, T: Real, const N: usize> DistanceMatrix<'a, T, N> {
    /// Validates `entries` with the default symmetry tolerance `√ε · max |d[i][j]|` (ε the
    /// machine epsilon of `T`: about `3.5e−4` times the largest entry in `f32`, `1.5e−8` in
    /// `f64`): loose enough for two independently rounded evaluations of the same distance,
    /// tight enough to reject a matrix that is not a distance matrix at all, such as raw
    /// attention weights.
    ///
    /// Errors, each naming the first offending entry in row-major order, in three passes:
    /// [`Error::NonFinite`] (flat index `i · N + j`); then [`Error::NonZeroDiagonal`] or
    /// [`Error::NegativeEntry`], whichever comes first; then [`Error::NotSymmetric`]
    /// (`|d[i][j] − d[j][i]|` above the tolerance, reported at `i < j`).
    ///
    /// ```
    /// use geoml::persistence::DistanceMatrix;
    /// use geoml::Error;
    ///
    /// // Off by 1e-12 relative: two roundings of the same distance, accepted.
    /// let d = [[0.0_f64, 2.0], [2.0 + 2e-12, 0.0]];
    /// assert_eq!(DistanceMatrix::new(&d)?.get(0, 1), 2.0 + 2e-12); // the lower triangle
    /// let bad = [[0.0_f64, -1.0], [-1.0, 0.0]];
    /// let err = DistanceMatrix::new(&bad);
    /// assert!(matches!(err, Err(Error::NegativeEntry { row: 0, col: 1, .. })));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn new(entries: &'a [[T; N]; N]) -> Result<Self> {
        let scan = Scan::of(entries);
        let tolerance = T::default_epsilon().sqrt() * scan.largest;
        if scan.passes(tolerance) {
            return Ok(Self { entries });
        }
        crate::check_finite_rows(entries)?;
        Self::with_tolerance(entries, tolerance)
    }

    /// Validates `entries`, accepting `|d[i][j] − d[j][i]| ≤ tolerance` (absolute; `0` demands
    /// exact symmetry). Errors as for [`DistanceMatrix::new`], plus
    /// [`Error::InvalidParameter`] for a negative or non-finite tolerance.
    ///
    /// ```
    /// use geoml::persistence::DistanceMatrix;
    ///
    /// let d = [[0.0_f32, 1.0], [1.001, 0.0]];
    /// assert!(DistanceMatrix::with_tolerance(&d, 0.0).is_err());
    /// assert!(DistanceMatrix::with_tolerance(&d, 0.01).is_ok());
    /// ```
    pub fn with_tolerance(entries: &'a [[T; N]; N], tolerance: T) -> Result<Self> {
        if !tolerance.is_finite() || tolerance < T::zero() {
            return Err(Error::InvalidParameter {
                name: "tolerance",
                value: tolerance.as_f64(),
            });
        }
        if Scan::of(entries).passes(tolerance) {
            return Ok(Self { entries });
        }
        // Something is wrong: find the first offender of each kind, in the documented order.
        crate::check_finite_rows(entries)?;
        for (i, row) in entries.iter().enumerate() {
            for (j, &value) in row.iter().enumerate() {
                if i == j && value != T::zero() {
                    return Err(Error::NonZeroDiagonal {
                        index: i,
                        value: value.as_f64(),
                    });
                }
                if value < T::zero() {
                    return Err(Error::NegativeEntry {
                        row: i,
                        col: j,
                        value: value.as_f64(),
                    });
                }
            }
        }
        for (i, row) in entries.iter().enumerate() {
            for (j, &value) in row.iter().enumerate().skip(i + 1) {
                let mirror = entries[j][i];
                if (value - mirror).abs() > tolerance {
                    return Err(Error::NotSymmetric {
                        row: i,
                        col: j,
                        value: value.as_f64(),
                        mirror: mirror.as_f64(),
                    });
                }
            }
        }
        Ok(Self { entries })
    }

    /// Writes the Euclidean distances `‖pᵢ − pⱼ‖ = √(Σₖ (pᵢₖ − pⱼₖ)²)` of `points` (one point a
    /// row) into `buffer` and returns it validated. The sum runs over `k` in order and the
    /// square root is correctly rounded, the same arithmetic as `scipy.spatial.distance.pdist`,
    /// so the entries agree with SciPy's to the last bit in practice. The matrix is exactly
    /// symmetric with a zero diagonal.
    ///
    /// Errors: [`Error::NonFinite`] for a non-finite coordinate (flat index `i · D + k`);
    /// [`Error::Overflow`] when a squared distance overflows `T` (its value is then the
    /// largest coordinate difference). `buffer` is fully written only on success.
    ///
    /// ```
    /// use geoml::persistence::DistanceMatrix;
    ///
    /// let points = [[0.0_f64, 0.0], [3.0, 4.0], [6.0, 8.0]];
    /// let mut buffer = [[0.0; 3]; 3];
    /// let d = DistanceMatrix::from_points(&points, &mut buffer)?;
    /// assert_eq!(d.get(1, 0), 5.0);
    /// assert_eq!(d.get(2, 0), 10.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_points<const D: usize>(
        points: &[[T; D]; N],
        buffer: &'a mut [[T; N]; N],
    ) -> Result<Self> {
        crate::check_finite_rows(points)?;
        for i in 0..N {
            buffer[i][i] = T::zero();
            for j in 0..i {
                let mut sum = T::zero();
                let mut widest = T::zero();
                for (a, b) in points[i].iter().zip(points[j].iter()) {
                    let diff = *a - *b;
                    sum += diff * diff;
                    if diff.abs() > widest {
                        widest = diff.abs();
                    }
                }
                if !sum.is_finite() {
                    return Err(Error::Overflow {
                        value: widest.as_f64(),
                    });
                }
                // The hot spot of point clouds: approximated in f32 under `fast-math`.
                let distance = fast_math::sqrt(sum);
                buffer[i][j] = distance;
                buffer[j][i] = distance;
            }
        }
        Ok(Self { entries: buffer })
    }

    /// The number of points, `N`.
    ///
    /// ```
    /// let d = [[0.0_f64; 3]; 3];
    /// assert_eq!(geoml::persistence::DistanceMatrix::new(&d)?.len(), 3);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn len(&self) -> usize {
        N
    }

    /// Whether there are no points.
    ///
    /// ```
    /// let empty: [[f64; 0]; 0] = [];
    /// assert!(geoml::persistence::DistanceMatrix::new(&empty)?.is_empty());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn is_empty(&self) -> bool {
        N == 0
    }

    /// The distance between points `i` and `j`: the entry below the diagonal,
    /// `d[max(i,j)][min(i,j)]`, and `0` for `i = j`. Indices at or beyond `N` give `0`
    /// (there is no point there to be far from).
    ///
    /// ```
    /// let d = [[0.0_f64, 4.0], [4.0, 0.0]];
    /// let m = geoml::persistence::DistanceMatrix::new(&d)?;
    /// assert_eq!((m.get(0, 1), m.get(1, 0), m.get(1, 1)), (4.0, 4.0, 0.0));
    /// assert_eq!(m.get(0, 9), 0.0); // out of range
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn get(&self, i: usize, j: usize) -> T {
        let (hi, lo) = if i >= j { (i, j) } else { (j, i) };
        self.entries
            .get(hi)
            .and_then(|row| row.get(lo))
            .copied()
            .unwrap_or_else(T::zero)
    }

    /// The matrix as it was given.
    ///
    /// ```
    /// let d = [[0.0_f32, 1.0], [1.0, 0.0]];
    /// let m = geoml::persistence::DistanceMatrix::new(&d)?;
    /// assert_eq!(m.entries(), &d);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn entries(&self) -> &'a [[T; N]; N] {
        self.entries
    }

    /// The enclosing radius `minᵢ maxⱼ d(i, j)`: from this scale on, one point is joined to all
    /// others, the Rips complex is a cone and has no homology left, so no bar is born or alive
    /// beyond it (except the one infinite `H0` bar). Ripser's default threshold; `0` for fewer
    /// than two points.
    ///
    /// ```
    /// use geoml::persistence::DistanceMatrix;
    ///
    /// // Points 0, 1, 3 on a line: eccentricities 3, 2, 3, so the radius is 2 (from point 1).
    /// let mut buffer = [[0.0; 3]; 3];
    /// let m = DistanceMatrix::from_points(&[[0.0_f64], [1.0], [3.0]], &mut buffer)?;
    /// assert_eq!(m.enclosing_radius(), 2.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn enclosing_radius(&self) -> T {
        let mut eccentricity = [T::zero(); N];
        for (i, row) in self.entries.iter().enumerate() {
            let mut own = T::zero();
            for (j, &d) in row[..i].iter().enumerate() {
                own = own.max(d);
                eccentricity[j] = eccentricity[j].max(d);
            }
            eccentricity[i] = eccentricity[i].max(own);
        }
        eccentricity
            .iter()
            .copied()
            .reduce(|a, b| a.min(b))
            .unwrap_or_else(T::zero)
    }
}

/// The fast path of validation: one branch-free pass over the lower triangle and its mirror
/// that only says whether everything is fine (the error paths then look for the offender).
struct Scan<T> {
    /// Every entry is finite and non-negative, and the diagonal is zero.
    sound: bool,
    largest: T,
    asymmetry: T,
}

impl<T: Real> Scan<T> {
    fn of<const N: usize>(entries: &[[T; N]; N]) -> Self {
        let mut sound = true;
        let mut largest = T::zero();
        let mut asymmetry = T::zero();
        for (i, row) in entries.iter().enumerate() {
            sound &= row[i] == T::zero();
            for (j, &value) in row[..i].iter().enumerate() {
                let mirror = entries[j][i];
                sound &= (value >= T::zero()) & (mirror >= T::zero());
                sound &= value.is_finite() & mirror.is_finite();
                largest = largest.max(value).max(mirror);
                asymmetry = asymmetry.max((value - mirror).abs());
            }
        }
        Self {
            sound,
            largest,
            asymmetry,
        }
    }

    fn passes(&self, tolerance: T) -> bool {
        self.sound && self.asymmetry <= tolerance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_bad_entry_has_its_own_error() {
        let nan = [[0.0_f64, f64::NAN], [1.0, 0.0]];
        assert!(matches!(
            DistanceMatrix::new(&nan),
            Err(Error::NonFinite { index: 1, value }) if value.is_nan()
        ));
        let inf = [[0.0_f32, 1.0], [f32::INFINITY, 0.0]];
        assert_eq!(
            DistanceMatrix::new(&inf).unwrap_err(),
            Error::NonFinite {
                index: 2,
                value: f64::INFINITY
            }
        );
        let diagonal = [[0.0_f64, 1.0], [1.0, 0.25]];
        assert_eq!(
            DistanceMatrix::new(&diagonal).unwrap_err(),
            Error::NonZeroDiagonal {
                index: 1,
                value: 0.25
            }
        );
        let negative = [[0.0_f64, 1.0, 2.0], [1.0, 0.0, -0.5], [2.0, -0.5, 0.0]];
        assert_eq!(
            DistanceMatrix::new(&negative).unwrap_err(),
            Error::NegativeEntry {
                row: 1,
                col: 2,
                value: -0.5
            }
        );
        let asymmetric = [[0.0_f32, 1.0, 2.0], [1.0, 0.0, 3.0], [2.0, 3.5, 0.0]];
        assert_eq!(
            DistanceMatrix::new(&asymmetric).unwrap_err(),
            Error::NotSymmetric {
                row: 1,
                col: 2,
                value: 3.0,
                mirror: 3.5
            }
        );
        assert!(matches!(
            DistanceMatrix::with_tolerance(&[[0.0_f64]], -1.0),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        ));
    }

    #[test]
    fn default_tolerance_forgives_rounding_but_not_attention_weights() {
        let nearly = [[0.0_f64, 0.3], [0.3 + 1e-12, 0.0]];
        assert!(DistanceMatrix::new(&nearly).is_ok());
        let attention_like = [[0.0_f32, 0.7], [0.2, 0.0]];
        assert!(DistanceMatrix::new(&attention_like).is_err());
        // The lower triangle is the one used.
        assert_eq!(DistanceMatrix::new(&nearly).unwrap().get(0, 1), 0.3 + 1e-12);
    }

    #[test]
    fn points_give_euclidean_distances_or_a_named_error() {
        let points = [[1.0_f32, 2.0, 2.0], [0.0, 0.0, 0.0]];
        let mut buffer = [[9.0; 2]; 2];
        let d = DistanceMatrix::from_points(&points, &mut buffer).unwrap();
        let tolerance = 3.0 * crate::fast_math::test_epsilon::<f32>();
        assert!((f64::from(d.get(0, 1)) - 3.0).abs() <= tolerance);
        assert_eq!(d.get(1, 1), 0.0);
        assert_eq!(d.get(5, 0), 0.0);
        let bad = [[1.0_f64, f64::NAN], [0.0, 0.0]];
        assert!(matches!(
            DistanceMatrix::from_points(&bad, &mut [[0.0; 2]; 2]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        let huge = [[1e200_f64], [-1e200]];
        assert!(matches!(
            DistanceMatrix::from_points(&huge, &mut [[0.0; 2]; 2]),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn enclosing_radius_of_small_sets() {
        let empty: [[f64; 0]; 0] = [];
        assert_eq!(DistanceMatrix::new(&empty).unwrap().enclosing_radius(), 0.0);
        assert_eq!(
            DistanceMatrix::new(&[[0.0_f32]])
                .unwrap()
                .enclosing_radius(),
            0.0
        );
        let two = [[0.0_f64, 2.5], [2.5, 0.0]];
        assert_eq!(DistanceMatrix::new(&two).unwrap().enclosing_radius(), 2.5);
    }
}
