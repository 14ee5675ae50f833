//! JSON shapes printed by the CLI, in one place.

use burao_core::bundle::BundleInfo;
use burao_core::{Reason, Verdict};
use serde_json::{json, Value};

/// A reason's arguments, in order, as `[{"name": …, "value": …}]` (a name may repeat).
fn args(r: &Reason) -> Value {
    r.args
        .iter()
        .map(|a| json!({"name": a.name, "value": a.value}))
        .collect()
}

/// A verdict as the CLI prints it.
pub fn verdict(v: &Verdict) -> Value {
    let reasons: Vec<Value> = v
        .reasons
        .iter()
        .map(|r| {
            json!({"code": r.code.as_str(), "source": r.source, "detail": r.detail, "args": args(r)})
        })
        .collect();
    json!({
        "action": v.action.as_str(),
        "category": v.category.map(|c| c.as_str()),
        "matched": v.matched,
        "label": v.label,
        "score": v.score,
        "reasons": reasons,
    })
}

/// A message verdict as `screen sms` prints it: action, category, score,
/// reasons (with spans of the body as `[start, end)` character offsets).
pub fn sms_verdict(v: &Verdict) -> Value {
    let reasons: Vec<Value> = v
        .reasons
        .iter()
        .map(|r| {
            let spans: Vec<Value> = r.spans.iter().map(|s| json!([s.start, s.end])).collect();
            json!({
                "code": r.code.as_str(),
                "source": r.source,
                "detail": r.detail,
                "args": args(r),
                "spans": spans,
            })
        })
        .collect();
    let mut out = serde_json::Map::new();
    out.insert("action".into(), json!(v.action.as_str()));
    out.insert("category".into(), json!(v.category.map(|c| c.as_str())));
    out.insert(
        "score".into(),
        json!(v.score.map(|s| (f64::from(s) * 1000.0).round() / 1000.0)),
    );
    out.insert("reasons".into(), Value::Array(reasons));
    if let Some(m) = &v.matched {
        out.insert("matched".into(), json!(m));
    }
    Value::Object(out)
}

/// A bundle summary as `inspect` prints it.
pub fn bundle_info(info: &BundleInfo) -> Value {
    let m = &info.metadata;
    let sections: Vec<Value> = info
        .sections
        .iter()
        .map(|(name, len)| json!({"name": name, "bytes": len}))
        .collect();
    json!({
        "name": m.name,
        "version": m.version,
        "created_unix": m.created_unix,
        "region": m.region,
        "sequence": m.sequence,
        "size_bytes": info.size,
        "patterns": info.patterns,
        "entries": info.entries,
        "sections": sections,
        "has_sms_model": info.sections.iter().any(|(name, _)| name == burao_core::bundle::SECTION_SMS_MODEL),
    })
}

/// Puts `input` first in a verdict object.
pub fn with_input(input: &str, mut v: Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("input".into(), Value::String(input.into()));
    if let Value::Object(rest) = &mut v {
        out.append(rest);
    }
    Value::Object(out)
}

/// `{"error": …}` for one bad input line.
pub fn error(message: &str) -> Value {
    json!({ "error": message })
}

/// One CallKit batch as `export callkit` writes it.
pub fn callkit_batch(n: u64, b: &burao_core::callkit::CallKitBatch) -> Value {
    let identify: Vec<Value> = b
        .identify
        .iter()
        .map(|l| json!({"number": l.number, "label": l.label}))
        .collect();
    json!({
        "batch": n,
        "block": b.block,
        "identify": identify,
        "remove_block": b.remove_block,
        "remove_identify": b.remove_identify,
        "next_cursor": b.next_cursor,
    })
}

/// A user-supplied name (a JSON field, a rule id) for an error message: shown
/// when it is a short identifier without digits, else described, so an error
/// never repeats a phone number or a message.
pub fn safe_name(name: &str) -> String {
    let plain = !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-');
    if plain {
        format!("`{name}`")
    } else {
        format!("({} characters, not shown)", name.chars().count())
    }
}
