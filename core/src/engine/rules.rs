//! User rules: what the app's user writes ("block 0755-8888*", "junk 贷款 after 22:00").
//!
//! A rule document is JSON with a schema version:
//! ```json
//! {"schema": 1, "rules": [
//!   {"id": "no-loans", "keywords": ["贷款", "额度"], "action": "junk", "category": "loan"},
//!   {"id": "gym", "number": "+86 138 0013 8*", "action": "silence", "note": "the gym"},
//!   {"id": "night", "number_regex": "^86170", "action": "block",
//!    "window": {"from": "22:00", "to": "07:00", "days": ["mon","tue","wed","thu","fri"]}}
//! ]}
//! ```
//! All rules are compiled together: number patterns into one prefix table, number
//! regexes into one multi-pattern regex (`regex-automata`'s `meta::Regex`, which
//! `regex::RegexSet` wraps; it also names the pattern a build error comes from),
//! body regexes into another, so checking a thousand
//! rules costs about one pass over the input. Keywords are plain substrings, searched
//! in the lowercased body (`str::contains`): compiling them as case-insensitive regexes cost ~15 ms
//! for a few kilobytes of keywords, searching them costs microseconds.
//!
//! Body regexes also see the lowercased body, and are written in lower case: the
//! `(?i)` flag and upper-case letters are refused with a clear error. Unicode case
//! folding of big classes (`\w`, `.`) under `(?i)` made a 1 KB pattern take 40 ms
//! to compile; without it the same patterns compile in about a millisecond.
//!
//! # Example
//! ```
//! use burao_core::engine::rules::{RuleSet, Subject};
//! use burao_core::number::Region;
//! let rules = RuleSet::parse(r#"{"schema":1,"rules":[{"id":"r1","keywords":["贷款"],"action":"junk"}]}"#, &Region::cn()).unwrap();
//! let hits = rules.matches(&Subject { digits: Some("8613800138000"), body: Some("低息贷款"), minute_of_week: 0 });
//! assert_eq!(hits[0].id, "r1");
//! ```

use std::collections::HashMap;
use std::fmt;

use regex_automata::meta::{self, BuildError};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::ast::{self, Ast, ClassSetItem, Flag};
use serde_json::Value;

use crate::lists::Pattern;
use crate::number::Region;
use crate::verdict::{Action, Category};

/// The rule document schema this build reads.
pub const RULES_SCHEMA: u64 = 1;
/// At most this many rules in one document.
pub const MAX_RULES: usize = 10_000;
/// Compiled regex size limit (bytes), so a hostile pattern cannot explode.
pub const REGEX_SIZE_LIMIT: usize = 256 << 10;
/// Deepest nesting of groups and repetitions in a rule regex: `a????…` stacks
/// repetitions, and a few dozen levels already cost tens of milliseconds to compile.
pub const REGEX_NEST_LIMIT: u32 = 16;
/// At most this many keywords per rule, and characters per keyword or regex.
pub const MAX_KEYWORDS: usize = 200;
/// Longest accepted keyword or regex source.
pub const MAX_PATTERN_CHARS: usize = 1_000;
/// At most this many keywords in all the rules of a document. Each keyword is
/// searched on its own (`str::contains`), so a message's cost grows with their
/// number: at this limit a 1 KiB body takes about half a millisecond (issue 17;
/// 1,000 rules of 200 keywords took 5.5 ms per KiB).
pub const MAX_TOTAL_KEYWORDS: usize = 20_000;

/// A rule was rejected: which one and why. The previous rule set stays in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Index of the rule in the document (`None`: the document itself).
    pub index: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "rule {i}: {}", self.reason),
            None => write!(f, "rule document: {}", self.reason),
        }
    }
}

impl std::error::Error for RuleError {}

/// A local time-of-day window on some weekdays. `from > to` crosses midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    /// Start, minutes after local midnight (inclusive).
    pub from_minute: u16,
    /// End, minutes after local midnight (exclusive).
    pub to_minute: u16,
    /// Bit 0 = Monday … bit 6 = Sunday (the day the window starts).
    pub days: u8,
}

