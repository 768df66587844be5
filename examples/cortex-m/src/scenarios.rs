//! What the firmware computes, written once for any scalar.
//!
//! build.rs runs these functions on the host in f64 and writes the results into
//! `expected.rs`; the firmware runs the very same functions in f32 and compares. Each scenario
//! hands its results to `report` with a name and the tolerance the f32 run must meet,
//! relative to the f64 value (absolute below 1).

use geoml::Real;
use geoml::attention::{AttentionOptions, scaled_dot_product_attention};
use geoml::info::{js_distance_matrix, row_entropies};
use geoml::lie::So3;
use geoml::manifold::{Atlas, Chart, S2, StereographicAtlas};
use geoml::persistence::{
    Bar, BottleneckWorkspace, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16,
    bottleneck_distance, rips_persistence,
};
use nalgebra::Vector3;

/// The value a scenario reports when a call fails where it should not: far from every
/// expected value, so the comparison fails loudly.
const FAILED_CALL: f64 = 1.0e6;

/// Calls `report(name, values, tolerance)` once per scenario, in a fixed order.
pub fn run_all<T: Real>(
    workspaces: &mut Workspaces<T>,
    report: &mut impl FnMut(&'static str, &[T], f64),
) {
    // Called through pointers, so that no scenario is inlined here and each one's frame is
    // gone before the next starts (the firmware measures their stack one by one).
    let scenarios: [Scenario<T>; 6] = [
        contract,
        chart_transition,
        sphere_geodesics,
        rotation_round_trips,
        attention_information,
        persistence_of_a_loop,
    ];
    let mut values = [T::zero(); MAX_VALUES];
    for scenario in scenarios {
        let outcome = scenario(workspaces, &mut values);
        report(outcome.name, &values[..outcome.len], outcome.tolerance);
    }
}

/// The most values one scenario reports.
pub const MAX_VALUES: usize = 160;

/// One scenario: computes into `values` and says what it computed.
type Scenario<T> = fn(&mut Workspaces<T>, &mut [T; MAX_VALUES]) -> Outcome;

/// What a scenario reports besides its values: its name, how many values it wrote, and the
/// tolerance its f32 results must meet relative to the f64 ones (absolute below 1).
pub struct Outcome {
    name: &'static str,
    len: usize,
    tolerance: f64,
}

/// Copies `computed` to the front of `values` (or the failure marker if a call failed) and
/// makes the scenario's outcome.
fn outcome<T: Real, const K: usize>(
    name: &'static str,
    computed: geoml::Result<[T; K]>,
    tolerance: Tolerance,
    values: &mut [T; MAX_VALUES],
) -> Outcome {
    let computed = computed.unwrap_or([T::lit(FAILED_CALL); K]);
    values[..K].copy_from_slice(&computed);
    Outcome {
        name,
        len: K,
        tolerance: tolerance.in_this_build(),
    }
}

/// The tolerances of a scenario's f32 results: `exact` with libm, `fast` with the core's
/// `fast-math` feature, whose micromath approximations of sqrt and atan2 are good to about
/// 2e-3 (see `geoml::fast_math`; the sphere distance doubles atan2's error, and the attention
/// kernel keeps its own 2-ulp exp in both builds).
struct Tolerance {
    exact: f64,
    fast: f64,
}

impl Tolerance {
    fn in_this_build(&self) -> f64 {
        if cfg!(feature = "fast-math") {
            self.fast
        } else {
            self.exact
        }
    }
}

/// The fixed-capacity memory of the persistence scenario: a `static` on the firmware, a box on
/// the host. Sized for 16 points.
pub struct Workspaces<T> {
    rips: RipsWorkspace16,
    diagrams: [PersistenceDiagram<T, DIAGRAM_BARS>; 2],
    bottleneck: BottleneckWorkspace<T, POINTS, { POINTS * POINTS + 2 * POINTS }>,
}

impl<T: Real> Workspaces<T> {
    pub const fn new() -> Self {
        Workspaces {
            rips: RipsWorkspace16::new(),
            diagrams: [PersistenceDiagram::new(), PersistenceDiagram::new()],
            bottleneck: BottleneckWorkspace::new(),
        }
    }
}

/// Points of the persistence scenario, and bars a diagram of them can hold.
const POINTS: usize = 16;
const DIAGRAM_BARS: usize = 32;

/// Deterministic inputs: a 32-bit linear congruential generator mapped to [-1, 1), so host and
/// firmware see bit-identical data.
pub struct Lcg(u32);

impl Lcg {
    pub fn new(seed: u32) -> Self {
        Lcg(seed)
    }

    pub fn next<T: Real>(&mut self) -> T {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        T::lit(f64::from(self.0 >> 8) / f64::from(1u32 << 23) - 1.0)
    }
}

/// The contract of the core: a NaN is found and named, clean data passes.
fn contract<T: Real>(_: &mut Workspaces<T>, values: &mut [T; MAX_VALUES]) -> Outcome {
    let mut rng = Lcg::new(7);
    let mut data = [T::zero(); 16];
    for x in data.iter_mut() {
        *x = rng.next();
    }
    let clean = geoml::check_finite(&data).is_ok();
    data[11] = T::lit(f64::NAN);
    let found = match geoml::check_finite(&data) {
        Err(geoml::Error::NonFinite { index, .. }) => index as f64,
        _ => -1.0,
    };
    let computed = Ok([T::lit(f64::from(u8::from(clean))), T::lit(found)]);
    outcome(
        "contract: clean data passes, the NaN is at index 11",
        computed,
        Tolerance {
            exact: 0.0,
            fast: 0.0,
        },
        values,
    )
}

/// Four points of S² in the north stereographic chart, carried to the south chart by the
/// atlas's transition map (which is u ↦ u/‖u‖²), and back to the sphere.
fn chart_transition<T: Real>(_: &mut Workspaces<T>, values: &mut [T; MAX_VALUES]) -> Outcome {
    let atlas = StereographicAtlas::<3>::new();
    let mut rng = Lcg::new(11);
    let computed = (|| {
        let mut out = [T::zero(); 4 * 5];
        for chunk in out.chunks_exact_mut(5) {
            let p = Vector3::new(rng.next::<T>(), rng.next(), rng.next()).normalize();
            let u = atlas.north().to_coords(&p)?;
            let v = atlas.transition(&atlas.north(), &atlas.south(), &u)?;
            let back = atlas.south().to_point(&v)?;
            chunk.copy_from_slice(&[u[0], u[1], v[0], v[1], (back - p).norm()]);
        }
        Ok(out)
    })();
    outcome(
        "manifold: S² north → south stereographic transition",
        computed,
        Tolerance {
            exact: 1e-05,
            fast: 1e-05,
        },
        values,
    )
}

/// Geodesic distance, exp and log on S² between pairs of points, including a pair 1e-4
/// apart where the clipped-acos formula would lose every digit in f32.
fn sphere_geodesics<T: Real>(_: &mut Workspaces<T>, values: &mut [T; MAX_VALUES]) -> Outcome {
    let sphere = S2::new();
    let mut rng = Lcg::new(23);
    let computed = (|| {
        let mut out = [T::zero(); 4 * 5];
        for (k, chunk) in out.chunks_exact_mut(5).enumerate() {
            let p = Vector3::new(rng.next::<T>(), rng.next(), rng.next()).normalize();
            let q = if k == 0 {
                (p + Vector3::new(T::lit(1e-4), T::zero(), T::zero())).normalize()
            } else {
                Vector3::new(rng.next::<T>(), rng.next(), rng.next()).normalize()
            };
            let v = sphere.log(&p, &q)?;
            let d = sphere.distance(&p, &q)?;
            let there = sphere.exp(&p, &v)?;
            chunk.copy_from_slice(&[d, v.norm(), v[0], v[1], (there - q).norm()]);
        }
        Ok(out)
    })();
    outcome(
        "manifold: S² distance, log and exp round trip",
        computed,
        Tolerance {
            exact: 1e-05,
            fast: 0.006,
        },
        values,
    )
}

/// SO(3) exp and log round trips for rotation angles from 1e-6 to π − 1e-3 (where the
/// formulas' series and their arctangent branch matter), plus the action on a point and a
/// composition.
fn rotation_round_trips<T: Real>(_: &mut Workspaces<T>, values: &mut [T; MAX_VALUES]) -> Outcome {
    const ANGLES: [f64; 6] = [1e-6, 1e-3, 0.5, 2.0, 3.0, core::f64::consts::PI - 1e-3];
    let computed = (|| {
        let mut out = [T::zero(); ANGLES.len() * 6];
        let axis = Vector3::new(T::lit(0.48), T::lit(0.6), T::lit(0.64));
        let point = Vector3::new(T::one(), T::lit(-2.0), T::lit(0.5));
        for (chunk, &angle) in out.chunks_exact_mut(6).zip(ANGLES.iter()) {
            let omega = axis * T::lit(angle);
            let rotation = So3::exp(&omega)?;
            let back = rotation.log();
            let moved = rotation.act(&point)?;
            let twice = rotation.compose(&rotation).angle();
            chunk.copy_from_slice(&[
                back[0],
                back[1],
                back[2],
                (back - omega).norm(),
                moved[1],
                twice,
            ]);
        }
        Ok(out)
    })();
    outcome(
        "lie: SO(3) exp/log round trips, action, composition",
        computed,
        Tolerance {
            exact: 1e-05,
            fast: 1e-05,
        },
        values,
    )
}

/// Self-attention of 16 tokens of dimension 16, then the information in it: the entropy of each
/// token's attention (bits) and the Jensen–Shannon distances between the tokens' rows.
fn attention_information<T: Real>(_: &mut Workspaces<T>, values: &mut [T; MAX_VALUES]) -> Outcome {
    const N: usize = 16;
    let mut rng = Lcg::new(31);
    let mut tokens = [[T::zero(); N]; N];
    for x in tokens.as_flattened_mut() {
        *x = rng.next::<T>() * T::lit(2.0);
    }
    let computed = (|| {
        let (mut out, mut weights) = ([[T::zero(); N]; N], [[T::zero(); N]; N]);
        let options = AttentionOptions::new();
        scaled_dot_product_attention(
            &tokens,
            &tokens,
            &tokens,
            &options,
            &mut out,
            Some(&mut weights),
        )?;
        let (mut bits, mut distances) = ([T::zero(); N], [[T::zero(); N]; N]);
        row_entropies(&weights, &mut bits)?;
        js_distance_matrix(&weights, &mut distances)?;
        // The first output row, the 16 entropies, and the 120 distances above the diagonal.
        let mut report = [T::zero(); N + N + N * (N - 1) / 2];
        let (first_row, rest) = report.split_at_mut(N);
        first_row.copy_from_slice(&out[0]);
        let (entropies, upper) = rest.split_at_mut(N);
        entropies.copy_from_slice(&bits);
        let pairs = (0..N).flat_map(|i| (i + 1..N).map(move |j| (i, j)));
        for (slot, (i, j)) in upper.iter_mut().zip(pairs) {
            *slot = distances[i][j];
        }
        Ok(report)
    })();
    outcome(
        "attention: 16×16 self-attention, row entropies, JS-distance matrix",
        computed,
        Tolerance {
            exact: 0.0001,
            fast: 0.0001,
        },
        values,
    )
}

/// Rips persistence (H0, H1) of 16 noisy points on a circle and of a perturbed copy, and the
/// bottleneck distance between their H1 diagrams (one long loop each).
fn persistence_of_a_loop<T: Real>(
    workspaces: &mut Workspaces<T>,
    values: &mut [T; MAX_VALUES],
) -> Outcome {
    let mut rng = Lcg::new(43);
    let mut clouds = [[[T::zero(); 2]; POINTS]; 2];
    for (k, point) in clouds[0].iter_mut().enumerate() {
        let angle = T::two_pi() * T::lit(k as f64) / T::lit(POINTS as f64);
        let radius = T::one() + rng.next::<T>() * T::lit(0.1);
        *point = [radius * angle.cos(), radius * angle.sin()];
    }
    clouds[1] = clouds[0];
    for x in clouds[1].as_flattened_mut() {
        *x += rng.next::<T>() * T::lit(0.02);
    }
    let Workspaces {
        rips,
        diagrams,
        bottleneck,
    } = workspaces;
    let computed = (|| {
        // Per cloud: the 15 finite H0 deaths, then H1's (birth, death) pairs; then the
        // bottleneck distance between the two H1 diagrams.
        let mut report = [T::lit(FAILED_CALL); 2 * (POINTS + 1) + 1];
        for ((cloud, diagram), out) in clouds
            .iter()
            .zip(diagrams.iter_mut())
            .zip(report.chunks_exact_mut(POINTS + 1))
        {
            let mut matrix = [[T::zero(); POINTS]; POINTS];
            let distances = DistanceMatrix::from_points(cloud, &mut matrix)?;
            rips_persistence(&distances, &RipsOptions::default(), rips, diagram)?;
            let finite_h0 = diagram.dimension(0).iter().filter_map(Bar::death);
            let h1 = diagram
                .dimension(1)
                .iter()
                .flat_map(|bar| [bar.birth(), bar.death().unwrap_or(T::lit(-1.0))]);
            for (slot, value) in out.iter_mut().zip(finite_h0.chain(h1)) {
                *slot = value;
            }
        }
        let [a, b] = &*diagrams;
        let distance = bottleneck_distance(a.dimension(1), b.dimension(1), bottleneck)?;
        report[2 * (POINTS + 1)] = distance.finite().ok_or(geoml::Error::Overflow {
            value: f64::INFINITY,
        })?;
        Ok(report)
    })();
    outcome(
        "persistence: H0/H1 of 16 points on a loop, bottleneck between two",
        computed,
        Tolerance {
            exact: 1e-05,
            fast: 0.002,
        },
        values,
    )
}
