//! Trends: how many documents match a query per year, quarter, month, ISO week or day.
//!
//! A trend runs the very query [`Searcher::search`] runs (same parser, glossary expansion and
//! filters), but instead of ranking it hands every match to [`TrendCollector`], which reads the
//! `date` and `year` fast columns and counts days and years in plain arrays: no stored document
//! is opened. Periods are derived from the day counts afterwards, so the per-match work is the
//! same whatever the period. A yearly trend counts the `year` column, which is what `--year`
//! filters on, so a year's count equals `search QUERY --year Y`'s total; finer trends count the
//! `date` column, which is what `--from`/`--to` filter on.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use super::{Request, Searcher};
use crate::document::Date;
use crate::error::Result;

/// The length of a trend's periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Year,
    Quarter,
    Month,
    /// ISO 8601 weeks: Monday to Sunday, week 1 holds the year's first Thursday.
    Week,
    Day,
}

impl Period {
    /// Every period, shortest last, for messages.
    pub const ALL: &'static [Period] = &[
        Period::Year,
        Period::Quarter,
        Period::Month,
        Period::Week,
        Period::Day,
    ];

    /// `year`, `quarter`, `month`, `week` or `day`.
    pub fn parse(name: &str) -> Option<Period> {
        Period::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == name.trim())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Quarter => "quarter",
            Period::Month => "month",
            Period::Week => "week",
            Period::Day => "day",
        }
    }

    /// The period holding a day, as a number that grows by one from one period to the next
    /// (so empty periods between two keys are the numbers between them).
    pub fn key(self, date: Date) -> i64 {
        let year = i64::from(date.year());
        let month = i64::from(date.month()) - 1;
        match self {
            Period::Year => year,
            Period::Quarter => year * 4 + month / 3,
            Period::Month => year * 12 + month,
            // 1970-01-01 was a Thursday: shifting by three days makes weeks start on Monday.
            Period::Week => (date.days_since_epoch() + 3).div_euclid(7),
            Period::Day => date.days_since_epoch(),
        }
    }

    /// The label of a period key: `2024`, `2024-Q2`, `2024-05`, `2024-W19`, `2024-05-18`.
    pub fn label(self, key: i64) -> String {
        match self {
            Period::Year => key.to_string(),
            Period::Quarter => format!("{}-Q{}", key.div_euclid(4), key.rem_euclid(4) + 1),
            Period::Month => format!("{}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
            Period::Week => {
                // The ISO year is the year of the week's Thursday; the week number counts
                // Thursdays of that year up to it.
                let thursday = key * 7;
                match Date::from_days_since_epoch(thursday) {
                    Some(t) => {
                        let jan1 =
                            Date::new(t.year(), 1, 1).map_or(thursday, |d| d.days_since_epoch());
                        format!("{}-W{:02}", t.year(), (thursday - jan1) / 7 + 1)
                    }
                    None => format!("week {key}"),
                }
            }
            Period::Day => Date::from_days_since_epoch(key)
                .map_or_else(|| format!("day {key}"), |d| d.to_string()),
        }
    }
}

/// One period of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// The period's label (`2024-W19`).
    pub period: String,
    pub count: u64,
    /// Matches per `per` documents of the period that pass the filters, when asked for (None
    /// also when no document of the period passes them).
    pub rate: Option<f64>,
}

/// The trend of one query.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub query: String,
    /// Every match, dated or not.
    pub total: u64,
    /// Matches with no date (in a yearly trend: with no year).
    pub undated: u64,
    /// Matches with a year but no day, not placed in a finer period (0 in a yearly trend).
    pub year_only: u64,
    /// The first and last dated match.
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// One point per period from the first period with a match (of any series) to the last,
    /// empty periods included.
    pub points: Vec<Point>,
}

/// Several series over the same periods.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub by: Period,
    /// The `N` of `--per N`, when rates were asked for.
    pub per: Option<u64>,
    pub series: Vec<Series>,
    pub took_ms: f64,
}

