//! The clear days rule: papers open to the public at least five clear days before the meeting
//! (Local Government Act 1972, s.100B(3), as amended for English principal councils by SI
//! 2002/715). "Clear days" leave out the day of publication and the day of the meeting;
//! councils commonly count only working days, leaving out weekends, bank holidays in England
//! and Wales ([`super::bank_holidays`]) and any days the council is closed. The rule is
//! `site.yaml`'s `publication_rule`, five working days when it says nothing.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::bank_holidays::{is_bank_holiday, is_weekend};

/// `publication_rule` in `site.yaml`: how many clear days a paper needs, and which days count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationRule {
    /// How many clear days a paper must be open to the public before its meeting.
    #[serde(default = "default_clear_days")]
    pub clear_days: u32,
    /// `working` (the default) or `calendar` days.
    #[serde(default)]
    pub count: DayCount,
    /// Further days the council is closed (between Christmas and New Year, say), which are not
    /// working days. Only working days leave them out; counting calendar days, every day counts.
    #[serde(default, deserialize_with = "closure_days")]
    pub closures: Vec<Date>,
}

/// Reads `closures` as days written `2024-12-27`, in an officer's words when one is not.
fn closure_days<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Date>, D::Error> {
    let written = Vec::<String>::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom("closures is a list of days, one a line: - 2024-12-27")
    })?;
    written
        .iter()
        .map(|text| {
            let text = text.trim();
            let well_formed = text.len() == 10
                && text.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }
                });
            well_formed
                .then(|| text.parse::<Date>().ok())
                .flatten()
                .ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "`{text}` is not a day: write each closure as year, month and day, such as 2024-12-27"
                    ))
                })
        })
        .collect()
}

/// Which days count as clear days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    /// Monday to Friday, except bank holidays and the rule's closures.
    #[default]
    Working,
    /// Every day.
    Calendar,
}

fn default_clear_days() -> u32 {
    5
}

impl Default for PublicationRule {
    fn default() -> Self {
        PublicationRule {
            clear_days: default_clear_days(),
            count: DayCount::Working,
            closures: Vec::new(),
        }
    }
}

/// How one paper stands against the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub published: Date,
    pub meeting: Date,
    /// The clear days the paper had: the counted days after the day it was published and before
    /// the day of the meeting.
    pub clear_days: u32,
    /// The clear days the rule asks for.
    pub required: u32,
    /// The last day it could have been published and met the rule.
    pub deadline: Date,
    pub count: DayCount,
}

impl Timing {
    /// Fewer clear days than the rule asks for.
    pub fn is_late(&self) -> bool {
        self.clear_days < self.required
    }

    /// Published after the day of the meeting.
    pub fn is_after_meeting(&self) -> bool {
        self.published > self.meeting
    }

    /// What `check` says of a late paper, in an officer's words: "published on Thursday 31
    /// October 2024, 2 clear working days before its meeting on Tuesday 5 November 2024; the
    /// rule is 5 clear working days, so it needed to be published by Monday 28 October 2024".
    pub fn describe(&self) -> String {
        let published = long_date(self.published);
        let meeting = long_date(self.meeting);
        let rule = format!(
            "the rule is {}, so it needed to be published by {}",
            self.count.clear_days(self.required),
            long_date(self.deadline)
        );
        if self.is_after_meeting() {
            format!("published on {published}, after its meeting on {meeting}; {rule}")
        } else if self.published == self.meeting {
            format!("published on the day of its meeting, {meeting}; {rule}")
        } else {
            format!(
                "published on {published}, {} before its meeting on {meeting}; {rule}",
                self.count.clear_days(self.clear_days)
            )
        }
    }
}

impl DayCount {
    /// "2 clear working days", "1 clear day".
    pub fn clear_days(self, n: u32) -> String {
        let kind = match self {
            DayCount::Working => "working ",
            DayCount::Calendar => "",
        };
        let s = if n == 1 { "" } else { "s" };
        format!("{n} clear {kind}day{s}")
    }
}

/// "Thursday 31 October 2024".
pub fn long_date(day: Date) -> String {
    day.strftime("%A %-d %B %Y").to_string()
}

impl PublicationRule {
    /// Whether `day` counts as a clear day under the rule (when it lies between publication
    /// and meeting).
    pub fn counts(&self, day: Date) -> bool {
        match self.count {
            DayCount::Calendar => true,
            DayCount::Working => {
                !is_weekend(day) && !is_bank_holiday(day) && !self.closures.contains(&day)
            }
        }
    }

