//! Calendars (RFC 5545): one file for a meeting, a committee or a council, which any calendar
//! program can import or subscribe to.
//!
//! Every part is decided by the content, so a build writes the same bytes each time:
//! - UID: the meeting page's address, as `path@host` (`dudley/2024-07-18-children-select@
//!   scrutiny.example.gov.uk`), never random.
//! - Times in UTC (`DTSTART:20240718T170000Z` for 6pm on 18 July), worked out from UK time with
//!   the time zone data compiled into the program. UTC needs no VTIMEZONE, which programs read
//!   with their own, differing, rules; every program shows a UTC time in its user's own zone.
//! - A meeting with no time is an all-day event (`DTSTART;VALUE=DATE`, ending the next day);
//!   one known only by its month has no day to put in a calendar and is left out.
//! - A cancelled meeting is `STATUS:CANCELLED`, its summary starting "Cancelled:", and its
//!   SEQUENCE is one higher than before it was cancelled ([`super::meeting::sequence`]).
//! - DTSTAMP is the meeting's last change in the content ([`super::meeting::last_changed`]).
//!
//! The `icalendar` crate folds lines at 75 octets and escapes text; text is cleaned of
//! control characters first, which the crate would pass through.

use icalendar::{Component, EventLike, Property};
use jiff::civil::Date;

use super::meeting::Meeting;

/// The calendar program's name for the files' maker (RFC 5545 PRODID).
const PRODID: &str = "-//scrutiny//Committee meetings//EN";

