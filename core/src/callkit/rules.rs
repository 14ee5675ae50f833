//! Number lengths by prefix (`data/number_lengths.tsv`): which full numbers a
//! list prefix stands for.

use std::sync::LazyLock;

use crate::number::MAX_E164_DIGITS;

/// Valid total lengths (calling code included) as a bit set: bit `n` = `n` digits.
/// `None` = unknown, never guessed.
pub(crate) type Lengths = Option<u16>;

/// Longest-prefix rules over E.164 digits, sorted by prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LengthRules {
    rules: Vec<(Vec<u8>, Lengths)>,
}

static BUILTIN: LazyLock<LengthRules> = LazyLock::new(|| {
    LengthRules::parse(include_str!("../../data/number_lengths.tsv"))
        .expect("number_lengths.tsv is checked by tests")
});

impl LengthRules {
    pub(crate) fn builtin() -> &'static LengthRules {
        &BUILTIN
    }

    /// Reads `calling code<TAB>national prefix<TAB>lengths|?` lines; lengths are national.
    pub(crate) fn parse(text: &str) -> Result<LengthRules, String> {
        let mut rules = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("number_lengths.tsv:{}: {why}", i + 1);
            let cols: Vec<&str> = line.split('\t').collect();
            let [cc, national, lengths] = cols[..] else {
                return Err(bad("expected three tab-separated columns"));
            };
            let prefix = format!("{cc}{national}");
            if cc.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("calling code and prefix must be digits"));
            }
            let lengths = match lengths.trim() {
                "?" => None,
                list => {
                    let mut mask = 0u16;
                    for n in list.split(',') {
                        let total = n
                            .trim()
                            .parse::<usize>()
                            .map(|n| n + cc.len())
                            .map_err(|_| bad("lengths must be numbers or ?"))?;
                        if total <= prefix.len() || total > MAX_E164_DIGITS {
                            return Err(bad("length out of range"));
                        }
                        mask |= 1 << total;
                    }
                    Some(mask)
                }
            };
            rules.push((prefix.into_bytes(), lengths));
        }
        rules.sort();
        if rules.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err("number_lengths.tsv: a prefix is listed twice".into());
        }
        Ok(LengthRules { rules })
    }

    /// The rule set exactly at `prefix`, if there is one.
    pub(crate) fn at(&self, prefix: &[u8]) -> Option<Lengths> {
        self.rules
            .binary_search_by(|(p, _)| p.as_slice().cmp(prefix))
            .ok()
            .map(|i| self.rules[i].1)
    }

    /// True if some rule is set at `prefix` or below it.
    pub(crate) fn any_under(&self, prefix: &[u8]) -> bool {
        let i = self.rules.partition_point(|(p, _)| p.as_slice() < prefix);
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
        if long_enough(&self.lengths_of(prefix)) {
            return true;
        }
        let i = self.rules.partition_point(|(p, _)| p.as_slice() < prefix);
        self.rules[i..]
            .iter()
            .take_while(|(p, _)| p.starts_with(prefix))
            .any(|(_, l)| long_enough(l))
    }

    /// The lengths in force for numbers starting with `digits` (longest rule).
    pub(crate) fn lengths_of(&self, digits: &[u8]) -> Lengths {
        (1..=digits.len())
            .rev()
            .find_map(|n| self.at(&digits[..n]))
            .unwrap_or(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_reads_and_is_conservative() {
        let r = LengthRules::builtin();
        assert_eq!(r.lengths_of(b"8613800138000"), Some(1 << 13));
        assert_eq!(r.lengths_of(b"8617012345678"), Some(1 << 13));
        assert_eq!(r.lengths_of(b"862155551234"), Some(1 << 12));
        assert_eq!(r.lengths_of(b"86400"), Some(1 << 12));
        assert_eq!(r.lengths_of(b"14155552671"), Some(1 << 11));
        // Short codes, SMS ports and most three-digit area codes: unknown.
        for unknown in [
            &b"8610086"[..],
            b"86106",
            b"8612306",
            b"8695588",
            b"86351",
            b"44",
        ] {
            assert_eq!(r.lengths_of(unknown), None);
        }
        assert!(r.any_under(b"861"));
        assert!(!r.any_under(b"869"));
        assert!(r.reaches(b"8613800138000") && r.reaches(b"861") && r.reaches(b"8695"));
        assert!(!r.reaches(b"86138001380001") && !r.reaches(b"1415555267100"));
    }

    #[test]
    fn malformed_tables_are_refused() {
        for bad in [
            "86\t1",
            "86\t1\tx",
            "8x\t1\t11",
            "86\t1\t0",
            "86\t1\t11\n86\t1\t11",
            "\t1\t3",
        ] {
            assert!(LengthRules::parse(bad).is_err(), "{bad:?}");
        }
    }
}
