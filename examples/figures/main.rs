//! Draws the book's figures as SVG files into `book/src/figures/`.
//!
//! Run it with `cargo run --example figures` from the repository root and commit the files it
//! writes. Each figure lives in its own file beside this one; every number it plots is computed
//! by geoml.

mod attention_entropy;
mod attention_graph;
mod attention_heatmaps;
mod lie_orbit;
mod lie_so3_exp;
mod orthographic;
mod persistence_barcode;
mod persistence_data;
mod persistence_diagram;
mod persistence_skeleton;
mod softmax_temperature;
mod stereographic_circle;
mod stereographic_grids;
mod symmetrization;
mod torus;
#[path = "../shared/transformer.rs"]
mod transformer;
mod transport_loop;

use std::path::{Path, PathBuf};

type Figure = fn(&Path) -> Result<(), Box<dyn std::error::Error>>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out: PathBuf = [env!("CARGO_MANIFEST_DIR"), "book", "src", "figures"]
        .iter()
        .collect();
    std::fs::create_dir_all(&out)?;
    let figures: &[(&str, Figure)] = &[
        ("stereographic_circle.svg", stereographic_circle::draw),
        ("stereographic_grids.svg", stereographic_grids::draw),
        ("torus.svg", torus::draw),
        ("transport_loop.svg", transport_loop::draw),
        ("lie_orbit.svg", lie_orbit::draw),
        ("lie_so3_exp.svg", lie_so3_exp::draw),
        ("softmax_temperature.svg", softmax_temperature::draw),
        ("attention_heatmaps.svg", attention_heatmaps::draw),
        ("attention_graph.svg", attention_graph::draw),
        ("attention_entropy.svg", attention_entropy::draw),
        ("symmetrization.svg", symmetrization::draw),
        ("persistence_diagram.svg", persistence_diagram::draw),
        ("persistence_barcode.svg", persistence_barcode::draw),
        ("persistence_skeleton.svg", persistence_skeleton::draw),
    ];
    for (file, draw) in figures {
        let path = out.join(file);
        draw(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
