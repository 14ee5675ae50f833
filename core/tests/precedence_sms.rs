//! The precedence order for messages: for every pair of layers, a message where
//! both fire and the earlier layer must decide. The bundle carries the default
//! bundle's SMS model, so the classifier layer is the real one.

mod support;

use burao_core::bundle::{Bundle, Metadata, SECTION_SMS_MODEL};
use burao_core::engine::consent::ConsentState;
use burao_core::{Action, ReasonCode, Screener, DEFAULT_BUNDLE};
use support::{list_bundle, pairs, Layer, Setup, T0};

const SENDER: &str = "10690012345";
// Written by us: marketing that the classifier alone files as promotion or junk.
const PROMO: &str =
    "【优选商城】双十一会员专享，全场满300减50，今晚24点截止，速抢 t.cn/A1b2 回T退订";

const SALES_RULE: &str = r#"{"id":"sales","keywords":["满300减50"],"action":"junk"}"#;
const OPTED_OUT: (ConsentState, &str) = (ConsentState::OptedOut, "T");
const SETUP: Setup = Setup::new(SENDER, Some(PROMO), "transaction", SALES_RULE, OPTED_OUT);

/// The message layers, earliest first.
fn order() -> impl Iterator<Item = Layer> {
    Layer::ALL
        .iter()
        .copied()
        .filter(|&l| l != Layer::Behaviour)
}

fn screener(with_list: bool) -> Screener {
    let default = Bundle::from_static(DEFAULT_BUNDLE).unwrap();
    let row = if with_list {
        format!("{SENDER},,block,a spam port\n")
    } else {
        "+86171*,harassment,silence,v\n".to_string()
    };
    let bytes = list_bundle(Metadata::new("t", "1", "CN"), &row)
        .section(
            SECTION_SMS_MODEL,
            default.section(SECTION_SMS_MODEL).unwrap().to_vec(),
        )
        .to_bytes();
    Screener::from_bytes(bytes).unwrap()
}

fn run(layers: &[Layer]) -> (Action, ReasonCode) {
    let s = screener(layers.contains(&Layer::List));
    let contact = SETUP.enable(&s, layers);
    let v = s.screen_sms_at(SENDER, PROMO, contact, T0).unwrap();
    (v.action, v.reasons[0].code)
}

fn check(layers: &[Layer], winner: Layer) {
    let (action, code) = run(layers);
    // The model's own action (promotion or junk) is not pinned here.
    let (want_code, _, want_action) = winner.decides();
    assert_eq!(code, want_code, "{layers:?}: {winner:?} must decide");
    if let Some(a) = want_action {
        assert_eq!(action, a, "{layers:?}");
    } else {
        assert_eq!(winner, Layer::Classifier);
        assert!(
            matches!(action, Action::Promotion | Action::Junk),
            "{layers:?}: {action:?}"
        );
    }
}

#[test]
fn each_layer_alone_decides_as_documented() {
    for l in order() {
        check(&[l], l);
    }
}

#[test]
fn every_pair_of_layers_keeps_the_documented_order() {
    let order: Vec<Layer> = order().collect();
    assert_eq!(order.len(), 9);
    for (first, second) in pairs(&order) {
        check(&[first, second], first);
    }
}
