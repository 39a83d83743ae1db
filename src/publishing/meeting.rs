//! A meeting as the published files describe it: plain data that the calendar and open-data
//! writers take, filled in from the content by the caller. Also the meeting's local time
//! (Europe/London, from the time zone data compiled into the program), and the rules that make
//! a calendar entry's sequence number and stamp from the content alone.

use std::sync::OnceLock;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// A meeting, with everything a calendar entry or an open-data document says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// The meeting's page (its pack), as a full address:
    /// `https://scrutiny.example.gov.uk/dudley/2024-07-18-children-select/`. Calendar entries
    /// take their UID from it, so it must not change while the meeting stands.
    pub url: String,
    /// "Children Services Select Committee, 18 July 2024".
    pub name: String,
    /// The council's full name.
    pub authority: String,
    /// The committee's full name.
    pub committee: String,
    pub date: MeetingDate,
    /// The local (UK) time it starts, when known.
    pub start: Option<Time>,
    /// The local time it is due to end, when known.
    pub end: Option<Time>,
    pub venue: Option<String>,
    /// `Some` when the meeting is cancelled, with the reason (empty when none is given).
    pub cancelled: Option<String>,
    /// Rises each time the meeting changes: see [`sequence`].
    pub sequence: u32,
    /// The latest date the content gives for the meeting: see [`last_changed`].
    pub last_changed: Date,
    /// A sentence or two about the meeting, for calendars and open data.
    pub description: Option<String>,
    /// When the pack (agenda and reports) was published, if the content says.
    pub published: Option<Date>,
    /// The agenda in order.
    pub agenda: Vec<AgendaItem>,
    /// Other addresses of the meeting: the print view, its calendar, its open data.
    pub links: Vec<Link>,
}

/// A meeting's day, or only its month where the papers do not give the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MeetingDate {
    Day(Date),
    Month { year: i16, month: i8 },
}

impl MeetingDate {
    /// The day, when it is known.
    pub fn day(self) -> Option<Date> {
        match self {
            MeetingDate::Day(day) => Some(day),
            MeetingDate::Month { .. } => None,
        }
    }

    /// `2024-07-18`, or `2022-03` for a month.
    pub fn iso(self) -> String {
        match self {
            MeetingDate::Day(day) => day.to_string(),
            MeetingDate::Month { year, month } => format!("{year:04}-{month:02}"),
        }
    }
}

/// An agenda item. An exempt item is a different kind of thing, not a public item with a
/// flag: it has no papers to publish, so no writer can publish one of its papers.
#[derive(Debug, Clone, PartialEq)]
pub enum AgendaItem {
    Public(PublicItem),
    Exempt(ExemptItem),
}

impl AgendaItem {
    pub fn number(&self) -> Option<&str> {
        match self {
            AgendaItem::Public(item) => item.number.as_deref(),
            AgendaItem::Exempt(item) => item.number.as_deref(),
        }
    }

    pub fn title(&self) -> &str {
        match self {
            AgendaItem::Public(item) => &item.title,
            AgendaItem::Exempt(item) => &item.title,
        }
    }
}

/// A public agenda item: a report, or business with no report of its own (apologies,
/// minutes).
#[derive(Debug, Clone, PartialEq)]
pub struct PublicItem {
    /// "6", "6a".
    pub number: Option<String>,
    pub title: String,
    /// A sentence under the title ("To approve the minutes of the meeting held on …").
    pub note: Option<String>,
    /// The chair's reason for taking a late item as urgent (LGA 1972 s.100B(4)(b)).
    pub urgency: Option<String>,
    /// The item's published papers: the report's page first, then its appendices and data.
    pub papers: Vec<Paper>,
}

/// An exempt agenda item: its title, its paragraph of Schedule 12A, and the public-interest
/// reason when the report gives one. Nothing else of an exempt report is published.
#[derive(Debug, Clone, PartialEq)]
pub struct ExemptItem {
    pub number: Option<String>,
    pub title: String,
    /// 1 to 7: a paragraph of Part 1 of Schedule 12A.
    pub paragraph: u8,
    /// Why the public interest in keeping it exempt outweighs the interest in publishing it.
    pub public_interest: Option<String>,
}

/// A published paper: a report's page, an appendix file, a table of data.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub title: String,
    /// Its full address.
    pub url: String,
    /// `text/html`, `application/pdf`, `text/csv`.
    pub media_type: String,
    pub published: Option<Date>,
    /// The latest correction after publication.
    pub updated: Option<Date>,
}

/// A link with a note saying what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub note: String,
    pub url: String,
}

