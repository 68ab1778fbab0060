//! Printing trends: bars for people, fitted to the terminal; JSON and CSV for scripts.
//!
//! Text shows each series in turn: a heading with its total and first and last dated match,
//! then one line per period with a bar, the count (and the rate with `--per`), and the peak
//! marked. Widths are display widths, so a Chinese query or label lines up (a Han character
//! takes two columns).

use std::io::{self, Write};

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::Style;
use crate::document::Date;
use crate::search::{Series, Trend};

/// Writes a trend as text, at most `width` columns wide.
pub fn text(out: &mut dyn Write, trend: &Trend, width: usize, style: Style) -> io::Result<()> {
    for (i, series) in trend.series.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        series_text(out, trend, series, width, style)?;
    }
    writeln!(
        out,
        "{}",
        style.paint("2", &format!("({} ms)", trend.took_ms))
    )
}

/// The value a bar shows: the rate when asked for, else the count.
fn value(trend: &Trend, count: u64, rate: Option<f64>) -> f64 {
    match trend.per {
        Some(_) => rate.unwrap_or(0.0),
        None => count as f64,
    }
}

fn series_text(
    out: &mut dyn Write,
    trend: &Trend,
    series: &Series,
    width: usize,
    style: Style,
) -> io::Result<()> {
    let mut heading = vec![format!(
        "{} match{} by {}",
        series.total,
        if series.total == 1 { "" } else { "es" },
        trend.by.as_str()
    )];
    if let (Some(first), Some(last)) = (series.first, series.last) {
        heading.push(format!("first {first}"));
        heading.push(format!("last {last}"));
    }
    let query = if series.query.is_empty() {
        "(every document)"
    } else {
        series.query.as_str()
    };
    writeln!(
        out,
        "{}  {}",
        style.paint("1", query),
        style.paint("2", &heading.join(" · "))
    )?;
    let numbers: Vec<String> = series
        .points
        .iter()
        .map(|p| match (trend.per, p.rate) {
            (Some(per), Some(rate)) => format!("{}  {rate:.2}/{per}", p.count),
            (Some(per), None) => format!("{}  -/{per}", p.count),
            (None, _) => p.count.to_string(),
        })
        .collect();
    let label_width = series
        .points
        .iter()
        .map(|p| p.period.width())
        .max()
        .unwrap_or(0);
    let number_width = numbers.iter().map(|n| n.width()).max().unwrap_or(0);
    // With `--per`, the bars and the peak are the rate's, which the count beside may not show.
    let peak_mark = if trend.per.is_some() {
        "  ← peak rate"
    } else {
        "  ← peak"
    };
    // Two spaces of indent, a space after the label, one before the number.
    let bar_width = width
        .saturating_sub(2 + label_width + 1 + 1 + number_width + peak_mark.width())
        .max(10);
    let values: Vec<f64> = series
        .points
        .iter()
        .map(|p| value(trend, p.count, p.rate))
        .collect();
    let peak = values.iter().copied().fold(0.0_f64, f64::max);
    // A series whose every period with matches has as many has no peak to point at.
    let flat = values.iter().filter(|&&v| v > 0.0).all(|&v| v == peak);
    for (point, number) in series.points.iter().zip(&numbers) {
        let v = value(trend, point.count, point.rate);
        let bar = bar(v, peak, bar_width);
        let pad = " ".repeat(bar_width - bar.chars().count());
        let mark = if peak > 0.0 && v == peak && !flat {
            peak_mark
        } else {
            ""
        };
        writeln!(
            out,
            "  {}{} {}{} {}{}{}",
            point.period,
            " ".repeat(label_width - point.period.width()),
            style.paint("36", &bar),
            pad,
            " ".repeat(number_width - number.width()),
            number,
            style.paint("1", mark),
        )?;
    }
    let mut apart = Vec::new();
    if series.undated > 0 {
        apart.push(format!("{} undated", series.undated));
    }
    if series.year_only > 0 {
        apart.push(format!(
            "{} dated only by year (not in a {})",
            series.year_only,
            trend.by.as_str()
        ));
    }
    if !apart.is_empty() {
        writeln!(
            out,
            "  {}",
            style.paint("2", &format!("+ {}", apart.join(", ")))
        )?;
    }
    Ok(())
}

/// A bar of `value` against `peak` over `width` columns, in eighths of a column.
fn bar(value: f64, peak: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if peak <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / peak) * (width * 8) as f64).round() as usize;
    // A non-zero count always shows, however small against the peak.
    let eighths = eighths.max(1);
    let mut out = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        out.push(PARTS[eighths % 8]);
    }
    out
}

/// The trend as the JSON object the README documents (fields in the documented order).
#[derive(Serialize)]
struct JsonTrend<'a> {
    by: &'static str,
    queries: Vec<JsonSeries<'a>>,
}

#[derive(Serialize)]
struct JsonSeries<'a> {
    query: &'a str,
    total: u64,
    undated: u64,
    year_only: u64,
    first: Option<Date>,
    last: Option<Date>,
    series: Vec<JsonPoint<'a>>,
}

#[derive(Serialize)]
struct JsonPoint<'a> {
    period: &'a str,
    count: u64,
    /// `per_N` with `--per N`: the key names the base.
    #[serde(flatten)]
    rate: BTreeMap<String, Option<f64>>,
}

