//! The institution table: who a message may claim to be (banks, carriers,
//! couriers, government services, international brands), with the numbers
//! and web domains that institution really sends from. A bundle carries it
//! in its `institutions` section; `burao build --institutions FILE.csv`
//! writes it from a CSV whose every row names its source.
//!
//! ```text
//! # name_en,name_zh,aliases,numbers,domains,source
//! ICBC,工商银行,工商银行|工行|icbc,95588,icbc.com.cn,https://www.icbc.com.cn (customer service 95588)
//! ```
//! `aliases`, `numbers` and `domains` are `|`-separated. Aliases are matched
//! on the normalised text (Traditional folds to Simplified, case folds), so
//! `工商銀行` and `ICBC` find the same row.

use std::collections::HashMap;
use std::sync::OnceLock;

use bincode::{Decode, Encode};
use regex::Regex;

use super::normalize::normalize_text;
use crate::codec;
use crate::number::{normalize, Region};

/// The largest institutions section a bundle accepts.
pub const MAX_INSTITUTIONS_BYTES: usize = 256 << 10;
/// At most this many rows.
pub const MAX_INSTITUTIONS: usize = 2048;

/// One institution. `Debug` names it and counts its numbers and domains
/// (no number appears in a `Debug` output, even a public one).
#[derive(Clone, PartialEq, Eq, Encode, Decode)]
pub struct Institution {
    /// Its name in English ("ICBC").
    pub name_en: String,
    /// Its name in Chinese ("工商银行"); may be empty.
    pub name_zh: String,
    /// Names a message uses for it, normalised (lower case, Simplified).
    pub aliases: Vec<String>,
    /// Official sending numbers, canonical digits.
    pub numbers: Vec<String>,
    /// Official domains (a host on the domain or under it is official).
    pub domains: Vec<String>,
    /// The numbers as written in the CSV, for explanations ("95588").
    pub numbers_shown: Vec<String>,
}

impl std::fmt::Debug for Institution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Institution({}, {} aliases, {} numbers, {} domains)",
            self.name_en,
            self.aliases.len(),
            self.numbers.len(),
            self.domains.len()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
struct Record {
    version: u32,
    rows: Vec<Institution>,
}

const VERSION: u32 = 1;

/// A loaded table with its alias matcher.
pub struct Institutions {
    rows: Vec<Institution>,
    matcher: OnceLock<Option<Matcher>>,
    /// The ASCII aliases of at least three bytes without their hyphens and
    /// spaces (`e-zpass`: `ezpass`), sorted, each with the first row that has
    /// it: what [`Institutions::brand_in_host`] looks a host's tokens up in.
    brands: OnceLock<Vec<(Vec<u8>, usize)>>,
    /// Every official number, sorted, with the first row that has it: what
    /// [`Institutions::official_row`] looks a sender up in; and the longest.
    senders: OnceLock<(Vec<(String, usize)>, usize)>,
}

struct Matcher {
    re: Regex,
    /// The rows an alias means: `[named in Simplified (or Latin), named in
    /// Traditional]`, the first row of each kind that has it.
    by_alias: HashMap<String, [Option<usize>; 2]>,
}

impl std::fmt::Debug for Institutions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Institutions({} rows)", self.rows.len())
    }
}

impl Clone for Institutions {
    fn clone(&self) -> Institutions {
        Institutions::new(self.rows.clone())
    }
}

impl PartialEq for Institutions {
    fn eq(&self, other: &Institutions) -> bool {
        self.rows == other.rows
    }
}

/// Cuts a CSV field list on `|`, trimmed, empty parts dropped.
fn parts(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|p| !p.is_empty())
}