impl TimeWindow {
    /// True if `minute_of_week` (0 = Monday 00:00 local) falls in the window.
    pub fn contains(&self, minute_of_week: u32) -> bool {
        let day = (minute_of_week / 1440) % 7;
        let minute = (minute_of_week % 1440) as u16;
        let on = |d: u32| self.days & (1 << d) != 0;
        if self.from_minute <= self.to_minute {
            on(day) && minute >= self.from_minute && minute < self.to_minute
        } else {
            // Crossing midnight: the late part belongs to today, the early part to yesterday.
            (on(day) && minute >= self.from_minute)
                || (on((day + 6) % 7) && minute < self.to_minute)
        }
    }
}

/// One user rule, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The user's or app's id for the rule (unique in a document).
    pub id: String,
    /// Number pattern (`170*` prefix or exact), canonicalised. With
    /// `number_regex`, either one matching meets the number condition.
    pub number: Option<Pattern>,
    /// Regex over the canonical digits (`8613800138000`).
    pub number_regex: Option<String>,
    /// Any of these keywords in the body (case-insensitive). With
    /// `body_regex`, either one matching meets the body condition.
    pub keywords: Vec<String>,
    /// Regex over the lowercased body, written in lower case.
    pub body_regex: Option<String>,
    /// What to do when the rule matches: when every condition it has
    /// (number, body, window) holds.
    pub action: Action,
    /// The category to report.
    pub category: Option<Category>,
    /// When the rule applies (always if `None`), in the user's local time
    /// (the UTC offset of the user state).
    pub window: Option<TimeWindow>,
    /// Free text.
    pub note: String,
}

impl Rule {
    /// True for rules that let things through.
    pub fn allows(&self) -> bool {
        matches!(self.action, Action::Allow | Action::Transaction)
    }

    /// True if the rule looks at the message body (and so never matches a call).
    pub fn needs_body(&self) -> bool {
        !self.keywords.is_empty() || self.body_regex.is_some()
    }
}

/// What a rule set is checked against.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    /// Canonical digits of the caller or sender, if it is a number.
    pub digits: Option<&'a str>,
    /// The message body, for SMS.
    pub body: Option<&'a str>,
    /// Local minute of the week, 0 = Monday 00:00.
    pub minute_of_week: u32,
}

/// A compiled set of rules.
#[derive(Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    source: String,
    prefixes: HashMap<Vec<u8>, Vec<usize>>,
    number_set: meta::Regex,
    number_owners: Vec<usize>,
    body_set: meta::Regex,
    body_owners: Vec<usize>,
    /// Lowercased keywords and the rule each belongs to.
    keywords: Vec<(String, usize)>,
}

// What is screened, and rule documents (which can name numbers), stay out of `Debug`.
impl fmt::Debug for Subject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subject")
            .field("digits", &crate::redact::RedactedOpt(self.digits))
            .field("body", &crate::redact::RedactedOpt(self.body))
            .field("minute_of_week", &self.minute_of_week)
            .finish()
    }
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.len())
            .finish_non_exhaustive()
    }
}

impl Default for RuleSet {
    fn default() -> RuleSet {
        RuleSet::parse(r#"{"schema":1,"rules":[]}"#, &Region::cn()).expect("empty rule set")
    }
}

impl RuleSet {
    /// Parses and compiles a rule document. Any bad rule rejects the whole document.
    pub fn parse(json: &str, region: &Region) -> Result<RuleSet, RuleError> {
        let doc_err = |reason: String| RuleError {
            index: None,
            reason,
        };
        let doc: Value =
            serde_json::from_str(json).map_err(|e| doc_err(format!("not valid JSON: {e}")))?;
        match doc.get("schema").and_then(Value::as_u64) {
            Some(RULES_SCHEMA) => {}
            Some(v) => {
                return Err(doc_err(format!(
                    "schema {v}, this library reads schema {RULES_SCHEMA}"
                )))
            }
            None => return Err(doc_err("missing \"schema\": 1".into())),
        }
        let items = doc
            .get("rules")
            .and_then(Value::as_array)
            .ok_or_else(|| doc_err("missing \"rules\" array".into()))?;
        if items.len() > MAX_RULES {
            return Err(doc_err(format!(
                "{} rules, at most {MAX_RULES}",
                items.len()
            )));
        }
        let mut rules = Vec::with_capacity(items.len());
        let mut keywords = 0;
        for (i, item) in items.iter().enumerate() {
            let rule = parse_rule(item, region).map_err(|reason| RuleError {
                index: Some(i),
                reason,
            })?;
            keywords += rule.keywords.len();
            if keywords > MAX_TOTAL_KEYWORDS {
                return Err(RuleError {
                    index: Some(i),
                    reason: format!(
                        "the rules up to this one hold {keywords} keywords, at most {MAX_TOTAL_KEYWORDS} in a document"
                    ),
                });
            }
            if rules.iter().any(|r: &Rule| r.id == rule.id) {
                return Err(RuleError {
                    index: Some(i),
                    // An id may be a number the user typed: never echoed.
                    reason: format!(
                        "duplicate id `{}`",
                        crate::redact::hide_digit_runs(&rule.id)
                    ),
                });
            }
            rules.push(rule);
        }
        RuleSet::compile(rules, json.to_string())
    }

