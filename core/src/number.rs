//! Phone-number normalisation: one canonical key for every way a number is written.
//!
//! The key is the E.164 digit string without the `+` (`8613800138000`). National
//! forms get the region's calling code, so service and short codes (`10086`,
//! `95588`, `1069…` SMS ports) live in the same key space as everything else.
//!
//! # Example
//! ```
//! use burao_core::number::{normalize, Region};
//! let cn = Region::parse("CN").unwrap();
//! assert_eq!(normalize("+86 138-0013-8000", &cn).unwrap().digits(), "8613800138000");
//! assert_eq!(normalize("021-5555-1234", &cn).unwrap().digits(), "862155551234");
//! assert_eq!(normalize("tel:10086;phone-context=x", &cn).unwrap().digits(), "8610086");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// E.164 allows at most 15 digits including the calling code.
pub const MAX_E164_DIGITS: usize = 15;
/// Chinese SMS ports (`106…`) are not E.164 numbers and run longer; this caps them.
pub const MAX_SMS_PORT_DIGITS: usize = 22;
/// Numbers longer than this (separators included) are rejected.
pub const MAX_INPUT_CHARS: usize = 64;
/// Whole inputs (a `tel:` URI with its parameters) longer than this are rejected unread.
pub const MAX_URI_BYTES: usize = 1024;

static CALLING_CODES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    data_lines(include_str!("../data/calling_codes.tsv"))
        .map(|cols| (cols[0], cols.get(1).copied().unwrap_or("")))
        .collect()
});

static REGIONS: LazyLock<Vec<Region>> = LazyLock::new(|| {
    data_lines(include_str!("../data/regions.tsv"))
        .map(|c| Region {
            code: c[0],
            calling_code: c[1],
            intl_prefixes: c[2].split(',').collect(),
            trunk_prefix: if c[3] == "-" { "" } else { c[3] },
        })
        .collect()
});

fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// Dialling conventions of one region (from `data/regions.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    code: &'static str,
    calling_code: &'static str,
    intl_prefixes: Vec<&'static str>,
    trunk_prefix: &'static str,
}

impl Region {
    /// Looks up a region by its ISO 3166 code (case-insensitive).
    ///
    /// # Example
    /// ```
    /// let us = burao_core::number::Region::parse("us").unwrap();
    /// assert_eq!(us.calling_code(), "1");
    /// ```
    pub fn parse(code: &str) -> Result<Region, NumberError> {
        REGIONS
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
            .cloned()
            .ok_or(NumberError::UnknownRegion)
    }

    /// The default region, China.
    pub fn cn() -> Region {
        Region::parse("CN").expect("CN is in regions.tsv")
    }

    /// ISO 3166 code, e.g. `CN`.
    pub fn code(&self) -> &str {
        self.code
    }

    /// Country calling code digits, e.g. `86`.
    pub fn calling_code(&self) -> &str {
        self.calling_code
    }

    /// All supported region codes.
    pub fn supported() -> Vec<&'static str> {
        REGIONS.iter().map(|r| r.code).collect()
    }
}

/// Why a string is not a phone number. Messages never repeat the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberError {
    /// Nothing but separators.
    Empty,
    /// A letter or symbol that has no place in a number.
    InvalidCharacter,
    /// `+` anywhere but at the start, or more than once.
    MisplacedPlus,
    /// More digits than any number can have.
    TooLong,
    /// The number after the calling code is empty.
    TooShort,
    /// `+` or an international prefix followed by no assigned calling code.
    UnknownCallingCode,
    /// The region is not in the region table.
    UnknownRegion,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberError::Empty => "the number is empty",
            NumberError::InvalidCharacter => {
                "the number contains a character that is not a digit, '+' or a separator"
            }
            NumberError::MisplacedPlus => "'+' may appear once, at the start of the number",
            NumberError::TooLong => "the number has more digits than a phone number can have",
            NumberError::TooShort => "the number has no digits after the calling code",
            NumberError::UnknownCallingCode => "the number starts with no assigned calling code",
            NumberError::UnknownRegion => "unknown region code",
        })
    }
}

impl std::error::Error for NumberError {}

/// A normalised number: E.164 digits without `+`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneKey {
    digits: String,
    cc_len: u8,
}

