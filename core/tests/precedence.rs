//! Pins the precedence order: for every pair of layers, a case where both fire
//! and the earlier layer must decide.

use burao_core::bundle::{BundleWriter, Metadata};
use burao_core::engine::consent::ConsentState;
use burao_core::engine::history::Outcome;
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_core::{Action, ReasonCode, Screener};

const NUMBER: &str = "13900001288";
const T0: i64 = 1_796_000_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Layer {
    Emergency,
    Contact,
    AllowRule,
    NotSpamFeedback,
    BlockRule,
    SpamFeedback,
    List,
    Consent,
    Behaviour,
}

use Layer::*;

const ORDER: [Layer; 9] = [
    Emergency,
    Contact,
    AllowRule,
    NotSpamFeedback,
    BlockRule,
    SpamFeedback,
    List,
    Consent,
    Behaviour,
];

impl Layer {
    fn expected(self) -> (Action, ReasonCode) {
        match self {
            Emergency => (Action::Allow, ReasonCode::Emergency),
            Contact => (Action::Allow, ReasonCode::Contact),
            AllowRule => (Action::Allow, ReasonCode::UserRule),
            NotSpamFeedback => (Action::Allow, ReasonCode::Feedback),
            BlockRule => (Action::Block, ReasonCode::UserRule),
            SpamFeedback => (Action::Block, ReasonCode::Feedback),
            // An exact entry, so the repeat-call exception for ranges stays out of the way.
            List => (Action::Block, ReasonCode::ListEntry),
            Consent => (Action::Block, ReasonCode::Consent),
            Behaviour => (Action::Silence, ReasonCode::Behaviour),
        }
    }
}

fn screener(with_list: bool) -> Screener {
    let mut lists = ListBuilder::new(Region::cn());
    let csv = if with_list {
        format!("pattern,category,action,label\n{NUMBER},fraud,block,listed\n")
    } else {
        "pattern,category,action,label\n+86171*,harassment,silence,v\n".to_string()
    };
    lists.add_csv("t.csv", &csv, ListAction::Block).unwrap();
    let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
        .lists(&lists.build().unwrap())
        .to_bytes();
    Screener::from_bytes(bytes).unwrap()
}

/// Sets a layer up to fire for NUMBER; returns whether the call is a contact.
fn enable(s: &Screener, layers: &[Layer]) -> bool {
    let mut rules = Vec::new();
    for l in layers {
        match l {
            Emergency => s.set_emergency_numbers(&[NUMBER.to_string()]).unwrap(),
            AllowRule => rules.push(format!(
                r#"{{"id":"allow","number":"{NUMBER}","action":"allow"}}"#
            )),
            BlockRule => {
                rules.push(r#"{"id":"block","number":"139*","action":"block"}"#.to_string())
            }
            NotSpamFeedback => {
                s.report_feedback(NUMBER, None, false, T0 - 10).unwrap();
            }
            SpamFeedback => {
                s.report_feedback(NUMBER, None, true, T0 - 10).unwrap();
            }
            Consent => s
                .record_consent(NUMBER, ConsentState::Refused, "app", T0 - 100)
                .unwrap(),
            Behaviour => {
                for (i, n) in ["13900001201", "13900001202", "13900001203"]
                    .iter()
                    .enumerate()
                {
                    s.screen_call_at(n, false, T0 - 3600 * (i as i64 + 1))
                        .unwrap();
                    s.report_call_outcome(n, Outcome::Declined).unwrap();
                }
            }
            Contact | List => {}
        }
    }
    if !rules.is_empty() {
        s.set_rules(&format!(r#"{{"schema":1,"rules":[{}]}}"#, rules.join(",")))
            .unwrap();
    }
    layers.contains(&Contact)
}

fn run(layers: &[Layer]) -> (Action, ReasonCode) {
    let s = screener(layers.contains(&List));
    let contact = enable(&s, layers);
    let v = s.screen_call_at(NUMBER, contact, T0).unwrap();
    (v.action, v.reasons[0].code)
}

#[test]
fn each_layer_alone_decides_as_documented() {
    for l in ORDER {
        assert_eq!(run(&[l]), l.expected(), "{l:?} alone");
    }
    let s = screener(false);
    let v = s.screen_call_at(NUMBER, false, T0).unwrap();
    assert_eq!(
        (v.action, v.reasons[0].code),
        (Action::Allow, ReasonCode::Default)
    );
}

#[test]
fn every_pair_of_layers_keeps_the_documented_order() {
    for (i, &first) in ORDER.iter().enumerate() {
        for &second in &ORDER[i + 1..] {
            if (first, second) == (NotSpamFeedback, SpamFeedback) {
                continue; // one sender's reports: the latest wins (next test)
            }
            assert_eq!(
                run(&[first, second]),
                first.expected(),
                "{first:?} must win over {second:?}"
            );
        }
    }
}

#[test]
fn the_latest_report_about_a_sender_wins() {
    let s = screener(false);
    s.report_feedback(NUMBER, None, false, T0 - 20).unwrap();
    s.report_feedback(NUMBER, None, true, T0 - 10).unwrap();
    assert_eq!(
        s.screen_call_at(NUMBER, false, T0).unwrap().action,
        Action::Block
    );
    let id = s.report_feedback(NUMBER, None, false, T0 - 5).unwrap();
    assert_eq!(
        s.screen_call_at(NUMBER, false, T0).unwrap().action,
        Action::Allow
    );
    assert!(s.undo_feedback(id).unwrap());
    assert_eq!(
        s.screen_call_at(NUMBER, false, T0).unwrap().action,
        Action::Block
    );
}

#[test]
fn repeat_calls_only_pass_ranges_not_exact_entries() {
    // Exact list entry: a second call within minutes is still blocked.
    let s = screener(true);
    s.screen_call_at(NUMBER, false, T0).unwrap();
    let v = s.screen_call_at(NUMBER, false, T0 + 60).unwrap();
    assert_eq!(v.action, Action::Block);
    // Range entry: the second call rings through, and says why.
    let s = screener(false);
    let n = "17100000000";
    assert_eq!(
        s.screen_call_at(n, false, T0).unwrap().action,
        Action::Silence
    );
    let v = s.screen_call_at(n, false, T0 + 60).unwrap();
    assert_eq!(
        (v.action, v.reasons[0].code),
        (Action::Allow, ReasonCode::Behaviour)
    );
    assert_eq!(v.reasons[1].code, ReasonCode::ListEntry);
    let v = s.screen_call_at(n, false, T0 + 3600).unwrap();
    assert_eq!(
        v.action,
        Action::Silence,
        "an hour later the range applies again"
    );
}