    fn compile(rules: Vec<Rule>, source: String) -> Result<RuleSet, RuleError> {
        let mut prefixes: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
        let (mut number_pats, mut number_owners) = (Vec::new(), Vec::new());
        let (mut body_pats, mut body_owners) = (Vec::new(), Vec::new());
        let mut keywords = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if let Some(p) = &r.number {
                prefixes.entry(pattern_key(p)).or_default().push(i);
            }
            if let Some(re) = &r.number_regex {
                number_pats.push(re.clone());
                number_owners.push(i);
            }
            for k in &r.keywords {
                keywords.push((k.to_lowercase(), i));
            }
            if let Some(re) = &r.body_regex {
                body_pats.push(re.clone());
                body_owners.push(i);
            }
        }
        let build = |pats: &[String], owners: &[usize]| {
            compile_set(pats).map_err(|e| {
                // A parse error names its pattern. A size error names none:
                // the culprit is the first regex too big on its own (only
                // this rare error compiles again), none if only the sum is.
                let pattern = e.pattern().map(|p| p.as_usize()).or_else(|| {
                    (0..pats.len()).find(|&i| {
                        pats.len() == 1 || compile_set(std::slice::from_ref(&pats[i])).is_err()
                    })
                });
                RuleError {
                    index: pattern.map(|p| owners[p]),
                    reason: format!("regex does not compile: {}", build_error_text(&e)),
                }
            })
        };
        Ok(RuleSet {
            number_set: build(&number_pats, &number_owners)?,
            body_set: build(&body_pats, &body_owners)?,
            rules,
            source,
            prefixes,
            number_owners,
            body_owners,
            keywords,
        })
    }

    /// The rules, in document order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The document the set was parsed from (for saving the state).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every rule whose conditions all hold, in document order.
    pub fn matches(&self, s: &Subject<'_>) -> Vec<&Rule> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        let mut number_hit = vec![false; self.rules.len()];
        if let Some(d) = s.digits {
            for len in 1..=d.len() {
                let mut key = d.as_bytes()[..len].to_vec();
                key.push(b'*');
                if let Some(owners) = self.prefixes.get(&key) {
                    owners.iter().for_each(|&o| number_hit[o] = true);
                }
                key.push((d.len() - len) as u8);
                if let Some(owners) = self.prefixes.get(&key) {
                    owners.iter().for_each(|&o| number_hit[o] = true);
                }
            }
            let mut key = d.as_bytes().to_vec();
            key.push(b'$');
            if let Some(owners) = self.prefixes.get(&key) {
                owners.iter().for_each(|&o| number_hit[o] = true);
            }
            for m in matching(&self.number_set, d).iter() {
                number_hit[self.number_owners[m.as_usize()]] = true;
            }
        }
        let mut body_hit = vec![false; self.rules.len()];
        if let Some(b) = s
            .body
            .filter(|_| self.body_set.pattern_len() > 0 || !self.keywords.is_empty())
        {
            let lower = b.to_lowercase();
            for m in matching(&self.body_set, &lower).iter() {
                body_hit[self.body_owners[m.as_usize()]] = true;
            }
            for (keyword, owner) in &self.keywords {
                if !body_hit[*owner] && lower.contains(keyword.as_str()) {
                    body_hit[*owner] = true;
                }
            }
        }
        self.rules
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                let number_ok = (r.number.is_none() && r.number_regex.is_none()) || number_hit[*i];
                let body_ok = !r.needs_body() || body_hit[*i];
                let time_ok = r.window.is_none_or(|w| w.contains(s.minute_of_week));
                number_ok && body_ok && time_ok
            })
            .map(|(_, r)| r)
            .collect()
    }
}

