//! Draws the book's figures as SVG files into `book/src/figures/`.
//!
//! Run it with `cargo run --example figures` from the repository root and commit the files it
//! writes. Each figure lives in its own file beside this one; every number it plots is computed
//! by geoml (or, for the introduction, by the formula the chapter states).

mod lie_orbit;
mod lie_so3_exp;
mod stereographic_circle;

use std::path::{Path, PathBuf};

type Figure = fn(&Path) -> Result<(), Box<dyn std::error::Error>>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out: PathBuf = [env!("CARGO_MANIFEST_DIR"), "book", "src", "figures"]
        .iter()
        .collect();
    std::fs::create_dir_all(&out)?;
    let figures: &[(&str, Figure)] = &[
        ("stereographic_circle.svg", stereographic_circle::draw),
        ("lie_orbit.svg", lie_orbit::draw),
        ("lie_so3_exp.svg", lie_so3_exp::draw),
    ];
    for (file, draw) in figures {
        let path = out.join(file);
        draw(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