impl PhoneKey {
    /// All digits, calling code first.
    pub fn digits(&self) -> &str {
        &self.digits
    }
    /// The country calling code.
    pub fn calling_code(&self) -> &str {
        &self.digits[..self.cc_len as usize]
    }
    /// The national significant number.
    pub fn national(&self) -> &str {
        &self.digits[self.cc_len as usize..]
    }
    /// What kind of number this is (mobile, landline, SMS port, …).
    pub fn kind(&self) -> NumberKind {
        NumberKind::of(self)
    }
}

// Phone numbers are personal data: Debug shows only the shape.
impl fmt::Debug for PhoneKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PhoneKey(+{} and {} digits)",
            self.calling_code(),
            self.national().len()
        )
    }
}

/// Normalises a full number (no `*`) in `region`.
pub fn normalize(input: &str, region: &Region) -> Result<PhoneKey, NumberError> {
    let key = normalize_digits(input, region)?;
    if key.national().len() < 3 {
        return Err(NumberError::TooShort);
    }
    Ok(key)
}

/// Normalises a pattern prefix (the part before `*`): like [`normalize`], but
/// any length of national part is accepted, even none (`+86*`).
pub fn normalize_prefix(input: &str, region: &Region) -> Result<PhoneKey, NumberError> {
    normalize_digits(input, region)
}

fn normalize_digits(input: &str, region: &Region) -> Result<PhoneKey, NumberError> {
    // Bound the work first; a tel: URI may carry long parameters we then drop.
    if input.len() > MAX_URI_BYTES {
        return Err(NumberError::TooLong);
    }
    let mut s = input.trim();
    let mut counted = input;
    if s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("tel:")) {
        s = &s[4..];
        s = s.split(';').next().unwrap_or("");
        counted = s;
    }
    if counted.chars().count() > MAX_INPUT_CHARS {
        return Err(NumberError::TooLong);
    }
    let (plus, digits) = scan(s)?;
    if digits.is_empty() {
        return Err(NumberError::Empty);
    }
    let (cc, national) = if plus {
        split_calling_code(&digits)?
    } else if let Some(rest) = region
        .intl_prefixes
        .iter()
        .find_map(|p| digits.strip_prefix(p))
    {
        split_calling_code(rest)?
    } else {
        let national = if region.trunk_prefix.is_empty() {
            &digits[..]
        } else {
            digits.strip_prefix(region.trunk_prefix).unwrap_or(&digits)
        };
        (region.calling_code, national)
    };
    // `+86 021…` and `+86 (0)21…`: a trunk prefix kept after the calling code.
    // Only one, and not when another 0 follows: otherwise the canonical digits
    // of `+81 0 0…` would lose a further 0 each time they are read again.
    let national = match REGIONS
        .iter()
        .find(|r| r.calling_code == cc && r.trunk_prefix == "0")
    {
        Some(_) => national
            .strip_prefix('0')
            .filter(|rest| !rest.starts_with('0'))
            .unwrap_or(national),
        None => national,
    };
    let total = cc.len() + national.len();
    let max = if cc == "86" && national.starts_with("106") {
        MAX_SMS_PORT_DIGITS
    } else {
        MAX_E164_DIGITS
    };
    if total > max {
        return Err(NumberError::TooLong);
    }
    let mut out = String::with_capacity(total);
    out.push_str(cc);
    out.push_str(national);
    Ok(PhoneKey {
        digits: out,
        cc_len: cc.len() as u8,
    })
}

/// Keeps digits, reads one leading `+`, drops separators and `(0)`.
fn scan(s: &str) -> Result<(bool, String), NumberError> {
    let mut plus = false;
    let mut digits = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().map(fold_width).collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '0'..='9' => digits.push(c),
            '+' => {
                if plus || !digits.is_empty() {
                    return Err(NumberError::MisplacedPlus);
                }
                plus = true;
            }
            '(' if plus && chars.get(i + 1) == Some(&'0') && chars.get(i + 2) == Some(&')') => {
                i += 2;
            }
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\u{3000}' | '\u{2010}'..='\u{2015}' => {
            }
            _ => return Err(NumberError::InvalidCharacter),
        }
        if digits.len() > MAX_INPUT_CHARS {
            return Err(NumberError::TooLong);
        }
        i += 1;
    }
    Ok((plus, digits))
}

/// Full-width digits, plus and parentheses to ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{ff10}'..='\u{ff19}'
        | '\u{ff0b}'
        | '\u{ff08}'
        | '\u{ff09}'
        | '\u{ff0d}'
        | '\u{ff0e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