fn pattern_key(p: &Pattern) -> Vec<u8> {
    let mut k = p.digits().as_bytes().to_vec();
    k.push(if p.is_prefix() { b'*' } else { b'$' });
    // A fixed-length pattern (`+33 162 ######`): the number of `#` digits.
    if p.width() > 0 {
        k.push(p.width() as u8);
    }
    k
}

/// One multi-pattern regex over a kind of rule regex (number or body), built
/// as `regex::RegexSet` builds its own (every pattern reports its matches, no
/// capture groups) and with the rules' limits, so a build error carries the id
/// of the pattern that caused it.
fn compile_set(pats: &[String]) -> Result<meta::Regex, Box<BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .match_kind(MatchKind::All)
                .utf8_empty(true)
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(REGEX_SIZE_LIMIT),
        )
        .syntax(
            syntax::Config::new()
                .utf8(true)
                .nest_limit(REGEX_NEST_LIMIT),
        )
        .build_many(pats)
        .map_err(Box::new)
}

/// The patterns of `set` that match anywhere in `haystack`.
fn matching(set: &meta::Regex, haystack: &str) -> PatternSet {
    let mut hits = PatternSet::new(set.pattern_len());
    set.which_overlapping_matches(&Input::new(haystack), &mut hits);
    hits
}

/// What is wrong with a rule regex, in the words of `regex::Error`: the size
/// limit, or the line of a syntax error that says what is wrong (`error: …`),
/// never the echo of the pattern, which may hold a phone number.
fn build_error_text(e: &BuildError) -> String {
    let full = match (e.size_limit(), e.syntax_error()) {
        (Some(limit), _) => format!("Compiled regex exceeds size limit of {limit} bytes."),
        (None, Some(syntax)) => syntax.to_string(),
        (None, None) => e.to_string(),
    };
    first_line(&full).to_string()
}

