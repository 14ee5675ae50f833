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

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

pub use crate::lengths::MAX_E164_DIGITS;
use crate::lengths::{LengthRules, TYPE_LETTERS};

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

static REGIONS: LazyLock<Vec<RegionData>> = LazyLock::new(|| {
    data_lines(include_str!("../data/regions.tsv"))
        .map(|c| {
            let col = |i: usize| c.get(i).copied().unwrap_or("");
            RegionData {
                code: col(0),
                calling_code: col(1),
                intl: if col(2).is_empty() { "00" } else { col(2) },
                trunk: col(3),
                parse: col(4),
                transform: col(5),
                intl_re: OnceLock::new(),
                parse_re: OnceLock::new(),
            }
        })
        .collect()
});

fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// One line of `data/regions.tsv` (generated from libphonenumber).
struct RegionData {
    code: &'static str,
    calling_code: &'static str,
    /// International (IDD) prefix, a regex.
    intl: &'static str,
    /// National (trunk) prefix; empty when the leading digit is part of the number.
    trunk: &'static str,
    /// How to find the national prefix, a regex, when not just `trunk`.
    parse: &'static str,
    /// What replaces the national prefix match (`${1}` …), if anything.
    transform: &'static str,
    intl_re: OnceLock<Option<Anchored>>,
    parse_re: OnceLock<Option<Anchored>>,
}

/// A regex of the region data, anchored at the start, with the digit pairs
/// a match can begin with. Most numbers begin with none of them (a Chinese
/// mobile has no IDD or trunk prefix): a table look-up answers before the
/// regex engine's per-search set-up, twice per number (issue 17).
struct Anchored {
    re: Regex,
    /// Bit `10·a + b`: some match may begin with the digits `a b`; bit
    /// `100 + a`: the one digit `a` may match on its own. `None`: no table
    /// (the regex matches the empty string, or its syntax did not parse).
    starts: Option<u128>,
}

impl Anchored {
    /// False only when no match of the regex can begin the digits `s`.
    fn may_match(&self, s: &str) -> bool {
        let Some(bits) = self.starts else {
            return true;
        };
        let digit = |i: usize| {
            s.as_bytes()
                .get(i)
                .filter(|b| b.is_ascii_digit())
                .map(|b| u32::from(b - b'0'))
        };
        match (digit(0), digit(1), s.len()) {
            // A match of two digits or more, or of the first digit alone.
            (Some(a), Some(b), _) => bits & (1 << (10 * a + b) | 1 << (100 + a)) != 0,
            (Some(a), None, 1) => bits & (1 << (100 + a)) != 0,
            _ => true,
        }
    }

    fn find<'a>(&self, s: &'a str) -> Option<regex::Match<'a>> {
        if self.may_match(s) {
            self.re.find(s)
        } else {
            None
        }
    }
}

/// The [`Anchored::starts`] table of `pattern`, from its syntax tree: the
/// set of first-two-digit prefixes of the digit strings it matches (bit 110:
/// the empty string, so no table). A few dozen lines where the regex crate's
/// literal extractor or a DFA walk would add ~11 KB to the phone library.
fn digit_starts(pattern: &str) -> Option<u128> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let bits = prefixes(&hir);
    (bits & EMPTY == 0).then_some(bits)
}

/// Bit of the empty prefix in a [`prefixes`] set.
const EMPTY: u128 = 1 << 110;

/// Bits of one digit `a`: `100 + a`.
fn one(a: u32) -> u128 {
    1 << (100 + a)
}

/// The prefixes (at most two digits) of the digit strings `h` matches:
/// bit `10a + b` for `ab`, `100 + a` for a lone `a`, 110 for the empty string.
fn prefixes(h: &regex_syntax::hir::Hir) -> u128 {
    use regex_syntax::hir::{Class, HirKind};
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => EMPTY,
        HirKind::Literal(l) => {
            l.0.iter()
                .try_fold(EMPTY, |acc, &b| {
                    b.is_ascii_digit()
                        .then(|| concat(acc, one(u32::from(b - b'0'))))
                })
                .unwrap_or(0)
        }
        HirKind::Class(c) => (0..10u32)
            .filter(|&d| {
                let ch = char::from_digit(d, 10).unwrap_or('0');
                match c {
                    Class::Unicode(u) => {
                        u.ranges().iter().any(|r| r.start() <= ch && ch <= r.end())
                    }
                    Class::Bytes(b) => b
                        .ranges()
                        .iter()
                        .any(|r| r.start() <= ch as u8 && ch as u8 <= r.end()),
                }
            })
            .fold(0, |acc, d| acc | one(d)),
        HirKind::Repetition(r) => {
            let sub = prefixes(&r.sub);
            // Prefixes saturate at two digits: any k ≥ 2 repeats give what
            // two give, so k runs to 2 at most and `min` counts as at most 2.
            let top = r.max.unwrap_or(u32::MAX).min(2);
            let (mut run, mut all) = (EMPTY, 0);
            for k in 0..=top {
                if k >= r.min.min(2) {
                    all |= run;
                }
                run = concat(run, sub);
            }
            all
        }
        HirKind::Capture(c) => prefixes(&c.sub),
        HirKind::Concat(hs) => hs.iter().fold(EMPTY, |acc, h| concat(acc, prefixes(h))),
        HirKind::Alternation(hs) => hs.iter().fold(0, |acc, h| acc | prefixes(h)),
    }
}