/// The trend as a JSON value (for callers that embed it; key order is lost).
pub fn to_json(trend: &Trend) -> Value {
    serde_json::to_value(json_trend(trend)).expect("a trend always serializes")
}

fn json_trend(trend: &Trend) -> JsonTrend<'_> {
    let rate_key = trend.per.map(|n| format!("per_{n}"));
    let queries = trend
        .series
        .iter()
        .map(|s| JsonSeries {
            query: &s.query,
            total: s.total,
            undated: s.undated,
            year_only: s.year_only,
            first: s.first,
            last: s.last,
            series: s
                .points
                .iter()
                .map(|p| JsonPoint {
                    period: &p.period,
                    count: p.count,
                    rate: rate_key
                        .iter()
                        .map(|k| (k.clone(), p.rate.map(|r| (r * 1000.0).round() / 1000.0)))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    JsonTrend {
        by: trend.by.as_str(),
        queries,
    }
}

pub fn json(out: &mut dyn Write, trend: &Trend) -> io::Result<()> {
    super::write_json(out, &json_trend(trend), true)?;
    writeln!(out)
}

/// One row per period and query: `query,period,count` (and `per_N` with `--per N`).
pub fn csv(out: &mut dyn Write, trend: &Trend) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header = vec![
        "query".to_string(),
        "period".to_string(),
        "count".to_string(),
    ];
    if let Some(per) = trend.per {
        header.push(format!("per_{per}"));
    }
    super::csv_row(&mut writer, &header)?;
    for series in &trend.series {
        for point in &series.points {
            let mut row = vec![
                series.query.clone(),
                point.period.clone(),
                point.count.to_string(),
            ];
            if trend.per.is_some() {
                row.push(point.rate.map_or_else(String::new, |r| format!("{r:.3}")));
            }
            super::csv_row(&mut writer, &row)?;
        }
        // Matches without a date, or dated only by a year in a finer trend, count too, each on
        // a row of their own, as in text and JSON: the rows add up to the total.
        for (period, count) in [("undated", series.undated), ("year_only", series.year_only)] {
            if count == 0 {
                continue;
            }
            let mut row = vec![series.query.clone(), period.to_string(), count.to_string()];
            if trend.per.is_some() {
                row.push(String::new());
            }
            super::csv_row(&mut writer, &row)?;
        }
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Period, Point};
    use serde_json::json;

    fn trend() -> Trend {
        let point = |period: &str, count| Point {
            period: period.to_string(),
            count,
            rate: None,
        };
        Trend {
            by: Period::Year,
            per: None,
            series: vec![Series {
                query: "台独".to_string(),
                total: 13,
                undated: 2,
                year_only: 0,
                first: Date::new(2019, 3, 7),
                last: Date::new(2021, 6, 1),
                points: vec![point("2019", 3), point("2020", 0), point("2021", 8)],
            }],
            took_ms: 0.0,
        }
    }

    #[test]
    fn text_bars_fit_the_width_and_mark_the_peak() {
        let mut out = Vec::new();
        text(&mut out, &trend(), 40, Style { color: false }).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("台独  13 matches by year"), "{text}");
        assert!(
            lines[0].contains("first 2019-03-07 · last 2021-06-01"),
            "{text}"
        );
        for line in &lines[1..4] {
            assert!(line.width() <= 40, "{line:?} is {} wide", line.width());
        }
        assert!(
            lines[3].starts_with("  2021 ████") && lines[3].ends_with("8  ← peak"),
            "{text}"
        );
        assert!(
            lines[2].starts_with("  2020  ") && !lines[2].contains('█'),
            "{text}"
        );
        assert_eq!(lines[4], "  + 2 undated");
        // Every period with matches as high as the others: no peak.
        let mut flat = trend();
        flat.series[0].points[0].count = 8;
        flat.series[0].points[1].count = 8;
        let mut out = Vec::new();
        super::text(&mut out, &flat, 40, Style { color: false }).unwrap();
        assert!(!String::from_utf8(out).unwrap().contains("peak"));
    }

    #[test]
    fn json_and_csv_have_one_entry_per_period() {
        let json = to_json(&trend());
        assert_eq!(json["by"], "year");
        assert_eq!(json["queries"][0]["first"], "2019-03-07");
        assert_eq!(
            json["queries"][0]["series"][2],
            json!({"period": "2021", "count": 8})
        );
        let mut out = Vec::new();
        csv(&mut out, &trend()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "query,period,count\n台独,2019,3\n台独,2020,0\n台独,2021,8\n台独,undated,2\n"
        );
    }

    #[test]
    fn csv_rows_add_up_to_the_total() {
        let mut trend = trend();
        trend.series[0].year_only = 4;
        let mut out = Vec::new();
        csv(&mut out, &trend).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with("台独,undated,2\n台独,year_only,4\n"),
            "{text}"
        );
        let sum: u64 = text
            .lines()
            .skip(1)
            .filter_map(|l| l.rsplit(',').next()?.parse::<u64>().ok())
            .sum();
        assert_eq!(sum, 3 + 8 + 2 + 4);
    }

    #[test]
    fn bars_scale_in_eighths() {
        assert_eq!(bar(8.0, 8.0, 4), "████");
        assert_eq!(bar(1.0, 8.0, 4), "▌");
        assert_eq!(bar(0.001, 8.0, 4), "▏");
        assert_eq!(bar(0.0, 8.0, 4), "");
    }
}