fn split_calling_code(digits: &str) -> Result<(&str, &str), NumberError> {
    // The code set is prefix-free, so the first hit is the only one.
    (1..=3)
        .filter(|&n| n <= digits.len())
        .find_map(|n| CALLING_CODES.get_key_value(&digits[..n]).map(|(k, _)| *k))
        .map(|cc| (cc, &digits[cc.len()..]))
        .ok_or(NumberError::UnknownCallingCode)
}

/// True if `cc` is an assigned country calling code.
pub fn is_calling_code(cc: &str) -> bool {
    CALLING_CODES.contains_key(cc)
}

/// The shape of a number, as far as the digits tell (Chinese plan in detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberKind {
    /// A Chinese mobile number (11 digits starting with 1).
    Mobile,
    /// A Chinese mobile number in a virtual-operator range (162/165/167/170/171).
    VirtualMobile,
    /// A fixed line.
    Landline,
    /// 400/800 national call-centre numbers.
    CallCentre,
    /// Five-digit 95xxx / 96xxx service numbers (banks, carriers, airlines).
    ServiceNumber,
    /// `106…` bulk-SMS ports.
    SmsPort,
    /// Other short codes (`10086`, `12306`, `110`).
    ShortCode,
    /// Any number outside China.
    Foreign,
    /// Anything else.
    Other,
}

impl NumberKind {
    fn of(key: &PhoneKey) -> NumberKind {
        if key.calling_code() != "86" {
            return NumberKind::Foreign;
        }
        let n = key.national();
        let b = n.as_bytes();
        if n.starts_with("106") {
            NumberKind::SmsPort
        } else if (n.starts_with("400") || n.starts_with("800")) && n.len() == 10 {
            NumberKind::CallCentre
        } else if b.len() == 11 && b[0] == b'1' {
            match &n[..3] {
                "162" | "165" | "167" | "170" | "171" => NumberKind::VirtualMobile,
                _ => NumberKind::Mobile,
            }
        } else if (n.starts_with("95") || n.starts_with("96")) && (5..=8).contains(&n.len()) {
            NumberKind::ServiceNumber
        } else if b.len() <= 6 && b.first() == Some(&b'1') {
            NumberKind::ShortCode
        } else if b.first().is_some_and(|&c| c.is_ascii_digit() && c != b'1')
            && (9..=11).contains(&b.len())
        {
            NumberKind::Landline
        } else {
            NumberKind::Other
        }
    }

    /// Stable lower-case name (`mobile`, `sms_port`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            NumberKind::Mobile => "mobile",
            NumberKind::VirtualMobile => "virtual_mobile",
            NumberKind::Landline => "landline",
            NumberKind::CallCentre => "call_centre",
            NumberKind::ServiceNumber => "service_number",
            NumberKind::SmsPort => "sms_port",
            NumberKind::ShortCode => "short_code",
            NumberKind::Foreign => "foreign",
            NumberKind::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn(s: &str) -> Result<String, NumberError> {
        normalize(s, &Region::cn()).map(|k| k.digits().to_string())
    }

    #[test]
    fn accepts_every_written_form() {
        let want = "8613800138000";
        for s in [
            "+86 138-0013-8000",
            "008613800138000",
            "13800138000",
            "138 0013 8000",
            "(138) 0013.8000",
            "tel:+86-138-0013-8000;phone-context=example.com",
            "tel:13800138000;phone-context=a-very-long-domain-name.example.com;isub=12345678",
            "TEL:13800138000",
            "＋８６１３８００１３８０００",
            "１３８ ００１３ ８０００",
            "+86 (0)13800138000",
        ] {
            assert_eq!(cn(s).as_deref(), Ok(want), "{s}");
        }
    }

    #[test]
    fn national_landlines_drop_the_trunk_prefix() {
        assert_eq!(cn("021-5555-1234").unwrap(), "862155551234");
        assert_eq!(cn("+86 (0)21 5555 1234").unwrap(), "862155551234");
        assert_eq!(cn("+86 021 5555 1234").unwrap(), "862155551234");
        assert_eq!(cn("0755 8888 9999").unwrap(), "8675588889999");
    }

    #[test]
    fn service_and_short_codes_share_the_key_space() {
        assert_eq!(cn("10086").unwrap(), "8610086");
        assert_eq!(cn("95588").unwrap(), "8695588");
        assert_eq!(cn("12306").unwrap(), "8612306");
        assert_eq!(cn("400-810-8888").unwrap(), "864008108888");
        assert_eq!(
            cn("1069 0000 1234 5678").unwrap(),
            "86106900001234 5678".replace(' ', "")
        );
    }