/// The prefixes of `x·y` for `x` in `a` and `y` in `b`.
fn concat(a: u128, b: u128) -> u128 {
    let mut out = 0;
    for i in (0..111).filter(|i| a & (1 << i) != 0) {
        for j in (0..111).filter(|j| b & (1 << j) != 0) {
            out |= match (i, j) {
                (110, j) => 1 << j,
                (i, 110) => 1 << i,
                (i, _) if i < 100 => 1 << i,
                (i, j) => {
                    let first = i - 100;
                    let second = if j < 100 { j / 10 } else { j - 100 };
                    1 << (10 * first + second)
                }
            };
        }
    }
    out
}

fn anchored(pattern: &str) -> Option<Anchored> {
    // Generated data, checked by tests; a bad line only disables itself.
    let re = Regex::new(&format!("^(?:{pattern})")).ok()?;
    Some(Anchored {
        re,
        starts: digit_starts(pattern),
    })
}

impl RegionData {
    fn intl_re(&self) -> Option<&Anchored> {
        self.intl_re.get_or_init(|| anchored(self.intl)).as_ref()
    }

    fn parse_re(&self) -> Option<&Anchored> {
        self.parse_re
            .get_or_init(|| match (self.parse, self.trunk) {
                ("", "") => None,
                ("", trunk) => anchored(&regex::escape(trunk)),
                (parse, _) => anchored(parse),
            })
            .as_ref()
    }
}

/// Dialling conventions of one region (from `data/regions.tsv`, generated
/// from libphonenumber's metadata by `scripts/gen-number-data.py`).
#[derive(Clone)]
pub struct Region {
    data: &'static RegionData,
}

impl PartialEq for Region {
    fn eq(&self, other: &Region) -> bool {
        self.data.code == other.data.code
    }
}

impl Eq for Region {}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.data.code)
    }
}

/// A region code as the caller wrote it, kept for error messages: two or
/// three ASCII letters or digits, else nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RegionCode {
    bytes: [u8; 3],
    len: u8,
}

impl RegionCode {
    fn of(text: &str) -> RegionCode {
        let t = text.trim();
        let mut bytes = [0u8; 3];
        if (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()) {
            for (o, b) in bytes.iter_mut().zip(t.bytes()) {
                *o = b.to_ascii_uppercase();
            }
            return RegionCode {
                bytes,
                len: t.len() as u8,
            };
        }
        RegionCode { bytes, len: 0 }
    }

    /// The code, upper-cased; empty when what was given is not code-shaped.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({:?})", self.as_str())
    }
}

impl Region {
    /// Looks up a region by its ISO 3166 code (case-insensitive).
    ///
    /// # Example
    /// ```
    /// let us = burao_core::number::Region::parse("us").unwrap();
    /// assert_eq!(us.calling_code(), "1");
    /// let e = burao_core::number::Region::parse("XX").unwrap_err();
    /// assert!(e.to_string().contains("XX"));
    /// ```
    pub fn parse(code: &str) -> Result<Region, NumberError> {
        REGIONS
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
            .map(|data| Region { data })
            .ok_or(NumberError::UnknownRegion(RegionCode::of(code)))
    }

    /// The default region, China.
    pub fn cn() -> Region {
        // Asked for every number in a message: found once.
        static CN: LazyLock<Region> =
            LazyLock::new(|| Region::parse("CN").expect("CN is in regions.tsv"));
        CN.clone()
    }

