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
//! The file is written here rather than with the `icalendar` crate, which folds the last
//! piece of a long line to 76 octets, passes carriage returns through into the file, leaves
//! RFC 7986's NAME unescaped, and makes up a random UID and the clock's time for DTSTAMP when
//! either is missing. `ContentLines` below does the two things RFC 5545 asks of a writer: text
//! escaped (section 3.3.11) and lines folded at 75 octets (section 3.1).

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
    let mut lines = ContentLines::default();
    lines.raw("BEGIN", "VCALENDAR");
    lines.raw("VERSION", "2.0");
    lines.text("PRODID", PRODID);
    lines.raw("CALSCALE", "GREGORIAN");
    lines.raw("METHOD", "PUBLISH");
    // RFC 7986's NAME, and the older X-WR-CALNAME, which more programs read.
    lines.text("NAME", name);
    lines.text("X-WR-CALNAME", name);
    // Subscribed calendars check for changes once a day.
    lines.raw("REFRESH-INTERVAL;VALUE=DURATION", "P1D");
    lines.raw("X-PUBLISHED-TTL", "P1D");
    for (day, meeting) in dated {
        event(&mut lines, day, meeting);
    }
    lines.raw("END", "VCALENDAR");
    Some(lines.0)
}

/// One meeting as a VEVENT.
fn event(lines: &mut ContentLines, day: Date, meeting: &Meeting) {
    lines.raw("BEGIN", "VEVENT");
    lines.text("UID", &uid(&meeting.url));
    lines.raw("DTSTAMP", &utc_midnight(meeting.last_changed));
    match meeting.starts() {
        Some(starts) => {
            lines.raw("DTSTART", &utc(&starts));
            if let Some(ends) = meeting.ends() {
                lines.raw("DTEND", &utc(&ends));
            }
        }
        None => {
            lines.raw("DTSTART;VALUE=DATE", &compact(day));
            lines.raw("DTEND;VALUE=DATE", &compact(day.tomorrow().unwrap_or(day)));
        }
    }
    let name = clean(&meeting.name);
    if meeting.is_cancelled() {
        lines.text("SUMMARY", &format!("Cancelled: {name}"));
        lines.raw("STATUS", "CANCELLED");
    } else {
        lines.text("SUMMARY", &name);
        lines.raw("STATUS", "CONFIRMED");
    }
    lines.raw("SEQUENCE", &meeting.sequence.to_string());
    if let Some(venue) = meeting
        .venue
        .as_deref()
        .map(clean)
        .filter(|v| !v.is_empty())
    {
        lines.text("LOCATION", &venue);
    }
    lines.raw("URL", &clean_url(&meeting.url));
    let description = description(meeting);
    if !description.is_empty() {
        lines.text("DESCRIPTION", &description);
    }
    lines.raw("END", "VEVENT");
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
    clean_url(&format!("{path}@{host}"))
}

/// A calendar file being written: content lines ending in CRLF, folded at 75 octets.
#[derive(Default)]
struct ContentLines(String);

impl ContentLines {
    /// A property whose value is written as it is: a date, a number, a keyword, an address.
    fn raw(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    /// A TEXT property: its value cleaned of control characters, then escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape(&clean(value))));
    }

    /// Adds `line`, folded: no line longer than 75 octets, a break never inside a character,
    /// each continuation starting with one space (which a reader removes with the break).
    fn line(&mut self, line: &str) {
        let mut limit = 75;
        let mut rest = line;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.0.push_str(&rest[..cut]);
            self.0.push_str("\r\n ");
            rest = &rest[cut..];
            // The space that starts a continuation line is one of its 75 octets.
            limit = 74;
        }
        self.0.push_str(rest);
        self.0.push_str("\r\n");
    }
}

/// RFC 5545 TEXT escaping: backslash, semicolon, comma and line break.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}

fn compact(day: Date) -> String {
    day.strftime("%Y%m%d").to_string()
}

fn utc(moment: &jiff::Zoned) -> String {
    moment.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn utc_midnight(day: Date) -> String {
    format!("{}T000000Z", compact(day))
}

/// Text as a calendar can carry it: line breaks as line feeds (escaped as `\n` when written),
/// and no other control characters, which would break a content line.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// An address as a URI value, written unescaped: no spaces or control characters.
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
        assert!(ics.contains("\r\nNAME:Dudley\\; Walsall\\, \"and\" more"));
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

    #[test]
    fn a_line_of_150_octets_folds_into_two_of_75_with_the_space() {
        let mut lines = ContentLines::default();
        lines.raw("LOCATION", &"a".repeat(141));
        let folded: Vec<&str> = lines.0.trim_end().split("\r\n").collect();
        assert_eq!(
            folded.iter().map(|l| l.len()).collect::<Vec<_>>(),
            [75, 75, 2]
        );
        assert!(folded[1].starts_with(' ') && folded[2].starts_with(' '));
        // A character is never split: "é" is two octets, and the 75th would fall inside one.
        let mut lines = ContentLines::default();
        lines.raw("X", &format!("{}é", "a".repeat(72)));
        assert_eq!(lines.0, format!("X:{}\r\n é\r\n", "a".repeat(72)));
    }

    /// Reverses RFC 5545's text escaping, to read a value back.
    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn any_venue_is_carried_whole_in_lines_of_75_octets(
            venue in "[a-zA-Z0-9 ,;:\\\\\"\r\n\t\u{0}-\u{1f}é€😀—]{1,200}"
        ) {
            let mut odd = meeting(date(2024, 7, 18));
            odd.venue = Some(venue.clone());
            let ics = calendar("Dudley", [&odd]).unwrap();
            for line in ics.split("\r\n") {
                proptest::prop_assert!(line.len() <= 75, "{:?}", line);
                proptest::prop_assert!(!line.contains(['\r', '\n']), "{:?}", line);
            }
            let unfolded = ics.replace("\r\n ", "");
            let expected = clean(&venue);
            let location = unfolded
                .split("\r\n")
                .find_map(|l| l.strip_prefix("LOCATION:"))
                .map(unescape);
            if expected.is_empty() {
                proptest::prop_assert_eq!(location, None);
            } else {
                proptest::prop_assert_eq!(location, Some(expected));
            }
        }
    }
}
