//! Softmax and attention on fixed-size token sequences.
//!
//! A sequence of N tokens of dimension D is a row-major `[[T; D]; N]`. This module holds the
//! numerically stable softmax (max subtracted, with temperature, log-softmax and the one-pass
//! online form), scaled dot-product attention with N queries and M keys and optional causal and
//! additive masks, multi-head attention, distance-scored attention (scores −‖q − k‖) and a tiled
//! form that never stores the N×M weights, together with the linear-algebra fundamentals the
//! layers need (standardising, PCA and ZCA whitening, projection, linear and embedding layers).
//!
//! | what | items |
//! | --- | --- |
//! | softmax | [`softmax`], [`softmax_with_temperature`], [`log_softmax`], [`log_softmax_with_temperature`], [`OnlineSoftmax`], [`online_softmax`] |
//! | attention | [`scaled_dot_product_attention`], [`scaled_dot_product_attention_tiled`] with [`Tile`], [`distance_attention`], [`MultiHeadAttention`], all configured by [`AttentionOptions`] and [`CausalAlignment`] |
//! | fundamentals | [`project`], [`Standardizer`] and [`standardize`], [`Whitening`] (PCA, ZCA), [`Linear`], [`Embedding`] |
//!
//! Conventions shared by every function here: a logit or score of −∞ is a *masked* entry and
//! gets probability exactly 0; a row with no unmasked entry is *fully masked* and its result is
//! all zeros, which each function reports (a count of unmasked entries or of fully masked rows),
//! where `torch.softmax` returns NaN (recent versions of PyTorch's
//! `scaled_dot_product_attention` also return zeros; 2.15 was tested). Inputs are checked: NaN
//! or infinite data is [`Error::NonFinite`](crate::Error::NonFinite) with its index, a bad mask
//! [`Error::InvalidMask`](crate::Error::InvalidMask), a bad temperature, scale or ε
//! [`Error::InvalidParameter`](crate::Error::InvalidParameter) with its name, and inputs so
//! large that a score could overflow [`Error::Overflow`](crate::Error::Overflow). Sums are
//! accumulated in the input precision (`f32` or `f64`); `exp` and `sqrt` go through
//! [`fast_math`](crate::fast_math), except the vectorised `f32` exponential of the attention
//! kernels (2 ulp).
//!
//! ```
//! use geoml::attention::{scaled_dot_product_attention, softmax, AttentionOptions};
//!
//! let mut p = [0.0_f32; 3];
//! softmax(&[1.0, 2.0, 3.0], &mut p)?;
//! assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
//!
//! // Self-attention of four 2-dimensional tokens.
//! let x = [[1.0_f32, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]];
//! let mut y = [[0.0; 2]; 4];
//! scaled_dot_product_attention(&x, &x, &x, &AttentionOptions::new(), &mut y, None)?;
//! # Ok::<(), geoml::Error>(())
//! ```

mod checks;
mod distance;
mod embedding;
mod exp;
mod kernel;
mod linear;
mod multi_head;
mod online_softmax;
mod options;
mod projection;
#[cfg(test)]
mod properties;
mod row_block;
mod scaled_dot_product;
mod softmax;
mod standardize;
mod whitening;

pub use distance::distance_attention;
pub use embedding::Embedding;
pub use linear::Linear;
pub use multi_head::MultiHeadAttention;
pub use online_softmax::{OnlineSoftmax, online_softmax};
pub use options::{AttentionOptions, CausalAlignment};
pub use projection::project;
pub use scaled_dot_product::{
    Tile, scaled_dot_product_attention, scaled_dot_product_attention_tiled,
};
pub use softmax::{log_softmax, log_softmax_with_temperature, softmax, softmax_with_temperature};
pub use standardize::{Standardizer, standardize};
pub use whitening::Whitening;