    /// ISO 3166 code, e.g. `CN`.
    pub fn code(&self) -> &'static str {
        self.data.code
    }

    /// Country calling code digits, e.g. `86`.
    pub fn calling_code(&self) -> &'static str {
        self.data.calling_code
    }

    /// The national (trunk) prefix (`0` in China, `1` in the US), empty where
    /// there is none and a leading zero is part of the number (Italy).
    pub fn trunk_prefix(&self) -> &'static str {
        self.data.trunk
    }

    /// All supported region codes.
    pub fn supported() -> Vec<&'static str> {
        REGIONS.iter().map(|r| r.code).collect()
    }

    /// The region whose conventions read the national part of `+cc …`.
    fn main_for(cc: &str) -> Option<Region> {
        REGIONS
            .iter()
            .find(|r| r.calling_code == cc)
            .map(|data| Region { data })
    }

    /// The digits after an international prefix, if `digits` starts with one
    /// (and what follows does not start with 0, as libphonenumber reads it).
    fn strip_idd<'a>(&self, digits: &'a str) -> Option<&'a str> {
        let m = self.data.intl_re()?.find(digits)?;
        let rest = &digits[m.end()..];
        (!rest.is_empty() && !rest.starts_with('0')).then_some(rest)
    }

    /// The national number without its national prefix, libphonenumber's way:
    /// the prefix (or a carrier code) goes when what is left is a possible
    /// number or the whole was not one either; a transform rule may rewrite it
    /// (local numbers get their area code). `strict` (international forms):
    /// only when that turns an impossible number into a possible one, so that
    /// canonical digits read back unchanged.
    fn strip_national<'a>(&self, national: &'a str, strict: bool) -> (Cow<'a, str>, bool) {
        // Borrowed when nothing is stripped (most numbers): no copy.
        let keep = || (Cow::Borrowed(national), false);
        let Some(re) = self.data.parse_re() else {
            return keep();
        };
        // The lazy DFA first: most national numbers have no prefix to strip,
        // and the plain trunk prefix needs no capture groups either.
        let Some(m) = re.find(national) else {
            return keep();
        };
        let caps = if m.as_str() == self.data.trunk {
            None
        } else {
            re.re.captures(national)
        };
        let end = m.end();
        let last = caps
            .as_ref()
            .and_then(|c| (c.len() > 1).then(|| c.get(c.len() - 1)).flatten());
        let candidate = if self.data.transform.is_empty() || last.is_none() {
            national[end..].to_string()
        } else {
            // `${n}` groups and literal digits: the only shapes the data uses.
            let mut out = String::new();
            let mut rest = self.data.transform;
            while let Some(i) = rest.find("${") {
                out.push_str(&rest[..i]);
                let Some(j) = rest[i..].find('}') else {
                    return keep();
                };
                let group = rest[i + 2..i + j].parse().ok();
                let text = group.and_then(|g| caps.as_ref()?.get(g));
                out.push_str(text.map_or("", |m| m.as_str()));
                rest = &rest[i + j + 1..];
            }
            out.push_str(rest);
            out.push_str(&national[end..]);
            out
        };
        if candidate.is_empty() || candidate == national {
            return keep();
        }
        let cc = self.data.calling_code;
        let (was, now) = (possible(cc, national), possible(cc, &candidate));
        let take = if strict {
            !was && now
        } else {
            // Neither reading is possible: strip as libphonenumber does, unless
            // the international reading of the result would strip once more
            // (canonical digits must read back as themselves).
            now || (!was && last.is_none() && !self.strip_national(&candidate, true).1)
        };
        if take {
            (Cow::Owned(candidate), true)
        } else {
            keep()
        }
    }
}

