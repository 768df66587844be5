//! What the distances between two diagrams return, and the part of every such distance that
//! concerns the essential (infinite) bars.

use super::Bar;
use super::small_sort;
use crate::{Error, Real, Result};
use core::cmp::Ordering;

/// A distance between two persistence diagrams: a finite value, or infinity stated as such.
///
/// Essential bars (`death = None`) can only be matched with essential bars, so two diagrams
/// with different numbers of them are infinitely far apart: the distance is
/// [`DiagramDistance::Infinite`], carrying the two counts, never an `f64` infinity.
///
/// ```
/// use geoml::persistence::DiagramDistance;
///
/// let d = DiagramDistance::Finite(0.25_f64);
/// assert_eq!(d.finite(), Some(0.25));
/// let far = DiagramDistance::<f64>::Infinite { essential_left: 1, essential_right: 2 };
/// assert!(far.is_infinite());
/// assert_eq!(far.finite(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DiagramDistance<T> {
    /// The diagrams are at this finite distance.
    Finite(T),
    /// The diagrams have different numbers of essential bars, so no matching exists and the
    /// distance is `+∞`.
    Infinite {
        /// The number of essential bars of the first diagram.
        essential_left: usize,
        /// The number of essential bars of the second diagram.
        essential_right: usize,
    },
}

impl<T: Copy> DiagramDistance<T> {
    /// The value, or `None` when the distance is infinite.
    ///
    /// ```
    /// use geoml::persistence::{bottleneck_distance, Bar, BottleneckWorkspace};
    ///
    /// let mut ws = BottleneckWorkspace::<f64, 4, 24>::new();
    /// let (x, y) = ([Bar::essential(0.0)?], [Bar::essential(0.5)?]);
    /// assert_eq!(bottleneck_distance(&x, &y, &mut ws)?.finite(), Some(0.5)); // |0 − 0.5|
    /// assert_eq!(bottleneck_distance(&x, &[], &mut ws)?.finite(), None);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn finite(&self) -> Option<T> {
        match *self {
            Self::Finite(x) => Some(x),
            Self::Infinite { .. } => None,
        }
    }

    /// Whether the distance is infinite: the diagrams have different numbers of essential
    /// bars.
    ///
    /// ```
    /// use geoml::persistence::{bottleneck_distance, Bar, BottleneckWorkspace, DiagramDistance};
    ///
    /// let mut ws = BottleneckWorkspace::<f64, 4, 24>::new();
    /// let d = bottleneck_distance(&[Bar::essential(0.0)?], &[], &mut ws)?;
    /// assert!(d.is_infinite());
    /// assert_eq!(d, DiagramDistance::Infinite { essential_left: 1, essential_right: 0 });
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_infinite(&self) -> bool {
        matches!(self, Self::Infinite { .. })
    }
}

/// Splits `bars` into finite points, sorted by death (copied into `finite` as
/// `[birth, death]`, with their indices in `bars` in `finite_index`), and the indices of
/// essential bars (into `essential`, sorted by birth, ties by index); checks the capacity.
pub(super) fn split_bars<T: Real, const P: usize>(
    bars: &[Bar<T>],
    finite: &mut heapless::Vec<[T; 2], P>,
    finite_index: &mut [u16; P],
    essential: &mut heapless::Vec<u16, P>,
) -> Result<()> {
    finite.clear();
    essential.clear();
    let capacity = P.min(u16::MAX as usize);
    if bars.len() > capacity {
        return Err(Error::CapacityExceeded {
            needed: bars.len(),
            capacity,
        });
    }
    let mut count = 0;
    for (i, bar) in bars.iter().enumerate() {
        if bar.is_essential() {
            // Cannot fail: fewer bars than the capacity.
            let _ = essential.push(i as u16);
        } else {
            finite_index[count] = i as u16;
            count += 1;
        }
    }
    let death = |i: u16| bars[i as usize].death().unwrap_or_else(T::zero);
    small_sort::sort_by(&mut finite_index[..count], |&a, &b| {
        death(a)
            .partial_cmp(&death(b))
            .unwrap_or(Ordering::Equal)
            .then(a.cmp(&b))
            == Ordering::Less
    });
    for &i in finite_index[..count].iter() {
        let _ = finite.push([bars[i as usize].birth(), death(i)]);
    }
    small_sort::sort_by(essential, |&a, &b| {
        let (x, y) = (bars[a as usize].birth(), bars[b as usize].birth());
        x.partial_cmp(&y).unwrap_or(Ordering::Equal).then(a.cmp(&b)) == Ordering::Less
    });
    Ok(())
}

/// `Error::Overflow` for a "finite" distance that overflowed: bars spread over more than the
/// range of `T` (a birth near −MAX and a death near +MAX) have distances ∞, which must not be
/// returned inside `Ok` (found by the bad-input table, issue 9).
pub(super) fn finite_distance<T: Real>(distance: DiagramDistance<T>) -> Result<DiagramDistance<T>> {
    match distance {
        DiagramDistance::Finite(value) if !value.is_finite() => Err(Error::Overflow {
            value: value.as_f64(),
        }),
        distance => Ok(distance),
    }
}

/// The larger of two finite numbers (`RealField::max` also handles NaN, which costs a few
/// instructions in the innermost loops).
#[inline(always)]
pub(super) fn larger<T: Real>(a: T, b: T) -> T {
    if a > b { a } else { b }
}

/// Checks a matching output buffer: it needs one entry per bar of the left diagram.
pub(super) fn check_partners<T>(left: &[Bar<T>], partners: &[Option<usize>]) -> Result<()> {
    if partners.len() < left.len() {
        return Err(Error::DimensionMismatch {
            expected: left.len(),
            found: partners.len(),
        });
    }
    Ok(())
}
