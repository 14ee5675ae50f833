#![no_main]
//! Rule documents: parse, compile, then match against a call and a message.
use burao_core::engine::rules::{RuleSet, Subject};
use burao_core::number::Region;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = RuleSet::parse(json, &Region::cn()) else {
        return;
    };
    for (digits, body) in [
        (Some("8613800138000"), None),
        (
            Some("86106900001234"),
            Some("【某银行】贷款额度已到账，回T退订"),
        ),
        (None, Some("")),
    ] {
        let _ = set.matches(&Subject {
            digits,
            body,
            minute_of_week: 600,
        });
    }
});