/// True if the data allows a number of this length under its prefix (true
/// when the data does not know the calling code).
fn possible(cc: &str, national: &str) -> bool {
    let digits = format!("{cc}{national}");
    match LengthRules::builtin().rule_of(digits.as_bytes()) {
        Some(rule) => digits.len() < 16 && rule.all() & (1 << digits.len()) != 0,
        None => LengthRules::builtin().max_length(cc.as_bytes()) == 0,
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
    /// The region is not in the region table (the code as given, when it looks like one).
    UnknownRegion(RegionCode),
    /// Longer than any number under its calling code can be, by the data:
    /// at most `max` digits after calling code `calling_code`.
    ImpossibleLength {
        /// The calling code (not personal: shared by a whole country).
        calling_code: u16,
        /// The most national digits a number there has.
        max: u8,
    },
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => f.write_str("the number is empty"),
            NumberError::InvalidCharacter => f.write_str(
                "the number contains a character that is not a digit, '+' or a separator",
            ),
            NumberError::MisplacedPlus => {
                f.write_str("'+' may appear once, at the start of the number")
            }
            NumberError::TooLong => {
                f.write_str("the number has more digits than a phone number can have")
            }
            NumberError::TooShort => f.write_str("the number has no digits after the calling code"),
            NumberError::UnknownCallingCode => {
                f.write_str("the number starts with no assigned calling code")
            }
            NumberError::UnknownRegion(code) if code.as_str().is_empty() => {
                f.write_str("unknown region code (expected a two-letter ISO 3166 code such as CN)")
            }
            NumberError::UnknownRegion(code) => write!(
                f,
                "unknown region code {} (not a region of the dialling data)",
                code.as_str()
            ),
            NumberError::ImpossibleLength { calling_code, max } => write!(
                f,
                "the number is too long for calling code +{calling_code}: numbers there have at most {max} digits after it"
            ),
        }
    }
}

impl std::error::Error for NumberError {}

/// A normalised number: E.164 digits without `+`.
#[derive(Clone)]
pub struct PhoneKey {
    digits: String,
    cc_len: u8,
    /// Written with its national prefix or in international form: a number
    /// one can dial, never a bulk-SMS port (which is why `010 6…` is Beijing).
    dialled: bool,
}

// Keys compare by their digits only: how a number was written does not make
// it another number.
impl PartialEq for PhoneKey {
    fn eq(&self, other: &PhoneKey) -> bool {
        self.digits == other.digits && self.cc_len == other.cc_len
    }
}

impl Eq for PhoneKey {}

impl std::hash::Hash for PhoneKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.digits.hash(state);
        self.cc_len.hash(state);
    }
}

