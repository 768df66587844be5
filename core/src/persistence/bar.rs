//! One bar of a barcode: a class that is born at one scale and dies at another, or never.

use crate::{Error, Real, Result};

/// A persistence pair `[birth, death)`: a homology class that appears when the scale reaches
/// `birth` and disappears when it reaches `death`. As a point `(birth, death)` of the
/// persistence diagram it lies on or above the diagonal.
///
/// **Infinite bars are explicit.** An *essential* class, one that is still alive at the
/// largest scale of the filtration (the one `H0` class of a connected point set; any class
/// alive at a user threshold), has `death() == None`. No `Bar` ever holds an infinity or a
/// NaN: [`Bar::new`] rejects them, so code that reads `death()` has to decide what "never"
/// means for it (plotting at the top of the axis, skipping, matching only with other
/// essential bars).
///
/// Bars computed by [`rips_persistence`](super::rips_persistence) have births and deaths that
/// are input distances, bit for bit (`0` for the births of `H0`).
///
/// ```
/// use geoml::persistence::Bar;
///
/// let loop_ = Bar::new(0.5_f64, Some(0.75))?;
/// assert_eq!(loop_.persistence(), Some(0.25));
/// assert!(loop_.is_alive_at(0.6) && !loop_.is_alive_at(0.75));
///
/// let component = Bar::essential(0.0_f32)?;
/// assert!(component.is_essential());
/// assert_eq!(component.persistence(), None); // infinite
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar<T> {
    birth: T,
    death: Option<T>,
}

impl<T: Real> Bar<T> {
    /// The bar `[birth, death)`, with `death = None` for an essential class.
    ///
    /// Errors: [`Error::NonFinite`] for a non-finite birth (index 0) or death (index 1);
    /// [`Error::InvalidParameter`] named `"death"` when `death < birth`; [`Error::Overflow`]
    /// when the lifetime `death − birth` exceeds the scalar type (a negative birth near the
    /// largest float), so that [`Bar::persistence`] is always finite.
    ///
    /// ```
    /// use geoml::persistence::Bar;
    ///
    /// let bar = Bar::new(1.0_f64, Some(2.5))?;
    /// assert_eq!((bar.birth(), bar.death()), (1.0, Some(2.5)));
    /// assert!(Bar::new(2.0_f64, Some(1.0)).is_err()); // below the diagonal
    /// assert!(Bar::new(0.0_f64, Some(f64::INFINITY)).is_err()); // essential is `None`
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn new(birth: T, death: Option<T>) -> Result<Self> {
        if !birth.is_finite() {
            return Err(Error::NonFinite {
                index: 0,
                value: birth.as_f64(),
            });
        }
        if let Some(d) = death {
            if !d.is_finite() {
                return Err(Error::NonFinite {
                    index: 1,
                    value: d.as_f64(),
                });
            }
            if d < birth {
                return Err(Error::InvalidParameter {
                    name: "death",
                    value: d.as_f64(),
                });
            }
            if !(d - birth).is_finite() {
                return Err(Error::Overflow {
                    value: (d - birth).as_f64(),
                });
            }
        }
        Ok(Self { birth, death })
    }

