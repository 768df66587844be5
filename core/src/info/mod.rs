//! Information measures between probability vectors, such as the rows of an attention matrix.
//!
//! Shannon entropy, Kullback–Leibler divergence and the Jensen–Shannon divergence and
//! distance, all in bits by default and with the convention 0·log 0 = 0; the pairwise
//! Jensen–Shannon distance matrix of attention rows (the input of persistent homology); cosine
//! similarity; and the weighted graph an attention matrix defines.
//!
//! Conventions shared by every function here:
//!
//! * Logarithms are base 2: entropies and divergences are in bits.
//! * A distribution is a finite, non-negative vector whose sum is within
//!   [`SUM_TOLERANCE`] of one; it is divided by that sum before it is measured (as scipy
//!   does), so rounding in the input does not bias the result.
//! * Bad input is an error that names the entry: [`Error::NonFinite`](crate::Error::NonFinite)
//!   and [`Error::NegativeProbability`](crate::Error::NegativeProbability) carry a flat index
//!   (for two arguments `p`, `q`, entry `k` of `q` is `M + k`; for a matrix, `i · M + k`), and
//!   [`Error::NotNormalized`](crate::Error::NotNormalized) carries the row and its sum.
//! * An infinite KL divergence is a value, [`KlDivergence::Infinite`], never `∞` in a float.
//!
//! ```
//! use geoml::info::{entropy, js_distance, kl_divergence};
//!
//! let uniform = [0.25_f64; 4];
//! let peaked = [0.7_f64, 0.1, 0.1, 0.1];
//! assert_eq!(entropy(&uniform).unwrap(), 2.0);
//! assert!(entropy(&peaked).unwrap() < 2.0);
//! let d = js_distance(&uniform, &peaked).unwrap();
//! assert!(d > 0.0 && d < 1.0);
//! assert!(kl_divergence(&peaked, &uniform).unwrap().finite().unwrap() > 0.0);
//! ```

mod cosine;
mod distance_matrix;
mod distribution;
mod entropy;
mod graph;
mod jensen_shannon;
mod kl;

pub use cosine::cosine_similarity;
pub use distance_matrix::js_distance_matrix;
pub use distribution::{SUM_TOLERANCE, check_distribution};
pub use entropy::{entropy, row_entropies};
pub use graph::{causal_attention_graph, symmetrized_attention_graph};
pub use jensen_shannon::{js_distance, js_divergence};
pub use kl::{KlDivergence, kl_divergence};
