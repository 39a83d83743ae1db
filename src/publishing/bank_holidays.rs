//! Bank holidays in England and Wales, as data: the days that are not working days when a
//! council counts the clear days before a meeting.
//!
//! [`TABLE`] lists every bank holiday from 2018 to 2030. Up to 2027 it is GOV.UK's list
//! (`https://www.gov.uk/bank-holidays.json`, division `england-and-wales`, published under the
//! Open Government Licence v3.0), titles as GOV.UK writes them; 2028 to 2030 follow the rule
//! below, as GOV.UK will list them unless a year brings a one-off change. [`by_rule`] is that
//! rule: the regular holidays with their substitute days, and the one-off changes made by
//! proclamation. A test per year holds the rule and the table to each other, so a wrong entry
//! in either fails. Years outside the table are answered by the rule.
//!
//! When GOV.UK announces a change (a new one-off holiday, a moved one), add it to the table
//! and to [`ONE_OFF_CHANGES`], and extend [`LAST_YEAR`] as the years are published.

use jiff::civil::{Date, Weekday, date};

/// Where the table comes from.
pub const SOURCE: &str = "https://www.gov.uk/bank-holidays.json";

/// The first and last years that [`TABLE`] covers.
pub const FIRST_YEAR: i16 = 2018;
pub const LAST_YEAR: i16 = 2030;

/// A bank holiday: its date, its title as GOV.UK gives it, and whether it is a substitute day
/// (GOV.UK's note "Substitute day": the holiday fell at a weekend and moved to the Monday or
/// Tuesday after).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BankHoliday {
    pub date: Date,
    pub title: &'static str,
    pub substitute: bool,
}

const NEW_YEAR: &str = "New Year’s Day";
const GOOD_FRIDAY: &str = "Good Friday";
const EASTER_MONDAY: &str = "Easter Monday";
const EARLY_MAY: &str = "Early May bank holiday";
const SPRING: &str = "Spring bank holiday";
const SUMMER: &str = "Summer bank holiday";
const CHRISTMAS: &str = "Christmas Day";
const BOXING_DAY: &str = "Boxing Day";

const fn day(year: i16, month: i8, day: i8, title: &'static str) -> BankHoliday {
    BankHoliday {
        date: date(year, month, day),
        title,
        substitute: false,
    }
}

const fn substitute(year: i16, month: i8, day: i8, title: &'static str) -> BankHoliday {
    BankHoliday {
        date: date(year, month, day),
        title,
        substitute: true,
    }
}

