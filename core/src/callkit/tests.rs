use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::bundle::{BundleWriter, Metadata};
use crate::lists::{BuiltLists, ListBuilder};
use crate::Category;

use ListAction::{Allow, Block, Identify, Silence};

/// A bundle from raw patterns: (E.164 digits, is a prefix, action, label);
/// digits ending in `#`s make a fixed-length pattern.
fn bundle(patterns: &[(&str, bool, ListAction, &str)]) -> Bundle {
    let mut entries: Vec<ListEntry> = Vec::new();
    let mut keys = BTreeMap::new();
    for &(digits, prefix, action, label) in patterns {
        let e = ListEntry {
            category: None,
            action,
            label: label.to_string(),
        };
        let i = match entries.iter().position(|x| *x == e) {
            Some(i) => i,
            None => {
                entries.push(e);
                entries.len() - 1
            }
        };
        let head = digits.trim_end_matches('#');
        let width = digits.len() - head.len();
        let mut k = head.as_bytes().to_vec();
        k.push(if prefix || width > 0 { b'*' } else { b'$' });
        if width > 0 {
            k.push(width as u8);
        }
        keys.insert(k, i as u64);
    }
    let mut b = fst::MapBuilder::memory();
    let patterns = keys.len();
    for (k, v) in keys {
        b.insert(k, v).unwrap();
    }
    let built = BuiltLists {
        fst: b.into_inner().unwrap(),
        entries,
        patterns,
    };
    let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
        .lists(&built)
        .to_bytes();
    Bundle::from_vec(bytes).unwrap()
}

fn options(budget: u64, batch_size: u32) -> CallKitOptions {
    CallKitOptions { budget, batch_size }
}

/// Everything an export sends, batch after batch.
#[derive(Debug, Default, PartialEq, Eq)]
struct Drained {
    block: Vec<i64>,
    identify: Vec<(i64, String)>,
    remove_block: Vec<i64>,
    remove_identify: Vec<i64>,
    batches: usize,
}

fn drain(export: &CallKitExport, batch_size: usize) -> Drained {
    let mut out = Drained::default();
    let mut cursor: Option<String> = None;
    loop {
        let b = export.next_batch(cursor.as_deref()).unwrap();
        // Up to four entries for one number (remove + add of both kinds) may overrun.
        assert!(b.len() <= batch_size.max(4), "{} > {batch_size}", b.len());
        out.batches += 1;
        out.block.extend(&b.block);
        out.identify
            .extend(b.identify.iter().map(|l| (l.number, l.label.clone())));
        out.remove_block.extend(&b.remove_block);
        out.remove_identify.extend(&b.remove_identify);
        let more = !b.is_empty();
        match b.next_cursor {
            Some(c) => {
                assert!(more, "a batch with a cursor carries something");
                cursor = Some(c);
            }
            None => break,
        }
    }
    let ascending = |v: &[i64]| v.windows(2).all(|w| w[0] < w[1]);
    assert!(ascending(&out.block));
    assert!(ascending(
        &out.identify.iter().map(|p| p.0).collect::<Vec<_>>()
    ));
    assert!(ascending(&out.remove_block));
    assert!(ascending(&out.remove_identify));
    out
}

fn full(b: Bundle, budget: u64) -> Drained {
    drain(&CallKitExport::full(b, options(budget, 5_000)), 5_000)
}

#[test]
fn numbers_come_in_numeric_not_lexicographic_order() {
    let d = full(
        bundle(&[
            ("8695588", false, Block, ""),    // 7 digits
            ("86138001380", true, Block, ""), // 13 digits, 100 numbers
            ("862155551", true, Block, ""),   // 12 digits (Shanghai), 1000 numbers
            ("1415555", true, Block, ""),     // 11 digits (NANP), 10,000 numbers
        ]),
        u64::MAX,
    );
    assert_eq!(d.block.len(), 1 + 10_000 + 1000 + 100);
    assert_eq!(d.block[0], 8695588);
    assert_eq!(d.block[1], 14155550000);
    assert_eq!(d.block[10_001], 862155551000);
    assert_eq!(*d.block.last().unwrap(), 8613800138099);
    // In key order 8613… would come before 8621… and 8695…: numeric order differs.
    let mut lexicographic: Vec<String> = d.block.iter().map(i64::to_string).collect();
    lexicographic.sort();
    assert_ne!(lexicographic[0], d.block[0].to_string());
}