    #[test]
    fn long_sms_ports_are_allowed_but_capped() {
        assert!(cn("10690000123456789012").is_ok());
        assert_eq!(cn("1069000012345678901234"), Err(NumberError::TooLong));
    }

    #[test]
    fn international_prefixes_of_other_regions() {
        let us = Region::parse("US").unwrap();
        let k = normalize("011 86 138 0013 8000", &us).unwrap();
        assert_eq!(k.digits(), "8613800138000");
        let k = normalize("(415) 555-2671", &us).unwrap();
        assert_eq!(k.digits(), "14155552671");
        let k = normalize("1-415-555-2671", &us).unwrap();
        assert_eq!(k.digits(), "14155552671");
        let gb = Region::parse("GB").unwrap();
        assert_eq!(
            normalize("020 7946 0000", &gb).unwrap().digits(),
            "442079460000"
        );
        assert_eq!(
            normalize("+44 (0)20 7946 0000", &gb).unwrap().digits(),
            "442079460000"
        );
    }

    #[test]
    fn italian_numbers_keep_their_leading_zero() {
        assert_eq!(cn("+39 06 1234 5678").unwrap(), "390612345678");
    }

    #[test]
    fn bad_input_is_an_error_value() {
        assert_eq!(cn(""), Err(NumberError::Empty));
        assert_eq!(cn(" - "), Err(NumberError::Empty));
        assert_eq!(cn("abc"), Err(NumberError::InvalidCharacter));
        assert_eq!(cn("138001380OO"), Err(NumberError::InvalidCharacter));
        assert_eq!(cn("++8613800138000"), Err(NumberError::MisplacedPlus));
        assert_eq!(cn("138+00138000"), Err(NumberError::MisplacedPlus));
        assert_eq!(cn("+86 1380013800012345"), Err(NumberError::TooLong));
        assert_eq!(cn("+999 123456"), Err(NumberError::UnknownCallingCode));
        assert_eq!(cn("+86"), Err(NumberError::TooShort));
        assert_eq!(cn(&"1".repeat(500)), Err(NumberError::TooLong));
        assert_eq!(Region::parse("XX"), Err(NumberError::UnknownRegion));
    }

    #[test]
    fn errors_and_debug_never_show_the_number() {
        let key = normalize("13800138000", &Region::cn()).unwrap();
        assert!(!format!("{key:?}").contains("138001"));
        for e in [
            cn("1380013800O").unwrap_err(),
            cn("+999 13800138000").unwrap_err(),
        ] {
            assert!(!e.to_string().chars().any(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn every_calling_code_reads_back() {
        for line in include_str!("../data/calling_codes.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let cc = line.split('\t').next().unwrap();
            let k = normalize(&format!("+{cc} 5551234"), &Region::cn()).unwrap();
            assert_eq!(k.calling_code(), cc);
        }
    }

    #[test]
    fn kinds_of_chinese_numbers() {
        let kind = |s: &str| normalize(s, &Region::cn()).unwrap().kind();
        assert_eq!(kind("13800138000"), NumberKind::Mobile);
        assert_eq!(kind("17012345678"), NumberKind::VirtualMobile);
        assert_eq!(kind("021-5555-1234"), NumberKind::Landline);
        assert_eq!(kind("4008108888"), NumberKind::CallCentre);
        assert_eq!(kind("95588"), NumberKind::ServiceNumber);
        assert_eq!(kind("1069012345678"), NumberKind::SmsPort);
        assert_eq!(kind("10086"), NumberKind::ShortCode);
        assert_eq!(kind("+1 415 555 2671"), NumberKind::Foreign);
    }

    #[test]
    fn prefixes_may_be_short() {
        let cnr = Region::cn();
        assert_eq!(normalize_prefix("170", &cnr).unwrap().digits(), "86170");
        assert_eq!(normalize_prefix("+86", &cnr).unwrap().digits(), "86");
        // A bare calling code has no national digits to classify; no panic.
        assert_eq!(
            normalize_prefix("+86", &cnr).unwrap().kind(),
            NumberKind::Other
        );
        assert_eq!(normalize_prefix("021", &cnr).unwrap().digits(), "8621");
    }
}
