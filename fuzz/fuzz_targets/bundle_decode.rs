#![no_main]
//! Whole bundle files: any byte string is refused cleanly or loads into a
//! bundle whose lists, sections and summary can be read.
use burao_core::bundle::Bundle;
use burao_core::Screener;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    burao_fuzz::no_escaping_panic(|| {
        let Ok(bundle) = Bundle::from_vec(data.to_vec()) else {
            return;
        };
        let info = bundle.info();
        for (name, len) in &info.sections {
            assert_eq!(bundle.section(name).map(<[u8]>::len), Some(*len as usize));
        }
        for _ in bundle.lists().patterns() {}
        for probe in ["8613800138000", "86170", "8695588", "1"] {
            let _ = bundle.lists().lookup(probe);
        }
        if let Ok(s) = Screener::from_bundle(bundle) {
            let _ = s.screen_call_at("+86 170 0000 0000", false, 0);
            let _ = s.screen_sms_at("95588", "您的验证码是 1234", false, 0);
        }
    });
});
