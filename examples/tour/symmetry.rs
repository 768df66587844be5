//! Stop: permutation symmetry — groups of permutations, and four ways to get invariance.

use geoml::symmetry::rand_core::{TryRng, utils};
use geoml::symmetry::{
    AllPermutations, EquivariantLinear, InvariantLinear, Permutation, PermutationGroup,
    canonicalize, check_equivariance, check_invariance, factorial, random_permutations,
    symmetrize_invariant,
};
use std::convert::Infallible;

/// Five tokens of three features.
const X: [[f64; 3]; 5] = [
    [0.2, -1.0, 0.5],
    [1.5, 0.3, -0.4],
    [-0.7, 0.8, 2.0],
    [0.0, 0.1, -1.2],
    [0.9, -0.6, 0.3],
];

/// An order-dependent readout: each token meets the next one.
fn chain(x: &[[f64; 3]; 5]) -> geoml::Result<[f64; 1]> {
    let mut y = 0.0;
    for (i, token) in x.iter().enumerate() {
        y += token[0] * x.get(i + 1).map_or(1.0, |next| next[1]) + 0.1 * i as f64 * token[2];
    }
    Ok([y])
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    // The groups: all of S₅ by Heap's algorithm, and the cyclic shifts.
    let count = AllPermutations::<5>::new().count();
    if Some(count) != factorial(5) {
        return Err("Heap's algorithm missed permutations".into());
    }
    let shifts = PermutationGroup::<5, 5>::generated_by(&[Permutation::cyclic_shift(1)])?;
    println!(
        "S₅ has {count} permutations (enumerated without allocation); one shift generates a group of {}",
        shifts.order()
    );

    // Intrinsic layers: equivariant, then invariant, with mean normalisation.
    let layer = EquivariantLinear::new(
        [[0.5, -1.0], [0.25, 0.75], [-0.3, 0.2]],
        [[1.0, 0.1], [-0.5, 0.4], [0.6, -0.8]],
        [0.05, -0.1],
    )?;
    let readout = InvariantLinear::new([[1.0], [-2.0]], [0.3])?;
    let equivariance = check_equivariance(
        |x: &[[f64; 3]; 5], y: &mut [[f64; 2]; 5]| layer.forward(x, y),
        &X,
        AllPermutations::new(),
        1e-13,
    )?;
    let model = |x: &[[f64; 3]; 5]| {
        let mut hidden = [[0.0; 2]; 5];
        layer.forward(x, &mut hidden)?;
        hidden.iter_mut().flatten().for_each(|h| *h = h.max(0.0));
        readout.forward(&hidden)
    };
    let invariance = check_invariance(model, &X, AllPermutations::new(), 1e-13)?;
    if !(equivariance.holds() && invariance.holds()) {
        return Err("the DeepSets layers lost their symmetry".into());
    }
    println!(
        "equivariant layer: worst |F(gX) − g·F(X)| over {} orderings = {:.1e}; equivariant → ReLU → invariant model: {:.1e}",
        equivariance.tested, equivariance.worst, invariance.worst
    );

    // An order-dependent function, and three fixes.
    let raw = check_invariance(chain, &X, AllPermutations::new(), 1e-9)?;
    let canonical = check_invariance(
        |x: &[[f64; 3]; 5]| {
            let mut sorted = [[0.0; 3]; 5];
            canonicalize(x, &mut sorted)?;
            chain(&sorted)
        },
        &X,
        AllPermutations::new(),
        0.0,
    )?;
    let averaged = |x: &[[f64; 3]; 5]| symmetrize_invariant(chain, AllPermutations::new(), x);
    let full = check_invariance(averaged, &X, AllPermutations::new(), 1e-12)?;
    let cyclic = |x: &[[f64; 3]; 5]| symmetrize_invariant(chain, shifts.iter(), x);
    let under_shifts = check_invariance(cyclic, &X, shifts.iter(), 1e-12)?;
    let under_all = check_invariance(cyclic, &X, AllPermutations::new(), 1e-9)?;
    if raw.holds()
        || !canonical.holds()
        || !full.holds()
        || !under_shifts.holds()
        || under_all.holds()
    {
        return Err("a symmetry check gave an unexpected verdict".into());
    }
    println!(
        "order-dependent f: worst change {:.3} (at {:?})",
        raw.worst,
        raw.permutation.images()
    );
    println!(
        "  f ∘ sort rows: {:.1e} (exactly invariant)",
        canonical.worst
    );
    println!("  average over S₅: {:.1e}", full.worst);
    println!(
        "  average over the 5 shifts: {:.1e} under shifts, but {:.3} under S₅",
        under_shifts.worst, under_all.worst
    );

    // Sampled symmetrization: cheaper, approximately invariant.
    let mut rng = SplitMix64(5);
    let exact = averaged(&X)?[0];
    let sampled = symmetrize_invariant(chain, random_permutations(&mut rng, 40), &X)?[0];
    println!(
        "  average over 40 random orderings: {sampled:.3} vs the exact {exact:.3} (an estimate, not invariant)"
    );
    Ok(())
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny generator, enough for sampling orderings;
/// on a microcontroller a hardware RNG would implement the same trait.
struct SplitMix64(u64);

impl TryRng for SplitMix64 {
    type Error = Infallible;

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Ok(z ^ (z >> 31))
    }

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.try_next_u64().map(|x| (x >> 32) as u32)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        utils::fill_bytes_via_next_word(dst, || self.try_next_u64())
    }
}
