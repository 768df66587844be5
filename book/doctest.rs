//! The book's snippets, run as doctests: each chapter is included as the documentation of an
//! empty module, so `cargo test --workspace` compiles and runs every ```rust block in it.
//! A new chapter needs one line here, beside its entry in `src/SUMMARY.md`.

#[doc = include_str!("src/introduction.md")]
pub mod introduction {}

#[doc = include_str!("src/lie-groups.md")]
pub mod lie_groups {}
