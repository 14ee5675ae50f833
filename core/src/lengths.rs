//! Number lengths and types by prefix (`data/number_lengths.tsv`, generated
//! from libphonenumber by `scripts/gen-number-data.py`): which full numbers a
//! list prefix stands for, whether a number's length is possible, and what
//! type of number it is.
//!
//! One line per calling code: the picture for the whole code, then
//! `prefix=picture` exceptions. A picture is, per number type, its letter and
//! the national lengths valid there (`F7-aS89`: fixed lines of 7 to 10 digits,
//! shared-cost numbers of 8 or 9); a leading `?` means the export must not
//! guess lengths there (China's `106`, bulk-SMS ports). The longest prefix wins.
//!
//! A leaf module: [`crate::number`] (possible lengths, number types) and
//! [`crate::callkit`] (prefix expansion) read it; it uses neither.

use std::sync::LazyLock;

/// E.164 allows at most 15 digits including the calling code.
pub const MAX_E164_DIGITS: usize = 15;

/// Valid total lengths (calling code included) as a bit set: bit `n` = `n` digits.
/// `None` = unknown, never guessed.
pub(crate) type Lengths = Option<u16>;

/// The number types of the data, in the order of their letters.
pub(crate) const TYPE_LETTERS: &[u8; 10] = b"FMTPSVNGUW";

/// What the data says about numbers under one prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    /// Per type (see [`TYPE_LETTERS`]), the valid total lengths.
    pub types: [u16; 10],
    /// The export must not guess lengths here.
    pub unknown: bool,
}

impl Rule {
    /// The lengths the export may expand to.
    pub(crate) fn lengths(&self) -> Lengths {
        (!self.unknown).then(|| self.all())
    }

    /// Every length any type allows.
    pub(crate) fn all(&self) -> u16 {
        self.types.iter().fold(0, |a, m| a | m)
    }
}

/// Longest-prefix rules over E.164 digits, sorted by prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LengthRules {
    rules: Vec<(Box<[u8]>, Rule)>,
    /// Per calling code (the rules without a shorter rule above them), the
    /// longest total length under it: asked for every list pattern.
    max: Vec<(Box<[u8]>, u8)>,
    /// The longest prefix of any rule: [`Self::rule_of`] looks no further.
    longest: usize,
}

static BUILTIN: LazyLock<LengthRules> = LazyLock::new(|| {
    LengthRules::parse(include_str!("../data/number_lengths.tsv"))
        .expect("number_lengths.tsv is checked by tests")
});

const LENGTH_CHARS: &[u8] = b"123456789abcdefgh";

fn parse_picture(text: &str, cc_len: usize) -> Option<Rule> {
    let (unknown, text) = match text.strip_prefix('?') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut rule = Rule {
        types: [0; 10],
        unknown,
    };
    let b = text.as_bytes();
    let mut i = 0;
    let mut ty: Option<usize> = None;
    while i < b.len() {
        if let Some(t) = TYPE_LETTERS.iter().position(|&l| l == b[i]) {
            ty = Some(t);
            i += 1;
            continue;
        }
        let t = ty?;
        let lo = LENGTH_CHARS.iter().position(|&c| c == b[i])? + 1;
        let hi = if b.get(i + 1) == Some(&b'-') {
            i += 2;
            LENGTH_CHARS.iter().position(|&c| Some(&c) == b.get(i))? + 1
        } else {
            lo
        };
        for n in lo..=hi {
            // A few national plans run past E.164's 15 digits (Indonesian
            // toll-free 001803…): such numbers are not callable E.164 numbers.
            let total = n + cc_len;
            if total <= MAX_E164_DIGITS {
                rule.types[t] |= 1 << total;
            }
        }
        i += 1;
    }
    Some(rule)
}

