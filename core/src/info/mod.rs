//! Information measures between probability vectors, such as the rows of an attention matrix.
//!
//! Shannon entropy, Kullback–Leibler divergence and the Jensen–Shannon divergence and
//! distance, all in bits by default and with the convention 0·log 0 = 0; the pairwise
//! Jensen–Shannon distance matrix of attention rows (the input of persistent homology); cosine
//! similarity; and the weighted graph an attention matrix defines.