    /// The clear days between a paper published on `published` and its meeting on `meeting`:
    /// the counted days after the one and before the other. None when it was published on the
    /// day before the meeting or later.
    pub fn clear_days(&self, published: Date, meeting: Date) -> u32 {
        let mut count = 0;
        let mut day = next(published);
        while day < meeting {
            if self.counts(day) {
                count += 1;
            }
            day = next(day);
        }
        count
    }

    /// The last day on which a paper for a meeting on `meeting` can be published and still
    /// have the clear days the rule asks for. Counting working days, it is a working day: a
    /// paper published on the Saturday or Sunday before would have as many clear days, but the
    /// council's offices publish on working days, and the Friday is the day to tell an officer.
    pub fn deadline(&self, meeting: Date) -> Date {
        let mut day = self.latest_day(meeting);
        if self.count == DayCount::Working {
            while !self.counts(day) && day > Date::MIN {
                day = previous(day);
            }
        }
        day
    }

    /// The latest date, working day or not, that gives the rule's clear days.
    fn latest_day(&self, meeting: Date) -> Date {
        let mut found = 0;
        let mut day = meeting;
        while found < self.clear_days {
            day = previous(day);
            if self.counts(day) {
                found += 1;
            }
            if day == Date::MIN {
                return day;
            }
        }
        if self.clear_days == 0 {
            meeting
        } else {
            previous(day)
        }
    }

    /// How a paper published on `published` stands against the rule for its meeting.
    pub fn timing(&self, published: Date, meeting: Date) -> Timing {
        Timing {
            published,
            meeting,
            clear_days: self.clear_days(published, meeting),
            required: self.clear_days,
            deadline: self.deadline(meeting),
            count: self.count,
        }
    }
}

/// The day after `day`; at the end of jiff's range of dates, `day` itself (the loops above
/// stop there, as no meeting can lie beyond it).
fn next(day: Date) -> Date {
    day.tomorrow().unwrap_or(Date::MAX)
}

