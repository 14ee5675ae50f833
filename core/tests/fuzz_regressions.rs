//! Inputs the fuzzers (fuzz/) found, kept as tests so they stay fixed.

use burao_core::number::{normalize, Region};

/// `number`: a national part with two leading zeros after a trunk-`0`
/// calling code lost one more zero each time its canonical digits were read
/// again, so stored keys (consent, feedback) drifted from fresh ones.
#[test]
fn canonical_digits_are_a_fixed_point_after_leading_zeros() {
    let cn = Region::cn();
    for input in [
        "+810001288",
        "+86 00 1288",
        "+44 (0)0 1234 5678",
        "+86 021 1234 5678",
    ] {
        let once = normalize(input, &cn).unwrap();
        let twice = normalize(&format!("+{}", once.digits()), &cn).unwrap();
        assert_eq!(once.digits(), twice.digits(), "{input}");
    }
    assert_eq!(
        normalize("+86 021 1234 5678", &cn).unwrap().digits(),
        "862112345678"
    );
}

/// The file of a fuzz crash, kept in `core/tests/fuzz_crashes/`.
fn crash(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_crashes")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `csv`: an action column holding a number (`122,,12306`) was quoted back in
/// the error, and errors never show numbers.
#[test]
fn csv_errors_do_not_quote_a_field_with_digits() {
    use burao_core::lists::{ListAction, ListBuilder};
    let text = String::from_utf8_lossy(&crash("csv-98e94717")).into_owned();
    let e = ListBuilder::new(Region::cn())
        .add_csv("fuzz.csv", &text, ListAction::Block)
        .unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains("12306"), "{shown}");
    assert!(shown.contains("unknown action"), "{shown}");
    // A word is still quoted, so the author sees the typo.
    let e = ListBuilder::new(Region::cn())
        .add_csv(
            "t.csv",
            "pattern,category,action,label\n95588,,blok,x\n",
            ListAction::Block,
        )
        .unwrap_err();
    assert!(e.to_string().contains("`blok`"), "{e}");
}

/// `bundle_sections`: a list section whose fst nodes point past its end made
/// the fst crate index out of bounds while the bundle was loaded. The checksum
/// inside the fst refuses random corruption; a crafted fst with a matching
/// checksum (`-b18326d5`: the fuzzer learnt the checksum from the comparison)
/// is no longer walked whole at load (that cost 0.19 s per million patterns):
/// it is refused there or every read of it is checked. Either way nothing
/// panics out of the library: lookups, the pattern listing and a whole
/// CallKit export run to their end.
#[test]
fn a_corrupt_fst_section_is_refused_or_read_safely_never_a_panic() {
    use burao_core::bundle::{Bundle, BundleWriter};
    use burao_core::callkit::{CallKitExport, CallKitOptions};
    use burao_core::lists::PrefixList;
    use burao_core::DEFAULT_BUNDLE;
    let good = Bundle::from_static(DEFAULT_BUNDLE).unwrap();
    let names: Vec<String> = good.info().sections.into_iter().map(|(n, _)| n).collect();
    for file in ["bundle_sections-335d3bea", "bundle_sections-b18326d5"] {
        let input = crash(file);
        // The crashes hit the fst section (the target's first byte picks the
        // section, and the section count has changed since): name it directly.
        let name = burao_core::bundle::SECTION_LIST_FST;
        let mut w = BundleWriter::new(good.metadata().clone());
        for n in &names {
            let bytes = if n == name {
                input[1..].to_vec()
            } else {
                good.section(n).unwrap().to_vec()
            };
            w = w.section(n, bytes);
        }
        // With no entries, any fst holding a key is refused at once.
        assert!(
            PrefixList::new(input[1..].to_vec(), vec![]).is_err(),
            "{file}"
        );
        let bundle = match Bundle::from_vec(w.to_bytes()) {
            Err(e) => {
                assert!(e.to_string().contains("fst"), "{file}: {e}");
                continue;
            }
            Ok(b) => b,
        };
        let lists = bundle.lists();
        for probe in ["", "86", "8617012345678", "86400123456", "8695588", "1"] {
            let _ = lists.lookup(probe);
        }
        assert!(lists.patterns().len() <= lists.len(), "{file}");
        let export = CallKitExport::full(bundle, CallKitOptions::default());
        let _ = export.report();
        let mut cursor: Option<String> = None;
        for _ in 0..10_000 {
            let batch = export.next_batch(cursor.as_deref()).unwrap();
            match batch.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
    }
}
