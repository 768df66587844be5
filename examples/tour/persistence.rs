//! Stop: persistent homology of attention (seed 002's pipeline): Jensen–Shannon distances
//! between attention rows, their Rips persistence diagrams, clusters at a scale, and the
//! bottleneck distance between the diagrams of two sentences, for every head.

use crate::transformer::Sentence;
use geoml::info::js_distance_matrix;
use geoml::persistence::{
    BottleneckWorkspace, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16,
    bottleneck_distance, clusters_at_scale, rips_persistence,
};

type Error = Box<dyn std::error::Error>;

/// The JS distances between the attention rows of one head.
fn distances<const N: usize>(
    s: &Sentence,
    layer: usize,
    head: usize,
) -> Result<[[f64; N]; N], Error> {
    let mut d = [[0.0; N]; N];
    js_distance_matrix(&s.attention::<N>(layer, head)?, &mut d)?;
    Ok(d)
}

fn diagram<const N: usize>(
    d: &[[f64; N]; N],
    workspace: &mut RipsWorkspace16,
) -> Result<PersistenceDiagram<f64, 64>, Error> {
    let mut out = PersistenceDiagram::new();
    rips_persistence(
        &DistanceMatrix::new(d)?,
        &RipsOptions::default(),
        workspace,
        &mut out,
    )?;
    Ok(out)
}

pub fn run() -> Result<(), Error> {
    let long = Sentence::load("quantum_long")?;
    let reordered = Sentence::load("quantum_reordered")?;
    let cat = Sentence::load("cat")?;
    let mut workspace = RipsWorkspace16::new();
    let mut bottleneck = BottleneckWorkspace::<f64, 16, { 16 * 16 + 32 }>::new();

    // One head in detail: layer 3, head 9.
    let (layer, head) = (2, 8);
    let d = distances::<15>(&long, layer, head)?;
    let mut dgm = diagram(&d, &mut workspace)?;
    dgm.sort_by_persistence();
    println!(
        "layer {} head {}, \"{}\": {} H0 bars ({} essential), {} H1 bars",
        layer + 1,
        head + 1,
        long.tokens[1..long.tokens.len() - 1].join(" "),
        dgm.dimension(0).len(),
        dgm.essential_count(0),
        dgm.dimension(1).len()
    );
    if dgm.essential_count(0) != 1 || dgm.dimension(0).len() != 15 {
        return Err("15 distinct tokens must give 15 H0 bars, one of them essential".into());
    }
    let longest = dgm.dimension(1).first().ok_or("expected a loop")?;
    let (born, died) = (longest.birth(), longest.death().ok_or("loop never dies")?);
    println!("  longest loop: born at {born:.3}, filled at {died:.3}");
    if !d.iter().flatten().any(|&x| x == born) || !d.iter().flatten().any(|&x| x == died) {
        return Err("births and deaths must be input distances".into());
    }
    let scale = 0.3;
    let mut labels = [0; 15];
    let clusters = clusters_at_scale(&DistanceMatrix::new(&d)?, scale, &mut labels)?;
    let alive = dgm
        .dimension(0)
        .iter()
        .filter(|b| b.is_alive_at(scale))
        .count();
    if clusters != alive {
        return Err("clusters and live H0 bars disagree".into());
    }
    println!("  clusters at scale {scale} (tokens that attend alike):");
    for c in 0..clusters {
        let members: Vec<&str> = (0..15)
            .filter(|&i| labels[i] == c)
            .map(|i| long.tokens[i].as_str())
            .collect();
        println!("    {}", members.join(" "));
    }

    // Every head: is the reordered sentence closer than an unrelated one?
    let mut closer = 0;
    let (mut same, mut other) = (Vec::new(), Vec::new());
    for layer in 0..6 {
        for head in 0..12 {
            let a = diagram(&distances::<15>(&long, layer, head)?, &mut workspace)?;
            let b = diagram(&distances::<15>(&reordered, layer, head)?, &mut workspace)?;
            let c = diagram(&distances::<14>(&cat, layer, head)?, &mut workspace)?;
            let ab = bottleneck_distance(a.dimension(0), b.dimension(0), &mut bottleneck)?
                .finite()
                .ok_or("one essential class each: finite")?;
            let ac = bottleneck_distance(a.dimension(0), c.dimension(0), &mut bottleneck)?
                .finite()
                .ok_or("one essential class each: finite")?;
            let ba = bottleneck_distance(b.dimension(0), a.dimension(0), &mut bottleneck)?;
            if ba.finite() != Some(ab) {
                return Err("the bottleneck distance must be symmetric".into());
            }
            closer += usize::from(ab < ac);
            same.push(ab);
            other.push(ac);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "H0 bottleneck distance from that sentence, over all 72 heads: to its reordering {:.3} (median), \
         to \"the cat sat …\" {:.3}; the reordering is closer in {closer} heads",
        median(&mut same),
        median(&mut other)
    );
    if closer < 60 {
        return Err(
            format!("expected the reordering to be closer in most heads, got {closer}").into(),
        );
    }
    println!(
        "workspace for 16 points: {} bytes, no heap",
        core::mem::size_of::<RipsWorkspace16>()
    );
    Ok(())
}
