//! Pins the precedence order: for every pair of layers, a case where both fire
//! and the earlier layer must decide.

mod support;

use burao_core::bundle::Metadata;
use burao_core::engine::consent::ConsentState;
use burao_core::{Action, ReasonCode, Screener};
use support::{list_bundle, pairs, Layer, Setup, T0};

const NUMBER: &str = "13900001288";
const BLOCK_RULE: &str = r#"{"id":"block","number":"139*","action":"block"}"#;
const REFUSED: (ConsentState, &str) = (ConsentState::Refused, "app");
const SETUP: Setup = Setup::new(NUMBER, None, "allow", BLOCK_RULE, REFUSED);

/// The call layers, earliest first.
fn order() -> impl Iterator<Item = Layer> {
    Layer::ALL
        .iter()
        .copied()
        .filter(|&l| l != Layer::Classifier)
}

fn expected(l: Layer) -> (Action, ReasonCode) {
    let (code, call, _) = l.decides();
    (call.expect("a call layer"), code)
}

fn screener(with_list: bool) -> Screener {
    let row = if with_list {
        format!("{NUMBER},fraud,block,listed\n")
    } else {
        "+86171*,harassment,silence,v\n".to_string()
    };
    Screener::from_bytes(list_bundle(Metadata::new("t", "1", "CN"), &row).to_bytes()).unwrap()
}

fn run(layers: &[Layer]) -> (Action, ReasonCode) {
    let s = screener(layers.contains(&Layer::List));
    let contact = SETUP.enable(&s, layers);
    let v = s.screen_call_at(NUMBER, contact, T0).unwrap();
    (v.action, v.reasons[0].code)
}

#[test]
fn each_layer_alone_decides_as_documented() {
    for l in order() {
        assert_eq!(run(&[l]), expected(l), "{l:?} alone");
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
    let order: Vec<Layer> = order().collect();
    assert_eq!(order.len(), 9);
    for (first, second) in pairs(&order) {
        assert_eq!(
            run(&[first, second]),
            expected(first),
            "{first:?} must win over {second:?}"
        );
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
