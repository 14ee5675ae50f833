//! The embedded default bundle must hold exactly what `fixtures/lists/default-*.csv`
//! say, so an edited list with a forgotten `scripts/build-default-bundle.sh` fails here.
//! Only the lists are compared: later sections (the SMS model) have their own sources.

use burao_core::bundle::Bundle;
use burao_core::lists::{ListAction, ListBuilder, ListEntry, Pattern, PrefixList};
use burao_core::number::Region;
use burao_core::DEFAULT_BUNDLE;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/lists");

/// The same sources and default actions as `scripts/build-default-bundle.sh`.
const SOURCES: [(&str, ListAction); 4] = [
    ("default-blocklist.csv", ListAction::Block),
    ("default-virtual-operators.csv", ListAction::Block),
    ("default-identify.csv", ListAction::Block),
    ("default-allowlist.csv", ListAction::Allow),
];

fn owned<D: AsRef<[u8]>>(list: &PrefixList<D>) -> Vec<(Pattern, ListEntry)> {
    list.patterns()
        .into_iter()
        .map(|(p, e)| (p, e.clone()))
        .collect()
}

#[test]
fn embedded_lists_equal_a_rebuild_from_fixtures() {
    let embedded = Bundle::from_static(DEFAULT_BUNDLE).expect("the embedded bundle loads");
    let region = Region::parse(&embedded.metadata().region).expect("a known region");
    assert_eq!(region.code(), "CN", "the script builds with --region CN");
    let mut builder = ListBuilder::new(region);
    for (name, action) in SOURCES {
        let path = format!("{DIR}/{name}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        builder
            .add_csv(name, &text, action)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let built = builder.build().expect("the default lists build");
    let rebuilt = PrefixList::new(built.fst, built.entries).expect("a valid fst");
    let want = owned(&rebuilt);
    let have = owned(embedded.lists());
    assert!(!want.is_empty());
    for (p, e) in &want {
        assert!(
            have.iter().any(|(hp, he)| hp == p && he == e),
            "{p} ({} {:?}) is in fixtures/lists but not in core/data/default.bundle: \
             run scripts/build-default-bundle.sh",
            e.action,
            e.label
        );
    }
    assert_eq!(
        have, want,
        "core/data/default.bundle has list entries the fixtures do not: \
         run scripts/build-default-bundle.sh"
    );
}

#[test]
fn embedded_institutions_equal_the_fixture_table() {
    use burao_core::sms::institutions::Institutions;
    let embedded = Bundle::from_static(DEFAULT_BUNDLE).expect("the embedded bundle loads");
    let path = format!("{DIR}/institutions.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = Institutions::parse_csv(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        table.rows().len() >= 30,
        "the banks, carriers, couriers, services and brands"
    );
    assert_eq!(
        burao_core::engine::Content::new(embedded)
            .unwrap()
            .institutions(),
        Some(&table),
        "core/data/default.bundle's institution table differs from {path}: \
         run scripts/build-default-bundle.sh"
    );
}

/// The documented opt-in: the same lists with `strict-virtual-operators.csv`
/// silence calls from the virtual-operator ranges, while a message from them
/// is still judged by its text (a range is a prior for messages, never the verdict).
#[test]
fn the_strict_range_list_silences_calls_but_not_messages() {
    use burao_core::bundle::{BundleWriter, SECTION_INSTITUTIONS, SECTION_SMS_MODEL};
    use burao_core::sms::institutions::Institutions;
    use burao_core::{Action, Screener};
    let embedded = Bundle::from_static(DEFAULT_BUNDLE).expect("the embedded bundle loads");
    let mut builder = ListBuilder::new(Region::cn());
    for (name, action) in SOURCES {
        let name = if name == "default-virtual-operators.csv" {
            "strict-virtual-operators.csv"
        } else {
            name
        };
        let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
        builder.add_csv(name, &text, action).unwrap();
    }
    let table = std::fs::read_to_string(format!("{DIR}/institutions.csv")).unwrap();
    let bytes = BundleWriter::new(embedded.metadata().clone())
        .lists(&builder.build().unwrap())
        .section(
            SECTION_SMS_MODEL,
            embedded.section(SECTION_SMS_MODEL).unwrap().to_vec(),
        )
        .section(
            SECTION_INSTITUTIONS,
            Institutions::parse_csv(&table).unwrap().to_bytes(),
        )
        .to_bytes();
    let s = Screener::from_bytes(bytes).unwrap();
    let call = s.screen_call("+86 170 1234 5678", false).unwrap();
    assert_eq!(call.action, Action::Silence);
    assert_eq!(call.matched.as_deref(), Some("+86170*"));
    let sms = s
        .screen_sms(
            "17012345678",
            "妈，我今晚加班，晚饭不用等我了，明天回家吃",
            false,
        )
        .unwrap();
    assert_eq!(sms.action, Action::Allow, "{:?}", sms.reasons);
    assert_eq!(sms.matched.as_deref(), Some("+86170*"));
    let default = Screener::with_default_bundle();
    assert_eq!(
        default
            .screen_call("+86 170 1234 5678", false)
            .unwrap()
            .action,
        Action::Allow
    );
}

/// The virtual-operator ranges feed the behaviour layer: two declined
/// numbers of one 170 block silence the block, where an ordinary mobile block
/// needs three (`BehaviourConfig::escalate_after`).
#[test]
fn a_named_nuisance_range_escalates_one_report_sooner() {
    use burao_core::engine::history::Outcome;
    use burao_core::{Action, ReasonCode, Screener};
    let s = Screener::with_default_bundle();
    let t = 1_796_000_000;
    for (i, n) in ["17000001201", "17000001202"].iter().enumerate() {
        assert_eq!(
            s.screen_call_at(n, false, t + i as i64 * 600)
                .unwrap()
                .action,
            Action::Allow
        );
        assert!(s.report_call_outcome(n, Outcome::Declined).unwrap());
    }
    let v = s.screen_call_at("17000001203", false, t + 1800).unwrap();
    assert_eq!(
        (v.action, v.reasons[0].code),
        (Action::Silence, ReasonCode::Behaviour)
    );
    assert!(
        v.reasons[0].detail.contains("one report sooner"),
        "{}",
        v.reasons[0].detail
    );
    for (i, n) in ["13900001201", "13900001202"].iter().enumerate() {
        s.screen_call_at(n, false, t + i as i64 * 600).unwrap();
        s.report_call_outcome(n, Outcome::Declined).unwrap();
    }
    assert_eq!(
        s.screen_call_at("13900001203", false, t + 1800)
            .unwrap()
            .action,
        Action::Allow,
        "an ordinary block needs a third report"
    );
}
