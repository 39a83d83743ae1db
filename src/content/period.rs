//! Periods as councils count them: a calendar year (`2023`), a financial year (`2019/20`,
//! April to March), an academic year (`2019/20`, September to August) and quarters of the
//! calendar (`2023 Q1`) or of the financial year (`Q1 2023/24`). A dataset says which kind a
//! column holds, because `2019/20` alone does not say whether it starts in April or September.

use std::fmt;

use serde::Deserialize;

/// Which kind of period a column holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodKind {
    /// A calendar year, January to December: `2023`.
    Year,
    /// A financial year, April to March: `2019/20`.
    FinancialYear,
    /// An academic year, September to August: `2019/20`.
    AcademicYear,
    /// A quarter of the calendar year (Q1 is January to March): `2023 Q1`.
    Quarter,
    /// A quarter of the financial year (Q1 is April to June): `Q1 2023/24`.
    FinancialQuarter,
}

impl PeriodKind {
    /// The names a dataset uses for the kinds, in the order the guide gives them.
    pub const NAMES: [&'static str; 5] = [
        "year",
        "financial-year",
        "academic-year",
        "quarter",
        "financial-quarter",
    ];

    /// The kind's name as a dataset writes it.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The kind in a reader's words, for messages.
    pub fn words(self) -> &'static str {
        match self {
            PeriodKind::Year => "a year",
            PeriodKind::FinancialYear => "a financial year",
            PeriodKind::AcademicYear => "an academic year",
            PeriodKind::Quarter => "a quarter",
            PeriodKind::FinancialQuarter => "a quarter of a financial year",
        }
    }

    /// The kind in the plural, for messages.
    pub fn plural(self) -> &'static str {
        match self {
            PeriodKind::Year => "years",
            PeriodKind::FinancialYear => "financial years",
            PeriodKind::AcademicYear => "academic years",
            PeriodKind::Quarter => "quarters",
            PeriodKind::FinancialQuarter => "quarters of financial years",
        }
    }

    /// How a period of this kind is written, as an example for messages.
    pub fn example(self) -> &'static str {
        match self {
            PeriodKind::Year => "2023",
            PeriodKind::FinancialYear | PeriodKind::AcademicYear => "2019/20",
            PeriodKind::Quarter => "2023 Q1",
            PeriodKind::FinancialQuarter => "Q1 2023/24",
        }
    }

    /// The month (1–12) a period of this kind starts in, for its first quarter or its year.
    fn first_month(self) -> i32 {
        match self {
            PeriodKind::Year | PeriodKind::Quarter => 1,
            PeriodKind::FinancialYear | PeriodKind::FinancialQuarter => 4,
            PeriodKind::AcademicYear => 9,
        }
    }
}

/// One period: the year it starts in and, for a quarter, which quarter. Ordered by when it
/// starts, so that rows sort as time runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    /// The calendar year the period starts in (2019 for `2019/20`).
    pub year: i16,
    /// 1–4 for a quarter.
    pub quarter: Option<u8>,
}

impl Period {
    /// Reads a period of `kind` as an author or a publisher writes it: `2023`; `2019/20`
    /// (also `2019-20`, `2019/2020`, `2019 to 2020` and the DfE's `201920`); `2023 Q1` or
    /// `Q1 2023`; `Q1 2023/24` or `2023/24 Q1`. The error says how to write it.
    pub fn parse(text: &str, kind: PeriodKind) -> Result<Period, String> {
        let text = text.trim();
        let wrong = || {
            format!(
                "`{text}` is not {}: write it as {}",
                kind.words(),
                kind.example()
            )
        };
        match kind {
            PeriodKind::Year => {
                let year = four_digits(text).ok_or_else(|| {
                    if split_year(text).is_some() {
                        format!(
                            "`{text}` is a year and the next, but this column holds calendar years: write 2023, or give the column period: financial-year or period: academic-year"
                        )
                    } else {
                        wrong()
                    }
                })?;
                Ok(Period {
                    kind,
                    year,
                    quarter: None,
                })
            }
            PeriodKind::FinancialYear | PeriodKind::AcademicYear => {
                let year = split_year(text).ok_or_else(|| {
                    if four_digits(text).is_some() {
                        format!(
                            "`{text}` is a single year, but this column holds {}, which run over two: write {}/{:02}",
                            kind.plural(),
                            text,
                            (text.parse::<i32>().unwrap_or(0) + 1) % 100
                        )
                    } else {
                        wrong()
                    }
                })??;
                Ok(Period {
                    kind,
                    year,
                    quarter: None,
                })
            }
            PeriodKind::Quarter | PeriodKind::FinancialQuarter => {
                let (quarter, rest) = take_quarter(text).ok_or_else(wrong)?;
                let year = if kind == PeriodKind::Quarter {
                    four_digits(rest).ok_or_else(|| {
                        if split_year(rest).is_some() {
                            format!(
                                "`{text}` is a quarter of a financial year, but this column holds quarters of the calendar year: write 2023 Q1, or give the column period: financial-quarter"
                            )
                        } else {
                            wrong()
                        }
                    })?
                } else {
                    split_year(rest).ok_or_else(|| {
                        if let Some(year) = four_digits(rest) {
                            format!(
                                "`{text}` is a quarter of a calendar year, but this column holds quarters of the financial year: write them as Q1 {year}/{:02} (April to June {year})",
                                (i32::from(year) + 1) % 100
                            )
                        } else {
                            wrong()
                        }
                    })??
                };
                Ok(Period {
                    kind,
                    year,
                    quarter: Some(quarter),
                })
            }
        }
    }