impl PartialOrd for PhoneKey {
    fn partial_cmp(&self, other: &PhoneKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PhoneKey {
    fn cmp(&self, other: &PhoneKey) -> std::cmp::Ordering {
        (&self.digits, self.cc_len).cmp(&(&other.digits, other.cc_len))
    }
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
    /// The number's type by libphonenumber's data, in any region.
    ///
    /// # Example
    /// ```
    /// use burao_core::number::{normalize, NumberType, Region};
    /// let fr = Region::parse("FR").unwrap();
    /// assert_eq!(normalize("06 12 34 56 78", &fr).unwrap().number_type(), NumberType::Mobile);
    /// assert_eq!(normalize("0800 123 456", &fr).unwrap().number_type(), NumberType::TollFree);
    /// ```
    pub fn number_type(&self) -> NumberType {
        NumberType::of(&self.digits)
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
///
/// Screening takes any length the caller's network delivers; list patterns
/// are held to the data's lengths with [`check_length`].
pub fn normalize(input: &str, region: &Region) -> Result<PhoneKey, NumberError> {
    let key = normalize_digits(input, region, true)?;
    if key.national().len() < 3 {
        return Err(NumberError::TooShort);
    }
    Ok(key)
}

/// Normalises a pattern prefix (the part before `*`): like [`normalize`], but
/// any length of national part is accepted, even none (`+86*`).
pub fn normalize_prefix(input: &str, region: &Region) -> Result<PhoneKey, NumberError> {
    normalize_digits(input, region, false)
}

/// Refuses a number longer than any number under its calling code can be,
/// where the data knows (China's `106` SMS ports run to 22 digits).
///
/// # Example
/// ```
/// use burao_core::number::{check_length, normalize, Region};
/// let fr = Region::parse("FR").unwrap();
/// assert!(check_length(&normalize("01 23 45 67 89", &fr).unwrap()).is_ok());
/// let e = check_length(&normalize("01 23 45 67 89 0", &fr).unwrap()).unwrap_err();
/// assert!(e.to_string().contains("+33"));
/// ```
pub fn check_length(key: &PhoneKey) -> Result<(), NumberError> {
    check_total(key.calling_code(), key.national(), key.digits().len())
}

pub(crate) fn check_total(cc: &str, national: &str, total: usize) -> Result<(), NumberError> {
    if cc == "86" && national.starts_with("106") {
        return Ok(());
    }
    let max = LengthRules::builtin().max_length(cc.as_bytes());
    if max > 0 && total > max {
        return Err(NumberError::ImpossibleLength {
            calling_code: cc.parse().unwrap_or(0),
            max: (max - cc.len()) as u8,
        });
    }
    Ok(())
}

fn normalize_digits(input: &str, region: &Region, full: bool) -> Result<PhoneKey, NumberError> {
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
    let international = if plus {
        Some(&digits[..])
    } else {
        region.strip_idd(&digits)
    };
    let (cc, national, dialled) = match international {
        Some(rest) => {
            let (cc, national) = split_calling_code(rest)?;
            // `+44 (0)20…`, `+86 021…`: a national prefix kept after the code.
            let national = match (full, Region::main_for(cc)) {
                (true, Some(main)) => main.strip_national(national, true).0,
                // A prefix: one national `0` goes where `0` is the trunk prefix,
                // but not before another `0` (`+81 0 0…` would shrink on each reading).
                (false, Some(main)) if main.trunk_prefix() == "0" => Cow::Borrowed(
                    national
                        .strip_prefix('0')
                        .filter(|rest| !rest.starts_with('0'))
                        .unwrap_or(national),
                ),
                _ => Cow::Borrowed(national),
            };
            (cc, national, true)
        }
        None if full => {
            let (national, stripped) = region.strip_national(&digits, false);
            (region.calling_code(), national, stripped)
        }
        None => {
            // A prefix: too short to tell a possible number; a literal trunk
            // prefix goes, as it always has (`021*` is Shanghai).
            let trunk = region.trunk_prefix();
            let national = match digits.strip_prefix(trunk) {
                Some(rest) if !trunk.is_empty() => rest,
                _ => &digits[..],
            };
            (region.calling_code(), Cow::Borrowed(national), false)
        }
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
    out.push_str(&national);
    Ok(PhoneKey {
        digits: out,
        cc_len: cc.len() as u8,
        dialled,
    })
}

/// Keeps digits, reads one leading `+`, drops separators and `(0)`.
fn scan(s: &str) -> Result<(bool, String), NumberError> {
    let mut plus = false;
    let mut digits = String::with_capacity(s.len());
    // No per-number `Vec<char>`: this runs on every sender and every number
    // in a message (issue 17); `(0)` is looked ahead on a copy of the iterator.
    let mut chars = s.chars().map(fold_width);
    while let Some(c) = chars.next() {
        match c {
            '0'..='9' => digits.push(c),
            '+' => {
                if plus || !digits.is_empty() {
                    return Err(NumberError::MisplacedPlus);
                }
                plus = true;
            }
            '(' if plus && {
                let mut ahead = chars.clone();
                ahead.next() == Some('0') && ahead.next() == Some(')')
            } =>
            {
                chars.next();
                chars.next();
            }
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\u{3000}' | '\u{2010}'..='\u{2015}' => {
            }
            _ => return Err(NumberError::InvalidCharacter),
        }
        if digits.len() > MAX_INPUT_CHARS {
            return Err(NumberError::TooLong);
        }
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

/// The shape of a number for screening and SMS features: Chinese numbers in
/// detail (from the same data as [`NumberType`], refined by the Chinese plan:
/// virtual-operator ranges, 400/800 call centres, 95xxx service numbers, 106
/// ports), every other number `Foreign` (see [`PhoneKey::number_type`]).
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
        // Only asked where the shape does not already say (the length rules'
        // lookup is most of this function's cost).
        let ty = || NumberType::of(key.digits());
        if n.starts_with("106") {
            // `010 6xxx xxxx` dialled as a number is Beijing; bare, a port.
            if key.dialled && ty() == NumberType::FixedLine {
                return NumberKind::Landline;
            }
            return NumberKind::SmsPort;
        }
        if (n.starts_with("400") || n.starts_with("800")) && n.len() == 10 {
            return NumberKind::CallCentre;
        }
        if (n.starts_with("95") || n.starts_with("96")) && (5..=8).contains(&n.len()) {
            return NumberKind::ServiceNumber;
        }
        match ty() {
            NumberType::Mobile | NumberType::FixedLineOrMobile => {
                return match n.get(..3).unwrap_or("") {
                    "162" | "165" | "167" | "170" | "171" => NumberKind::VirtualMobile,
                    _ => NumberKind::Mobile,
                }
            }
            NumberType::FixedLine => return NumberKind::Landline,
            NumberType::TollFree | NumberType::SharedCost => return NumberKind::CallCentre,
            _ => {}
        }
        if b.len() <= 6 && b.first() == Some(&b'1') {
            NumberKind::ShortCode
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

/// A number's type by libphonenumber's data (`data/number_lengths.tsv`),
/// for every region. Where the data allows several types for a number of its
/// prefix and length, the first that fits in this order wins: mobile and fixed
/// line together give [`NumberType::FixedLineOrMobile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberType {
    /// A fixed line.
    FixedLine,
    /// A mobile number.
    Mobile,
    /// Either, the data cannot tell (the NANP).
    FixedLineOrMobile,
    /// Free to the caller.
    TollFree,
    /// Premium rate.
    PremiumRate,
    /// Cost shared between caller and callee.
    SharedCost,
    /// Voice over IP.
    Voip,
    /// A personal (follow-me) number.
    PersonalNumber,
    /// A pager.
    Pager,
    /// A universal access number (a company's one number).
    Uan,
    /// Voicemail access.
    Voicemail,
    /// No type of the data fits (short codes, SMS ports, impossible numbers).
    Unknown,
}

impl NumberType {
    fn of(digits: &str) -> NumberType {
        let Some(rule) = LengthRules::builtin().rule_of(digits.as_bytes()) else {
            return NumberType::Unknown;
        };
        let len = digits.len();
        if len > MAX_E164_DIGITS {
            return NumberType::Unknown;
        }
        let fits = |letter: u8| {
            TYPE_LETTERS
                .iter()
                .position(|&l| l == letter)
                .is_some_and(|i| rule.types[i] & (1 << len) != 0)
        };
        match (fits(b'F'), fits(b'M')) {
            (true, true) => return NumberType::FixedLineOrMobile,
            (true, false) => return NumberType::FixedLine,
            (false, true) => return NumberType::Mobile,
            _ => {}
        }
        [
            (b'T', NumberType::TollFree),
            (b'P', NumberType::PremiumRate),
            (b'S', NumberType::SharedCost),
            (b'V', NumberType::Voip),
            (b'N', NumberType::PersonalNumber),
            (b'G', NumberType::Pager),
            (b'U', NumberType::Uan),
            (b'W', NumberType::Voicemail),
        ]
        .into_iter()
        .find(|(l, _)| fits(*l))
        .map_or(NumberType::Unknown, |(_, t)| t)
    }

    /// Stable lower-case name (`fixed_line`, `toll_free`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            NumberType::FixedLine => "fixed_line",
            NumberType::Mobile => "mobile",
            NumberType::FixedLineOrMobile => "fixed_line_or_mobile",
            NumberType::TollFree => "toll_free",
            NumberType::PremiumRate => "premium_rate",
            NumberType::SharedCost => "shared_cost",
            NumberType::Voip => "voip",
            NumberType::PersonalNumber => "personal_number",
            NumberType::Pager => "pager",
            NumberType::Uan => "uan",
            NumberType::Voicemail => "voicemail",
            NumberType::Unknown => "unknown",
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
        for s in ["021-5555-1234", "+86 (0)21 5555 1234", "+86 021 5555 1234"] {
            assert_eq!(cn(s).unwrap(), "862155551234", "{s}");
        }
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
        let (us, gb) = (Region::parse("US").unwrap(), Region::parse("GB").unwrap());
        for (r, text, want) in [
            (&us, "011 86 138 0013 8000", "8613800138000"),
            (&us, "(415) 555-2671", "14155552671"),
            (&us, "1-415-555-2671", "14155552671"),
            (&gb, "020 7946 0000", "442079460000"),
            (&gb, "+44 (0)20 7946 0000", "442079460000"),
        ] {
            assert_eq!(normalize(text, r).unwrap().digits(), want, "{text}");
        }
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
        assert!(
            matches!(Region::parse("XX"), Err(NumberError::UnknownRegion(c)) if c.as_str() == "XX")
        );
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
    fn digit_tables_never_hide_a_match() {
        // Every digit string up to 4 long and some longer ones, in every
        // region: when the table says no match can start here, the regex
        // agrees (and they do rule some out, or the filter would be useless).
        let mut inputs = crate::test_support::digit_strings(4);
        let mut x = crate::test_support::XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..2000 {
            inputs.push(format!("{}", x.next_u64() % 10u64.pow(12)));
        }
        let mut ruled_out = 0usize;
        for r in REGIONS.iter() {
            for re in [r.intl_re(), r.parse_re()].into_iter().flatten() {
                for s in &inputs {
                    if !re.may_match(s) {
                        ruled_out += 1;
                        assert!(re.re.find(s).is_none(), "{} {s}", r.code);
                    }
                }
            }
        }
        assert!(ruled_out > inputs.len() * REGIONS.len(), "{ruled_out}");
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
