//! The precedence order for messages: for every pair of layers, a message where
//! both fire and the earlier layer must decide. The bundle carries the default
//! bundle's SMS model, so the classifier layer is the real one.

use burao_core::bundle::{Bundle, BundleWriter, Metadata, SECTION_SMS_MODEL};
use burao_core::engine::consent::ConsentState;
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_core::{Action, ReasonCode, Screener, DEFAULT_BUNDLE};

const SENDER: &str = "10690012345";
const T0: i64 = 1_796_000_000;
// Written by us: marketing that the classifier alone files as promotion or junk.
const PROMO: &str =
    "【优选商城】双十一会员专享，全场满300减50，今晚24点截止，速抢 t.cn/A1b2 回T退订";

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
    Classifier,
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
    Classifier,
];

impl Layer {
    fn expected(self) -> (Option<Action>, ReasonCode) {
        match self {
            Emergency => (Some(Action::Allow), ReasonCode::Emergency),
            Contact => (Some(Action::Allow), ReasonCode::Contact),
            AllowRule => (Some(Action::Transaction), ReasonCode::UserRule),
            NotSpamFeedback => (Some(Action::Allow), ReasonCode::Feedback),
            BlockRule => (Some(Action::Junk), ReasonCode::UserRule),
            SpamFeedback => (Some(Action::Junk), ReasonCode::Feedback),
            List => (Some(Action::Allow), ReasonCode::ListEntry),
            Consent => (Some(Action::Junk), ReasonCode::Consent),
            // The model's own action (promotion or junk) is not pinned here.
            Classifier => (None, ReasonCode::Classifier),
        }
    }
}

fn screener(with_list: bool) -> Screener {
    let default = Bundle::from_static(DEFAULT_BUNDLE).unwrap();
    let mut lists = ListBuilder::new(Region::cn());
    let csv = if with_list {
        format!("pattern,category,action,label\n{SENDER},,allow,my shop\n")
    } else {
        "pattern,category,action,label\n+86171*,harassment,silence,v\n".to_string()
    };
    lists.add_csv("t.csv", &csv, ListAction::Block).unwrap();
    let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
        .lists(&lists.build().unwrap())
        .section(
            SECTION_SMS_MODEL,
            default.section(SECTION_SMS_MODEL).unwrap().to_vec(),
        )
        .to_bytes();
    Screener::from_bytes(bytes).unwrap()
}

fn run(layers: &[Layer]) -> (Action, ReasonCode) {
    let s = screener(layers.contains(&List));
    let mut rules = Vec::new();
    for l in layers {
        match l {
            Emergency => s.set_emergency_numbers(&[SENDER.to_string()]).unwrap(),
            AllowRule => rules.push(format!(
                r#"{{"id":"mine","number":"{SENDER}","action":"transaction"}}"#
            )),
            BlockRule => {
                rules.push(r#"{"id":"sales","keywords":["满300减50"],"action":"junk"}"#.to_string())
            }
            NotSpamFeedback => {
                s.report_feedback(SENDER, Some(PROMO), false, T0 - 10)
                    .unwrap();
            }
            SpamFeedback => {
                s.report_feedback(SENDER, Some(PROMO), true, T0 - 10)
                    .unwrap();
            }
            Consent => s
                .record_consent(SENDER, ConsentState::OptedOut, "T", T0 - 100)
                .unwrap(),
            Contact | List | Classifier => {}
        }
    }
    if !rules.is_empty() {
        s.set_rules(&format!(r#"{{"schema":1,"rules":[{}]}}"#, rules.join(",")))
            .unwrap();
    }
    let v = s
        .screen_sms_at(SENDER, PROMO, layers.contains(&Contact), T0)
        .unwrap();
    (v.action, v.reasons[0].code)
}

fn check(layers: &[Layer], winner: Layer) {
    let (action, code) = run(layers);
    let (want_action, want_code) = winner.expected();
    assert_eq!(code, want_code, "{layers:?}: {winner:?} must decide");
    if let Some(a) = want_action {
        assert_eq!(action, a, "{layers:?}");
    } else {
        assert!(
            matches!(action, Action::Promotion | Action::Junk),
            "{layers:?}: {action:?}"
        );
    }
}

#[test]
fn each_layer_alone_decides_as_documented() {
    for l in ORDER {
        check(&[l], l);
    }
}

#[test]
fn every_pair_of_layers_keeps_the_documented_order() {
    for (i, &first) in ORDER.iter().enumerate() {
        for &second in &ORDER[i + 1..] {
            if (first, second) == (NotSpamFeedback, SpamFeedback) {
                continue; // one sender's reports: the latest wins
            }
            check(&[first, second], first);
        }
    }
}
