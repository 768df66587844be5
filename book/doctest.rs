//! The book's snippets, run as doctests: each chapter is included as the documentation of an
//! empty module, so `cargo test --workspace` compiles and runs every ```rust block in it.
//! A new chapter needs one line here, beside its entry in `src/SUMMARY.md`.

#[doc = include_str!("src/introduction.md")]
pub mod introduction {}

#[doc = include_str!("src/manifolds-and-charts.md")]
pub mod manifolds_and_charts {}

#[doc = include_str!("src/riemannian-geometry.md")]
pub mod riemannian_geometry {}
