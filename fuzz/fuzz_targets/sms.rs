#![no_main]
//! `Screener::screen_sms` on arbitrary senders and bodies (lossy UTF-8, as the
//! bindings deliver invalid surrogates). Covers normalisation of the body and
//! the classifier once it is merged, plus a rule set with body keywords.
use std::sync::OnceLock;

use burao_core::Screener;
use burao_fuzz::{assert_no_body, assert_no_digit_run};
use libfuzzer_sys::fuzz_target;

fn screener() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| {
        let s = Screener::with_default_bundle();
        s.set_rules(
            r#"{"schema":1,"rules":[
              {"id":"k","keywords":["贷款","理财"],"action":"junk"},
              {"id":"r","body_regex":"回\\s*t\\s*退订$","action":"junk"},
              {"id":"n","number":"1069*","action":"junk"}]}"#,
        )
        .expect("rules compile");
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (sender, body) = text.split_once('\n').unwrap_or(("", &text));
    let is_contact = data.first().is_some_and(|b| b & 1 == 1) && data.len() < 4;
    match screener().screen_sms_at(sender, body, is_contact, 1_795_824_000) {
        Ok(v) => {
            assert!(v.score.is_none_or(f32::is_finite));
            // A list entry's label is the bundle's text (`ICBC (工商银行)
            // customer service`), shown by design; a body may repeat it.
            let mut shown = format!("{v:?}");
            // `Debug` shows it escaped, in the label field and in reasons alike.
            if let Some(label) = &v.label {
                let escaped = format!("{label:?}");
                shown = shown.replace(&escaped[1..escaped.len() - 1], "<label>");
            }
            // The score is the model's probability: its decimals can match a
            // digit run of the input by chance (the fuzzer found one, guided
            // by the comparison with the input, in session 11).
            shown = shown.replace(&format!("score: {:?}", v.score), "score: <score>");
            // Verdicts name list patterns (at most 8 digits, `+8695588`): a
            // longer run can only have come from the input.
            assert_no_body(body, &shown, 9);
            assert_no_digit_run(sender, &shown, 9);
        }
        Err(e) => assert_no_body(body, &format!("{} {e:?}", e.chain()), 5),
    }
});
