//! The verdict engine: one fixed precedence order for calls and messages,
//! implemented once in `engine/decide.rs` over what the
//! bundle gives ([`Content`]) and the user's state (`engine/state.rs`).
//!
//! | # | layer | decides |
//! |---|---|---|
//! | 1 | emergency numbers the app marked | allow |
//! | 2 | contacts, user allow rules, "not spam" feedback | allow (or the rule's action) |
//! | 3 | user block rules, "spam" feedback | the rule's action; block / junk |
//! | 4 | bundle list entries (longest match) | the entry's action; `identify` only labels |
//! | 5 | consent: sender refused or opted out, content commercial | block / junk, with evidence |
//! | 6 | behaviour: rotating-number range escalated | silence |
//! | 7 | classifier (messages) | the policy's action |
//! | 8 | default | allow |
//!
//! Layers 1–4 are one function for both channels; a rule's or list's action
//! is mapped to the channel's actions (`junk` blocks a call, `silence`
//! files a message as junk). For messages a *range* that silences or names a
//! nuisance block does not decide in layer 4: it is a prior for the
//! classifier (a range holds millions of ordinary people), and consent (5)
//! runs after the classifier, which says whether the content is commercial.
//! A bundle's `allow` entry only names a message's sender (as `identify`
//! does): fake base stations send as 10086 or 95588, so the text is still
//! read, and the institution check knows the sender is official. The user's
//! contacts and allow rules (layer 2) still pass a message unread.
//!
//! One exception, stated here so it is not hidden: a number silenced or blocked
//! by a *range* (a prefix list entry in layer 4, or an escalated range in layer
//! 6) rings through when it calls again within the repeat window — urgent
//! callers inside a spammy block get a second chance. Exact-number entries and
//! user rules are never bypassed.

/// `Debug` for the engine's records, field by field: as it is, or through
/// the redacting wrapper after `=>`. Numbers and bodies stay out (see
/// `crate::redact`).
macro_rules! debug_fields {
    (@show $v:expr) => { &$v };
    (@show $v:expr, $show:expr) => { &$show(&$v) };
    ($($t:ident { $($field:ident $(=> $show:expr)?),* $(,)? })*) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($t))
                    $(.field(stringify!($field), debug_fields!(@show self.$field $(, $show)?)))*
                    .finish()
            }
        }
    )*};
}

pub mod consent;
mod content;
pub(crate) mod decide;
pub mod feedback;
pub mod history;
pub mod reasons;
pub mod rules;
pub mod state;

pub use content::Content;

/// A moment as the engine sees it: Unix time and the local minute of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Seconds since the Unix epoch.
    pub unix: i64,
    /// Local minute of the week, 0 = Monday 00:00.
    pub minute_of_week: u32,
}

impl Moment {
    /// `unix` seen from a zone `utc_offset_minutes` east of UTC.
    pub fn new(unix: i64, utc_offset_minutes: i32) -> Moment {
        let local_minutes = unix.div_euclid(60) + utc_offset_minutes as i64;
        // 1970-01-01 was a Thursday: Monday-based day 3.
        let minute_of_week = (local_minutes + 3 * 1440).rem_euclid(7 * 1440) as u32;
        Moment {
            unix,
            minute_of_week,
        }
    }

    /// Now, by the system clock.
    pub fn now(utc_offset_minutes: i32) -> Moment {
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Moment::new(unix, utc_offset_minutes)
    }
}

/// A date for people, `YYYY-MM-DD` in UTC (civil-from-days, Howard Hinnant).
pub fn date_string(unix: i64) -> String {
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_of_week_and_dates() {
        // 2026-11-30 00:00 UTC is a Monday.
        let monday = 1_795_996_800;
        assert_eq!(date_string(monday), "2026-11-30");
        assert_eq!(Moment::new(monday, 0).minute_of_week, 0);
        assert_eq!(Moment::new(monday, 8 * 60).minute_of_week, 8 * 60);
        assert_eq!(Moment::new(monday - 60, 0).minute_of_week, 7 * 1440 - 1);
        assert_eq!(date_string(0), "1970-01-01");
    }
}
