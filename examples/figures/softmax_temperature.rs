//! Softmax and attention: one row of logits at three temperatures, computed by geoml.

use geoml::attention::softmax_with_temperature;
use plotters::prelude::*;
use std::path::Path;

pub const LOGITS: [f64; 6] = [2.0, 1.0, 0.5, 0.0, -1.0, 1.5];
pub const TEMPERATURES: [f64; 3] = [0.25, 1.0, 4.0];

pub fn draw(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (640, 320)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "softmax(x / \u{3c4}) of the logits x = (2, 1, 0.5, 0, \u{2212}1, 1.5)",
            ("sans-serif", 17),
        )
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5_f64..5.5, 0.0_f64..1.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| format!("x{}", *x as usize))
        .x_desc("logit")
        .y_desc("probability")
        .draw()?;
    let colours = [
        RGBColor(68, 1, 84),
        RGBColor(33, 145, 140),
        RGBColor(230, 180, 30),
    ];
    for (k, (&tau, colour)) in TEMPERATURES.iter().zip(colours).enumerate() {
        let mut p = [0.0_f64; 6];
        softmax_with_temperature(&LOGITS, tau, &mut p)?;
        let offset = (k as f64 - 1.0) * 0.25;
        chart
            .draw_series(p.iter().enumerate().map(|(i, &y)| {
                let x = i as f64 + offset;
                Rectangle::new([(x - 0.11, 0.0), (x + 0.11, y)], colour.filled())
            }))?
            .label(format!("\u{3c4} = {tau}"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}
