//! CallKit exports of real-shaped country lists: fixed-length and prefix
//! patterns in FR, DE, GB, US and IT, and the French telemarketing ranges
//! (803 patterns, 14,951,000 numbers) exported exactly.

mod support;

use burao_core::bundle::{Bundle, Metadata};
use burao_core::callkit::{CallKitExport, CallKitOptions};
use burao_core::lists::PrefixList;
use burao_core::number::{normalize, Region};
use support::list_bundle;

fn bundle(region: &str, csv: &str) -> Bundle {
    Bundle::from_vec(list_bundle(Metadata::new("t", "1", region), csv).to_bytes()).unwrap()
}

/// Streams the whole export: (count, first, last), checking strict ascent.
fn stream(export: &CallKitExport) -> (u64, i64, i64) {
    let (mut count, mut first, mut last) = (0u64, -1i64, -1i64);
    let mut cursor: Option<String> = None;
    loop {
        let batch = export.next_batch(cursor.as_deref()).unwrap();
        for &n in &batch.block {
            assert!(n > last, "not ascending");
            if first < 0 {
                first = n;
            }
            last = n;
            count += 1;
        }
        match batch.next_cursor {
            Some(c) => cursor = Some(c),
            None => return (count, first, last),
        }
    }
}

fn options(budget: u64) -> CallKitOptions {
    CallKitOptions {
        budget,
        batch_size: 1_000_000,
    }
}

/// 803 disjoint French ranges in the shape ARCEP publishes (`33162######`):
/// 10 of a million, 40 of 100,000, 22 of 10,000 and 731 of 1,000 numbers.
fn french_ranges() -> String {
    let mut csv = String::new();
    for d in 0..10 {
        csv.push_str(&format!("+33 16{d} ######,other_promo,block,demarchage\n"));
    }
    for d in 0..40 {
        csv.push_str(&format!(
            "02 7{} {} ## ## #,other_promo,block,demarchage\n",
            d / 10,
            d % 10
        ));
    }
    for d in 0..22 {
        csv.push_str(&format!("+3337 0{d:02}####,other_promo,block,demarchage\n"));
    }
    for d in 0..731 {
        csv.push_str(&format!("0 48{d:04}###,other_promo,block,demarchage\n"));
    }
    csv
}

#[test]
fn french_telemarketing_ranges_export_exactly_and_screen_by_length() {
    let csv = french_ranges();
    assert_eq!(csv.lines().count(), 803);
    let b = bundle("FR", &csv);
    assert_eq!(b.lists().len(), 803);
    let export = CallKitExport::full(b, options(20_000_000));
    let r = export.report();
    assert_eq!(r.block_numbers, 14_951_000);
    assert_eq!(
        (
            r.unknown_length_patterns,
            r.over_budget_patterns,
            r.not_exportable_patterns
        ),
        (0, 0, 0)
    );
    let (count, first, last) = stream(&export);
    assert_eq!(count, 14_951_000);
    assert_eq!(first, 33_160_000_000);
    assert_eq!(last, 33_480_730_999);

    // Screening: the right length is blocked, wrong lengths are not.
    let b = bundle("FR", &csv);
    let fr = Region::parse("FR").unwrap();
    let hit = |s: &str| {
        b.lists()
            .lookup(normalize(s, &fr).unwrap().digits())
            .is_some()
    };
    assert!(hit("01 62 12 34 56"));
    assert!(hit("+33 2 70 99 99 99"));
    assert!(!hit("01 62 12 34 5"));
    assert!(!hit("01 62 12 34 567"));
    assert!(!hit("01 59 12 34 56"));
}

fn count_of(region: &str, csv: &str, budget: u64) -> (u64, u64) {
    let export = CallKitExport::full(bundle(region, csv), options(budget));
    let (count, _, _) = stream(&export);
    assert_eq!(count, export.report().block_numbers);
    (count, export.report().unknown_length_patterns)
}

#[test]
fn prefix_and_fixed_patterns_in_several_countries() {
    // France: every number has 9 national digits.
    assert_eq!(count_of("FR", "01 62 12 34 *\n", u64::MAX), (100, 0));
    assert_eq!(count_of("FR", "01 62 12 34 #\n", u64::MAX), (10, 0));
    // Germany: Berlin fixed lines have 5 to 15 national digits by the data
    // (E.164 stops at 13 after +49), so a prefix expands to every length from
    // the prefix itself up; a fixed-length pattern to one.
    let (n, _) = count_of("DE", "030 1234 *\n", u64::MAX);
    assert_eq!(n, (0..=7).map(|k| 10u64.pow(k)).sum::<u64>());
    assert_eq!(count_of("DE", "030 1234 ###\n", u64::MAX), (1000, 0));
    // Mobile 017x: 10 or 11 national digits, and its voicemail numbers 12 or 13.
    assert_eq!(count_of("DE", "0171 123 45*\n", u64::MAX), (111_100, 0));
    // Great Britain: 10 national digits.
    assert_eq!(count_of("GB", "020 7946 00*\n", u64::MAX), (100, 0));
    assert_eq!(count_of("GB", "+44 20 7946 0###\n", u64::MAX), (1000, 0));
    // US: 10 national digits.
    assert_eq!(count_of("US", "(415) 555-26*\n", u64::MAX), (100, 0));
    assert_eq!(count_of("US", "+1 415 555 26##\n", u64::MAX), (100, 0));
    // Italy: the leading 0 stays part of the number.
    assert_eq!(count_of("IT", "06 1234 ####\n", u64::MAX), (10_000, 0));
    // Mobiles under 31: 10 national digits.
    assert_eq!(count_of("IT", "312 345 67*\n", u64::MAX), (100, 0));
}

#[test]
fn fixed_length_bundles_are_version_2_and_others_stay_version_1() {
    let fixed = bundle("FR", "+33 162 ######\n");
    let open = bundle("FR", "+33 162 *\n");
    assert_eq!(
        u32::from_le_bytes(fixed.bytes()[8..12].try_into().unwrap()),
        2
    );
    assert_eq!(
        u32::from_le_bytes(open.bytes()[8..12].try_into().unwrap()),
        1
    );
    // What an app reads through bundleInfo.
    assert_eq!(
        (fixed.info().format_version, open.info().format_version),
        (2, 1)
    );
    let l: &PrefixList<_> = fixed.lists();
    assert!(l.has_fixed_length());
}
