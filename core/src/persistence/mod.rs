//! Small-scale persistent homology, without a heap.
//!
//! From a finite metric space (a distance matrix, or points in ℝᵈ) the Vietoris–Rips
//! filtration grows balls around the points; persistent homology records when connected
//! components (H0) and loops (H1) are born and die. This module computes those persistence
//! diagrams for up to 128 points in a fixed-capacity workspace that may live in a `static`,
//! and compares diagrams by the bottleneck and Wasserstein distances; it also reports the
//! clusters of the threshold graph at a chosen scale.
