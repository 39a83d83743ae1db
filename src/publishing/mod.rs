//! What the law and the public's own tools ask of a published committee site: papers open to
//! the public five clear days before the meeting, counted round the bank holidays of England
//! and Wales; the descriptions of exempt information; calendars that any calendar program
//! reads; and open data in a common shape, safe to open in a spreadsheet. Plain data in, text
//! out: nothing here reads a file or knows a page.

pub mod bank_holidays;
pub mod calendar;
pub mod clear_days;
pub mod meeting;
pub mod open_data;
pub mod schedule_12a;

pub use clear_days::{DayCount, PublicationRule, Timing};
pub use meeting::{AgendaItem, ExemptItem, Link, Meeting, MeetingDate, Paper, PublicItem};
