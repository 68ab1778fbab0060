//! A small SVG chart writer for trends: axes, ticks, period labels, a legend, and one group of
//! bars per period (a line per series when there are too many periods for bars to read).
//!
//! Text is SVG `<text>` with a font-family stack that names the common CJK fonts of each
//! platform before the generic family, so Chinese labels render with whatever the viewer has,
//! and no font is bundled.

use std::fmt::Write as _;

use crate::search::Trend;

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 500.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 70.0;
const FONTS: &str = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', \
                     'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', \
                     'Helvetica Neue', Arial, sans-serif";
/// A colour-blind-safe palette (Okabe and Ito), one colour per series, repeating.
const COLOURS: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];
/// Above this many bars in all, series are drawn as lines.
const MOST_BARS: usize = 150;

/// The chart of a trend as an SVG document.
pub fn chart(trend: &Trend) -> String {
    let mut svg = String::new();
    let w = |svg: &mut String, s: std::fmt::Arguments| {
        svg.write_fmt(s).expect("writing to a String cannot fail");
    };
    w(
        &mut svg,
        format_args!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
             viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"{FONTS}\" font-size=\"12\">\n\
             <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        ),
    );
    let unit = match trend.per {
        Some(per) => format!("matches per {per} documents"),
        None => "matching documents".to_string(),
    };
    w(
        &mut svg,
        format_args!(
            "<text x=\"{LEFT}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
            escape(&format!("{unit}, by {}", trend.by.as_str()))
        ),
    );

    let periods: Vec<&str> = trend
        .series
        .first()
        .map(|s| s.points.iter().map(|p| p.period.as_str()).collect())
        .unwrap_or_default();
    let values: Vec<Vec<f64>> = trend
        .series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .map(|p| match trend.per {
                    Some(_) => p.rate.unwrap_or(0.0),
                    None => p.count as f64,
                })
                .collect()
        })
        .collect();
    let peak = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let (step, top) = ticks(peak);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h - if top > 0.0 { v / top * plot_h } else { 0.0 };

    // Horizontal grid lines and y ticks.
    w(&mut svg, format_args!("<g class=\"y-axis\">\n"));
    let mut tick = 0.0;
    while tick <= top + step / 2.0 {
        let ty = y(tick);
        w(
            &mut svg,
            format_args!(
                "<line x1=\"{LEFT}\" y1=\"{ty:.1}\" x2=\"{:.1}\" y2=\"{ty:.1}\" stroke=\"#e0e0e0\"/>\n\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#444\">{}</text>\n",
                LEFT + plot_w,
                LEFT - 6.0,
                ty + 4.0,
                number(tick)
            ),
        );
        tick += step;
    }
    w(&mut svg, format_args!("</g>\n"));

    let n = periods.len().max(1);
    let slot = plot_w / n as f64;
    let bars = periods.len() * trend.series.len() <= MOST_BARS;
    for (i, (series, vals)) in trend.series.iter().zip(&values).enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        w(
            &mut svg,
            format_args!(
                "<g class=\"series\" fill=\"{colour}\" stroke=\"{colour}\"><title>{}</title>\n",
                escape(&series.query)
            ),
        );
        if bars {
            let group = slot * 0.8;
            let bar_w = group / trend.series.len() as f64;
            for (j, (&v, point)) in vals.iter().zip(&series.points).enumerate() {
                let x = LEFT + slot * j as f64 + slot * 0.1 + bar_w * i as f64;
                let top_y = y(v);
                w(
                    &mut svg,
                    format_args!(
                        "<rect x=\"{x:.1}\" y=\"{top_y:.1}\" width=\"{:.1}\" height=\"{:.1}\" \
                         stroke=\"none\"><title>{} {}: {}</title></rect>\n",
                        (bar_w - 1.0).max(0.5),
                        (y(0.0) - top_y).max(0.0),
                        escape(&series.query),
                        escape(&point.period),
                        point.count
                    ),
                );
                // The count on the bar, when there is room for it.
                if v > 0.0 && bar_w >= 18.0 {
                    w(
                        &mut svg,
                        format_args!(
                            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" stroke=\"none\" \
                             fill=\"#333\" font-size=\"10\">{}</text>\n",
                            x + bar_w / 2.0,
                            top_y - 3.0,
                            number(v)
                        ),
                    );
                }
            }
        } else {
            let points: Vec<String> = vals
                .iter()
                .enumerate()
                .map(|(j, &v)| format!("{:.1},{:.1}", LEFT + slot * (j as f64 + 0.5), y(v)))
                .collect();
            w(
                &mut svg,
                format_args!(
                    "<polyline fill=\"none\" stroke-width=\"1.5\" points=\"{}\"/>\n",
                    points.join(" ")
                ),
            );
        }
        w(&mut svg, format_args!("</g>\n"));
    }

    // Axes, and period labels thinned to what fits (about 60 pixels a label).
    w(
        &mut svg,
        format_args!(
            "<g class=\"axes\" stroke=\"#333\">\n\
             <line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\"/>\n\
             <line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>\n</g>\n",
            y(0.0),
            y(0.0),
            LEFT + plot_w,
            y(0.0)
        ),
    );
    let every = (periods.len() as f64 * 60.0 / plot_w).ceil().max(1.0) as usize;
    w(
        &mut svg,
        format_args!("<g class=\"x-axis\" fill=\"#444\">\n"),
    );
    for (j, period) in periods.iter().enumerate().filter(|(j, _)| j % every == 0) {
        let x = LEFT + slot * (j as f64 + 0.5);
        w(
            &mut svg,
            format_args!(
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#333\"/>\n\
                 <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
                y(0.0),
                y(0.0) + 5.0,
                y(0.0) + 18.0,
                escape(period)
            ),
        );
    }
    w(&mut svg, format_args!("</g>\n"));

    // Legend under the axis labels, one swatch and query per series.
    w(&mut svg, format_args!("<g class=\"legend\">\n"));
    let mut lx = LEFT;
    let ly = HEIGHT - 22.0;
    for (i, series) in trend.series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let label = format!("{} ({})", series.query, series.total);
        w(
            &mut svg,
            format_args!(
                "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\n\
                 <text x=\"{:.1}\" y=\"{ly:.1}\">{}</text>\n",
                ly - 10.0,
                lx + 16.0,
                escape(&label)
            ),
        );
        lx += 16.0 + 7.0 * unicode_width::UnicodeWidthStr::width(label.as_str()) as f64 + 20.0;
    }
    w(&mut svg, format_args!("</g>\n</svg>\n"));
    svg
}