/// Every bank holiday in England and Wales from [`FIRST_YEAR`] to [`LAST_YEAR`], in date order.
pub const TABLE: &[BankHoliday] = &[
    day(2018, 1, 1, NEW_YEAR),
    day(2018, 3, 30, GOOD_FRIDAY),
    day(2018, 4, 2, EASTER_MONDAY),
    day(2018, 5, 7, EARLY_MAY),
    day(2018, 5, 28, SPRING),
    day(2018, 8, 27, SUMMER),
    day(2018, 12, 25, CHRISTMAS),
    day(2018, 12, 26, BOXING_DAY),
    day(2019, 1, 1, NEW_YEAR),
    day(2019, 4, 19, GOOD_FRIDAY),
    day(2019, 4, 22, EASTER_MONDAY),
    day(2019, 5, 6, EARLY_MAY),
    day(2019, 5, 27, SPRING),
    day(2019, 8, 26, SUMMER),
    day(2019, 12, 25, CHRISTMAS),
    day(2019, 12, 26, BOXING_DAY),
    day(2020, 1, 1, NEW_YEAR),
    day(2020, 4, 10, GOOD_FRIDAY),
    day(2020, 4, 13, EASTER_MONDAY),
    day(2020, 5, 8, VE_DAY),
    day(2020, 5, 25, SPRING),
    day(2020, 8, 31, SUMMER),
    day(2020, 12, 25, CHRISTMAS),
    substitute(2020, 12, 28, BOXING_DAY),
    day(2021, 1, 1, NEW_YEAR),
    day(2021, 4, 2, GOOD_FRIDAY),
    day(2021, 4, 5, EASTER_MONDAY),
    day(2021, 5, 3, EARLY_MAY),
    day(2021, 5, 31, SPRING),
    day(2021, 8, 30, SUMMER),
    substitute(2021, 12, 27, CHRISTMAS),
    substitute(2021, 12, 28, BOXING_DAY),
    substitute(2022, 1, 3, NEW_YEAR),
    day(2022, 4, 15, GOOD_FRIDAY),
    day(2022, 4, 18, EASTER_MONDAY),
    day(2022, 5, 2, EARLY_MAY),
    day(2022, 6, 2, SPRING),
    day(2022, 6, 3, PLATINUM_JUBILEE),
    day(2022, 8, 29, SUMMER),
    day(2022, 9, 19, STATE_FUNERAL),
    day(2022, 12, 26, BOXING_DAY),
    substitute(2022, 12, 27, CHRISTMAS),
    substitute(2023, 1, 2, NEW_YEAR),
    day(2023, 4, 7, GOOD_FRIDAY),
    day(2023, 4, 10, EASTER_MONDAY),
    day(2023, 5, 1, EARLY_MAY),
    day(2023, 5, 8, CORONATION),
    day(2023, 5, 29, SPRING),
    day(2023, 8, 28, SUMMER),
    day(2023, 12, 25, CHRISTMAS),
    day(2023, 12, 26, BOXING_DAY),
    day(2024, 1, 1, NEW_YEAR),
    day(2024, 3, 29, GOOD_FRIDAY),
    day(2024, 4, 1, EASTER_MONDAY),
    day(2024, 5, 6, EARLY_MAY),
    day(2024, 5, 27, SPRING),
    day(2024, 8, 26, SUMMER),
    day(2024, 12, 25, CHRISTMAS),
    day(2024, 12, 26, BOXING_DAY),
    day(2025, 1, 1, NEW_YEAR),
    day(2025, 4, 18, GOOD_FRIDAY),
    day(2025, 4, 21, EASTER_MONDAY),
    day(2025, 5, 5, EARLY_MAY),
    day(2025, 5, 26, SPRING),
    day(2025, 8, 25, SUMMER),
    day(2025, 12, 25, CHRISTMAS),
    day(2025, 12, 26, BOXING_DAY),
    day(2026, 1, 1, NEW_YEAR),
    day(2026, 4, 3, GOOD_FRIDAY),
    day(2026, 4, 6, EASTER_MONDAY),
    day(2026, 5, 4, EARLY_MAY),
    day(2026, 5, 25, SPRING),
    day(2026, 8, 31, SUMMER),
    day(2026, 12, 25, CHRISTMAS),
    substitute(2026, 12, 28, BOXING_DAY),
    day(2027, 1, 1, NEW_YEAR),
    day(2027, 3, 26, GOOD_FRIDAY),
    day(2027, 3, 29, EASTER_MONDAY),
    day(2027, 5, 3, EARLY_MAY),
    day(2027, 5, 31, SPRING),
    day(2027, 8, 30, SUMMER),
    substitute(2027, 12, 27, CHRISTMAS),
    substitute(2027, 12, 28, BOXING_DAY),
    substitute(2028, 1, 3, NEW_YEAR),
    day(2028, 4, 14, GOOD_FRIDAY),
    day(2028, 4, 17, EASTER_MONDAY),
    day(2028, 5, 1, EARLY_MAY),
    day(2028, 5, 29, SPRING),
    day(2028, 8, 28, SUMMER),
    day(2028, 12, 25, CHRISTMAS),
    day(2028, 12, 26, BOXING_DAY),
    day(2029, 1, 1, NEW_YEAR),
    day(2029, 3, 30, GOOD_FRIDAY),
    day(2029, 4, 2, EASTER_MONDAY),
    day(2029, 5, 7, EARLY_MAY),
    day(2029, 5, 28, SPRING),
    day(2029, 8, 27, SUMMER),
    day(2029, 12, 25, CHRISTMAS),
    day(2029, 12, 26, BOXING_DAY),
    day(2030, 1, 1, NEW_YEAR),
    day(2030, 4, 19, GOOD_FRIDAY),
    day(2030, 4, 22, EASTER_MONDAY),
    day(2030, 5, 6, EARLY_MAY),
    day(2030, 5, 27, SPRING),
    day(2030, 8, 26, SUMMER),
    day(2030, 12, 25, CHRISTMAS),
    day(2030, 12, 26, BOXING_DAY),
];

const VE_DAY: &str = "Early May bank holiday (VE day)";
const PLATINUM_JUBILEE: &str = "Platinum Jubilee bank holiday";
const STATE_FUNERAL: &str = "Bank Holiday for the State Funeral of Queen Elizabeth II";
const CORONATION: &str = "Bank holiday for the coronation of King Charles III";