fn is_domain(d: &str) -> bool {
    d.len() <= 253
        && d.contains('.')
        && !d.starts_with('.')
        && !d.ends_with('.')
        && d.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

impl Institutions {
    fn new(rows: Vec<Institution>) -> Institutions {
        Institutions {
            rows,
            matcher: OnceLock::new(),
            brands: OnceLock::new(),
            senders: OnceLock::new(),
        }
    }

    /// The rows.
    pub fn rows(&self) -> &[Institution] {
        &self.rows
    }

    /// Reads the CSV described in the module docs. Errors name the line,
    /// never its content beyond the field that is wrong.
    pub fn parse_csv(text: &str) -> Result<Institutions, String> {
        let mut rows = Vec::new();
        let mut header_seen = false;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = n + 1;
            // The source is the last field and may itself contain commas.
            let f: Vec<&str> = line.splitn(6, ',').map(str::trim).collect();
            if !header_seen && f.first() == Some(&"name_en") {
                header_seen = true;
                continue;
            }
            if f.len() != 6 {
                return Err(format!("line {at}: {} fields, expected 6", f.len()));
            }
            if f[0].is_empty() {
                return Err(format!("line {at}: name_en is empty"));
            }
            if f[5].is_empty() {
                return Err(format!("line {at}: every row needs a source"));
            }
            let mut aliases: Vec<String> = parts(f[2])
                .chain(std::iter::once(f[1]).filter(|s| !s.is_empty()))
                .map(|a| normalize_text(a).text().trim().to_string())
                .filter(|a| !a.is_empty())
                .collect();
            aliases.sort();
            aliases.dedup();
            if aliases.iter().any(|a| a.chars().count() < 2) {
                return Err(format!("line {at}: an alias shorter than two characters"));
            }
            let mut numbers = Vec::new();
            let mut shown = Vec::new();
            for p in parts(f[3]) {
                let key = normalize(p, &Region::cn())
                    .map_err(|_| format!("line {at}: a number in `numbers` does not parse"))?;
                numbers.push(key.digits().to_string());
                shown.push(p.to_string());
            }
            let mut domains = Vec::new();
            for d in parts(f[4]) {
                let d = d.to_ascii_lowercase();
                if !is_domain(&d) {
                    return Err(format!("line {at}: `{d}` is not a domain"));
                }
                domains.push(d);
            }
            rows.push(Institution {
                name_en: f[0].to_string(),
                name_zh: f[1].to_string(),
                aliases,
                numbers,
                domains,
                numbers_shown: shown,
            });
            if rows.len() > MAX_INSTITUTIONS {
                return Err(format!("more than {MAX_INSTITUTIONS} rows"));
            }
        }
        Ok(Institutions::new(rows))
    }

    /// Serialises the table (the bundle section).
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::encode(&Record {
            version: VERSION,
            rows: self.rows.clone(),
        })
    }

    /// Reads and checks a serialised table.
    pub fn from_bytes(b: &[u8]) -> Result<Institutions, String> {
        codec::check_size(b.len(), MAX_INSTITUTIONS_BYTES)?;
        let r: Record = codec::decode(b)?;
        if r.version != VERSION {
            return Err(format!(
                "institutions version {}, this library reads version {VERSION}",
                r.version
            ));
        }
        if r.rows.len() > MAX_INSTITUTIONS {
            return Err(format!("{} rows, at most {MAX_INSTITUTIONS}", r.rows.len()));
        }
        for row in &r.rows {
            if row
                .aliases
                .iter()
                .any(|a| a.chars().count() < 2 || a.len() > 64)
            {
                return Err("an alias is shorter than two characters or too long".into());
            }
            if row.domains.iter().any(|d| !is_domain(d)) {
                return Err("a domain is malformed".into());
            }
            if row
                .numbers
                .iter()
                .any(|n| !n.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err("a number is not canonical digits".into());
            }
        }
        Ok(Institutions::new(r.rows))
    }

    fn matcher(&self) -> Option<&Matcher> {
        self.matcher
            .get_or_init(|| {
                let mut by_alias: HashMap<String, [Option<usize>; 2]> = HashMap::new();
                let mut alts: Vec<String> = Vec::new();
                // A row named in Traditional characters is a Taiwanese or Hong
                // Kong one: its Chinese aliases mean it in a Traditional message
                // only, so a shared alias (`國稅局`, `国税局`) names the row of
                // the message's own script.
                for (i, row) in self.rows.iter().enumerate() {
                    let trad = normalize_text(&row.name_zh).traditional();
                    for a in &row.aliases {
                        let rows = by_alias.entry(a.clone()).or_insert_with(|| {
                            alts.push(a.clone());
                            [None, None]
                        });
                        rows[usize::from(trad)].get_or_insert(i);
                    }
                }
                if alts.is_empty() {
                    return None;
                }
                // Longest first, so `中国工商银行` wins over `工商银行`.
                alts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                let pattern = alts
                    .iter()
                    .map(|a| {
                        let e = regex::escape(a);
                        if a.is_ascii() {
                            format!(r"(?-u:\b){e}(?-u:\b)")
                        } else {
                            e
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("|");
                Regex::new(&pattern).ok().map(|re| Matcher { re, by_alias })
            })
            .as_ref()
    }

    /// Institutions named in normalised `text`: (row, byte range), in text
    /// order. `traditional`: the message was written in Traditional Chinese,
    /// so an alias two rows share means the Traditional-named row.
    pub fn mentions(&self, text: &str, traditional: bool) -> Vec<(usize, usize, usize)> {
        let Some(m) = self.matcher() else {
            return Vec::new();
        };
        m.re.find_iter(text)
            .filter_map(|x| {
                let [simplified, trad] = *m.by_alias.get(x.as_str())?;
                // A Simplified row's alias means it in either script, a
                // Traditional row's Latin alias too.
                let i = if traditional {
                    trad.or(simplified)
                } else {
                    simplified.or(trad.filter(|_| x.as_str().is_ascii()))
                }?;
                Some((i, x.start(), x.end()))
            })
            .collect()
    }

    /// The row whose ASCII alias is a whole token of `host` (split on dots,
    /// hyphens and digits), or up to three such tokens of one label run
    /// together: `icbc-jf.vip`, `usps-redeliver.top`, `royal-mail-rebook.co.uk`.
    pub fn brand_in_host(&self, host: &str) -> Option<usize> {
        let brands = self.brands.get_or_init(|| {
            let mut v: Vec<(Vec<u8>, usize)> = Vec::new();
            for (i, row) in self.rows.iter().enumerate() {
                for a in row.aliases.iter().filter(|a| a.is_ascii() && a.len() >= 3) {
                    let flat: Vec<u8> = a.bytes().filter(|&b| b != b'-' && b != b' ').collect();
                    // Inserted in order (a sort would add its code to the
                    // phone library); rows come in order, so the first kept
                    // of equal aliases is the lowest row.
                    if let Err(at) = v.binary_search_by(|(b, _)| b.as_slice().cmp(&flat)) {
                        v.insert(at, (flat, i));
                    }
                }
            }
            v
        });
        // The parts of each label, and the tokens as runs of up to three of
        // them (at least three bytes), looked up in one reused buffer.
        let mut parts: Vec<&str> = Vec::new();
        let mut token: Vec<u8> = Vec::new();
        let mut best: Option<usize> = None;
        for label in host.split('.') {
            parts.clear();
            parts.extend(
                label
                    .split(|c: char| c == '-' || c.is_ascii_digit())
                    .filter(|t| !t.is_empty()),
            );
            for i in 0..parts.len() {
                token.clear();
                for p in &parts[i..parts.len().min(i + 3)] {
                    token.extend_from_slice(p.as_bytes());
                    if token.len() < 3 {
                        continue;
                    }
                    if let Ok(at) = brands.binary_search_by(|(b, _)| b.as_slice().cmp(&token)) {
                        let row = brands[at].1;
                        best = Some(best.map_or(row, |b| b.min(row)));
                    }
                }
            }
        }
        best
    }

    /// True when `host` is one of the row's domains or under one.
    pub fn is_official_host(&self, row: usize, host: &str) -> bool {
        self.rows[row].domains.iter().any(|d| host_on(host, d))
    }

    /// True when `digits` (canonical) is one of the row's numbers.
    pub fn is_official_number(&self, row: usize, digits: &str) -> bool {
        self.rows[row].numbers.iter().any(|n| n == digits)
    }

    /// The first row that has `digits` (canonical) among its numbers.
    pub fn official_row(&self, digits: &str) -> Option<usize> {
        let (senders, longest) = self.senders.get_or_init(|| {
            let mut v: Vec<(String, usize)> = Vec::new();
            for (i, row) in self.rows.iter().enumerate() {
                for n in &row.numbers {
                    // In order, as the brands are (rows come in order).
                    if let Err(at) = v.binary_search_by(|(m, _)| m.as_str().cmp(n)) {
                        v.insert(at, (n.clone(), i));
                    }
                }
            }
            let longest = v.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
            (v, longest)
        });
        // Most senders (106 ports, mobiles) are longer than any official number.
        if digits.len() > *longest {
            return None;
        }
        let at = senders
            .binary_search_by(|(m, _)| m.as_str().cmp(digits))
            .ok()?;
        Some(senders[at].1)
    }

    /// True when `host` belongs to any institution of the table.
    pub fn any_official_host(&self, host: &str) -> bool {
        self.rows
            .iter()
            .any(|r| r.domains.iter().any(|d| host_on(host, d)))
    }
}

/// True when `host` is `domain` or a subdomain of it.
pub fn host_on(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "name_en,name_zh,aliases,numbers,domains,source\n\
        ICBC,工商银行,工行|ICBC|中国工商银行,95588,icbc.com.cn,icbc.com.cn\n\
        USPS,,USPS,,usps.com,usps.com\n\
        Royal Mail,,royal mail,,royalmail.com,royalmail.com\n";

    #[test]
    fn a_sender_is_looked_up_among_the_official_numbers() {
        let t = Institutions::parse_csv(
            "name_en,name_zh,aliases,numbers,domains,source\n\
             ICBC,工商银行,工行,95588,icbc.com.cn,src\n\
             SF Express,顺丰速运,顺丰,95338|4008111111,sf-express.com,src\n\
             ICBC Asia,,icbc asia,95588,icbcasia.com,src\n",
        )
        .unwrap();
        let key = |s: &str| normalize(s, &Region::cn()).unwrap().digits().to_string();
        assert_eq!(t.official_row(&key("95588")), Some(0), "the first row wins");
        assert_eq!(t.official_row(&key("400-811-1111")), Some(1));
        assert_eq!(t.official_row(&key("95339")), None);
        assert_eq!(t.official_row(&key("1069012345678")), None);
        assert_eq!(t.official_row(""), None);
    }

    #[test]
    fn brand_lookup_answers_as_comparing_every_alias_does() {
        // The shipped table, against the plain reading: every glued token
        // of the host against every row's flattened ASCII aliases, first row wins.
        let csv = include_str!("../../../fixtures/lists/institutions.csv");
        let t = Institutions::parse_csv(csv).unwrap();
        let oracle = |host: &str| {
            let mut tokens: Vec<String> = Vec::new();
            for label in host.split('.') {
                let parts: Vec<&str> = label
                    .split(|c: char| c == '-' || c.is_ascii_digit())
                    .filter(|t| !t.is_empty())
                    .collect();
                for i in 0..parts.len() {
                    let mut glued = String::new();
                    for p in &parts[i..parts.len().min(i + 3)] {
                        glued.push_str(p);
                        if glued.len() >= 3 {
                            tokens.push(glued.clone());
                        }
                    }
                }
            }
            t.rows().iter().position(|row| {
                row.aliases
                    .iter()
                    .filter(|a| a.is_ascii() && a.len() >= 3)
                    .any(|a| {
                        let flat: String = a.chars().filter(|&c| c != '-' && c != ' ').collect();
                        tokens.contains(&flat)
                    })
            })
        };
        let words: Vec<String> = t
            .rows()
            .iter()
            .flat_map(|r| r.aliases.iter().filter(|a| a.is_ascii()).cloned())
            .flat_map(|a| [a.replace(' ', "-"), a.replace([' ', '-'], "")])
            .chain(["pay", "x", "secure", "24", "top", "co", "uk"].map(String::from))
            .collect();
        let mut rng = crate::test_support::XorShift(0x2545_f491_4f6c_dd1d);
        let mut hits = 0;
        for _ in 0..5_000 {
            let mut host = String::new();
            for k in 0..4 {
                let x = rng.next_u64();
                if k > 0 {
                    host.push(if x.is_multiple_of(3) { '.' } else { '-' });
                }
                host.push_str(&words[(x % words.len() as u64) as usize]);
            }
            let want = oracle(&host);
            hits += usize::from(want.is_some());
            assert_eq!(t.brand_in_host(&host), want, "{host}");
        }
        assert!(hits > 1_000, "{hits}");
    }

    #[test]
    fn parses_matches_and_round_trips() {
        let t = Institutions::parse_csv(CSV).unwrap();
        assert_eq!(t.rows().len(), 3);
        let back = Institutions::from_bytes(&t.to_bytes()).unwrap();
        assert_eq!(back, t);
        let n = normalize_text("【中国工商銀行】您的账户");
        let m = back.mentions(n.text(), n.traditional());
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, 0);
        assert_eq!(back.mentions("usps: your parcel", false).len(), 1);
        assert!(back.mentions("uspsx parcel", false).is_empty());
        assert_eq!(back.brand_in_host("icbc-jf.vip"), Some(0));
        assert_eq!(back.brand_in_host("usps-redeliver.top"), Some(1));
        assert_eq!(back.brand_in_host("example.com"), None);
        assert_eq!(back.brand_in_host("royal-mail-rebook.co.uk"), Some(2));
        assert_eq!(back.brand_in_host("rebook-royalmail.com"), Some(2));
        assert_eq!(back.brand_in_host("loyal-mail.com"), None);
        assert!(back.is_official_host(0, "www.icbc.com.cn"));
        assert!(!back.is_official_host(0, "icbc.com.cn.evil.top"));
        assert!(!back.is_official_host(0, "xicbc.com.cn"));
        let digits = normalize("95588", &Region::cn()).unwrap();
        assert!(back.is_official_number(0, digits.digits()));
    }

    #[test]
    fn a_shared_alias_means_the_row_of_the_messages_script() {
        let t = Institutions::parse_csv(
            "Taiwan tax,財政部,國稅局,,mof.gov.tw,src\n\
             Mainland tax,税务局,国税局,12366,chinatax.gov.cn,src\n\
             ICBC,工商银行,工行,95588,icbc.com.cn,src\n",
        )
        .unwrap();
        let rows = |body: &str| {
            let n = normalize_text(body);
            let m = t.mentions(n.text(), n.traditional());
            m.iter().map(|x| x.0).collect::<Vec<_>>()
        };
        assert_eq!(rows("【国税局】您有一笔个税退税待领取"), [1]);
        assert_eq!(rows("【國稅局】您有一筆退稅款項待領取"), [0]);
        // A Simplified row's alias means it in either script; a Taiwanese
        // row's Chinese alias is no claim in a Simplified message.
        assert_eq!(rows("【工商銀行】您的帳戶"), [2]);
        assert_eq!(rows("財政部通知"), [0]);
        assert!(rows("财政部通知").is_empty());
    }

    #[test]
    fn bad_tables_are_refused_with_the_line() {
        let e = Institutions::parse_csv("A,,a|bb,,x.com,\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("source"), "{e}");
        let e = Institutions::parse_csv("A,,bb,,not a domain,src\n").unwrap_err();
        assert!(e.contains("not a domain"), "{e}");
        let e = Institutions::parse_csv("A,,b,,x.com,src\n").unwrap_err();
        assert!(e.contains("shorter"), "{e}");
        assert!(Institutions::from_bytes(&[1, 2, 3]).is_err());
        let mut bytes = Institutions::parse_csv(CSV).unwrap().to_bytes();
        bytes[0] = 9;
        assert!(Institutions::from_bytes(&bytes).is_err());
    }
}
