//! The book's snippets, run as doctests: each chapter is included as the documentation of an
//! empty module, so `cargo test --workspace` compiles and runs every ```rust block in it.
//! A new chapter needs one line here, beside its entry in `src/SUMMARY.md`.

#[doc = include_str!("src/introduction.md")]
pub mod introduction {}

#[doc = include_str!("src/manifolds-and-charts.md")]
pub mod manifolds_and_charts {}

#[doc = include_str!("src/riemannian-geometry.md")]
pub mod riemannian_geometry {}

#[doc = include_str!("src/lie-groups.md")]
pub mod lie_groups {}

#[doc = include_str!("src/softmax-and-attention.md")]
pub mod softmax_and_attention {}

#[doc = include_str!("src/information-in-attention.md")]
pub mod information_in_attention {}

#[doc = include_str!("src/symmetry-and-invariance.md")]
pub mod symmetry_and_invariance {}

#[doc = include_str!("src/attention-on-the-gpu.md")]
pub mod attention_on_the_gpu {}

#[doc = include_str!("src/persistent-homology.md")]
pub mod persistent_homology {}

#[doc = include_str!("src/running-on-a-microcontroller.md")]
pub mod running_on_a_microcontroller {}