/// A change to the regular holidays made for one year by royal proclamation.
#[derive(Debug, Clone, Copy)]
pub enum OneOffChange {
    /// A regular holiday moved to another day, and perhaps renamed.
    Moved {
        from: Date,
        to: Date,
        title: &'static str,
    },
    /// A holiday added for the year.
    Added { date: Date, title: &'static str },
}

/// The one-off changes since [`FIRST_YEAR`].
pub const ONE_OFF_CHANGES: &[OneOffChange] = &[
    // The early May bank holiday moved to Friday 8 May for the 75th anniversary of VE day.
    OneOffChange::Moved {
        from: date(2020, 5, 4),
        to: date(2020, 5, 8),
        title: VE_DAY,
    },
    // The spring bank holiday moved to Thursday 2 June, with Friday 3 June added, for the
    // Platinum Jubilee.
    OneOffChange::Moved {
        from: date(2022, 5, 30),
        to: date(2022, 6, 2),
        title: SPRING,
    },
    OneOffChange::Added {
        date: date(2022, 6, 3),
        title: PLATINUM_JUBILEE,
    },
    OneOffChange::Added {
        date: date(2022, 9, 19),
        title: STATE_FUNERAL,
    },
    OneOffChange::Added {
        date: date(2023, 5, 8),
        title: CORONATION,
    },
];

/// Whether `day` is a bank holiday in England and Wales.
pub fn is_bank_holiday(day: Date) -> bool {
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        TABLE.binary_search_by(|h| h.date.cmp(&day)).is_ok()
    } else {
        by_rule(day.year()).iter().any(|h| h.date == day)
    }
}

/// The bank holidays of `year`, in date order: from the table where it covers the year, from
/// the rule elsewhere.
pub fn in_year(year: i16) -> Vec<BankHoliday> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        TABLE
            .iter()
            .filter(|h| h.date.year() == year)
            .copied()
            .collect()
    } else {
        by_rule(year)
    }
}

/// The bank holidays of `year` by the rule: the regular ones ([`regular`]) with the year's
/// [`ONE_OFF_CHANGES`] applied, in date order.
pub fn by_rule(year: i16) -> Vec<BankHoliday> {
    let mut holidays = regular(year);
    for change in ONE_OFF_CHANGES {
        match *change {
            OneOffChange::Moved { from, to, title } if from.year() == year => {
                for holiday in holidays.iter_mut().filter(|h| h.date == from) {
                    holiday.date = to;
                    holiday.title = title;
                }
            }
            OneOffChange::Added { date, title } if date.year() == year => {
                holidays.push(BankHoliday {
                    date,
                    title,
                    substitute: false,
                });
            }
            _ => {}
        }
    }
    holidays.sort();
    holidays
}

/// The eight regular bank holidays of `year`, in date order (Banking and Financial Dealings
/// Act 1971, Schedule 1, and the proclamations that add New Year's Day and the early May
/// holiday each year). A New Year's Day, Christmas Day or Boxing Day that falls at a weekend
/// has a substitute day on the next weekday that is not already a holiday: Christmas on a
/// Saturday gives Monday 27 and Tuesday 28; Christmas on a Sunday leaves Boxing Day on Monday
/// 26 and gives Christmas Tuesday 27.
pub fn regular(year: i16) -> Vec<BankHoliday> {
    let easter = easter_sunday(year);
    let mut holidays = vec![
        weekday_or_substitute(date(year, 1, 1), NEW_YEAR, &[]),
        holiday(shift(easter, -2), GOOD_FRIDAY),
        holiday(shift(easter, 1), EASTER_MONDAY),
        holiday(first_monday(year, 5), EARLY_MAY),
        holiday(last_monday(year, 5), SPRING),
        holiday(last_monday(year, 8), SUMMER),
    ];
    let christmas = weekday_or_substitute(date(year, 12, 25), CHRISTMAS, &[date(year, 12, 26)]);
    let boxing_day = if date(year, 12, 26).weekday() == Weekday::Monday {
        // Christmas fell on the Sunday: Boxing Day keeps its own Monday, and Christmas takes
        // the Tuesday.
        holiday(date(year, 12, 26), BOXING_DAY)
    } else {
        weekday_or_substitute(date(year, 12, 26), BOXING_DAY, &[christmas.date])
    };
    holidays.push(christmas);
    holidays.push(boxing_day);
    holidays.sort();
    holidays
}

fn holiday(date: Date, title: &'static str) -> BankHoliday {
    BankHoliday {
        date,
        title,
        substitute: false,
    }
}

/// `day` itself when it is a weekday (and not in `taken`), otherwise the first weekday after
/// it that is not in `taken`.
fn weekday_or_substitute(day: Date, title: &'static str, taken: &[Date]) -> BankHoliday {
    let free = |d: Date| !is_weekend(d) && !taken.contains(&d);
    if free(day) {
        return holiday(day, title);
    }
    let mut next = shift(day, 1);
    while !free(next) {
        next = shift(next, 1);
    }
    BankHoliday {
        date: next,
        title,
        substitute: true,
    }
}

/// Saturday or Sunday.
pub fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// `day` moved by `days`. The dates here lie within a year of a holiday in years jiff can
/// hold, so the only failure, leaving jiff's range of years, falls back to `day` itself.
fn shift(day: Date, days: i32) -> Date {
    day.checked_add(jiff::Span::new().days(days)).unwrap_or(day)
}

