//! `Debug` output that never shows a phone number or a message body.
//!
//! Apps log `{:?}` of whatever they hold; the privacy rule says such logs must
//! not carry what was screened. Types holding a number, a sender or a body
//! print it through [`Redacted`]: its length only.

use std::fmt;

/// Prints `<redacted: N chars>` instead of the text.
pub(crate) struct Redacted<'a>(pub &'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<redacted: {} chars>", self.0.chars().count())
    }
}

/// Like [`Redacted`], for an optional text.
pub(crate) struct RedactedOpt<'a>(pub Option<&'a str>);

impl fmt::Debug for RedactedOpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, "Some({:?})", Redacted(s)),
            None => f.write_str("None"),
        }
    }
}

/// A field for an error message, unless it holds digits: a shifted column can
/// put a phone number where a word belongs, and errors never show numbers.
pub(crate) fn quoted(field: &str) -> String {
    if field.bytes().any(|b| b.is_ascii_digit()) || field.chars().count() > 40 {
        "(value not shown: it holds digits or is long)".into()
    } else {
        format!("`{field}`")
    }
}

/// Hides runs of five or more digits (`#####`) but keeps the rest readable: a
/// verdict's `matched` and reasons can hold the caller's own number.
pub(crate) fn hide_digit_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 5 {
            out.push_str(&"#".repeat(run.len()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}
