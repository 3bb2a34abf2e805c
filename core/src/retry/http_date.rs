//! HTTP dates (RFC 9110 §5.6.7), as `Retry-After` may carry them.

use std::time::{Duration, SystemTime};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const SHORT_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Parses an HTTP date: the preferred IMF-fixdate (`Sun, 06 Nov 1994
/// 08:49:37 GMT`) or one of the obsolete forms recipients must still accept,
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`, two-digit years 70-99 read as
/// 19xx, 00-69 as 20xx) and asctime (`Sun Nov  6 08:49:37 1994`).
///
/// `None` for anything else, including impossible dates (`31 Feb`) and dates
/// before 1970. The day name is checked for spelling only.
#[must_use]
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    let fields = if let Some((day, rest)) = text.split_once(", ") {
        if SHORT_DAYS.contains(&day) {
            imf_fixdate(rest)?
        } else if LONG_DAYS.contains(&day) {
            rfc850(rest)?
        } else {
            return None;
        }
    } else {
        asctime(text)?
    };
    fields.to_system_time()
}

/// The parts of a date, not yet checked for range.
struct Fields {
    year: u64,
    month: u64,
    day: u64,
    hour: u64,
    minute: u64,
    second: u64,
}

/// `06 Nov 1994 08:49:37 GMT`
fn imf_fixdate(rest: &str) -> Option<Fields> {
    let mut parts = rest.split(' ');
    let day = digits(parts.next()?, 2)?;
    let month = month(parts.next()?)?;
    let year = digits(parts.next()?, 4)?;
    let (hour, minute, second) = clock(parts.next()?)?;
    (parts.next()? == "GMT" && parts.next().is_none()).then_some(Fields {
        year,
        month,
        day,
        hour,
        minute,
        second,
    })
}

/// `06-Nov-94 08:49:37 GMT`
fn rfc850(rest: &str) -> Option<Fields> {
    let mut parts = rest.split(' ');
    let mut date = parts.next()?.split('-');
    let day = digits(date.next()?, 2)?;
    let month = month(date.next()?)?;
    let short_year = digits(date.next()?, 2)?;
    if date.next().is_some() {
        return None;
    }
    let year = if short_year >= 70 {
        1900 + short_year
    } else {
        2000 + short_year
    };
    let (hour, minute, second) = clock(parts.next()?)?;
    (parts.next()? == "GMT" && parts.next().is_none()).then_some(Fields {
        year,
        month,
        day,
        hour,
        minute,
        second,
    })
}

/// `Sun Nov  6 08:49:37 1994` (a one-digit day is padded with a space)
fn asctime(text: &str) -> Option<Fields> {
    let (day_name, rest) = text.split_once(' ')?;
    if !SHORT_DAYS.contains(&day_name) {
        return None;
    }
    let (month_name, rest) = rest.split_once(' ')?;
    let month = month(month_name)?;
    let (day_text, rest) = match rest.strip_prefix(' ') {
        Some(padded) => (padded.get(..1)?, padded.get(1..)?),
        None => (rest.get(..2)?, rest.get(2..)?),
    };
    let day = digits(day_text, day_text.len())?;
    let mut parts = rest.strip_prefix(' ')?.split(' ');
    let (hour, minute, second) = clock(parts.next()?)?;
    let year = digits(parts.next()?, 4)?;
    parts.next().is_none().then_some(Fields {
        year,
        month,
        day,
        hour,
        minute,
        second,
    })
}

/// `08:49:37`
fn clock(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split(':');
    let hour = digits(parts.next()?, 2)?;
    let minute = digits(parts.next()?, 2)?;
    let second = digits(parts.next()?, 2)?;
    parts.next().is_none().then_some((hour, minute, second))
}

fn month(name: &str) -> Option<u64> {
    let index = MONTHS.iter().position(|m| *m == name)?;
    u64::try_from(index).ok().map(|i| i + 1)
}

/// Exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<u64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl Fields {
    fn to_system_time(&self) -> Option<SystemTime> {
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let month_days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        // 60 seconds: a leap second, which SystemTime cannot hold; read as :59.
        let in_range = self.year >= 1970
            && (1..=month_days).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second <= 60;
        if !in_range {
            return None;
        }
        let days = days_since_epoch(self.year, self.month, self.day);
        let seconds = days * 86_400 + self.hour * 3_600 + self.minute * 60 + self.second.min(59);
        SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
    }
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian
/// calendar (H. Hinnant's `days_from_civil`, for years from 1970).
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