/// A calendar named `name` ("Children Services Select Committee, Dudley Metropolitan Borough
/// Council") holding `meetings`, in date order whatever their order here. `None` when none of
/// them has a day: a calendar must hold at least one event.
pub fn calendar<'a>(name: &str, meetings: impl IntoIterator<Item = &'a Meeting>) -> Option<String> {
    let mut dated: Vec<(Date, &Meeting)> = meetings
        .into_iter()
        .filter_map(|meeting| Some((meeting.date.day()?, meeting)))
        .collect();
    if dated.is_empty() {
        return None;
    }
    dated.sort_by(|(a_day, a), (b_day, b)| {
        (a_day, a.start, uid(&a.url)).cmp(&(b_day, b.start, uid(&b.url)))
    });
    dated.dedup_by(|(_, a), (_, b)| a.url == b.url);
    let mut calendar = icalendar::Calendar::empty();
    let name = clean(name);
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", PRODID),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    // RFC 7986's NAME, which the crate does not know as text: said to be text, so that it is
    // escaped; and the older X-WR-CALNAME, which more programs read.
    calendar.append_property(
        Property::new("NAME", &name)
            .add_parameter("VALUE", "TEXT")
            .done(),
    );
    calendar.append_property(Property::new("X-WR-CALNAME", &name));
    // Subscribed calendars check for changes once a day.
    calendar.append_property(
        Property::new("REFRESH-INTERVAL", "P1D")
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    calendar.append_property(Property::new("X-PUBLISHED-TTL", "P1D"));
    for (day, meeting) in dated {
        calendar.push(event(day, meeting));
    }
    Some(calendar.to_string())
}

/// One meeting as a VEVENT.
fn event(day: Date, meeting: &Meeting) -> icalendar::Event {
    let mut event = icalendar::Event::new();
    // Both set here, always: the crate would otherwise make up a random UID and stamp the
    // clock's time.
    event.uid(&uid(&meeting.url));
    event.add_property("DTSTAMP", utc_midnight(meeting.last_changed));
    match meeting.starts() {
        Some(starts) => {
            event.add_property("DTSTART", utc(&starts));
            if let Some(ends) = meeting.ends() {
                event.add_property("DTEND", utc(&ends));
            }
        }
        None => {
            event.append_property(date_property("DTSTART", day));
            let next = day.tomorrow().unwrap_or(day);
            event.append_property(date_property("DTEND", next));
        }
    }
    let name = clean(&meeting.name);
    match &meeting.cancelled {
        Some(_) => {
            event.summary(&format!("Cancelled: {name}"));
            event.add_property("STATUS", "CANCELLED");
        }
        None => {
            event.summary(&name);
            event.add_property("STATUS", "CONFIRMED");
        }
    }
    event.sequence(meeting.sequence);
    if let Some(venue) = meeting
        .venue
        .as_deref()
        .map(clean)
        .filter(|v| !v.is_empty())
    {
        event.location(&venue);
    }
    event.url(&clean_url(&meeting.url));
    let description = description(meeting);
    if !description.is_empty() {
        event.description(&description);
    }
    event.done()
}

/// The cancellation reason, then the meeting's own description.
fn description(meeting: &Meeting) -> String {
    let reason = meeting
        .cancelled
        .as_deref()
        .map(clean)
        .filter(|r| !r.is_empty());
    let own = meeting
        .description
        .as_deref()
        .map(clean)
        .filter(|d| !d.is_empty());
    [reason, own]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The UID of the meeting whose page is at `url`: its path and host, `path@host`, so that two
/// sites on one server (`https://example.gov.uk/a/` and `…/b/`) never share one.
pub fn uid(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.trim_matches('/');
    let path = if path.is_empty() { "meeting" } else { path };
    clean(&format!("{path}@{host}"))
}

fn date_property(key: &str, day: Date) -> Property {
    Property::new(key, day.strftime("%Y%m%d").to_string())
        .add_parameter("VALUE", "DATE")
        .done()
}

fn utc(moment: &jiff::Zoned) -> String {
    moment.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn utc_midnight(day: Date) -> String {
    format!("{}T000000Z", day.strftime("%Y%m%d"))
}

/// Text as a calendar can carry it: line breaks as `\n` (which the crate escapes), and no
/// other control characters, which would break a content line.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// An address as a URI value, which the crate writes unescaped: no spaces or control
/// characters.
fn clean_url(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publishing::meeting::MeetingDate;
    use jiff::civil::{date, time};

    fn meeting(day: Date) -> Meeting {
        Meeting {
            url: "https://scrutiny.example.gov.uk/dudley/2024-07-18-children-select/".into(),
            name: "Children Services Select Committee, 18 July 2024".into(),
            authority: "Dudley Metropolitan Borough Council".into(),
            committee: "Children Services Select Committee".into(),
            date: MeetingDate::Day(day),
            start: Some(time(18, 0, 0, 0)),
            end: Some(time(20, 30, 0, 0)),
            venue: Some("Council House, Priory Road, Dudley".into()),
            cancelled: None,
            sequence: 0,
            last_changed: date(2024, 7, 10),
            description: Some("Agenda and reports.".into()),
            published: Some(date(2024, 7, 10)),
            agenda: Vec::new(),
            links: Vec::new(),
        }
    }

    fn lines(ics: &str) -> Vec<&str> {
        ics.split("\r\n").collect()
    }

    #[test]
    fn a_summer_meeting_at_six_is_five_o_clock_utc() {
        let ics = calendar("Dudley", [&meeting(date(2024, 7, 18))]).unwrap();
        let lines = lines(&ics);
        assert!(lines.contains(&"DTSTART:20240718T170000Z"), "{ics}");
        assert!(lines.contains(&"DTEND:20240718T193000Z"), "{ics}");
        assert!(lines.contains(&"DTSTAMP:20240710T000000Z"), "{ics}");
        assert!(
            lines.contains(&"UID:dudley/2024-07-18-children-select@scrutiny.example.gov.uk"),
            "{ics}"
        );
        assert!(lines.contains(&"LOCATION:Council House\\, Priory Road\\, Dudley"));
        assert!(
            lines.contains(
                &"URL:https://scrutiny.example.gov.uk/dudley/2024-07-18-children-select/"
            )
        );
        assert!(lines.contains(&"STATUS:CONFIRMED"));
        assert!(lines.contains(&"SEQUENCE:0"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.contains("VTIMEZONE"));
    }

    #[test]
    fn a_winter_meeting_at_six_is_six_o_clock_utc() {
        let ics = calendar("Dudley", [&meeting(date(2024, 1, 15))]).unwrap();
        assert!(lines(&ics).contains(&"DTSTART:20240115T180000Z"), "{ics}");
    }

    #[test]
    fn a_meeting_with_no_time_is_an_all_day_event() {
        let mut untimed = meeting(date(2024, 7, 18));
        untimed.start = None;
        untimed.end = None;
        let ics = calendar("Dudley", [&untimed]).unwrap();
        let lines = lines(&ics);
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20240718"), "{ics}");
        assert!(lines.contains(&"DTEND;VALUE=DATE:20240719"), "{ics}");
    }

    #[test]
    fn an_end_before_the_start_is_left_out() {
        let mut odd = meeting(date(2024, 7, 18));
        odd.end = Some(time(17, 0, 0, 0));
        let ics = calendar("Dudley", [&odd]).unwrap();
        assert!(!ics.contains("DTEND"), "{ics}");
    }

    #[test]
    fn a_cancelled_meeting_says_so_with_a_higher_sequence() {
        let before = meeting(date(2024, 7, 18));
        let mut after = before.clone();
        after.cancelled = Some("The chair is unwell; the business moves to September.".into());
        after.sequence = crate::publishing::meeting::sequence(0, true);
        let ics = calendar("Dudley", [&after]).unwrap();
        let lines = lines(&ics);
        assert!(lines.contains(&"STATUS:CANCELLED"), "{ics}");
        assert!(lines.contains(&"SEQUENCE:1"), "{ics}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("SUMMARY:Cancelled: Children Services")),
            "{ics}"
        );
        assert!(ics.contains("DESCRIPTION:The chair is unwell\\; the business moves"));
        // The same meeting keeps its UID.
        assert_eq!(uid(&before.url), uid(&after.url));
    }

    #[test]
    fn output_is_the_same_whatever_the_order_of_meetings() {
        let first = meeting(date(2024, 1, 15));
        let mut second = meeting(date(2024, 7, 18));
        second.url = "https://scrutiny.example.gov.uk/dudley/2024-07-18-b/".into();
        let one = calendar("Dudley", [&first, &second]).unwrap();
        let two = calendar("Dudley", [&second, &first]).unwrap();
        assert_eq!(one, two);
        assert!(one.find("20240115").unwrap() < one.find("20240718").unwrap());
        assert_eq!(one.matches("BEGIN:VEVENT").count(), 2);
    }

    #[test]
    fn meetings_without_a_day_are_left_out_and_an_empty_calendar_is_none() {
        let mut month = meeting(date(2024, 1, 15));
        month.date = MeetingDate::Month {
            year: 2022,
            month: 3,
        };
        assert_eq!(calendar("Dudley", [&month]), None);
        let ics = calendar("Dudley", [&month, &meeting(date(2024, 1, 15))]).unwrap();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn long_and_awkward_text_is_folded_and_cleaned() {
        let mut awkward = meeting(date(2024, 7, 18));
        awkward.venue = Some(
            "Ystafell Bwyllgor, Neuadd y Dref — Siambr y Cyngor; Café\r\nPlas Newydd, \
             Llanfair Pwllgwyngyll, a room with a very long name indeed\u{7}"
                .into(),
        );
        let ics = calendar("Dudley; Walsall, \"and\" more", [&awkward]).unwrap();
        for line in lines(&ics) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
            assert!(!line.contains('\r') && !line.contains('\u{7}'), "{line:?}");
        }
        assert!(ics.contains("X-WR-CALNAME:Dudley\\; Walsall\\, \"and\" more"));
        assert!(ics.contains("NAME;VALUE=TEXT:Dudley\\; Walsall\\, \"and\" more"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("Caf\u{e9}\\nPlas Newydd"), "{unfolded}");
    }

    #[test]
    fn uids_come_from_the_address_with_its_sub_path() {
        assert_eq!(
            uid("https://www.example.gov.uk/council/scrutiny/dudley/2024-07-18-cs/"),
            "council/scrutiny/dudley/2024-07-18-cs@www.example.gov.uk"
        );
        assert_eq!(uid("https://example.gov.uk/"), "meeting@example.gov.uk");
    }
}
