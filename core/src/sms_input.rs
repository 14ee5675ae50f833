//! The seam between the engine and the SMS classifier (filled in by the `sms` module).

use crate::bundle::Bundle;
use crate::verdict::{Action, Category, Reason};

/// Bodies longer than this are screened on their first bytes only.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The classifier's judgement of one message.
pub struct Judgement {
    pub category: Category,
    pub score: f32,
    pub action: Action,
    pub reasons: Vec<Reason>,
}

/// Cuts a body to [`MAX_BODY_BYTES`] on a character boundary.
pub fn clip(body: &str) -> (&str, bool) {
    if body.len() <= MAX_BODY_BYTES {
        return (body, false);
    }
    let mut end = MAX_BODY_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    (&body[..end], true)
}

/// True when the body ends with a marketing opt-out instruction.
pub fn has_opt_out_suffix(body: &str) -> bool {
    let tail: String = body
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let t = tail.to_lowercase();
    [
        "退订",
        "回t",
        "回复t",
        "回td",
        "拒收",
        "reply stop",
        "txt stop",
        "stop to",
    ]
    .iter()
    .any(|k| t.contains(k))
}

pub fn classify(_bundle: &Bundle, _digits: Option<&str>, _body: &str) -> Option<Judgement> {
    None
}

pub fn feature_ids(_bundle: &Bundle, _body: &str) -> Vec<u32> {
    Vec::new()
}