impl Searcher {
    /// The trend of each request (one series each) by `by`; with `per`, each count also as a
    /// rate per `per` documents of its period that pass the first request's filters.
    pub fn trend(&self, requests: &[Request], by: Period, per: Option<u64>) -> Result<Trend> {
        let started = std::time::Instant::now();
        let searcher = self.reader.searcher();
        let collector = TrendCollector {
            date: self
                .index
                .fields
                .name(&self.index.schema, self.index.fields.date),
            year: self
                .index
                .fields
                .name(&self.index.schema, self.index.fields.year),
        };
        let mut counted = Vec::with_capacity(requests.len());
        for request in requests {
            let query = self.counted_query(&searcher, request)?;
            counted.push(searcher.search(&query, &collector)?);
        }
        let base = match (per, requests.first()) {
            (Some(_), Some(first)) => {
                // The same filters with no query: every document the filters let through.
                let mut all = first.clone();
                all.query = String::new();
                all.any = false;
                let query = self.counted_query(&searcher, &all)?;
                Some(searcher.search(&query, &collector)?.by_period(by))
            }
            _ => None,
        };
        let per_period: Vec<BTreeMap<i64, u64>> = counted.iter().map(|c| c.by_period(by)).collect();
        let first_key = per_period.iter().filter_map(|m| m.keys().next()).min();
        let last_key = per_period.iter().filter_map(|m| m.keys().next_back()).max();
        let keys: Vec<i64> = match (first_key, last_key) {
            (Some(&a), Some(&b)) => (a..=b).collect(),
            _ => Vec::new(),
        };
        let series = requests
            .iter()
            .zip(counted.iter().zip(&per_period))
            .map(|(request, (counts, periods))| {
                let points = keys
                    .iter()
                    .map(|key| {
                        let count = periods.get(key).copied().unwrap_or(0);
                        let rate = match (per, &base) {
                            (Some(per), Some(base)) => base
                                .get(key)
                                .filter(|&&n| n > 0)
                                .map(|&n| count as f64 * per as f64 / n as f64),
                            _ => None,
                        };
                        Point {
                            period: by.label(*key),
                            count,
                            rate,
                        }
                    })
                    .collect();
                let (undated, year_only) = if by == Period::Year {
                    (counts.no_year, 0)
                } else {
                    (counts.undated, counts.year_only)
                };
                Series {
                    query: request.query.clone(),
                    total: counts.total,
                    undated,
                    year_only,
                    first: counts
                        .days
                        .keys()
                        .next()
                        .and_then(|&d| Date::from_days_since_epoch(d)),
                    last: counts
                        .days
                        .keys()
                        .next_back()
                        .and_then(|&d| Date::from_days_since_epoch(d)),
                    points,
                }
            })
            .collect();
        Ok(Trend {
            by,
            per,
            series,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
        })
    }
}

/// What a trend counts over all matches: days and years, and what has neither.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: u64,
    /// Matches per day (days since 1970-01-01), for those with a date.
    pub days: BTreeMap<i64, u64>,
    /// Matches per year, for those with a year (dated or not).
    pub years: BTreeMap<i64, u64>,
    /// Matches with a year but no date.
    pub year_only: u64,
    /// Matches with neither a date nor a year.
    pub undated: u64,
    /// Matches with no year.
    pub no_year: u64,
}

impl Counts {
    /// Counts per period: years from the year column, finer periods from the day counts.
    pub fn by_period(&self, by: Period) -> BTreeMap<i64, u64> {
        if by == Period::Year {
            return self.years.clone();
        }
        let mut out = BTreeMap::new();
        for (&day, &n) in &self.days {
            if let Some(date) = Date::from_days_since_epoch(day) {
                *out.entry(by.key(date)).or_default() += n;
            }
        }
        out
    }
}

/// Counts the matches of a query by day and by year, from the fast columns.
pub struct TrendCollector {
    /// The name of the date field.
    pub date: String,
    /// The name of the year field.
    pub year: String,
}

/// Most days a segment counts in an array; a wider span (not a calendar of press releases)
/// is counted in a map instead.
const MOST_DAYS: u64 = 200 * 366;

/// One segment's counts: days and years as offsets from the segment's smallest value, in
/// arrays (this runs once per match).
pub struct SegmentTrend {
    date: Option<Column<DateTime>>,
    year: Option<Column<u64>>,
    first_day: i64,
    days: Vec<u64>,
    far_days: BTreeMap<i64, u64>,
    first_year: u64,
    years: Vec<u64>,
    far_years: BTreeMap<i64, u64>,
    total: u64,
    year_only: u64,
    undated: u64,
    no_year: u64,
    dates_buf: Vec<Option<DateTime>>,
    years_buf: Vec<Option<u64>>,
}