#[test]
fn allow_entries_are_holes_and_longer_blocks_fill_them_again() {
    let d = full(
        bundle(&[
            ("86138001380", true, Block, ""),
            ("861380013805", true, Allow, "family"),
            ("8613800138055", false, Block, ""),
            ("8613800138099", false, Allow, "doctor"),
        ]),
        u64::MAX,
    );
    assert_eq!(d.block.len(), 100 - 10 + 1 - 1);
    assert!(!d.block.contains(&8613800138050));
    assert!(!d.block.contains(&8613800138099));
    assert!(d.block.contains(&8613800138055));
    assert!(d.block.contains(&8613800138049) && d.block.contains(&8613800138060));
    assert!(d.identify.is_empty());
}

#[test]
fn silence_becomes_identification_with_a_label() {
    let mut b = ListBuilder::new(crate::number::Region::cn());
    b.add_csv(
        "l.csv",
        "pattern,category,action,label\n\
         1700000000*,harassment,silence,virtual operator\n\
         1710000000*,fraud,identify,\n",
        ListAction::Block,
    )
    .unwrap();
    let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
        .lists(&b.build().unwrap())
        .to_bytes();
    let d = full(Bundle::from_vec(bytes).unwrap(), u64::MAX);
    assert!(
        d.block.is_empty(),
        "CallKit cannot silence; silence is never a block"
    );
    assert_eq!(d.identify.len(), 20);
    assert_eq!(
        d.identify[0],
        (8617000000000, "virtual operator".to_string())
    );
    assert_eq!(
        d.identify[10],
        (8617100000000, Category::Fraud.as_str().to_string())
    );
}

fn budget_bundle() -> Bundle {
    bundle(&[
        ("8613800000001", false, Block, "a"),
        ("8613800000002", false, Block, "a"),
        ("8613800000003", false, Block, "a"),
        ("86139000001", true, Block, "p1"), // 100 numbers
        ("86139000002", true, Block, "p2"), // 100 numbers
        ("8613600", true, Block, "broad"),  // 1,000,000 numbers
        ("861370000", true, Silence, "s"),  // 10,000 numbers
        ("8613500000000", false, Identify, "i"),
    ])
}

#[test]
fn budget_takes_severe_and_specific_patterns_first_and_reports_the_rest() {
    let export = CallKitExport::full(budget_bundle(), options(3 + 150 + 1, 64));
    let r = export.report().clone();
    let d = drain(&export, 64);
    // Exact blocks, then the first 100-number prefix; the second does not fit and cuts its
    // class; the broad block and the silence range do not fit; the identification still does.
    assert_eq!(d.block.len(), 3 + 100);
    assert!(d.block.contains(&8613900000150) && !d.block.contains(&8613900000250));
    assert_eq!(d.identify, vec![(8613500000000, "i".to_string())]);
    assert_eq!((r.block_numbers, r.identify_numbers), (103, 1));
    assert_eq!(r.over_budget_numbers, 100 + 1_000_000 + 10_000);
    assert_eq!(r.over_budget_patterns, 3);
    let named: Vec<(&str, u64)> = r
        .over_budget
        .iter()
        .map(|p| (p.pattern.as_str(), p.numbers))
        .collect();
    assert_eq!(
        named,
        vec![
            ("+86139000002*", 100),
            ("+8613600*", 1_000_000),
            ("+861370000*", 10_000)
        ]
    );
    assert_eq!(r.over_budget[0].action, Block);
    assert_eq!(r.over_budget[2].label, "s");
}

#[test]
fn nothing_is_lost_between_export_and_report() {
    let everything = CallKitExport::full(budget_bundle(), options(u64::MAX, 5_000));
    let all = everything.report().block_numbers + everything.report().identify_numbers;
    for budget in [0, 1, 3, 4, 103, 203, 10_000, 1_010_204, 2_000_000] {
        let e = CallKitExport::full(budget_bundle(), options(budget, 5_000));
        let r = e.report();
        let sent = r.block_numbers + r.identify_numbers;
        assert!(sent <= budget);
        assert_eq!(sent + r.over_budget_numbers, all, "budget {budget}");
        if budget < 50_000 {
            let d = drain(&e, 5_000);
            assert_eq!((d.block.len() + d.identify.len()) as u64, sent);
        }
    }
}

