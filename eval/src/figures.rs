//! What the three evaluations share when they count and print: precision/recall/F1 from counts,
//! means and ratios, rounding for JSON, and plain text tables that line up Chinese text.

use std::io::{self, Write};

use milpress::analysis::fold::is_han;

/// Precision, recall and F1 from counts of true positives, false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    /// 1.0 when nothing was predicted (no prediction was wrong).
    pub fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// 1.0 when nothing was expected (nothing was missed).
    pub fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// `num / den`, and 1.0 for `0 / 0`.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// The mean, or `None` of nothing.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Rounds to 4 decimals, for JSON that people read too.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A plain text table: a header row, then rows, columns padded to their widest cell (counted in
/// characters, with Han characters counted twice, as terminals draw them).
pub fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.enumerate().take(columns) {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if i + 1 < columns {
                text.extend(std::iter::repeat_n(
                    ' ',
                    widths[i].saturating_sub(display_width(cell)),
                ));
            }
        }
        writeln!(out, "  {}", text.trim_end())
    };
    line(out, &mut header.iter().copied())?;
    for row in rows {
        line(out, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

/// Columns a terminal uses for `s`: two for wide (CJK) characters, one for the others.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = is_han(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF60}');
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// A figure with 3 decimals, or `-` when there is none.
pub fn fmt3(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

/// The first `max` characters of `s`, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_give_precision_recall_f1() {
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.6);
        assert!((c.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
        assert_eq!(Counts::default().precision(), 1.0);
        let none = Counts {
            tp: 0,
            fp: 2,
            fn_: 2,
        };
        assert_eq!(none.f1(), 0.0);
    }

    #[test]
    fn mean_and_ratio_handle_empty_input() {
        assert_eq!(mean(Vec::<f64>::new()), None);
        assert_eq!(mean([1.0, 2.0]), Some(1.5));
        assert_eq!(ratio(0, 0), 1.0);
        assert_eq!(ratio(1, 4), 0.25);
    }

    #[test]
    fn tables_pad_wide_characters() {
        let mut out = Vec::new();
        write_table(
            &mut out,
            &["term", "n"],
            &[
                vec!["香山论坛".into(), "1".into()],
                vec!["ab".into(), "22".into()],
            ],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "  term      n\n  香山论坛  1\n  ab        22\n");
    }
}
