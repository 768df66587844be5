//! The geoml tour: a guided run through every module, printing what each one computes.
//!
//! Run it with `cargo run --release --example tour`. Each stop lives in its own file beside
//! this one and prints a short, self-checking story; a stop that finds a result it does not
//! expect returns an error and the tour exits with a failure.

mod attention;
mod contract;
mod info;
mod lie;
mod manifold;
mod persistence;
mod symmetry;
#[path = "../shared/transformer.rs"]
mod transformer;

type Stop = fn() -> Result<(), Box<dyn std::error::Error>>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stops: &[(&str, Stop)] = &[
        (
            "The contract: bad input is an error, never a panic",
            contract::run,
        ),
        (
            "Manifolds: charts, geodesics, holonomy, curvature",
            manifold::run,
        ),
        (
            "Lie groups: rotations, rigid motions and the matrix exponential",
            lie::run,
        ),
        (
            "Softmax and attention, on a real transformer",
            attention::run,
        ),
        (
            "Information in attention: entropy, KL and Jensen–Shannon of real heads",
            info::run,
        ),
        (
            "Symmetry: permutations, invariance and equivariance",
            symmetry::run,
        ),
        (
            "Persistent homology of attention: diagrams, clusters and the bottleneck distance",
            persistence::run,
        ),
    ];
    println!(
        "geoml {} — a guided tour in {} stop(s)\n",
        env!("CARGO_PKG_VERSION"),
        stops.len()
    );
    for (number, (title, stop)) in stops.iter().enumerate() {
        println!("== {}. {title}", number + 1);
        stop()?;
        println!();
    }
    println!("tour complete");
    Ok(())
}