#[test]
fn unknown_lengths_and_non_numbers_are_reported_not_guessed() {
    let export = CallKitExport::full(
        bundle(&[
            ("86106", true, Block, "SMS ports"), // shared with Beijing: never guessed
            ("861", true, Identify, "Chinese 1xx"), // mobile known, 106 not
            ("8695588", false, Identify, "ICBC"), // exact: always fine
            ("861069000012345678901", true, Block, "SMS port"), // 21 digits
            ("86138001380001", true, Block, "too long"), // mobiles have 13 digits
        ]),
        options(u64::MAX, 5_000),
    );
    let r = export.report();
    let mut unknown: Vec<&str> = r
        .unknown_length
        .iter()
        .map(|p| p.pattern.as_str())
        .collect();
    unknown.sort();
    // +861* exports its numbers of known length; the 106 ports have their own entry.
    assert_eq!(unknown, vec!["+86106*"]);
    assert_eq!(r.unknown_length_patterns, 1);
    assert_eq!(r.unknown_length[0].numbers, 0);
    assert!(r.identify_numbers > 7_000_000_000, "{}", r.identify_numbers);
    assert_eq!(r.not_exportable_patterns, 2);
    let named: Vec<&str> = r
        .not_exportable
        .iter()
        .map(|p| p.pattern.as_str())
        .collect();
    assert_eq!(named, vec!["+86138001380001*", "+861069000012345678901*"]);
    let first = export.next_batch(None).unwrap();
    assert_eq!(first.identify[0].number, 8695588);
    // The smallest number of known length under +861: libphonenumber has 7-digit 101x numbers.
    assert_eq!(first.identify[1].number, 861_010_000);
    assert!(first.block.is_empty());
}

#[test]
fn bad_and_foreign_cursors_are_refused_with_a_clear_error() {
    let a = CallKitExport::full(budget_bundle(), options(1_000, 10));
    let b = CallKitExport::full(budget_bundle(), options(2_000, 10));
    let cursor = a.next_batch(None).unwrap().next_cursor.unwrap();
    assert_eq!(
        b.next_batch(Some(&cursor)).unwrap_err(),
        CallKitError::CursorMismatch
    );
    for bad in [
        "",
        "ck1",
        "ck1-zz-1",
        "ck2-00000000-1",
        "ck1-1-2-3",
        "ck1-1-",
    ] {
        let e = a.next_batch(Some(bad)).unwrap_err();
        assert_eq!(e, CallKitError::InvalidCursor, "{bad:?}");
    }
    let msg = crate::Error::from(CallKitError::CursorMismatch).chain();
    assert!(!msg.chars().any(|c| c.is_ascii_digit()), "{msg}");
}

#[test]
fn debug_output_shows_no_numbers() {
    let e = CallKitExport::full(budget_bundle(), options(100, 10));
    let batch = e.next_batch(None).unwrap();
    let text = format!("{batch:?} {e:?} {:?}", batch.identify);
    assert!(!text.contains("138"), "{text}");
}

#[test]
fn the_default_bundle_exports_its_exact_numbers_and_reports_its_ranges() {
    let export = CallKitExport::full(
        Bundle::from_static(crate::DEFAULT_BUNDLE).unwrap(),
        CallKitOptions::default(),
    );
    let r = export.report().clone();
    let d = drain(&export, DEFAULT_BATCH_SIZE as usize);
    assert!(d.block.is_empty(), "the default lists block nothing");
    assert!(d
        .identify
        .iter()
        .any(|(n, l)| *n == 8695588 && l.contains("ICBC")));
    // Five silence ranges of 10^8 and two identify ranges of 10^7: all over budget.
    assert!(r.over_budget_numbers >= 5 * 100_000_000 + 2 * 10_000_000);
    assert!(r.over_budget.iter().any(|p| p.pattern == "+86170*"));
    assert_eq!(d.identify.len() as u64, r.identify_numbers);
}

/// Small length rules, so that a brute force can try every number.
fn test_rules() -> &'static LengthRules {
    static RULES: std::sync::LazyLock<LengthRules> =
        std::sync::LazyLock::new(|| LengthRules::parse("1\t?\t2=F3\t3=F34\t30=?\t4=F2\n").unwrap());
    &RULES
}