    /// The period as councils write it: `2023`, `2019/20`, `2023 Q1`, `Q1 2023/24`.
    pub fn label(&self) -> String {
        let span = || format!("{}/{:02}", self.year, (i32::from(self.year) + 1) % 100);
        match (self.kind, self.quarter) {
            (PeriodKind::Year, _) => self.year.to_string(),
            (PeriodKind::FinancialYear | PeriodKind::AcademicYear, _) => span(),
            (PeriodKind::Quarter, q) => format!("{} Q{}", self.year, q.unwrap_or(1)),
            (PeriodKind::FinancialQuarter, q) => format!("Q{} {}", q.unwrap_or(1), span()),
        }
    }

    /// Where the period starts on a time axis, in months since year 0, so that periods of
    /// one kind are evenly spaced and a gap in the years shows as a gap.
    pub fn axis_position(&self) -> f64 {
        let quarter = i32::from(self.quarter.unwrap_or(1)) - 1;
        f64::from(i32::from(self.year) * 12 + self.kind.first_month() - 1 + quarter * 3)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// `2023` as a year.
fn four_digits(text: &str) -> Option<i16> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A span of two years, `2019/20`, `2019-20`, `2019/2020`, `2019 to 2020` or `201920`: the
/// first year, or an error when the second is not the year after the first.
fn split_year(text: &str) -> Option<Result<i16, String>> {
    let (first, second) = if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        (&text[..4], &text[4..])
    } else {
        let (first, second) = text
            .split_once('/')
            .or_else(|| text.split_once('-'))
            .or_else(|| text.split_once(" to "))
            .or_else(|| text.split_once('–'))?;
        (first.trim(), second.trim())
    };
    let start = four_digits(first)?;
    let next = i32::from(start) + 1;
    let second_ok = match second.len() {
        2 => {
            second.bytes().all(|b| b.is_ascii_digit()) && second.parse::<i32>().ok()? == next % 100
        }
        4 => four_digits(second).map(i32::from) == Some(next),
        _ => return None,
    };
    Some(if second_ok {
        Ok(start)
    } else {
        Err(format!(
            "`{text}` does not run from one year to the next: write {start}/{:02}",
            next % 100
        ))
    })
}

/// `Q1` at either end of the text: the quarter and what is left.
fn take_quarter(text: &str) -> Option<(u8, &str)> {
    let quarter = |word: &str| -> Option<u8> {
        let digit = word.strip_prefix(['Q', 'q'])?;
        match digit {
            "1" => Some(1),
            "2" => Some(2),
            "3" => Some(3),
            "4" => Some(4),
            _ => None,
        }
    };
    let (head, tail) = text.split_once(' ')?;
    if let Some(q) = quarter(head) {
        return Some((q, tail.trim()));
    }
    let (head, tail) = text.rsplit_once(' ')?;
    quarter(tail).map(|q| (q, head.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, kind: PeriodKind) -> String {
        Period::parse(text, kind).map_or_else(|e| e, |p| p.label())
    }

    #[test]
    fn periods_read_as_councils_and_publishers_write_them() {
        assert_eq!(read("2023", PeriodKind::Year), "2023");
        for text in ["2019/20", "2019-20", "2019/2020", "2019 to 2020", "201920"] {
            assert_eq!(read(text, PeriodKind::FinancialYear), "2019/20", "{text}");
        }
        assert_eq!(read("1999/00", PeriodKind::AcademicYear), "1999/00");
        assert_eq!(read("2023 Q1", PeriodKind::Quarter), "2023 Q1");
        assert_eq!(read("Q4 2023", PeriodKind::Quarter), "2023 Q4");
        assert_eq!(
            read("Q1 2023/24", PeriodKind::FinancialQuarter),
            "Q1 2023/24"
        );
        assert_eq!(
            read("2023/24 q2", PeriodKind::FinancialQuarter),
            "Q2 2023/24"
        );
    }

    #[test]
    fn a_period_of_the_wrong_shape_says_how_to_write_it() {
        assert_eq!(
            read("2019/21", PeriodKind::FinancialYear),
            "`2019/21` does not run from one year to the next: write 2019/20"
        );
        assert_eq!(
            read("2019", PeriodKind::FinancialYear),
            "`2019` is a single year, but this column holds financial years, which run over two: write 2019/20"
        );
        assert!(read("2019/20", PeriodKind::Year).contains("period: financial-year"));
        assert_eq!(
            read("Q5 2023", PeriodKind::Quarter),
            "`Q5 2023` is not a quarter: write it as 2023 Q1"
        );
        assert!(read("Q1 2023/24", PeriodKind::Quarter).contains("period: financial-quarter"));
    }

    #[test]
    fn periods_take_their_place_in_time() {
        let position = |text, kind| Period::parse(text, kind).unwrap().axis_position();
        // A financial year starts in April, an academic year in September.
        assert_eq!(
            position("2019/20", PeriodKind::FinancialYear) - position("2019", PeriodKind::Year),
            3.0
        );
        assert_eq!(
            position("2019/20", PeriodKind::AcademicYear) - position("2019", PeriodKind::Year),
            8.0
        );
        assert_eq!(
            position("Q2 2023/24", PeriodKind::FinancialQuarter)
                - position("2023 Q2", PeriodKind::Quarter),
            3.0
        );
    }
}
