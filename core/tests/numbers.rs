//! Numbers everywhere: conformance with libphonenumber over 40 regions, round
//! trips in every region, and the errors and kinds the dialling data gives.

use burao_core::number::{check_length, normalize, NumberError, NumberKind, NumberType, Region};

const FIXTURE: &str = include_str!("../../fixtures/numbers/conformance.tsv");
const EVERY_REGION: &str = include_str!("../../fixtures/numbers/every-region.tsv");

fn cases() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    rows(FIXTURE)
}

fn rows(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut c = l.split('\t');
            (c.next().unwrap(), c.next().unwrap(), c.next().unwrap())
        })
}

/// Reads every `(region, spelling, canonical digits)` row; prints the score and
/// the first misses under `what`. Returns the share read right, the regions
/// seen and the number of rows.
fn score(
    what: &str,
    rows: impl Iterator<Item = (&'static str, &'static str, &'static str)>,
) -> (f64, usize, usize) {
    let (mut hit, mut total) = (0usize, 0usize);
    let mut regions = std::collections::BTreeSet::new();
    let mut misses = Vec::new();
    for (region, spelling, want) in rows {
        regions.insert(region);
        total += 1;
        match normalize(spelling, &Region::parse(region).unwrap()) {
            Ok(k) if k.digits() == want => hit += 1,
            got => misses.push(format!("{region} {spelling:?}: {got:?} (want {want})")),
        }
    }
    let score = hit as f64 / total as f64;
    println!(
        "{what}: {hit}/{total} = {score:.4} over {} regions",
        regions.len()
    );
    for m in misses.iter().take(40) {
        println!("  miss {m}");
    }
    (score, regions.len(), total)
}

#[test]
fn conformance_with_libphonenumber_is_at_least_99_percent() {
    let (score, regions, total) = score("conformance", cases());
    assert!(regions >= 40 && total >= 2000);
    assert!(score >= 0.99, "conformance {score:.4} < 0.99");
}

#[test]
fn national_and_international_forms_read_right_in_every_region() {
    let (score, regions, _) = score("every region", rows(EVERY_REGION));
    // Two regions of the data have no example number to start from.
    assert!(regions >= 240 && Region::supported().len() == 245);
    assert!(score >= 0.99, "{score:.4}");
}

#[test]
fn canonical_numbers_read_back_in_every_region() {
    let all: std::collections::BTreeSet<&str> = cases().map(|(_, _, want)| want).collect();
    for code in Region::supported() {
        let r = Region::parse(code).unwrap();
        for want in &all {
            let k = normalize(&format!("+{want}"), &r).unwrap();
            assert_eq!(k.digits(), *want, "{code}");
            // And once more: canonical digits are a fixed point.
            let again = normalize(&format!("+{}", k.digits()), &r).unwrap();
            assert_eq!(again, k);
        }
    }
}

#[test]
fn every_region_reads_its_own_national_and_idd_forms() {
    // Every region of the data parses and reads a number of another region dialled
    // with its own international prefix's plainest form.
    let mut regions = 0;
    for code in Region::supported() {
        let r = Region::parse(code).unwrap();
        regions += 1;
        assert_eq!(
            normalize("+33 1 23 45 67 89", &r).unwrap().digits(),
            "33123456789"
        );
    }
    assert!(regions >= 240, "{regions}");
    for (region, text, want) in [
        ("IT", "06 1234 5678", "390612345678"),
        ("IT", "+39 06 1234 5678", "390612345678"),
        ("SM", "0549 886377", "3780549886377"),
        ("VA", "06 698 12345", "390669812345"),
        ("BR", "(11) 96123-4567", "5511961234567"),
        ("ES", "00 86 138 0013 8000", "8613800138000"),
    ] {
        let r = Region::parse(region).unwrap();
        assert_eq!(normalize(text, &r).unwrap().digits(), want, "{region}");
    }
}

#[test]
fn errors_name_the_region_and_the_impossible_length_without_the_number() {
    let e = Region::parse("ZZ").unwrap_err();
    assert!(matches!(e, NumberError::UnknownRegion(_)));
    assert!(e.to_string().contains("ZZ"), "{e}");
    let e = Region::parse("not a code at all").unwrap_err();
    assert!(!e.to_string().contains("not a code"), "{e}");
    let fr = Region::parse("FR").unwrap();
    let long = normalize("01 23 45 67 89 01", &fr).unwrap();
    let e = check_length(&long).unwrap_err();
    assert!(matches!(
        e,
        NumberError::ImpossibleLength {
            calling_code: 33,
            max: 9
        }
    ));
    let text = e.to_string();
    assert!(
        text.contains("+33") && text.contains('9') && !text.contains("12345"),
        "{text}"
    );
    assert!(check_length(&normalize("01 23 45 67 89", &fr).unwrap()).is_ok());
    // SMS ports run long and stay allowed.
    let cn = Region::cn();
    assert!(check_length(&normalize("10690000123456789012", &cn).unwrap()).is_ok());
}

#[test]
fn kinds_and_types_come_from_the_data() {
    let cn = Region::cn();
    let kind = |s: &str| normalize(s, &cn).unwrap().kind();
    // Beijing landlines, whatever their first subscriber digit.
    assert_eq!(kind("010-6512-3456"), NumberKind::Landline);
    assert_eq!(kind("+86 10 6512 3456"), NumberKind::Landline);
    assert_eq!(kind("010-8765-4321"), NumberKind::Landline);
    // Bare 106…: a bulk-SMS port.
    assert_eq!(kind("1065123456"), NumberKind::SmsPort);
    assert_eq!(kind("10690000123456"), NumberKind::SmsPort);
    assert_eq!(kind("13800138000"), NumberKind::Mobile);
    assert_eq!(kind("17012345678"), NumberKind::VirtualMobile);
    assert_eq!(kind("0755 8888 9999"), NumberKind::Landline);
    assert_eq!(kind("400-810-8888"), NumberKind::CallCentre);
    assert_eq!(kind("95588"), NumberKind::ServiceNumber);
    assert_eq!(kind("10086"), NumberKind::ShortCode);
    let ty = |s: &str, r: &str| {
        normalize(s, &Region::parse(r).unwrap())
            .unwrap()
            .number_type()
    };
    assert_eq!(ty("020 7946 0000", "GB"), NumberType::FixedLine);
    assert_eq!(ty("07911 123456", "GB"), NumberType::Mobile);
    assert_eq!(ty("0800 123 4567", "GB"), NumberType::TollFree);
    assert_eq!(ty("(415) 555-2671", "US"), NumberType::FixedLineOrMobile);
    assert_eq!(ty("1-800-555-0199", "US"), NumberType::TollFree);
    assert_eq!(ty("030 1234567", "DE"), NumberType::FixedLine);
    assert_eq!(ty("0151 23456789", "DE"), NumberType::Mobile);
    assert_eq!(ty("06 1234 5678", "IT"), NumberType::FixedLine);
    assert_eq!(ty("312 345 6789", "IT"), NumberType::Mobile);
    assert_eq!(ty("0900 123456", "NL"), NumberType::PremiumRate);
    assert_eq!(ty("010 6512 3456", "CN"), NumberType::FixedLine);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
    /// Whatever a national or international spelling reads as, its canonical
    /// digits read back as themselves (no prefix lost on each reading).
    #[test]
    fn canonical_digits_are_a_fixed_point(
        region in proptest::sample::select(vec!["CN", "JP", "GB", "IT", "BR", "US", "AR", "SM", "AU", "RU", "MX", "DE"]),
        plus in proptest::prelude::any::<bool>(),
        digits in "[0-9]{3,16}",
    ) {
        let r = Region::parse(region).unwrap();
        let text = if plus { format!("+{digits}") } else { digits };
        if let Ok(k) = normalize(&text, &r) {
            let again = normalize(&format!("+{}", k.digits()), &r).unwrap();
            proptest::prop_assert_eq!(again.digits(), k.digits());
        }
    }
}

/// Found by the property above: a US national reading that strips the trunk
/// `1` from an impossible number must not strip once more when read back.
#[test]
fn an_impossible_us_number_reads_back_as_itself() {
    let us = Region::parse("US").unwrap();
    let k = normalize("110000000000", &us).unwrap();
    let again = normalize(&format!("+{}", k.digits()), &us).unwrap();
    assert_eq!(again.digits(), k.digits());
}
