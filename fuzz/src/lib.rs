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
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    for w in chars.windows(6) {
        let start = w[0].0;
        let end = w[5].0 + w[5].1.len_utf8();
        let frag = &body[start..end];
        if frag.chars().filter(|c| c.is_alphanumeric()).count() >= 4 && frag.len() >= 12 {
            assert!(!text.contains(frag), "a body fragment leaked into: {text}");
        }
    }
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
