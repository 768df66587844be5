//! Permutation symmetry: permutations, invariance and equivariance.
//!
//! A function of a set of N tokens should not care in which order they are listed. This module
//! holds `Permutation<N>` (composition, inverse, action on rows, enumeration of all N!
//! permutations without allocation, sampling), and the three ways of building
//! permutation-invariant models: canonicalization (sort the rows first), symmetrization
//! (average over a group of permutations) and intrinsically equivariant or invariant linear
//! layers; plus helpers that test a function for invariance and equivariance.