/// What CallKit should hold for each number, by asking `lookup` about every number.
fn brute(b: &Bundle) -> BTreeMap<i64, State<'_>> {
    let rules = test_rules();
    let mut out = BTreeMap::new();
    let mut s = String::new();
    for len in 1..=5u32 {
        for rest in 0..10u64.pow(len - 1) {
            s.clear();
            s.push('1');
            if len > 1 {
                s.push_str(&format!("{rest:0w$}", w = (len - 1) as usize));
            }
            let Some(m) = b.lists().lookup(&s) else {
                continue;
            };
            let valid = m.exact
                || m.width > 0
                || rules
                    .lengths_of(s.as_bytes())
                    .is_some_and(|mask| mask & (1 << s.len()) != 0);
            let state = match m.entry.action {
                _ if !valid => continue,
                Allow => continue,
                Block => State::Block,
                Silence | Identify => State::Identify(label_of(m.entry)),
            };
            out.insert(s.parse().unwrap(), state);
        }
    }
    out
}

fn arb_lists() -> impl Strategy<Value = Vec<(String, bool, ListAction, String)>> {
    let action = prop_oneof![Just(Block), Just(Silence), Just(Allow), Just(Identify)];
    // Fixed-length patterns stay within the five digits the brute force tries.
    let digits = prop_oneof![3 => "1[2-4]?[0-3]{0,3}", 1 => "1[0-3]{0,2}#{1,2}"];
    proptest::collection::vec((digits, any::<bool>(), action, "[ab]"), 0..12)
}

fn raw_bundle(p: &[(String, bool, ListAction, String)]) -> Bundle {
    let v: Vec<(&str, bool, ListAction, &str)> = p
        .iter()
        .map(|(d, pre, a, l)| (d.as_str(), *pre, *a, l.as_str()))
        .collect();
    bundle(&v)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn full_and_incremental_exports_equal_brute_force(
        old in arb_lists(), new in arb_lists(), batch in 1u32..40, budget in 0u64..3000,
    ) {
        let rules = test_rules();
        let (old_b, new_b) = (raw_bundle(&old), raw_bundle(&new));
        let (want_old, want_new) = (brute(&old_b), brute(&new_b));

        let full = CallKitExport::make(raw_bundle(&new), None, options(u64::MAX, batch), rules);
        let got = drain(&full, batch as usize);
        let want_block: Vec<i64> = want_new.iter().filter(|(_, s)| **s == State::Block).map(|(n, _)| *n).collect();
        let want_identify: Vec<(i64, String)> = want_new.iter().filter_map(|(n, s)| match s {
            State::Identify(l) => Some((*n, l.to_string())),
            _ => None,
        }).collect();
        prop_assert_eq!(&got.block, &want_block);
        prop_assert_eq!(&got.identify, &want_identify);
        prop_assert!(got.remove_block.is_empty() && got.remove_identify.is_empty());

        let inc = CallKitExport::make(raw_bundle(&new), Some(raw_bundle(&old)), options(u64::MAX, batch), rules);
        let got = drain(&inc, batch as usize);
        fn state<'a>(m: &BTreeMap<i64, State<'a>>, n: &i64) -> State<'a> {
            m.get(n).copied().unwrap_or(State::Nothing)
        }
        let numbers: std::collections::BTreeSet<i64> = want_old.keys().chain(want_new.keys()).copied().collect();
        let (mut rb, mut ri, mut ab, mut ai) = (vec![], vec![], vec![], vec![]);
        for n in numbers {
            let (o, w) = (state(&want_old, &n), state(&want_new, &n));
            if o == w { continue; }
            if o == State::Block { rb.push(n); }
            if matches!(o, State::Identify(_)) { ri.push(n); }
            if w == State::Block { ab.push(n); }
            if let State::Identify(l) = w { ai.push((n, l.to_string())); }
        }
        prop_assert_eq!(got.remove_block, rb);
        prop_assert_eq!(got.remove_identify, ri);
        prop_assert_eq!(got.block, ab);
        prop_assert_eq!(got.identify, ai);

        // Under a budget: a subset of the full export, within budget, nothing unaccounted.
        let cut = CallKitExport::make(raw_bundle(&new), None, options(budget, batch), rules);
        let r = cut.report().clone();
        let got = drain(&cut, batch as usize);
        let sent = (got.block.len() + got.identify.len()) as u64;
        prop_assert!(sent <= budget);
        prop_assert_eq!(sent, r.block_numbers + r.identify_numbers);
        prop_assert_eq!(sent + r.over_budget_numbers, want_new.len() as u64);
        prop_assert!(got.block.iter().all(|n| want_new.get(n) == Some(&State::Block)));

        // Incremental under that budget: applying the delta to the old full load, the way
        // CallKit does (removing what is absent or adding what is present fails), gives the new.
        let load = |b: Bundle, prev: Option<Bundle>| {
            drain(&CallKitExport::make(b, prev, options(budget, batch), rules), batch as usize)
        };
        let (was, now) = (load(raw_bundle(&old), None), load(raw_bundle(&new), None));
        let delta = load(raw_bundle(&new), Some(raw_bundle(&old)));
        let mut block: std::collections::BTreeSet<i64> = was.block.into_iter().collect();
        for n in delta.remove_block { prop_assert!(block.remove(&n)); }
        for n in delta.block { prop_assert!(block.insert(n)); }
        prop_assert_eq!(block.into_iter().collect::<Vec<_>>(), now.block);
        let mut labels: BTreeMap<i64, String> = was.identify.into_iter().collect();
        for n in delta.remove_identify { prop_assert!(labels.remove(&n).is_some()); }
        for (n, l) in delta.identify { prop_assert!(labels.insert(n, l).is_none()); }
        prop_assert_eq!(labels.into_iter().collect::<Vec<_>>(), now.identify);
    }
}