/// The line of a regex error that says what is wrong (`error: …`).
fn first_line(s: &str) -> &str {
    s.lines()
        .map(str::trim)
        .find(|l| l.starts_with("error:"))
        .or_else(|| s.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or(s)
}

fn parse_rule(v: &Value, region: &Region) -> Result<Rule, String> {
    let obj = v.as_object().ok_or("a rule must be a JSON object")?;
    const KNOWN: [&str; 9] = [
        "id",
        "number",
        "number_regex",
        "keywords",
        "body_regex",
        "action",
        "category",
        "window",
        "note",
    ];
    if let Some(k) = obj.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(format!("unknown field {}", crate::redact::quoted(k)));
    }
    let text = |k: &str| -> Result<Option<String>, String> {
        match obj.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.chars().count() > MAX_PATTERN_CHARS => Err(format!(
                "`{k}` is longer than {MAX_PATTERN_CHARS} characters"
            )),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{k}` must be a string")),
        }
    };
    let id = text("id")?
        .filter(|s| !s.is_empty())
        .ok_or("missing `id`")?;
    let number = match text("number")? {
        Some(n) => Some(Pattern::parse(&n, region).map_err(|e| format!("`number`: {e}"))?),
        None => None,
    };
    let keywords = match obj.get("keywords") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => {
            if a.len() > MAX_KEYWORDS {
                return Err(format!("more than {MAX_KEYWORDS} keywords"));
            }
            a.iter()
                .map(|k| match k.as_str() {
                    Some(s) if !s.trim().is_empty() && s.chars().count() <= MAX_PATTERN_CHARS => {
                        Ok(s.to_string())
                    }
                    _ => Err("`keywords` must hold non-empty strings".to_string()),
                })
                .collect::<Result<_, _>>()?
        }
        Some(_) => return Err("`keywords` must be an array of strings".into()),
    };
    let action_text = text("action")?.ok_or("missing `action`")?;
    let action = Action::parse(&action_text).ok_or_else(|| {
        format!(
            "unknown action {} (block, silence, allow, junk, promotion, transaction)",
            crate::redact::quoted(&action_text)
        )
    })?;
    let category = match text("category")? {
        None => None,
        Some(c) => Some(
            Category::parse(&c)
                .ok_or_else(|| format!("unknown category {}", crate::redact::quoted(&c)))?,
        ),
    };
    let window = match obj.get("window") {
        None | Some(Value::Null) => None,
        Some(w) => Some(parse_window(w)?),
    };
    let rule = Rule {
        id,
        number,
        number_regex: text("number_regex")?,
        keywords,
        body_regex: text("body_regex")?,
        action,
        category,
        window,
        note: text("note")?.unwrap_or_default(),
    };
    if rule.number.is_none() && rule.number_regex.is_none() && !rule.needs_body() {
        return Err("a rule needs `number`, `number_regex`, `keywords` or `body_regex`".into());
    }
    for re in [&rule.number_regex, &rule.body_regex].into_iter().flatten() {
        check_dialect(re)?;
    }
    Ok(rule)
}

/// Refuses what rule regexes may not use: `(?i)` (they already see the
/// lowercased body, and its Unicode case folding is what made hostile patterns
/// slow to compile) and upper-case letters (which could never match).
/// Syntax errors are left to the compiler, which reports them.
fn check_dialect(pattern: &str) -> Result<(), String> {
    let parsed = ast::parse::ParserBuilder::new()
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .parse(pattern);
    match parsed {
        Ok(tree) => ast::visit(&tree, Dialect),
        Err(_) => Ok(()),
    }
}

const NO_CASE_FLAG: &str =
    "regex uses (?i): rule regexes match the lowercased body, write them in lower case";
const NO_UPPER_CASE: &str =
    "regex has an upper-case letter: rule regexes match the lowercased body, write them in lower case";

struct Dialect;

impl ast::Visitor for Dialect {
    type Output = ();
    type Err = String;

    fn finish(self) -> Result<(), String> {
        Ok(())
    }

    fn visit_pre(&mut self, node: &Ast) -> Result<(), String> {
        let flags = match node {
            Ast::Flags(f) => Some(&f.flags),
            Ast::Group(g) => match &g.kind {
                ast::GroupKind::NonCapturing(f) => Some(f),
                _ => None,
            },
            Ast::Literal(l) if l.c.is_uppercase() => return Err(NO_UPPER_CASE.into()),
            _ => None,
        };
        match flags.and_then(|f| f.flag_state(Flag::CaseInsensitive)) {
            Some(true) => Err(NO_CASE_FLAG.into()),
            _ => Ok(()),
        }
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), String> {
        match item {
            ClassSetItem::Literal(l) if l.c.is_uppercase() => Err(NO_UPPER_CASE.into()),
            ClassSetItem::Range(r) if r.start.c.is_uppercase() || r.end.c.is_uppercase() => {
                Err(NO_UPPER_CASE.into())
            }
            _ => Ok(()),
        }
    }
}

fn parse_window(w: &Value) -> Result<TimeWindow, String> {
    let minute = |k: &str| -> Result<u16, String> {
        let s = w
            .get(k)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`window.{k}` must be \"HH:MM\""))?;
        let (h, m) = s
            .split_once(':')
            .ok_or_else(|| format!("`window.{k}` must be \"HH:MM\""))?;
        match (h.parse::<u16>(), m.parse::<u16>()) {
            (Ok(h), Ok(m)) if h < 24 && m < 60 => Ok(h * 60 + m),
            (Ok(24), Ok(0)) => Ok(1440),
            _ => Err(format!("`window.{k}` is not a time of day")),
        }
    };
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let days = match w.get("days") {
        None | Some(Value::Null) => 0x7f,
        Some(Value::Array(a)) => {
            let mut bits = 0u8;
            for d in a {
                let name = d.as_str().unwrap_or("").to_ascii_lowercase();
                let i = DAYS
                    .iter()
                    .position(|x| *x == name)
                    .ok_or("`window.days` holds mon, tue, wed, thu, fri, sat, sun")?;
                bits |= 1 << i;
            }
            bits
        }
        Some(_) => return Err("`window.days` must be an array".into()),
    };
    Ok(TimeWindow {
        from_minute: minute("from")?,
        to_minute: minute("to")?,
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_echo_a_number_given_as_an_id_or_a_field() {
        let dup = r#"{"id":"13800138000","number":"170*","action":"block"},{"id":"13800138000","number":"171*","action":"block"}"#;
        let e = set(dup).unwrap_err().to_string();
        assert!(
            e.contains("duplicate id") && !e.contains("13800138000"),
            "{e}"
        );
        let field = r#"{"id":"a","number":"170*","action":"block","13912345678":1}"#;
        let e = set(field).unwrap_err().to_string();
        assert!(
            e.contains("unknown field") && !e.contains("13912345678"),
            "{e}"
        );
        let e = set(r#"{"id":"r1","action":"block","number":"170*"},{"id":"r1","action":"block","number":"171*"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("`r1`"), "short ids stay readable: {e}");
    }

    fn set(rules: &str) -> Result<RuleSet, RuleError> {
        RuleSet::parse(
            &format!(r#"{{"schema":1,"rules":[{rules}]}}"#),
            &Region::cn(),
        )
    }

    fn ids(rs: &RuleSet, digits: Option<&str>, body: Option<&str>, mow: u32) -> Vec<String> {
        rs.matches(&Subject {
            digits,
            body,
            minute_of_week: mow,
        })
        .iter()
        .map(|r| r.id.clone())
        .collect()
    }

    #[test]
    fn number_prefix_and_exact_rules() {
        let rs = set(r#"{"id":"a","number":"138 0013*","action":"block"},
                        {"id":"b","number":"13800138000","action":"allow"}"#)
        .unwrap();
        assert_eq!(ids(&rs, Some("8613800138000"), None, 0), ["a", "b"]);
        assert_eq!(ids(&rs, Some("8613800139999"), None, 0), ["a"]);
        assert!(ids(&rs, Some("8613900000000"), None, 0).is_empty());
        // A fixed-length rule matches its length only.
        let rs = set(r#"{"id":"f","number":"+33 162 ######","action":"block"}"#).unwrap();
        assert_eq!(ids(&rs, Some("33162123456"), None, 0), ["f"]);
        assert!(ids(&rs, Some("3316212345"), None, 0).is_empty());
        assert!(ids(&rs, Some("331621234567"), None, 0).is_empty());
    }

    #[test]
    fn number_regex_rules() {
        let rs =
            set(r#"{"id":"r","number_regex":"^86(170|171)\\d{8}$","action":"silence"}"#).unwrap();
        assert_eq!(ids(&rs, Some("8617012345678"), None, 0), ["r"]);
        assert!(ids(&rs, Some("8613812345678"), None, 0).is_empty());
    }

    #[test]
    fn keyword_and_body_regex_rules_need_a_body() {
        let rs = set(
            r#"{"id":"k","keywords":["贷款","Loan"],"action":"junk","category":"loan"},
                        {"id":"x","body_regex":"退订|回t","action":"promotion"}"#,
        )
        .unwrap();
        assert_eq!(ids(&rs, None, Some("低息LOAN秒批"), 0), ["k"]);
        assert_eq!(ids(&rs, None, Some("新品上市 回T退订"), 0), ["x"]);
        assert!(
            ids(&rs, Some("8613800138000"), None, 0).is_empty(),
            "calls have no body"
        );
    }

    #[test]
    fn number_and_body_must_both_hold() {
        let rs =
            set(r#"{"id":"nb","number":"95588","keywords":["验证码"],"action":"transaction"}"#)
                .unwrap();
        assert_eq!(ids(&rs, Some("8695588"), Some("验证码 1234"), 0), ["nb"]);
        assert!(ids(&rs, Some("8695588"), Some("hello"), 0).is_empty());
        assert!(ids(&rs, Some("8695599"), Some("验证码"), 0).is_empty());
    }

    #[test]
    fn time_windows_cross_midnight_and_pick_days() {
        let rs = set(r#"{"id":"n","number":"170*","action":"block",
                         "window":{"from":"22:00","to":"07:00","days":["fri"]}}"#)
        .unwrap();
        let fri = 4 * 1440;
        let at = |m: u32| ids(&rs, Some("8617000000000"), None, m);
        assert_eq!(at(fri + 23 * 60), ["n"]);
        assert_eq!(
            at(fri + 1440 + 6 * 60),
            ["n"],
            "early Saturday belongs to Friday night"
        );
        assert!(at(fri + 12 * 60).is_empty());
        assert!(
            at(fri + 6 * 60).is_empty(),
            "early Friday belongs to Thursday night"
        );
        let w = TimeWindow {
            from_minute: 540,
            to_minute: 1020,
            days: 0b11111,
        };
        assert!(w.contains(540) && !w.contains(1020) && !w.contains(5 * 1440 + 600));
    }

    #[test]
    fn bad_rules_name_their_index() {
        let cases = [
            (
                r#"{"id":"a","number":"1*","action":"block"},{"id":"b","action":"block"}"#,
                1,
                "needs",
            ),
            (r#"{"id":"a","number":"abc","action":"block"}"#, 0, "number"),
            (
                r#"{"id":"a","number":"1*","action":"explode"}"#,
                0,
                "unknown action",
            ),
            (
                r#"{"id":"a","number":"1*","action":"block","colour":"red"}"#,
                0,
                "unknown field",
            ),
            (
                r#"{"id":"a","number":"1*","action":"block"},{"id":"a","number":"2*","action":"block"}"#,
                1,
                "duplicate",
            ),
            (
                r#"{"id":"a","body_regex":"(unclosed","action":"junk"}"#,
                0,
                "regex",
            ),
            (
                r#"{"id":"a","number":"1*","action":"block","window":{"from":"25:00","to":"01:00"}}"#,
                0,
                "time",
            ),
            (
                r#"{"id":"a","keywords":[""],"action":"junk"}"#,
                0,
                "keywords",
            ),
        ];
        for (rules, index, what) in cases {
            let e = set(rules).unwrap_err();
            assert_eq!(e.index, Some(index), "{rules}");
            assert!(e.to_string().contains(what), "{e}");
        }
        let e = RuleSet::parse(r#"{"schema":2,"rules":[]}"#, &Region::cn()).unwrap_err();
        assert_eq!(e.index, None);
        assert!(RuleSet::parse("not json", &Region::cn()).is_err());
    }

    #[test]
    fn body_regexes_match_the_lowercased_body_with_perl_classes() {
        // The phone library keeps regex's \s \d \w tables (and drops the script
        // and category ones; test builds cannot show that, as dev-dependencies
        // turn them back on through feature unification).
        let ok = set(r#"{"id":"ci","body_regex":"loan\\s+offer","action":"junk"}"#).unwrap();
        assert_eq!(ids(&ok, None, Some("LOAN  Offer"), 0), ["ci"]);
        assert_eq!(ids(&ok, None, Some("贷款 loan offer"), 0), ["ci"]);
    }

    #[test]
    fn the_case_flag_and_upper_case_letters_are_refused() {
        for (pattern, what) in [
            ("(?i)loan", "(?i)"),
            ("a(?i:b)", "(?i)"),
            ("(?mi)x", "(?i)"),
            ("Loan", "upper-case"),
            ("[A-Z]{3}", "upper-case"),
            ("[xY]", "upper-case"),
        ] {
            let e = set(&format!(
                r#"{{"id":"r","body_regex":"{pattern}","action":"junk"}}"#
            ))
            .unwrap_err();
            assert_eq!(e.index, Some(0), "{pattern}");
            assert!(e.reason.contains(what), "{pattern}: {e}");
        }
        // Turning the flag off, escapes and assertions are fine.
        for pattern in ["(?-i)loan", r"\\Aloan\\z", r"\\d{4}\\b", r"[a-z]+\\W"] {
            set(&format!(
                r#"{{"id":"r","body_regex":"{pattern}","action":"junk"}}"#
            ))
            .unwrap_or_else(|e| panic!("{pattern}: {e}"));
        }
    }

    #[test]
    fn keywords_are_case_insensitive_substrings() {
        let rs = set(r#"{"id":"k","keywords":["Loan Offer","贷款"],"action":"junk"}"#).unwrap();
        assert_eq!(ids(&rs, None, Some("best LOAN offer today"), 0), ["k"]);
        assert_eq!(ids(&rs, None, Some("无抵押贷款"), 0), ["k"]);
        assert!(ids(&rs, None, Some("loan-offer"), 0).is_empty());
        // Regex syntax in a keyword is just text.
        let rs = set(r#"{"id":"k","keywords":["a.b"],"action":"junk"}"#).unwrap();
        assert!(ids(&rs, None, Some("axb"), 0).is_empty());
        assert_eq!(ids(&rs, None, Some("see a.b"), 0), ["k"]);
    }

    #[test]
    fn stacked_repetitions_are_refused_by_the_nest_limit() {
        // From the fuzzer: `5???…` nests repetitions; dozens of levels took 185 ms to compile.
        let deep = format!("5{}x", "?".repeat(60));
        let e = set(&format!(
            r#"{{"id":"deep","body_regex":"{deep}","action":"junk"}}"#
        ))
        .unwrap_err();
        assert_eq!(e.index, Some(0));
        assert!(e.reason.contains("nest"), "{e}");
        assert!(!e.reason.contains("5?"), "the pattern is not echoed: {e}");
    }

    #[test]
    fn an_exploding_regex_is_refused_quickly() {
        let e =
            set(r#"{"id":"big","body_regex":"(\\w{1,100}){1,100}[a-z]{1,100}","action":"junk"}"#)
                .unwrap_err();
        assert_eq!(e.index, Some(0));
    }

    #[test]
    fn a_regex_error_names_its_rule_among_several() {
        let before = r#"{"id":"a","body_regex":"loan","action":"junk"},{"id":"n","number_regex":"^86","action":"block"}"#;
        let after = r#"{"id":"c","body_regex":"offer","action":"junk"},{"id":"m","number_regex":"^852","action":"block"}"#;
        for (bad, what) in [
            (
                r#"{"id":"b","body_regex":"(unclosed","action":"junk"}"#,
                "unclosed",
            ),
            (
                r#"{"id":"b","number_regex":"86[","action":"block"}"#,
                "unclosed",
            ),
            (
                r#"{"id":"b","body_regex":"(\\w{1,100}){1,100}[a-z]{1,100}","action":"junk"}"#,
                "size limit",
            ),
        ] {
            let e = set(&format!("{before},{bad},{after}")).unwrap_err();
            assert_eq!(e.index, Some(2), "{bad}: {e}");
            assert!(e.reason.contains(what), "{bad}: {e}");
        }
        // Each regex fits alone, only together are they too big: no rule to blame.
        let many: Vec<String> = (0..8)
            .map(|i| {
                format!(
                    r#"{{"id":"p{i}","body_regex":"([a-z]{{1,100}}){{1,20}}","action":"junk"}}"#
                )
            })
            .collect();
        set(&many[0]).expect("one part fits the limit");
        let e = set(&many.join(",")).unwrap_err();
        assert_eq!(e.index, None, "{e}");
        assert!(e.reason.contains("size limit"), "{e}");
    }

    #[test]
    fn keywords_in_all_rules_are_capped() {
        let rules = |n: usize| -> String {
            (0..n)
                .map(|i| {
                    let kws: Vec<String> =
                        (0..MAX_KEYWORDS).map(|k| format!("\"w{i}x{k}\"")).collect();
                    format!(
                        r#"{{"id":"r{i}","keywords":[{}],"action":"junk"}}"#,
                        kws.join(",")
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let at_limit = MAX_TOTAL_KEYWORDS / MAX_KEYWORDS;
        let rs = set(&rules(at_limit)).unwrap();
        assert_eq!(ids(&rs, None, Some("it says w3x7 here"), 0), ["r3"]);
        let e = set(&rules(at_limit + 1)).unwrap_err();
        assert_eq!(e.index, Some(at_limit), "{e}");
        assert!(e.reason.contains(&MAX_TOTAL_KEYWORDS.to_string()), "{e}");
    }

    #[test]
    fn a_thousand_rules_compile_into_one_pass() {
        let rules: Vec<String> = (0..1000)
            .map(|i| format!(r#"{{"id":"r{i}","keywords":["词{i}号"],"action":"junk"}}"#))
            .collect();
        let rs = set(&rules.join(",")).unwrap();
        assert_eq!(ids(&rs, None, Some("这里有词999号"), 0), ["r999"]);
    }
}