impl LengthRules {
    pub(crate) fn builtin() -> &'static LengthRules {
        &BUILTIN
    }

    /// Reads `cc<TAB>picture<TAB>prefix=picture…` lines (see the module doc).
    pub(crate) fn parse(text: &str) -> Result<LengthRules, String> {
        let mut rules: Vec<(Box<[u8]>, Rule)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("number_lengths.tsv:{}: {why}", i + 1);
            let mut cols = line.split('\t');
            let cc = cols.next().unwrap_or("");
            let top = cols
                .next()
                .ok_or_else(|| bad("expected a picture after the code"))?;
            if cc.is_empty() || cc.len() > 3 || !cc.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("the calling code must be 1 to 3 digits"));
            }
            let rule = parse_picture(top, cc.len()).ok_or_else(|| bad("bad picture"))?;
            rules.push((cc.as_bytes().into(), rule));
            for item in cols {
                let (prefix, pic) = item
                    .split_once('=')
                    .ok_or_else(|| bad("expected prefix=picture"))?;
                if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad("a prefix must be digits"));
                }
                let rule = parse_picture(pic, cc.len()).ok_or_else(|| bad("bad picture"))?;
                rules.push((format!("{cc}{prefix}").into_bytes().into(), rule));
            }
        }
        rules.sort_by(|a, b| a.0.cmp(&b.0));
        if rules.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err("number_lengths.tsv: a prefix is listed twice".into());
        }
        let mut max: Vec<(Box<[u8]>, u8)> = Vec::new();
        for (p, r) in &rules {
            let top = 15u8.saturating_sub(r.all().leading_zeros() as u8) * u8::from(r.all() != 0);
            match max.last_mut() {
                Some((cc, m)) if p.starts_with(cc) => *m = (*m).max(top),
                _ => max.push((p.clone(), top)),
            }
        }
        let longest = rules.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
        Ok(LengthRules {
            rules,
            max,
            longest,
        })
    }

    #[cfg(test)]
    fn rule_at(&self, prefix: &[u8]) -> Option<&Rule> {
        self.rules
            .binary_search_by(|(p, _)| (**p).cmp(prefix))
            .ok()
            .map(|i| &self.rules[i].1)
    }

    /// The lengths set exactly at `prefix`, if a rule is there.
    #[cfg(test)]
    pub(crate) fn at(&self, prefix: &[u8]) -> Option<Lengths> {
        self.rule_at(prefix).map(Rule::lengths)
    }

    /// Every rule: the range a walk narrows digit by digit ([`LengthRules::narrow`]).
    pub(crate) fn all(&self) -> (usize, usize) {
        (0, self.rules.len())
    }

    /// The rules under a prefix one byte longer than the `depth` bytes every
    /// rule in `range` starts with: the sub-range whose byte at `depth` is
    /// `byte`. Two binary searches over single bytes, so a walk pays no
    /// prefix comparison per node (which made the export's walks 12 s per
    /// million patterns). Empty: no rule at or under that prefix.
    pub(crate) fn narrow(&self, range: (usize, usize), depth: usize, byte: u8) -> (usize, usize) {
        let rules = &self.rules[range.0..range.1];
        let lo = rules.partition_point(|(p, _)| p.get(depth).is_none_or(|&b| b < byte));
        let hi = rules.partition_point(|(p, _)| p.get(depth).is_none_or(|&b| b <= byte));
        (range.0 + lo, range.0 + hi)
    }

    /// [`LengthRules::at`] for the prefix of `len` bytes a range was narrowed to.
    pub(crate) fn at_range(&self, range: (usize, usize), len: usize) -> Option<Lengths> {
        let (p, r) = self.rules[range.0..range.1].first()?;
        (p.len() == len).then(|| r.lengths())
    }

    /// True if some rule is set at `prefix` or below it.
    #[cfg(test)]
    pub(crate) fn any_under(&self, prefix: &[u8]) -> bool {
        let i = self.rules.partition_point(|(p, _)| &**p < prefix);
        self.rules
            .get(i)
            .is_some_and(|(p, _)| p.starts_with(prefix))
    }

    /// True if some number of a known or unknown length may start with `prefix`;
    /// false when every length the rules allow there is shorter than the prefix.
    pub(crate) fn reaches(&self, prefix: &[u8]) -> bool {
        let shift = u32::try_from(prefix.len()).unwrap_or(u32::MAX);
        let long_enough =
            |l: &Lengths| l.is_none_or(|mask| mask.checked_shr(shift).unwrap_or(0) != 0);
        long_enough(&self.lengths_of(prefix))
            || self.under(prefix).any(|r| long_enough(&r.lengths()))
    }

    /// Every known length a number starting with `prefix` may have: the
    /// lengths of the rule in force there and of every rule below it.
    pub(crate) fn lengths_under(&self, prefix: &[u8]) -> u16 {
        self.under(prefix)
            .fold(self.lengths_of(prefix).unwrap_or(0), |m, r| {
                m | r.lengths().unwrap_or(0)
            })
    }

    /// The rules at `prefix` and below it.
    fn under<'a>(&'a self, prefix: &'a [u8]) -> impl Iterator<Item = &'a Rule> + 'a {
        let i = self.rules.partition_point(|(p, _)| &**p < prefix);
        self.rules[i..]
            .iter()
            .take_while(move |(p, _)| p.starts_with(prefix))
            .map(|(_, r)| r)
    }

    /// The rule in force for numbers starting with `digits` (longest prefix).
    pub(crate) fn rule_of(&self, digits: &[u8]) -> Option<&Rule> {
        // One walk down the sorted rules, a byte per step, instead of a
        // binary search of whole prefixes at every length (issue 17: asked
        // for every number in a message).
        let mut range = self.all();
        let mut best = None;
        for (depth, &b) in digits.iter().enumerate().take(self.longest) {
            range = self.narrow(range, depth, b);
            let Some((p, r)) = self.rules[range.0..range.1].first() else {
                break;
            };
            if p.len() == depth + 1 {
                best = Some(r);
            }
        }
        best
    }

    /// The lengths in force for numbers starting with `digits` (longest rule).
    pub(crate) fn lengths_of(&self, digits: &[u8]) -> Lengths {
        self.rule_of(digits).and_then(Rule::lengths)
    }

    /// The longest total length any number under calling code `cc` may have
    /// (0 when the data has no line for it).
    pub(crate) fn max_length(&self, cc: &[u8]) -> usize {
        self.max
            .binary_search_by(|(p, _)| (**p).cmp(cc))
            .map_or(0, |i| self.max[i].1 as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk's narrowing equals looking each prefix up, at every prefix of
    /// up to five digits under the real table.
    #[test]
    fn narrowing_equals_prefix_lookups() {
        let r = LengthRules::builtin();
        fn check(r: &LengthRules, prefix: &mut Vec<u8>, range: (usize, usize)) {
            assert_eq!(range.0 < range.1, r.any_under(prefix), "{prefix:?}");
            assert_eq!(r.at_range(range, prefix.len()), r.at(prefix), "{prefix:?}");
            if prefix.len() == 5 || range.0 == range.1 {
                return;
            }
            for c in b'0'..=b'9' {
                let sub = r.narrow(range, prefix.len(), c);
                prefix.push(c);
                check(r, prefix, sub);
                prefix.pop();
            }
        }
        check(r, &mut Vec::new(), r.all());
    }

    #[test]
    fn rule_of_is_the_longest_prefix_with_a_rule() {
        // The walk against a lookup of every prefix, longest first: every
        // digit string up to 5 long and pseudo-random full numbers.
        let r = LengthRules::builtin();
        let brute = |d: &[u8]| (1..=d.len()).rev().find_map(|n| r.rule_at(&d[..n]));
        let mut inputs = crate::test_support::digit_strings(5);
        let mut x = crate::test_support::XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            inputs.push(format!("{}", x.next_u64() % 10u64.pow(15)));
        }
        for d in &inputs {
            let (a, b) = (r.rule_of(d.as_bytes()), brute(d.as_bytes()));
            assert_eq!(
                a.map(|r| r as *const Rule),
                b.map(|r| r as *const Rule),
                "{d}"
            );
        }
    }

    #[test]
    fn builtin_table_reads() {
        let r = LengthRules::builtin();
        assert_eq!(r.lengths_of(b"8613800138000"), Some(1 << 13));
        assert_eq!(r.lengths_of(b"8617012345678"), Some(1 << 13));
        assert_eq!(r.lengths_of(b"14155552671"), Some(1 << 11));
        assert_eq!(r.lengths_of(b"33612345678"), Some(1 << 11));
        // Shanghai: 8-digit subscriber numbers.
        assert_eq!(
            r.lengths_of(b"862155551234").map(|m| m & (1 << 12)),
            Some(1 << 12)
        );
        // SMS ports share 106 with Beijing: never guessed.
        assert_eq!(r.lengths_of(b"86106"), None);
        // Germany: variable lengths.
        assert!(r.lengths_of(b"4930").unwrap().count_ones() > 3);
        assert!(r.any_under(b"861"));
        assert!(r.reaches(b"8613800138000") && r.reaches(b"861") && r.reaches(b"8695"));
        assert!(!r.reaches(b"86138001380001") && !r.reaches(b"1415555267100"));
        assert_eq!(r.max_length(b"33"), 11);
        assert_eq!(r.max_length(b"1"), 11);
        assert_eq!(r.max_length(b"999"), 0);
    }

    #[test]
    fn every_region_calling_code_has_lengths() {
        for line in include_str!("../data/regions.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let cc = line.split('\t').nth(1).unwrap();
            assert!(
                LengthRules::builtin().max_length(cc.as_bytes()) > cc.len(),
                "{line}"
            );
        }
    }

    #[test]
    fn malformed_tables_are_refused() {
        for bad in [
            "86",
            "86\tFx",
            "8x\tF9",
            "86\t9",
            "86\tFb\t1=Fz",
            "86\tFb\t1Fb",
            "86\tFb\t1=Fb\t1=Fb",
            "\tF3",
            "1234\tF3",
        ] {
            assert!(LengthRules::parse(bad).is_err(), "{bad:?}");
        }
        let r = LengthRules::parse("33\tF9\t6=M9\t80=T9U9").unwrap();
        assert_eq!(r.lengths_of(b"33612345678"), Some(1 << 11));
        assert_eq!(r.rule_of(b"3380").unwrap().types[2], 1 << 11);
    }
}