impl Meeting {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.is_some()
    }

    /// When the meeting starts, in UK time, if its day and time are known.
    pub fn starts(&self) -> Option<Zoned> {
        Some(uk_time(self.date.day()?, self.start?))
    }

    /// When it is due to end, in UK time, if known and after the start.
    pub fn ends(&self) -> Option<Zoned> {
        let starts = self.starts()?;
        let ends = uk_time(self.date.day()?, self.end?);
        (ends > starts).then_some(ends)
    }

    /// Whether a paper is supplementary: published after the pack.
    pub fn is_supplementary(&self, paper: &Paper) -> bool {
        matches!((self.published, paper.published), (Some(pack), Some(paper)) if paper > pack)
    }
}

/// The meeting's sequence number for calendars (RFC 5545 SEQUENCE): the number of changes
/// recorded for it, and one more once it is cancelled. It comes from the content, so it is
/// the same on every build, and rises with each recorded change.
pub fn sequence(recorded_changes: usize, cancelled: bool) -> u32 {
    let changes = u32::try_from(recorded_changes).unwrap_or(u32::MAX);
    changes.saturating_add(u32::from(cancelled))
}

/// The latest of `dates` (papers' published and updated dates, the pack's, the dates of
/// recorded changes), or the meeting's own day (or first day of its month) when there are
/// none: the calendar entry's DTSTAMP, from the content rather than the clock.
pub fn last_changed(meeting: MeetingDate, dates: impl IntoIterator<Item = Date>) -> Date {
    let own = match meeting {
        MeetingDate::Day(day) => day,
        MeetingDate::Month { year, month } => {
            Date::new(year, month, 1).unwrap_or(jiff::civil::date(1970, 1, 1))
        }
    };
    dates.into_iter().max().unwrap_or(own)
}

/// Europe/London, from the time zone data compiled into the program, so that a build gives
/// the same times whatever the machine's own data says.
pub fn uk_time_zone() -> &'static TimeZone {
    static LONDON: OnceLock<TimeZone> = OnceLock::new();
    LONDON.get_or_init(|| {
        jiff::tz::TimeZoneDatabase::bundled()
            .get("Europe/London")
            // The bundled data always holds Europe/London; the rule in force since 1996
            // (GMT, and BST from 1am GMT on the last Sunday of March to the last Sunday of
            // October) stands in should a build ever lack it.
            .or_else(|_| TimeZone::posix("GMT0BST,M3.5.0/1,M10.5.0"))
            .unwrap_or(TimeZone::UTC)
    })
}

/// `time` on `day` in the UK. A time the clocks skip (1.30am on the last Sunday of March) is
/// read as the same time after the change; a time they repeat (1.30am on the last Sunday of
/// October), as the first of the two.
pub fn uk_time(day: Date, time: Time) -> Zoned {
    let zone = uk_time_zone();
    day.to_datetime(time)
        .to_zoned(zone.clone())
        .unwrap_or_else(|_| Timestamp::UNIX_EPOCH.to_zoned(zone.clone()))
}

