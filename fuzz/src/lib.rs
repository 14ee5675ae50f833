//! Helpers shared by the fuzz targets.

/// Panics when `text` (an error message or `Debug` output) repeats a run of
/// five or more digits of `input`: the privacy rule says no phone number may
/// ever appear there.
pub fn assert_no_leak(input: &str, text: &str) {
    assert_no_digit_run(input, text, 5);
}

/// Panics when `text` holds a run of at least `min_run` digits that also
/// occurs among the digits of `input`.
pub fn assert_no_digit_run(input: &str, text: &str, min_run: usize) {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let text = &without_unicode_escapes(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &text[start..i];
            assert!(
                run.len() < min_run || !digits.contains(run),
                "a digit run of the input leaked into: {text}"
            );
        } else {
            i += 1;
        }
    }
}

/// `Debug` writes odd characters as `\u{46880}`: those digits are a code
/// point of the text, not digits of the input (the `csv` fuzzer matched one
/// against the input's digits by chance).
fn without_unicode_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match after.find('}') {
            Some(end) if after[..end].chars().all(|c| c.is_ascii_hexdigit()) => {
                out.push('?');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("\\u{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Panics when `text` holds a six-character window of `body` with at least
/// four letters or digits and 12 bytes (short, common words such as `bundle`
/// may appear in a message text by themselves), or a run of `min_run` digits
/// of the body.
pub fn assert_no_body(body: &str, text: &str, min_run: usize) {
    assert_no_digit_run(body, text, min_run);
    // A window of `body` found in `text` is also a six-character window of
    // `text` (UTF-8 matches start on a char boundary), so both sides are cut
    // into windows once and compared through a set: linear in both lengths,
    // where one substring search of `text` per body window was quadratic and
    // took a fifth of the `sms` fuzzer's time on kilobyte bodies.
    let in_text: std::collections::HashSet<&str> = windows(text).collect();
    if let Some(frag) = windows(body).find(|w| in_text.contains(w)) {
        panic!("a body fragment ({} bytes) leaked into: {text}", frag.len());
    }
}

/// The six-character windows of `s` that count as a body fragment: at least
/// four letters or digits and at least 12 bytes.
fn windows(s: &str) -> impl Iterator<Item = &str> {
    let starts: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    (0..starts.len().saturating_sub(6))
        .map(move |k| &s[starts[k]..starts[k + 6]])
        .filter(|w| w.len() >= 12 && w.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
}

/// CRC-32 (IEEE), bitwise: the fuzz crate keeps no dependency of its own.
/// Targets use it to recompute a file's checksum after mutating it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// The bytes of `bundle` with section `name` replaced by `bytes` (every other
/// section copied, in order).
pub fn with_section(
    bundle: &burao_core::bundle::Bundle,
    name: &str,
    mut bytes: Vec<u8>,
) -> Vec<u8> {
    let mut w = burao_core::bundle::BundleWriter::new(bundle.metadata().clone());
    for (n, _) in bundle.info().sections {
        let section = if n == name {
            std::mem::take(&mut bytes)
        } else {
            bundle.section(&n).unwrap().to_vec()
        };
        w = w.section(&n, section);
    }
    w.to_bytes()
}

std::thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs one input so that only a panic that escapes the library counts as a
/// crash. libfuzzer-sys aborts on every panic, even one the library catches
/// on purpose: `PrefixList::new` walks a bundle's fst under `catch_unwind` and
/// refuses a crafted fst that makes the fst crate index out of bounds. Any
/// panic that reaches this function still aborts, with its message.
pub fn no_escaping_panic(f: impl FnOnce()) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            LAST_PANIC.with(|p| *p.borrow_mut() = info.to_string());
        }))
    });
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err() {
        LAST_PANIC.with(|p| eprintln!("a panic escaped the library: {}", p.borrow()));
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_fragment_in_the_text_is_caught() {
        let body = "【速借】您有一笔贷款额度待领取";
        let leaked = std::panic::catch_unwind(|| {
            assert_no_body(body, "reason: 一笔贷款额度待 matched", 9);
        });
        assert!(leaked.is_err());
        let leaked = std::panic::catch_unwind(|| {
            assert_no_body("最高额度500万元", "x 额度500万 y", 9);
        });
        assert!(leaked.is_err());
    }

    #[test]
    fn with_section_replaces_one_section_and_copies_the_rest() {
        use burao_core::bundle::{Bundle, SECTION_SMS_MODEL};
        let full = Bundle::from_static(burao_core::DEFAULT_BUNDLE).unwrap();
        let same = full.section(SECTION_SMS_MODEL).unwrap().to_vec();
        assert_eq!(with_section(&full, SECTION_SMS_MODEL, same), full.bytes());
        let none = with_section(&full, "no such section", vec![1, 2, 3]);
        assert_eq!(none, full.bytes(), "nothing to replace: the same bundle");
        // Three bytes are no model: the refusal names the replaced section.
        let bad = with_section(&full, SECTION_SMS_MODEL, vec![1, 2, 3]);
        let e = Bundle::from_vec(bad)
            .err()
            .expect("a 3-byte model is refused");
        assert!(format!("{e:?}").contains(SECTION_SMS_MODEL), "{e:?}");
    }

    #[test]
    fn crc32_is_the_ieee_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn short_or_wordless_overlaps_pass() {
        // Five characters only, and a six-character window with too few letters.
        assert_no_body("【速借】您有一笔贷款额度待领取", "一笔贷款额", 9);
        assert_no_body("a -- -- b", "x -- -- y", 9);
        // Six ASCII characters are under 12 bytes: common words may recur.
        assert_no_body("call me about the invoice", "x the invoice y", 9);
        assert_no_body("", "", 9);
        assert_no_body("短", "短", 9);
    }
}
