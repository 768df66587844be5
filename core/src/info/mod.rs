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

#[cfg(test)]
mod robustness {
    //! No input that passes the distribution check may produce NaN or ∞ inside `Ok`.
    use super::*;
    use proptest::prelude::*;

    /// Entries spanning zero, subnormals, tiny and ordinary magnitudes.
    fn entry() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(0.0),
            Just(f64::from_bits(1)),
            (1u64..1 << 52).prop_map(f64::from_bits),
            1e-300..1e-200,
            1e-12..1e-6,
            0.0..1.0,
        ]
    }

    fn distribution() -> impl Strategy<Value = [f64; 5]> {
        prop::array::uniform5(entry()).prop_filter_map("all zero", |w| {
            let total: f64 = w.iter().sum();
            (total > 0.0).then(|| w.map(|x| x / total))
        })
    }

    proptest! {
        #[test]
        fn every_measure_is_finite(p in distribution(), q in distribution()) {
            prop_assume!(check_distribution(&p, SUM_TOLERANCE).is_ok());
            prop_assume!(check_distribution(&q, SUM_TOLERANCE).is_ok());
            let h = entropy(&p).unwrap();
            prop_assert!(h.is_finite() && (0.0..=5f64.log2()).contains(&h));
            if let KlDivergence::Finite(d) = kl_divergence(&p, &q).unwrap() {
                prop_assert!(d.is_finite() && d >= 0.0);
            }
            let js = js_divergence(&p, &q).unwrap();
            prop_assert!((0.0..=1.0).contains(&js));
            let mut d = [[0.0; 2]; 2];
            js_distance_matrix(&[p, q], &mut d).unwrap();
            prop_assert!(d.iter().flatten().all(|v| (0.0..=1.0).contains(v)));
            let (p32, q32) = (p.map(|x| x as f32), q.map(|x| x as f32));
            if check_distribution(&p32, SUM_TOLERANCE as f32).is_ok()
                && check_distribution(&q32, SUM_TOLERANCE as f32).is_ok()
            {
                prop_assert!(entropy(&p32).unwrap().is_finite());
                prop_assert!((0.0..=1.0).contains(&js_divergence(&p32, &q32).unwrap()));
                if let KlDivergence::Finite(d) = kl_divergence(&p32, &q32).unwrap() {
                    prop_assert!(d.is_finite() && d >= 0.0);
                }
            }
            if p.iter().any(|&x| x != 0.0) && q.iter().any(|&x| x != 0.0) {
                let c = cosine_similarity(&p, &q).unwrap();
                prop_assert!((-1.0..=1.0).contains(&c));
            }
        }
    }
}
