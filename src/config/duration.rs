//! Durations written the way Kratos configs write them (Go's `time.ParseDuration`): `15m`, `1h30m`,
//! `24h`, `500ms`, `90s`. A bare number is refused: `15` could mean seconds or minutes.

use time::Duration;

/// Parses a Go-style duration; `Err` says what was expected.
pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(expected());
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return Err(expected());
        }
        let (amount, after) = rest.split_at_checked(digits).ok_or_else(expected)?;
        let amount: i64 = amount.parse().map_err(|_| expected())?;
        let unit_len = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len());
        let (unit, after) = after.split_at_checked(unit_len).ok_or_else(expected)?;
        rest = after;
        let unit = match unit {
            "ms" => Duration::milliseconds(1),
            "s" => Duration::seconds(1),
            "m" => Duration::minutes(1),
            "h" => Duration::hours(1),
            _ => return Err(expected()),
        };
        total = amount
            .checked_mul(unit.whole_milliseconds() as i64)
            .and_then(|ms| total.checked_add(Duration::milliseconds(ms)))
            .ok_or_else(expected)?;
    }
    Ok(total)
}

/// Renders a duration the way [`parse`] reads it, for printing effective settings.
pub fn format(duration: Duration) -> String {
    let ms = duration.whole_milliseconds();
    if ms % 3_600_000 == 0 {
        format!("{}h", ms / 3_600_000)
    } else if ms % 60_000 == 0 {
        format!("{}m", ms / 60_000)
    } else if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

fn expected() -> String {
    "a duration such as 30s, 15m, 1h30m or 24h (units: ms, s, m, h)".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_go_durations() {
        assert_eq!(parse("15m").unwrap(), Duration::minutes(15));
        assert_eq!(parse("1h30m").unwrap(), Duration::minutes(90));
        assert_eq!(parse("500ms").unwrap(), Duration::milliseconds(500));
        assert_eq!(parse("720h").unwrap(), Duration::days(30));
    }

    #[test]
    fn refuses_ambiguous_or_broken_values() {
        for bad in ["", "15", "m", "15 minutes", "1.5h", "-5m", "99999999999999999999h"] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn format_round_trips() {
        for text in ["15m", "24h", "90s", "250ms"] {
            assert_eq!(format(parse(text).unwrap()), text);
        }
    }
}