    /// The essential bar `[birth, ∞)`. Errors: [`Error::NonFinite`] for a non-finite birth.
    ///
    /// ```
    /// let bar = geoml::persistence::Bar::essential(0.0_f64)?;
    /// assert_eq!((bar.death(), bar.is_essential()), (None, true));
    /// assert!(bar.is_alive_at(1e300));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn essential(birth: T) -> Result<Self> {
        Self::new(birth, None)
    }

    /// A bar built from values already known to be valid (finite, `death ≥ birth`).
    pub(crate) fn from_valid(birth: T, death: Option<T>) -> Self {
        Self { birth, death }
    }

    /// The scale at which the class appears.
    ///
    /// ```
    /// let bar = geoml::persistence::Bar::new(0.25_f32, Some(1.0))?;
    /// assert_eq!(bar.birth(), 0.25);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn birth(&self) -> T {
        self.birth
    }

    /// The scale at which the class disappears; `None` when it never does (an essential class,
    /// death = ∞).
    ///
    /// ```
    /// use geoml::persistence::Bar;
    ///
    /// assert_eq!(Bar::new(0.25_f64, Some(1.0))?.death(), Some(1.0));
    /// assert_eq!(Bar::essential(0.25_f64)?.death(), None);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn death(&self) -> Option<T> {
        self.death
    }

    /// Whether the class never dies (death = ∞).
    ///
    /// ```
    /// use geoml::persistence::Bar;
    ///
    /// assert!(Bar::essential(0.0_f64)?.is_essential());
    /// assert!(!Bar::new(0.0_f64, Some(0.0))?.is_essential()); // a zero-length bar still dies
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_essential(&self) -> bool {
        self.death.is_none()
    }

    /// The lifetime `death − birth`; `None` for an essential bar (infinite lifetime).
    ///
    /// ```
    /// use geoml::persistence::Bar;
    ///
    /// assert_eq!(Bar::new(1.5_f64, Some(4.0))?.persistence(), Some(2.5));
    /// assert_eq!(Bar::essential(1.5_f64)?.persistence(), None);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn persistence(&self) -> Option<T> {
        self.death.map(|d| d - self.birth)
    }

    /// Whether the class exists at `scale`: `birth ≤ scale < death` (half-open, so a class is
    /// alive at its birth and dead at its death).
    ///
    /// ```
    /// let bar = geoml::persistence::Bar::new(1.0_f64, Some(2.0))?;
    /// assert!(bar.is_alive_at(1.0) && bar.is_alive_at(1.999));
    /// assert!(!bar.is_alive_at(0.5) && !bar.is_alive_at(2.0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_alive_at(&self, scale: T) -> bool {
        self.birth <= scale && self.death.is_none_or(|d| scale < d)
    }

    /// Whether the bar lives strictly longer than `min_persistence`: essential bars always do;
    /// a finite one when `death − birth > min_persistence`, the difference taken in `f64`. For
    /// `f32` bars with non-negative ends (every Rips bar) the decision is exact: the difference
    /// can only round when the birth is tiny beside the death, and then stays far from any
    /// `f32` threshold below it. Otherwise it is decided to `f64` rounding (a bar
    /// `[−2⁻¹⁰⁰, 1)` does not pass 1). This is GUDHI's strict rule, so a zero-length bar never
    /// passes a threshold of 0.
    ///
    /// ```
    /// use geoml::persistence::Bar;
    ///
    /// let bar = Bar::new(1.0_f64, Some(1.5))?; // lifetime 0.5
    /// assert!(bar.persists_beyond(0.4) && !bar.persists_beyond(0.5)); // strict
    /// assert!(!Bar::new(2.0_f64, Some(2.0))?.persists_beyond(0.0));
    /// assert!(Bar::essential(0.0_f64)?.persists_beyond(1e300));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn persists_beyond(&self, min_persistence: T) -> bool {
        match self.death {
            None => true,
            Some(d) => d.as_f64() - self.birth.as_f64() > min_persistence.as_f64(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bars_are_rejected_by_name() {
        assert!(matches!(
            Bar::new(f64::NAN, None),
            Err(Error::NonFinite { index: 0, .. })
        ));
        assert!(matches!(
            Bar::new(0.0_f32, Some(f32::INFINITY)),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert_eq!(
            Bar::new(1.0_f64, Some(0.5)),
            Err(Error::InvalidParameter {
                name: "death",
                value: 0.5
            })
        );
        assert!(Bar::new(1.0_f64, Some(1.0)).is_ok());
        // A lifetime past the largest float (found in review, issue 9).
        assert!(matches!(
            Bar::new(-f64::MAX, Some(f64::MAX)),
            Err(Error::Overflow { .. })
        ));
        assert_eq!(
            Bar::new(-f32::MAX / 2.0, Some(f32::MAX / 2.0))
                .unwrap()
                .persistence(),
            Some(f32::MAX)
        );
    }

    #[test]
    fn strict_persistence_threshold() {
        let zero = Bar::new(0.25_f64, Some(0.25)).unwrap();
        assert!(!zero.persists_beyond(0.0));
        let short = Bar::new(0.0_f32, Some(0.01)).unwrap();
        assert!(short.persists_beyond(0.0));
        assert!(!short.persists_beyond(0.01));
        assert!(Bar::essential(3.0_f64).unwrap().persists_beyond(1e300));
    }
}
