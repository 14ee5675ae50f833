#![no_main]
//! Number normalisation and list-pattern parsing on arbitrary text.
use burao_core::lists::Pattern;
use burao_core::number::{normalize, normalize_prefix, Region};
use burao_fuzz::assert_no_leak;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the region, so each execution does one region's work.
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let code = ["CN", "US", "GB", "HK"][usize::from(pick) % 4];
    {
        let region = Region::parse(code).expect("a supported region");
        match normalize(&text, &region) {
            Ok(key) => {
                assert!(key.digits().bytes().all(|b| b.is_ascii_digit()));
                assert!(key.digits().starts_with(key.calling_code()));
                assert_no_leak(&text, &format!("{key:?}"));
                // Canonical digits are a fixed point.
                let again = normalize(&format!("+{}", key.digits()), &region)
                    .expect("canonical digits normalise again");
                assert_eq!(again.digits(), key.digits());
            }
            Err(e) => assert_no_leak(&text, &format!("{e} {e:?}")),
        }
        if let Err(e) = normalize_prefix(&text, &region) {
            assert_no_leak(&text, &format!("{e} {e:?}"));
        }
        if let Err(e) = Pattern::parse(&text, &region) {
            assert_no_leak(&text, &e);
        }
    }
});