fn day_of(value: DateTime) -> i64 {
    value.into_timestamp_secs().div_euclid(86_400)
}

impl Collector for TrendCollector {
    type Fruit = Counts;
    type Child = SegmentTrend;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentTrend> {
        let fast = segment.fast_fields();
        let date = fast.column_opt::<DateTime>(&self.date)?;
        let year = fast.column_opt::<u64>(&self.year)?;
        let (first_day, day_span) = match &date {
            Some(c) => {
                let (lo, hi) = (day_of(c.min_value()), day_of(c.max_value()));
                (lo, u64::try_from(hi - lo + 1).unwrap_or(0))
            }
            None => (0, 0),
        };
        let (first_year, year_span) = match &year {
            Some(c) => (
                c.min_value(),
                c.max_value().saturating_sub(c.min_value()) + 1,
            ),
            None => (0, 0),
        };
        let slots = |span: u64| vec![0; usize::try_from(span).unwrap_or(0).min(MOST_DAYS as usize)];
        Ok(SegmentTrend {
            date,
            year,
            first_day,
            days: slots(day_span),
            far_days: BTreeMap::new(),
            first_year,
            years: slots(year_span),
            far_years: BTreeMap::new(),
            total: 0,
            year_only: 0,
            undated: 0,
            no_year: 0,
            dates_buf: Vec::new(),
            years_buf: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for segment in segments {
            all.total += segment.total;
            all.year_only += segment.year_only;
            all.undated += segment.undated;
            all.no_year += segment.no_year;
            for (k, v) in segment.days {
                *all.days.entry(k).or_default() += v;
            }
            for (k, v) in segment.years {
                *all.years.entry(k).or_default() += v;
            }
        }
        Ok(all)
    }
}

impl SegmentTrend {
    fn count(&mut self, date: Option<DateTime>, year: Option<u64>) {
        self.total += 1;
        match date {
            Some(date) => {
                let day = day_of(date);
                let slot = usize::try_from(day - self.first_day).ok();
                match slot.and_then(|s| self.days.get_mut(s)) {
                    Some(n) => *n += 1,
                    None => *self.far_days.entry(day).or_default() += 1,
                }
            }
            None if year.is_some() => self.year_only += 1,
            None => self.undated += 1,
        }
        match year {
            Some(year) => {
                let slot = year
                    .checked_sub(self.first_year)
                    .and_then(|s| usize::try_from(s).ok());
                match slot.and_then(|s| self.years.get_mut(s)) {
                    Some(n) => *n += 1,
                    None => {
                        *self
                            .far_years
                            .entry(i64::try_from(year).unwrap_or(i64::MAX))
                            .or_default() += 1
                    }
                }
            }
            None => self.no_year += 1,
        }
    }
}

impl SegmentCollector for SegmentTrend {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let date = self.date.as_ref().and_then(|c| c.first(doc));
        let year = self.year.as_ref().and_then(|c| c.first(doc));
        self.count(date, year);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        // Reading a block of values at once is what makes a trend over most of the index
        // cheap: the column decodes them in a batch.
        let mut dates = std::mem::take(&mut self.dates_buf);
        let mut years = std::mem::take(&mut self.years_buf);
        dates.clear();
        dates.resize(docs.len(), None);
        years.clear();
        years.resize(docs.len(), None);
        if let Some(c) = &self.date {
            c.first_vals(docs, &mut dates);
        }
        if let Some(c) = &self.year {
            c.first_vals(docs, &mut years);
        }
        for (&date, &year) in dates.iter().zip(&years) {
            self.count(date, year);
        }
        self.dates_buf = dates;
        self.years_buf = years;
    }

    fn harvest(self) -> Counts {
        let mut days = self.far_days;
        for (offset, &n) in self.days.iter().enumerate() {
            if n > 0 {
                *days.entry(self.first_day + offset as i64).or_default() += n;
            }
        }
        let mut years = self.far_years;
        for (offset, &n) in self.years.iter().enumerate() {
            if n > 0 {
                let year = i64::try_from(self.first_year + offset as u64).unwrap_or(i64::MAX);
                *years.entry(year).or_default() += n;
            }
        }
        Counts {
            total: self.total,
            days,
            years,
            year_only: self.year_only,
            undated: self.undated,
            no_year: self.no_year,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn label(by: Period, s: &str) -> String {
        by.label(by.key(date(s)))
    }

    #[test]
    fn iso_weeks_belong_to_the_year_of_their_thursday() {
        // A Monday in late December that starts the next ISO year's first week.
        assert_eq!(label(Period::Week, "2024-12-30"), "2025-W01");
        // A Sunday in early January that ends the previous ISO year's 53rd week.
        assert_eq!(label(Period::Week, "2021-01-03"), "2020-W53");
        assert_eq!(label(Period::Week, "2021-01-04"), "2021-W01");
        assert_eq!(label(Period::Week, "2024-05-06"), "2024-W19");
        assert_eq!(label(Period::Week, "2024-05-12"), "2024-W19");
        assert_eq!(label(Period::Week, "2024-05-13"), "2024-W20");
        assert_eq!(label(Period::Week, "2026-01-01"), "2026-W01");
        assert_eq!(label(Period::Week, "2027-01-01"), "2026-W53");
        assert_eq!(label(Period::Week, "1970-01-01"), "1970-W01");
        assert_eq!(label(Period::Week, "1969-12-29"), "1970-W01");
        assert_eq!(label(Period::Week, "1969-12-28"), "1969-W52");
    }

    #[test]
    fn consecutive_keys_are_consecutive_periods() {
        for by in [Period::Quarter, Period::Month, Period::Week, Period::Day] {
            let a = by.key(date("2023-12-31"));
            let b = by.key(date("2024-01-01"));
            assert_eq!(b - a, 1, "{by:?}");
        }
        assert_eq!(label(Period::Quarter, "2024-05-18"), "2024-Q2");
        assert_eq!(label(Period::Quarter, "2024-12-31"), "2024-Q4");
        assert_eq!(label(Period::Month, "2024-05-18"), "2024-05");
        assert_eq!(label(Period::Day, "2024-05-18"), "2024-05-18");
        assert_eq!(label(Period::Year, "2024-05-18"), "2024");
        assert_eq!(Period::Month.label(2024 * 12 + 12), "2025-01");
    }

    #[test]
    fn finer_periods_are_derived_from_day_counts() {
        let mut counts = Counts::default();
        for (d, n) in [("2024-03-31", 2), ("2024-04-01", 3), ("2024-12-30", 1)] {
            counts.days.insert(date(d).days_since_epoch(), n);
        }
        let quarters: Vec<(String, u64)> = counts
            .by_period(Period::Quarter)
            .into_iter()
            .map(|(k, n)| (Period::Quarter.label(k), n))
            .collect();
        assert_eq!(
            quarters,
            [
                ("2024-Q1".to_string(), 2),
                ("2024-Q2".to_string(), 3),
                ("2024-Q4".to_string(), 1)
            ]
        );
        let weeks: Vec<String> = counts
            .by_period(Period::Week)
            .into_keys()
            .map(|k| Period::Week.label(k))
            .collect();
        assert_eq!(weeks, ["2024-W13", "2024-W14", "2025-W01"]);
    }

    #[test]
    fn the_segment_counter_sorts_matches_into_days_years_and_the_rest() {
        let day = |s: &str| Some(crate::schema::date_value(date(s).days_since_epoch()));
        let mut segment = SegmentTrend {
            date: None,
            year: None,
            first_day: date("2024-01-01").days_since_epoch(),
            days: vec![0; 366],
            far_days: BTreeMap::new(),
            first_year: 2024,
            years: vec![0; 1],
            far_years: BTreeMap::new(),
            total: 0,
            year_only: 0,
            undated: 0,
            no_year: 0,
            dates_buf: Vec::new(),
            years_buf: Vec::new(),
        };
        segment.count(day("2024-05-18"), Some(2024));
        segment.count(day("2024-05-18"), Some(2024));
        // Outside the arrays' span: still counted, in the maps.
        segment.count(day("2019-03-07"), Some(2019));
        segment.count(None, Some(2024));
        segment.count(None, None);
        let counts = segment.harvest();
        assert_eq!(counts.total, 5);
        assert_eq!(counts.year_only, 1);
        assert_eq!(counts.undated, 1);
        assert_eq!(counts.no_year, 1);
        assert_eq!(counts.years, BTreeMap::from([(2019, 1), (2024, 3)]));
        assert_eq!(
            counts.days,
            BTreeMap::from([
                (date("2019-03-07").days_since_epoch(), 1),
                (date("2024-05-18").days_since_epoch(), 2)
            ])
        );
    }
}