fn previous(day: Date) -> Date {
    day.yesterday().unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn working() -> PublicationRule {
        PublicationRule::default()
    }

    #[test]
    fn the_issue_examples_count_working_days() {
        // Tuesday 5 November 2024, published Thursday 31 October: Friday 1 and Monday 4.
        assert_eq!(
            working().clear_days(date(2024, 10, 31), date(2024, 11, 5)),
            2
        );
        // Tuesday 28 May 2024, published Monday 20 May: 21, 22, 23, 24; Monday 27 May was the
        // spring bank holiday.
        assert_eq!(
            working().clear_days(date(2024, 5, 20), date(2024, 5, 28)),
            4
        );
    }

    #[test]
    fn neither_the_day_of_publication_nor_the_day_of_the_meeting_counts() {
        let rule = working();
        // Monday to the next Monday: Tuesday to Friday.
        assert_eq!(rule.clear_days(date(2024, 6, 3), date(2024, 6, 10)), 4);
        // The day before, the same day, and after the meeting: none.
        assert_eq!(rule.clear_days(date(2024, 6, 9), date(2024, 6, 10)), 0);
        assert_eq!(rule.clear_days(date(2024, 6, 10), date(2024, 6, 10)), 0);
        assert_eq!(rule.clear_days(date(2024, 6, 12), date(2024, 6, 10)), 0);
    }

    #[test]
    fn weekends_do_not_count_as_working_days_but_count_as_calendar_days() {
        // Friday 7 June to Friday 14 June 2024: Monday to Thursday are working days; the six
        // days between are calendar days.
        let calendar = PublicationRule {
            count: DayCount::Calendar,
            ..PublicationRule::default()
        };
        assert_eq!(working().clear_days(date(2024, 6, 7), date(2024, 6, 14)), 4);
        assert_eq!(calendar.clear_days(date(2024, 6, 7), date(2024, 6, 14)), 6);
    }

    #[test]
    fn christmas_bank_holidays_and_closures_are_not_working_days() {
        // Meeting Thursday 2 January 2025, published Friday 20 December 2024: 23, 24, 27, 30
        // and 31 December (25 and 26 are bank holidays, 1 January too).
        assert_eq!(
            working().clear_days(date(2024, 12, 20), date(2025, 1, 2)),
            5
        );
        // A council closed from 27 to 31 December has only 23 and 24 December.
        let closed = PublicationRule {
            closures: vec![date(2024, 12, 27), date(2024, 12, 30), date(2024, 12, 31)],
            ..PublicationRule::default()
        };
        assert_eq!(closed.clear_days(date(2024, 12, 20), date(2025, 1, 2)), 2);
        // Counting calendar days, closures make no difference.
        let calendar = PublicationRule {
            count: DayCount::Calendar,
            ..closed
        };
        assert_eq!(
            calendar.clear_days(date(2024, 12, 20), date(2025, 1, 2)),
            12
        );
    }

    #[test]
    fn the_clocks_changing_does_not_change_the_count() {
        // British Summer Time ended at 2am on Sunday 27 October 2024 and began at 1am on Sunday
        // 30 March 2025: days are dates, not 24-hour spans, so a 23- or 25-hour Sunday is one
        // day like any other.
        let rule = working();
        assert_eq!(rule.clear_days(date(2024, 10, 24), date(2024, 10, 31)), 4);
        assert_eq!(rule.clear_days(date(2025, 3, 27), date(2025, 4, 3)), 4);
        let calendar = PublicationRule {
            count: DayCount::Calendar,
            ..PublicationRule::default()
        };
        assert_eq!(
            calendar.clear_days(date(2024, 10, 26), date(2024, 10, 28)),
            1
        );
        assert_eq!(calendar.clear_days(date(2025, 3, 29), date(2025, 3, 31)), 1);
    }

    #[test]
    fn the_deadline_is_the_last_day_that_meets_the_rule() {
        let rule = working();
        // Tuesday 5 November 2024: Tuesday 29, Wednesday 30, Thursday 31 October, Friday 1 and
        // Monday 4 November are the five, so publish by Monday 28 October.
        assert_eq!(rule.deadline(date(2024, 11, 5)), date(2024, 10, 28));
        // Tuesday 28 May 2024: 20 to 24 May are the five (27 May was the spring bank
        // holiday); a paper published at the weekend would have them too, but the last working
        // day is Friday 17 May.
        assert_eq!(rule.deadline(date(2024, 5, 28)), date(2024, 5, 17));
        for meeting in [date(2024, 11, 5), date(2024, 5, 28), date(2025, 1, 2)] {
            let deadline = rule.deadline(meeting);
            assert!(rule.counts(deadline));
            assert_eq!(rule.clear_days(deadline, meeting), 5);
            let mut later = next(deadline);
            while !rule.counts(later) {
                later = next(later);
            }
            assert_eq!(rule.clear_days(later, meeting), 4);
        }
        let calendar = PublicationRule {
            count: DayCount::Calendar,
            ..PublicationRule::default()
        };
        // Calendar days: 23 to 27 May, so publish by Wednesday 22 May.
        assert_eq!(calendar.deadline(date(2024, 5, 28)), date(2024, 5, 22));
        let none = PublicationRule {
            clear_days: 0,
            ..PublicationRule::default()
        };
        assert_eq!(none.deadline(date(2024, 11, 5)), date(2024, 11, 5));
    }

    #[test]
    fn a_late_paper_is_described_with_its_clear_days_and_deadline() {
        let timing = working().timing(date(2024, 10, 31), date(2024, 11, 5));
        assert!(timing.is_late());
        assert_eq!(
            timing.describe(),
            "published on Thursday 31 October 2024, 2 clear working days before its meeting on \
             Tuesday 5 November 2024; the rule is 5 clear working days, so it needed to be \
             published by Monday 28 October 2024"
        );
        let after = working().timing(date(2024, 11, 6), date(2024, 11, 5));
        assert!(after.is_after_meeting());
        assert!(after.describe().starts_with(
            "published on Wednesday 6 November 2024, after its meeting on Tuesday 5 November 2024;"
        ));
        let on_time = working().timing(date(2024, 10, 28), date(2024, 11, 5));
        assert!(!on_time.is_late());
        let one = DayCount::Calendar.clear_days(1);
        assert_eq!(one, "1 clear day");
    }

    #[test]
    fn site_yaml_gives_the_rule_with_defaults() {
        let rule: PublicationRule = serde_yaml::from_str("{}").unwrap();
        assert_eq!(rule, PublicationRule::default());
        assert_eq!(rule.clear_days, 5);
        assert_eq!(rule.count, DayCount::Working);
        let rule: PublicationRule = serde_yaml::from_str(
            "clear_days: 3\ncount: calendar\nclosures: [2024-12-27, 2024-12-30]\n",
        )
        .unwrap();
        assert_eq!(rule.clear_days, 3);
        assert_eq!(rule.count, DayCount::Calendar);
        assert_eq!(rule.closures, vec![date(2024, 12, 27), date(2024, 12, 30)]);
        assert!(serde_yaml::from_str::<PublicationRule>("days: 5\n").is_err());
        assert!(serde_yaml::from_str::<PublicationRule>("count: weekdays\n").is_err());
    }
}
