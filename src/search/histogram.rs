//! Counts of matches per year or month, read from the `date` and `year` fast columns of every
//! match (no stored document is opened): the date histogram `serve` draws.
//!
//! The JSON has the shape `milpress trend --format json` is specified to print (issue 13), so
//! the library's own trend function can replace this one without the page noticing.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::document::Date;

/// The length of a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    #[default]
    Year,
    Month,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        match s {
            "year" => Some(Period::Year),
            "month" => Some(Period::Month),
            _ => None,
        }
    }
}

/// Counts of several queries over the same periods.
#[derive(Clone, Debug, Serialize)]
pub struct Trend {
    pub by: Period,
    pub queries: Vec<Series>,
}

/// The counts of one query.
#[derive(Clone, Debug, Serialize)]
pub struct Series {
    pub query: String,
    /// Every match, dated or not.
    pub total: u64,
    /// Matches without a date precise enough for the period.
    pub undated: u64,
    /// The first and last day a match is dated.
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// Every period from the first to the last, empty ones included (count 0).
    pub series: Vec<PeriodCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodCount {
    /// `2024` or `2024-05`.
    pub period: String,
    pub count: u64,
}

/// Counts matches per period.
pub(super) struct HistogramCollector {
    pub date: String,
    pub year: String,
    pub by: Period,
}

/// What a segment (and then the whole index) counted: periods as `year * 12 + month - 1` for
/// months, or the year itself.
#[derive(Default)]
pub(super) struct Counts {
    total: u64,
    undated: u64,
    periods: BTreeMap<i64, u64>,
    first: Option<i64>,
    last: Option<i64>,
}

pub(super) struct SegmentHistogram {
    date: Column<DateTime>,
    year: Column<u64>,
    by: Period,
    counts: Counts,
}

impl Collector for HistogramCollector {
    type Fruit = Counts;
    type Child = SegmentHistogram;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentHistogram> {
        let fast = segment.fast_fields();
        Ok(SegmentHistogram {
            date: fast.date(&self.date)?,
            year: fast.u64(&self.year)?,
            by: self.by,
            counts: Counts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for segment in segments {
            all.total += segment.total;
            all.undated += segment.undated;
            for (k, v) in segment.periods {
                *all.periods.entry(k).or_default() += v;
            }
            all.first = min_some(all.first, segment.first, i64::min);
            all.last = min_some(all.last, segment.last, i64::max);
        }
        Ok(all)
    }
}

fn min_some(a: Option<i64>, b: Option<i64>, pick: fn(i64, i64) -> i64) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

impl SegmentCollector for SegmentHistogram {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let counts = &mut self.counts;
        counts.total += 1;
        let day = self
            .date
            .first(doc)
            .map(|d| d.into_timestamp_secs().div_euclid(86_400));
        if let Some(day) = day {
            counts.first = min_some(counts.first, Some(day), i64::min);
            counts.last = min_some(counts.last, Some(day), i64::max);
        }
        let period = match self.by {
            // A document dated only by its year still has a year.
            Period::Year => day
                .and_then(Date::from_days_since_epoch)
                .map(|d| i64::from(d.year()))
                .or_else(|| self.year.first(doc).and_then(|y| i64::try_from(y).ok())),
            Period::Month => day
                .and_then(Date::from_days_since_epoch)
                .map(|d| i64::from(d.year()) * 12 + i64::from(d.month()) - 1),
        };
        match period {
            Some(p) => *counts.periods.entry(p).or_default() += 1,
            None => counts.undated += 1,
        }
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}

impl Counts {
    /// The series of one query, gaps filled with zeros so a chart's bars are evenly spaced.
    pub(super) fn into_series(self, query: String, by: Period) -> Series {
        let label = |p: i64| match by {
            Period::Year => format!("{p:04}"),
            Period::Month => format!("{:04}-{:02}", p.div_euclid(12), p.rem_euclid(12) + 1),
        };
        let mut series = Vec::new();
        if let (Some(&lo), Some(&hi)) =
            (self.periods.keys().next(), self.periods.keys().next_back())
        {
            // Bounded: dates are 1900..=2100, so at most 2,412 months.
            for p in lo..=hi {
                series.push(PeriodCount {
                    period: label(p),
                    count: self.periods.get(&p).copied().unwrap_or(0),
                });
            }
        }
        Series {
            query,
            total: self.total,
            undated: self.undated,
            first: self.first.and_then(Date::from_days_since_epoch),
            last: self.last.and_then(Date::from_days_since_epoch),
            series,
        }
    }
}
