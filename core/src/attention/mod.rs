//! Softmax and attention on fixed-size token sequences.
//!
//! A sequence of N tokens of dimension D is a row-major `[[T; D]; N]`. This module holds the
//! numerically stable softmax (max subtracted, with temperature, log-softmax and the one-pass
//! online form), scaled dot-product attention with N queries and M keys and optional causal and
//! additive masks, multi-head attention, distance-scored attention (scores −‖q − k‖) and a tiled
//! form that never stores the N×M weights, together with the linear-algebra fundamentals the
//! layers need (standardising, PCA and ZCA whitening, linear and embedding layers).