fn first_monday(year: i16, month: i8) -> Date {
    let first = date(year, month, 1);
    let ahead = (7 + 1 - first.weekday().to_monday_one_offset()) % 7;
    shift(first, i32::from(ahead))
}

fn last_monday(year: i16, month: i8) -> Date {
    let last = date(year, month, 1).last_of_month();
    let back = (last.weekday().to_monday_one_offset() - 1) % 7;
    shift(last, -i32::from(back))
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, as in
/// Meeus, *Astronomical Algorithms*).
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day 1..=31 by the algorithm's construction.
    date(year, month as i8, day as i8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_year(year: i16) -> Vec<BankHoliday> {
        TABLE
            .iter()
            .filter(|h| h.date.year() == year)
            .copied()
            .collect()
    }

    macro_rules! year_matches_table {
        ($($name:ident: $year:expr,)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(by_rule($year), table_year($year), "bank holidays of {}", $year);
            }
        )*};
    }

    year_matches_table! {
        rule_gives_the_table_for_2018: 2018,
        rule_gives_the_table_for_2019: 2019,
        rule_gives_the_table_for_2020: 2020,
        rule_gives_the_table_for_2021: 2021,
        rule_gives_the_table_for_2022: 2022,
        rule_gives_the_table_for_2023: 2023,
        rule_gives_the_table_for_2024: 2024,
        rule_gives_the_table_for_2025: 2025,
        rule_gives_the_table_for_2026: 2026,
        rule_gives_the_table_for_2027: 2027,
        rule_gives_the_table_for_2028: 2028,
        rule_gives_the_table_for_2029: 2029,
        rule_gives_the_table_for_2030: 2030,
    }

    #[test]
    fn table_is_in_date_order_and_covers_every_year() {
        assert!(TABLE.windows(2).all(|w| w[0].date < w[1].date));
        for year in FIRST_YEAR..=LAST_YEAR {
            let count = table_year(year).len();
            // Eight a year, and the one-off additions (2022 has two, 2023 one).
            let expected = match year {
                2022 => 10,
                2023 => 9,
                _ => 8,
            };
            assert_eq!(count, expected, "{year}");
        }
        assert!(TABLE.iter().all(|h| !is_weekend(h.date)));
    }

    #[test]
    fn easter_falls_on_known_sundays() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
        assert_eq!(easter_sunday(2008), date(2008, 3, 23));
        for year in 1900..2100 {
            assert_eq!(easter_sunday(year).weekday(), Weekday::Sunday, "{year}");
        }
    }

    #[test]
    fn one_off_changes_are_holidays_and_the_days_they_replaced_are_not() {
        assert!(is_bank_holiday(date(2020, 5, 8)));
        assert!(!is_bank_holiday(date(2020, 5, 4)));
        assert!(is_bank_holiday(date(2022, 6, 2)));
        assert!(is_bank_holiday(date(2022, 6, 3)));
        assert!(!is_bank_holiday(date(2022, 5, 30)));
        assert!(is_bank_holiday(date(2022, 9, 19)));
        assert!(is_bank_holiday(date(2023, 5, 8)));
    }

    #[test]
    fn years_beyond_the_table_follow_the_rule() {
        // 2031: Christmas on a Thursday, Easter on 13 April.
        let holidays = in_year(2031);
        assert_eq!(holidays.len(), 8);
        assert!(is_bank_holiday(date(2031, 4, 11)));
        assert!(is_bank_holiday(date(2031, 4, 14)));
        assert!(is_bank_holiday(date(2031, 12, 26)));
        // 2033: New Year's Day on a Saturday gives Monday 3 January.
        assert!(is_bank_holiday(date(2033, 1, 3)));
        assert!(!is_bank_holiday(date(2033, 1, 1)));
    }

    #[test]
    fn substitute_days_follow_christmas_at_a_weekend() {
        // Christmas on a Saturday (2021): Monday 27 and Tuesday 28.
        let christmas = regular(2021);
        assert!(christmas.contains(&substitute(2021, 12, 27, CHRISTMAS)));
        assert!(christmas.contains(&substitute(2021, 12, 28, BOXING_DAY)));
        // Christmas on a Sunday (2022): Boxing Day Monday 26, Christmas Tuesday 27.
        let christmas = regular(2022);
        assert!(christmas.contains(&day(2022, 12, 26, BOXING_DAY)));
        assert!(christmas.contains(&substitute(2022, 12, 27, CHRISTMAS)));
        // Boxing Day on a Saturday (2020): Monday 28.
        assert!(regular(2020).contains(&substitute(2020, 12, 28, BOXING_DAY)));
    }
}