#[test]
fn fixed_length_patterns_export_exactly_their_numbers() {
    let export = CallKitExport::full(
        bundle(&[
            ("33162######", true, Block, "telemarketing"), // a million 11-digit numbers
            ("331621234##", true, Allow, "hole"),          // a hundred taken back
            ("3316212345", true, Block, "open"),           // * at depth 10 owns 11-digit ones
            ("4930#######", true, Block, "Berlin 7"),      // DE, where lengths vary
        ]),
        options(u64::MAX, 100_000),
    );
    let d = drain(&export, 100_000);
    assert!(d.block.windows(2).all(|w| w[0] < w[1]));
    let fr: Vec<i64> = d
        .block
        .iter()
        .copied()
        .filter(|n| n / 1_000_000 == 33162)
        .collect();
    assert_eq!(fr.len(), 1_000_000 - 100 + 10);
    assert_eq!(fr[0], 33_162_000_000);
    assert!(!fr.contains(&33_162_123_400) && fr.contains(&33_162_123_450));
    let de = d
        .block
        .iter()
        .filter(|n| (49_300_000_000..49_310_000_000).contains(*n))
        .count();
    assert_eq!(de, 10_000_000);
    assert_eq!(export.report().block_numbers, d.block.len() as u64);
    assert_eq!(export.report().unknown_length_patterns, 0);
}

/// The plan's cuts by the rule itself: every pattern with numbers in walk
/// order, then class by class, greedily (what one walk per class computed).
fn reference_cuts(b: &Bundle, rules: &LengthRules, budget: u64) -> Vec<u64> {
    let list = b.lists();
    let mut seq: Vec<(usize, u64)> = Vec::new();
    plan::each_pattern(list, rules, &mut |_, owner, count, _| {
        if let Some(c) = class_of(list.entry(owner.value).unwrap().action, owner) {
            if count > 0 {
                seq.push((c, count));
            }
        }
    });
    let mut cuts = vec![u64::MAX; plan::CLASSES];
    let mut left = budget;
    for (c, cut) in cuts.iter_mut().enumerate() {
        let counts: Vec<u64> = seq.iter().filter(|e| e.0 == c).map(|e| e.1).collect();
        let total: u64 = counts.iter().sum();
        if total <= left {
            left -= total;
            continue;
        }
        let mut used = 0;
        let k = counts
            .iter()
            .position(|&n| {
                let fits = used + n <= left;
                if fits {
                    used += n;
                }
                !fits
            })
            .unwrap();
        *cut = k as u64;
        left -= used;
    }
    cuts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The two-walk cuts equal the greedy rule, also when the running sums
    /// of a class outgrow their buffer (a cap of 1 or 2 forces the fallback walk).
    #[test]
    fn plan_cuts_equal_the_greedy_rule(
        p in arb_lists(), budget in 0u64..3000, pick in 0usize..16, delta in 0u64..3, cap in 1usize..4,
    ) {
        let b = raw_bundle(&p);
        let rules = test_rules();
        let list = b.lists();
        let class = |o: Owner| class_of(list.entry(o.value)?.action, o);
        let mut totals = [0u64; plan::CLASSES];
        let mut counts = Vec::new();
        plan::each_pattern(list, rules, &mut |_, o, n, _| {
            if let Some(c) = class(o) { totals[c] += n; if n > 0 { counts.push((c, n)); } }
        });
        // Budgets on the edges: a sum of some patterns' counts, give or take one.
        counts.sort_by_key(|e| e.0);
        let edge: u64 = counts.iter().take(pick).map(|e| e.1).sum::<u64>();
        let budget = if pick % 2 == 0 { budget } else { (edge + delta).saturating_sub(1) };
        let want = reference_cuts(&b, rules, budget);
        for cap in [cap, 1 << 16] {
            let got = plan::cut_ordinals(list, rules, &class, &totals, budget, cap);
            prop_assert_eq!(&got, &want, "cap {}", cap);
        }
    }
}

