//! Dates as committee papers give them: a day (`2023-07-19`) or, where the day is not known, a
//! month (`2022-03`).

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A calendar date whose day may be unknown. Ordered by year, month, then day (a month sorts
/// before the days in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i16,
    pub month: i8,
    pub day: Option<i8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`, refusing impossible dates such as 2023-02-30.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, digits: usize| -> Option<i32> {
            (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        };
        let shape_error = || {
            format!(
                "`{text}` is not a date: write a day as YYYY-MM-DD (2023-07-19) or a month as YYYY-MM (2022-03)"
            )
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (number(y, 4), number(m, 2), None),
            [y, m, d] => (
                number(y, 4),
                number(m, 2),
                Some(number(d, 2).ok_or_else(shape_error)?),
            ),
            _ => return Err(shape_error()),
        };
        let (Some(year), Some(month)) = (year, month) else {
            return Err(shape_error());
        };
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` is not a date: there is no month {month}"));
        }
        if let Some(day) = day {
            jiff::civil::Date::new(year as i16, month as i8, day as i8).map_err(|_| {
                format!(
                    "`{text}` is not a date: {} {year} has no day {day}",
                    MONTHS[month as usize - 1]
                )
            })?;
        }
        Ok(PartialDate {
            year: year as i16,
            month: month as i8,
            day: day.map(|d| d as i8),
        })
    }

    /// ISO form: `2023-07-19` or `2022-03`.
    pub fn iso(&self) -> String {
        match self.day {
            Some(day) => format!("{:04}-{:02}-{:02}", self.year, self.month, day),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// The form UK readers expect: `19 July 2023`, or `March 2022` for a month.
    pub fn long(&self) -> String {
        let month = MONTHS[self.month as usize - 1];
        match self.day {
            Some(day) => format!("{day} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }

    /// A short month for chart axes: `Dec 2021`, or `19 Jul 2023` for a day.
    pub fn short(&self) -> String {
        let month = &MONTHS[self.month as usize - 1][..3];
        match self.day {
            Some(day) => format!("{day} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }

    /// The timestamp used in feeds and sitemaps: midnight UTC on the day (the first of the month
    /// where only the month is known).
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month,
            self.day.unwrap_or(1)
        )
    }

    /// Months since year 0, for placing dates on a time axis.
    pub fn month_index(&self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }

    /// A position on a time axis in months, with the day as a fraction of the month.
    pub fn axis_position(&self) -> f64 {
        f64::from(self.month_index()) + self.day.map_or(0.0, |d| (f64::from(d) - 1.0) / 31.0)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_days_and_months() {
        assert_eq!(
            PartialDate::parse("2023-07-19").unwrap().long(),
            "19 July 2023"
        );
        assert_eq!(PartialDate::parse("2022-03").unwrap().long(), "March 2022");
        assert_eq!(PartialDate::parse("2021-12").unwrap().short(), "Dec 2021");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!(
            PartialDate::parse("2023-02-30")
                .unwrap_err()
                .contains("no day 30")
        );
        assert!(
            PartialDate::parse("2023-13")
                .unwrap_err()
                .contains("no month 13")
        );
        assert!(PartialDate::parse("19/07/2023").is_err());
    }

    #[test]
    fn a_month_sorts_before_its_days() {
        let month = PartialDate::parse("2023-07").unwrap();
        let day = PartialDate::parse("2023-07-01").unwrap();
        assert!(month < day);
    }
}