/// Reads a meeting time as councils write it: `6.00pm`, `6pm`, `6:30 pm`, `6.30 p.m.`,
/// `10am`, `18:00`, `18.00`, `noon`, `12 noon`, `midday`.
pub fn parse_time(text: &str) -> Result<Time, String> {
    let problem = || format!("`{text}` is not a time of day: write it as 6.00pm, 10.30am or 18:00");
    let lower = text.trim().to_lowercase();
    if matches!(
        lower.as_str(),
        "noon" | "12 noon" | "12noon" | "midday" | "12 midday"
    ) {
        return Ok(jiff::civil::time(12, 0, 0, 0));
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.replace("a.m.", "am").replace("p.m.", "pm");
    let (clock, half) = if let Some(clock) = compact.strip_suffix("am") {
        (clock, Some(false))
    } else if let Some(clock) = compact.strip_suffix("pm") {
        (clock, Some(true))
    } else {
        (compact.as_str(), None)
    };
    let (hours, minutes) = match clock.split_once(['.', ':']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return Err(problem()),
        None if half.is_some() => (clock, "00"),
        None => return Err(problem()),
    };
    let number = |part: &str| -> Option<i8> {
        (!part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(hours), Some(minutes)) = (number(hours), number(minutes)) else {
        return Err(problem());
    };
    if minutes > 59 {
        return Err(problem());
    }
    let hours = match half {
        Some(pm) => {
            if !(1..=12).contains(&hours) {
                return Err(format!(
                    "`{text}` is not a time of day: with am or pm, the hour is 1 to 12 (write 6.00pm or 18:00)"
                ));
            }
            match (hours, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            }
        }
        None if hours <= 23 => hours,
        None => return Err(problem()),
    };
    Time::new(hours, minutes, 0, 0).map_err(|_| problem())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn meeting_times_are_read_as_councils_write_them() {
        for (text, expected) in [
            ("6.00pm", time(18, 0, 0, 0)),
            ("6pm", time(18, 0, 0, 0)),
            ("6:30 pm", time(18, 30, 0, 0)),
            ("6.30 p.m.", time(18, 30, 0, 0)),
            ("10am", time(10, 0, 0, 0)),
            ("10.30 AM", time(10, 30, 0, 0)),
            ("12.15pm", time(12, 15, 0, 0)),
            ("12am", time(0, 0, 0, 0)),
            ("18:00", time(18, 0, 0, 0)),
            ("09.30", time(9, 30, 0, 0)),
            ("noon", time(12, 0, 0, 0)),
            ("12 noon", time(12, 0, 0, 0)),
        ] {
            assert_eq!(parse_time(text), Ok(expected), "{text}");
        }
        for text in [
            "", "half six", "18", "6.0pm", "25:00", "13pm", "6.75pm", "0am", "6-30pm",
        ] {
            let problem = parse_time(text).unwrap_err();
            assert!(
                problem.contains("is not a time of day"),
                "{text}: {problem}"
            );
        }
    }

    #[test]
    fn a_summer_meeting_is_in_british_summer_time() {
        let start = uk_time(date(2024, 7, 18), time(18, 0, 0, 0));
        assert_eq!(start.timestamp().to_string(), "2024-07-18T17:00:00Z");
        let winter = uk_time(date(2024, 1, 15), time(18, 0, 0, 0));
        assert_eq!(winter.timestamp().to_string(), "2024-01-15T18:00:00Z");
    }

    #[test]
    fn times_around_the_clocks_changing_are_read_one_way() {
        // 1.30am on 31 March 2024 does not exist: read as 2.30am BST, 01:30 GMT.
        let skipped = uk_time(date(2024, 3, 31), time(1, 30, 0, 0));
        assert_eq!(skipped.timestamp().to_string(), "2024-03-31T01:30:00Z");
        // 1.30am on 27 October 2024 happens twice: the first, in BST, is 00:30 GMT.
        let repeated = uk_time(date(2024, 10, 27), time(1, 30, 0, 0));
        assert_eq!(repeated.timestamp().to_string(), "2024-10-27T00:30:00Z");
        // The day after each change, 6pm is 17:00Z in summer and 18:00Z in winter.
        let after_spring = uk_time(date(2024, 4, 1), time(18, 0, 0, 0));
        assert_eq!(after_spring.timestamp().to_string(), "2024-04-01T17:00:00Z");
        let after_autumn = uk_time(date(2024, 10, 28), time(18, 0, 0, 0));
        assert_eq!(after_autumn.timestamp().to_string(), "2024-10-28T18:00:00Z");
    }

    #[test]
    fn the_bundled_zone_agrees_with_the_rule_in_force() {
        let rule = TimeZone::posix("GMT0BST,M3.5.0/1,M10.5.0").unwrap();
        let bundled = jiff::tz::TimeZoneDatabase::bundled()
            .get("Europe/London")
            .unwrap();
        let mut day = date(2018, 1, 1);
        while day < date(2031, 1, 1) {
            let noon = day.to_datetime(time(12, 0, 0, 0));
            assert_eq!(
                noon.to_zoned(bundled.clone()).unwrap().offset(),
                noon.to_zoned(rule.clone()).unwrap().offset(),
                "{day}"
            );
            day = day.tomorrow().unwrap();
        }
    }

    #[test]
    fn sequence_rises_with_each_change_and_with_cancellation() {
        assert_eq!(sequence(0, false), 0);
        assert_eq!(sequence(0, true), 1);
        assert_eq!(sequence(2, false), 2);
        assert_eq!(sequence(2, true), 3);
    }

    #[test]
    fn last_changed_is_the_latest_date_or_the_meeting_day() {
        let meeting = MeetingDate::Day(date(2024, 7, 18));
        assert_eq!(last_changed(meeting, []), date(2024, 7, 18));
        assert_eq!(
            last_changed(
                meeting,
                [date(2024, 7, 9), date(2024, 7, 12), date(2024, 7, 10)]
            ),
            date(2024, 7, 12)
        );
        let month = MeetingDate::Month {
            year: 2022,
            month: 3,
        };
        assert_eq!(last_changed(month, []), date(2022, 3, 1));
    }
}