/// A tick step of 1, 2 or 5 times a power of ten giving about five ticks, and the top of the
/// axis (a whole number of steps at or above the peak).
fn ticks(peak: f64) -> (f64, f64) {
    if peak <= 0.0 {
        return (1.0, 1.0);
    }
    let rough = peak / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    (step, (peak / step).ceil() * step)
}

/// A tick or bar value: whole numbers as such, others with two decimals at most.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Escapes text for XML content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Period, Point, Series};

    fn trend(periods: usize) -> Trend {
        let series = |query: &str, k: u64| Series {
            query: query.to_string(),
            total: 0,
            undated: 0,
            year_only: 0,
            first: None,
            last: None,
            points: (0..periods)
                .map(|i| Point {
                    period: format!("20{:02}", i),
                    count: k * i as u64,
                    rate: None,
                })
                .collect(),
        };
        Trend {
            by: Period::Year,
            per: None,
            series: vec![
                series("台独 <&> \"x\"", 1),
                series("Taiwan independence", 2),
            ],
            took_ms: 0.0,
        }
    }

    /// Checks that every element is closed in order, and returns the element names met.
    fn elements(svg: &str) -> Vec<String> {
        let mut stack: Vec<String> = Vec::new();
        let mut seen = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("every tag ends") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "no raw < inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "closing tags nest");
            } else {
                let name = tag.split_whitespace().next().unwrap().to_string();
                seen.push(name.clone());
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
        seen
    }

    #[test]
    fn the_chart_is_well_formed_with_axes_legend_and_bars() {
        let svg = chart(&trend(5));
        let seen = elements(&svg);
        assert_eq!(seen[0], "svg");
        assert_eq!(seen.iter().filter(|e| *e == "polyline").count(), 0);
        // Five periods, two series: ten bars, plus the background and two legend swatches.
        assert_eq!(seen.iter().filter(|e| *e == "rect").count(), 13);
        assert!(
            svg.contains("台独 &lt;&amp;&gt; &quot;x&quot;"),
            "escaped labels"
        );
        assert!(svg.contains("Noto Sans CJK SC"), "a CJK font stack");
        assert!(svg.contains(">2004</text>"), "period labels");
        assert!(svg.contains("class=\"legend\""));
    }

    #[test]
    fn many_periods_are_lines_with_thinned_labels() {
        let svg = chart(&trend(100));
        let seen = elements(&svg);
        assert_eq!(seen.iter().filter(|e| *e == "polyline").count(), 2);
        let labels = svg.matches("text-anchor=\"middle\">20").count();
        assert!(labels > 5 && labels <= 15, "{labels} labels");
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(8.0), (2.0, 8.0));
        assert_eq!(ticks(37.0), (10.0, 40.0));
        assert_eq!(ticks(0.0), (1.0, 1.0));
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(40.0), "40");
    }
}