/// A class after the first one over budget that fits exactly in what is left:
/// 3 exact blocks, then 100 + 100 of a 100-number block class of 300 (cut at
/// the third pattern, leaving 90), then a silence range of exactly 90 (in)
/// and one of 100 (out). Every budget around those edges agrees with the rule.
#[test]
fn a_later_class_can_fill_what_is_left_exactly() {
    let mk = || {
        bundle(&[
            ("8613800000001", false, Block, "a"),
            ("8613800000002", false, Block, "a"),
            ("8613800000003", false, Block, "a"),
            ("86139000001", true, Block, "p1"),
            ("86139000002", true, Block, "p2"),
            ("86139000003", true, Block, "p3"),
            ("86137000001", true, Silence, "s1"),
            ("861370000010", true, Allow, "hole"), // s1: 90 numbers
            ("86137000002", true, Silence, "s2"),
        ])
    };
    let b = mk();
    let e = CallKitExport::full(mk(), options(3 + 290, 5_000));
    let r = e.report();
    assert_eq!((r.block_numbers, r.identify_numbers), (203, 90));
    assert_eq!(r.over_budget_patterns, 2);
    let rules = LengthRules::builtin();
    let list = b.lists();
    let class = |o: Owner| class_of(list.entry(o.value)?.action, o);
    let mut totals = [0u64; plan::CLASSES];
    plan::each_pattern(list, rules, &mut |_, o, n, _| {
        if let Some(c) = class(o) {
            totals[c] += n;
        }
    });
    let edges = [0, 3, 103, 203, 293, 303, 383, 393, 403, 493, 10_000];
    for budget in edges
        .iter()
        .flat_map(|&e: &u64| e.saturating_sub(1)..=e + 1)
    {
        let want = reference_cuts(&b, rules, budget);
        for cap in [1, 2, 1 << 16] {
            let got = plan::cut_ordinals(list, rules, &class, &totals, budget, cap);
            assert_eq!(got, want, "budget {budget} cap {cap}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The cuts read off the totals walk's running sums equal the greedy rule,
    /// or are refused when a buffer ran full too soon (a cap of 1 to 3).
    #[test]
    fn cuts_from_running_sums_equal_the_greedy_rule_or_are_refused(
        p in arb_lists(), budget in 0u64..3000, cap in 1usize..4,
    ) {
        let b = raw_bundle(&p);
        let rules = test_rules();
        let list = b.lists();
        let want = reference_cuts(&b, rules, budget);
        for cap in [cap, usize::MAX] {
            let mut totals = [0u64; plan::CLASSES];
            let mut sums = vec![Vec::new(); plan::CLASSES];
            plan::each_pattern(list, rules, &mut |_, o, n, _| {
                let Some(c) = class_of(list.entry(o.value).unwrap().action, o) else { return };
                totals[c] += n;
                plan::keep_sum(&mut sums[c], totals[c], n, budget, cap);
            });
            match plan::cuts_from_sums(&totals, &sums, budget) {
                Some(got) => prop_assert_eq!(&got, &want, "cap {}", cap),
                None => prop_assert!(cap < usize::MAX, "refused without a cap"),
            }
        }
    }
}
