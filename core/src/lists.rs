//! Prefix and exact-number lists: CSV sources, the builder, and the fst lookup.
//!
//! Keys in the fst are canonical digits followed by one marker byte: `*` for a
//! prefix pattern, `$` for an exact number. Both sort below `0`, so a lookup is
//! a single walk along the number's digits that checks for a `*` edge at every
//! depth and for a `$` edge at the end. A fixed-length pattern (`+33162######`:
//! the prefix, then exactly six digits) is the prefix key followed by one byte,
//! the number of digits after the prefix (1 to 22): the lookup checks it only
//! where a `*` edge exists, so lists without such patterns walk as before.
//! The fst value is an index into a side table of entries.
//!
//! Which pattern decides a number: the longest prefix; at equal length a
//! fixed-length pattern beats an open one (it says more), and an exact number
//! beats both.
//!
//! # Example
//! ```
//! use burao_core::lists::{ListAction, ListBuilder, PrefixList};
//! use burao_core::number::Region;
//!
//! let mut b = ListBuilder::new(Region::cn());
//! b.add_csv("block.csv", "pattern,category,action,label\n170*,harassment,silence,virtual operator\n", ListAction::Block).unwrap();
//! b.add_csv("allow.csv", "pattern,category,action,label\n17012345678,,,my plumber\n", ListAction::Allow).unwrap();
//! let built = b.build().unwrap();
//! let list = PrefixList::new(built.fst, built.entries).unwrap();
//! assert_eq!(list.lookup("8617099990000").unwrap().entry.action, ListAction::Silence);
//! assert_eq!(list.lookup("8617012345678").unwrap().entry.action, ListAction::Allow);
//! assert!(list.lookup("8613800138000").is_none());
//! ```

use std::fmt;

use fst::raw::{Fst, Output};

use crate::number::{
    check_length, check_total, normalize, normalize_prefix, NumberError, Region, MAX_E164_DIGITS,
    MAX_SMS_PORT_DIGITS,
};
use crate::verdict::{Action, Category};

pub(crate) const PREFIX_MARK: u8 = b'*';
pub(crate) const EXACT_MARK: u8 = b'$';
/// The most digits a fixed-length pattern may leave open (SMS ports run to 22).
pub(crate) const MAX_WIDTH: u8 = 22;

/// What a list entry does to a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListAction {
    /// Reject the call (junk the message).
    Block,
    /// Let the call ring silently.
    Silence,
    /// Let it through, whatever later layers say.
    Allow,
    /// Only name the caller (caller ID); later layers decide.
    Identify,
}

impl ListAction {
    /// Stable lower-case name, as used in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            ListAction::Block => "block",
            ListAction::Silence => "silence",
            ListAction::Allow => "allow",
            ListAction::Identify => "identify",
        }
    }

    /// Parses the name given by [`ListAction::as_str`].
    pub fn parse(s: &str) -> Option<ListAction> {
        Some(match s.trim() {
            "block" => ListAction::Block,
            "silence" => ListAction::Silence,
            "allow" => ListAction::Allow,
            "identify" => ListAction::Identify,
            _ => return None,
        })
    }

    /// The call action this entry decides, or `None` for identification only.
    pub fn call_action(self) -> Option<Action> {
        match self {
            ListAction::Block => Some(Action::Block),
            ListAction::Silence => Some(Action::Silence),
            ListAction::Allow => Some(Action::Allow),
            ListAction::Identify => None,
        }
    }
}

impl fmt::Display for ListAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a list says about the numbers it matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListEntry {
    /// The kind of caller, when the list knows it.
    pub category: Option<Category>,
    /// What the entry does.
    pub action: ListAction,
    /// Free text shown to the user (e.g. "China Merchants Bank").
    pub label: String,
}

/// A parsed list pattern: canonical digits, and whether it is a prefix.
/// `Display` shows the pattern (`+86170*`); `Debug` hides the digits, since
/// a user's rule pattern can be a full phone number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern {
    digits: String,
    prefix: bool,
    /// Digits after the prefix of a fixed-length pattern; 0 for `*` and exact.
    width: u8,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("digits", &crate::redact::Redacted(&self.digits))
            .field("prefix", &self.prefix)
            .field("width", &self.width)
            .finish()
    }
}

impl Pattern {
    /// Parses `+86170*`, `170*`, `13800138000`, `+33 162 ######` … in `region`.
    ///
    /// `*` stands for any continuation; each `#` for exactly one digit, so
    /// `+33 162 ######` is the million numbers `+33162000000` to `+33162999999`
    /// and nothing shorter or longer. Exact and fixed-length patterns longer
    /// than any number of their calling code are refused.
    ///
    /// # Example
    /// ```
    /// use burao_core::lists::Pattern;
    /// use burao_core::number::Region;
    /// let fr = Region::parse("FR").unwrap();
    /// let p = Pattern::parse("01 62 ## ## ##", &fr).unwrap();
    /// assert_eq!((p.digits(), p.width()), ("33162", 6));
    /// assert_eq!(p.to_string(), "+33162######");
    /// assert!(Pattern::parse("01 62 ## ## ## #", &fr).is_err());
    /// ```
    pub fn parse(text: &str, region: &Region) -> Result<Pattern, String> {
        let text = text.trim();
        if let Some(head) = text.strip_suffix('*') {
            return normalize_prefix(head, region)
                .map(|k| Pattern {
                    digits: k.digits().to_string(),
                    prefix: true,
                    width: 0,
                })
                .map_err(|e| e.to_string());
        }
        if text.ends_with('#') {
            let cut = text.trim_end_matches(['#', ' ', '-', '.']).len();
            let (head, tail) = text.split_at(cut);
            let width = tail.bytes().filter(|&b| b == b'#').count();
            if head.bytes().filter(u8::is_ascii_digit).count() == 0 {
                return Err("a fixed-length pattern needs digits before its `#`".into());
            }
            let key = normalize_prefix(head, region).map_err(|e| e.to_string())?;
            let total = key.digits().len() + width;
            let sms_port = key.calling_code() == "86" && key.national().starts_with("106");
            let max = if sms_port {
                MAX_SMS_PORT_DIGITS
            } else {
                MAX_E164_DIGITS
            };
            if width > MAX_WIDTH as usize || total > max {
                return Err(NumberError::TooLong.to_string());
            }
            check_total(key.calling_code(), key.national(), total).map_err(|e| e.to_string())?;
            return Ok(Pattern {
                digits: key.digits().to_string(),
                prefix: true,
                width: width as u8,
            });
        }
        let key = normalize(text, region).map_err(|e| e.to_string())?;
        check_length(&key).map_err(|e| e.to_string())?;
        Ok(Pattern {
            digits: key.digits().to_string(),
            prefix: false,
            width: 0,
        })
    }

    /// Canonical digits (of the prefix, for `*` and `#` patterns).
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// True for a `*` or `#` pattern.
    pub fn is_prefix(&self) -> bool {
        self.prefix
    }

    /// How many `#` digits follow the prefix (0 for `*` and exact patterns).
    pub fn width(&self) -> usize {
        self.width as usize
    }

    /// True if the pattern matches `digits` (canonical).
    pub fn matches(&self, digits: &str) -> bool {
        match (self.prefix, self.width) {
            (false, _) => digits == self.digits,
            (true, 0) => digits.starts_with(&self.digits),
            (true, w) => {
                digits.starts_with(&self.digits) && digits.len() == self.digits.len() + w as usize
            }
        }
    }

    fn key(&self) -> Vec<u8> {
        let mut k = self.digits.as_bytes().to_vec();
        k.push(if self.prefix { PREFIX_MARK } else { EXACT_MARK });
        if self.width > 0 {
            k.push(self.width);
        }
        k
    }

    pub(crate) fn from_key(key: &[u8]) -> Option<Pattern> {
        let (digits, prefix, width) = key_parts(key)?;
        Some(Pattern {
            digits: String::from_utf8(digits.to_vec()).ok()?,
            prefix,
            width,
        })
    }
}

/// A key's digits, whether it is a prefix, and its width, without allocating.
pub(crate) fn key_parts(key: &[u8]) -> Option<(&[u8], bool, u8)> {
    let (&last, head) = key.split_last()?;
    Some(match last {
        EXACT_MARK => (head, false, 0),
        PREFIX_MARK => (head, true, 0),
        w @ 1..=MAX_WIDTH => match head.split_last() {
            Some((&PREFIX_MARK, digits)) => (digits, true, w),
            _ => return None,
        },
        _ => return None,
    })
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.digits)?;
        match (self.prefix, self.width) {
            (false, _) => Ok(()),
            (true, 0) => f.write_str("*"),
            (true, w) => (0..w).try_for_each(|_| f.write_str("#")),
        }
    }
}

/// A list source error: which file, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    /// The source name given to [`ListBuilder::add_csv`].
    pub file: String,
    /// 1-based line number (0 when the error is not about one line).
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for ListError {}

/// The longest fst key: 22 digits (an SMS port), the marker, a width.
const KEY_BYTES: usize = 24;

/// One pattern while a list is built: its fst key (zero-padded: keys are
/// never 0 bytes, so padded keys sort as the keys do), the interned entry,
/// and where it came from. 36 bytes, against ~140 in a map of `Pattern`s.
#[derive(Clone, Copy)]
struct Record {
    key: [u8; KEY_BYTES],
    entry: u32,
    file: u32,
    line: u32,
}

impl Record {
    fn key(&self) -> &[u8] {
        let len = self.key.iter().position(|&b| b == 0).unwrap_or(KEY_BYTES);
        &self.key[..len]
    }
}

/// Collects patterns from CSV sources and builds the fst and entry table.
///
/// Memory is a compact record per pattern (key, interned entry, file and
/// line), kept sorted by key: each source is parsed line by line (from a
/// reader, without holding the file), sorted, checked for conflicts on the
/// sorted stream and merged; [`ListBuilder::build`] feeds the records to the
/// fst builder in order.
pub struct ListBuilder {
    region: Region,
    /// Sorted by key, one per key.
    records: Vec<Record>,
    entries: Vec<ListEntry>,
    entry_ids: std::collections::HashMap<ListEntry, u32>,
    files: Vec<String>,
}

impl fmt::Debug for ListBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (patterns, entries) = (self.records.len(), self.entries.len());
        let sources = self.files.len();
        write!(
            f,
            "ListBuilder({patterns} patterns, {entries} entries, {sources} sources)"
        )
    }
}

/// The output of [`ListBuilder::build`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltLists {
    /// Raw `fst::Map` bytes.
    pub fst: Vec<u8>,
    /// The side table the fst values index into.
    pub entries: Vec<ListEntry>,
    /// Number of patterns.
    pub patterns: usize,
}

/// Lines of one source as they come, with their 1-based numbers.
struct Source<'b> {
    builder: &'b mut ListBuilder,
    file: u32,
    default_action: ListAction,
    seen_header: bool,
    staged: Vec<Record>,
}

impl Source<'_> {
    fn err(&self, line: usize, reason: String) -> ListError {
        ListError {
            file: self.builder.files[self.file as usize].clone(),
            line,
            reason,
        }
    }

    fn line(&mut self, n: usize, raw: &str) -> Result<(), ListError> {
        let line = raw.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        if !self.seen_header {
            if line.split(',').next().map(str::trim) != Some("pattern") {
                return Err(self.err(
                    n,
                    "expected the header line `pattern,category,action,label`".into(),
                ));
            }
            self.seen_header = true;
            return Ok(());
        }
        let (pattern, entry) = parse_line(line, &self.builder.region, self.default_action)
            .map_err(|reason| self.err(n, reason))?;
        let key = pattern.key();
        if key.len() > KEY_BYTES {
            return Err(self.err(n, NumberError::TooLong.to_string()));
        }
        let line = u32::try_from(n).map_err(|_| self.err(n, "too many lines".into()))?;
        let mut record = Record {
            key: [0; KEY_BYTES],
            entry: self.builder.intern(entry),
            file: self.file,
            line,
        };
        record.key[..key.len()].copy_from_slice(&key);
        self.staged.push(record);
        Ok(())
    }
}

impl ListBuilder {
    /// An empty builder reading national numbers in `region`.
    pub fn new(region: Region) -> ListBuilder {
        ListBuilder {
            region,
            records: Vec::new(),
            entries: Vec::new(),
            entry_ids: std::collections::HashMap::new(),
            files: Vec::new(),
        }
    }

    /// Number of distinct patterns so far.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when no pattern was added.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    fn intern(&mut self, entry: ListEntry) -> u32 {
        if let Some(&id) = self.entry_ids.get(&entry) {
            return id;
        }
        let id = self.entries.len() as u32;
        self.entries.push(entry.clone());
        self.entry_ids.insert(entry, id);
        id
    }

    fn origin(&self, r: &Record) -> String {
        format!("{}:{}", self.files[r.file as usize], r.line)
    }

    /// Adds every line of a CSV source (`pattern,category,action,label` with a
    /// header; `#` comments). Lines with no action get `default_action`.
    /// On error nothing of this source is kept.
    pub fn add_csv(
        &mut self,
        file: &str,
        text: &str,
        default_action: ListAction,
    ) -> Result<usize, ListError> {
        self.add_csv_with_progress(file, text, default_action, &mut |_| {})
    }

    /// [`ListBuilder::add_csv`], calling `progress` with the bytes read so far
    /// every few thousand lines (for progress bars over big sources).
    pub fn add_csv_with_progress(
        &mut self,
        file: &str,
        text: &str,
        default_action: ListAction,
        progress: &mut dyn FnMut(usize),
    ) -> Result<usize, ListError> {
        let mut src = self.source(file, default_action);
        let mut done = 0usize;
        for (i, raw) in csv_lines(text).enumerate() {
            let n = i + 1;
            done += raw.len() + 1;
            if n % 4096 == 0 {
                progress(done.min(text.len()));
            }
            src.line(n, raw)?;
        }
        progress(text.len());
        let staged = std::mem::take(&mut src.staged);
        self.merge(staged)
    }

    /// [`ListBuilder::add_csv_with_progress`] over a reader, line by line: the
    /// source is never held whole (a 10M-line CSV is ~400 MB). `\n`, `\r\n`
    /// and lone `\r` end lines; a line that is not UTF-8 is an error naming it.
    pub fn add_csv_reader(
        &mut self,
        file: &str,
        mut reader: impl std::io::Read,
        default_action: ListAction,
        progress: &mut dyn FnMut(usize),
    ) -> Result<usize, ListError> {
        let mut src = self.source(file, default_action);
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
        let mut chunk = vec![0u8; 1 << 20];
        let (mut n, mut done) = (0usize, 0usize);
        let mut eof = false;
        while !eof {
            let got = loop {
                match reader.read(&mut chunk) {
                    Ok(k) => break k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(src.err(n + 1, format!("cannot read: {e}"))),
                }
            };
            eof = got == 0;
            buf.extend_from_slice(&chunk[..got]);
            let mut start = 0;
            while let Some(i) = buf[start..].iter().position(|&b| b == b'\n' || b == b'\r') {
                let end = start + i;
                // A `\r` at the end of what was read may be half of `\r\n`.
                if buf[end] == b'\r' && end + 1 == buf.len() && !eof {
                    break;
                }
                let skip = if buf[end] == b'\r' && buf.get(end + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                n += 1;
                let line = std::str::from_utf8(&buf[start..end])
                    .map_err(|_| src.err(n, "the line is not UTF-8".into()))?;
                src.line(n, line)?;
                start = end + skip;
            }
            if eof && start < buf.len() {
                n += 1;
                let line = std::str::from_utf8(&buf[start..])
                    .map_err(|_| src.err(n, "the line is not UTF-8".into()))?;
                src.line(n, line)?;
                start = buf.len();
            }
            done += start;
            buf.drain(..start);
            progress(done);
        }
        let staged = std::mem::take(&mut src.staged);
        self.merge(staged)
    }

    fn source(&mut self, file: &str, default_action: ListAction) -> Source<'_> {
        self.files.push(file.to_string());
        Source {
            file: (self.files.len() - 1) as u32,
            builder: self,
            default_action,
            seen_header: false,
            staged: Vec::new(),
        }
    }

    /// Sorts a source's records, checks them for conflicts on the sorted
    /// stream (within the source, then against what is kept) and merges them.
    /// On a conflict nothing of the source is kept; the error names the later
    /// line and the earlier one.
    fn merge(&mut self, mut staged: Vec<Record>) -> Result<usize, ListError> {
        let count = staged.len();
        // Equal keys keep their line order (one source: lines are unique),
        // so the first one stays; unstable needs no buffer of half the records.
        staged.sort_unstable_by_key(|r| (r.key, r.line));
        let conflict = |at: &Record, later: &Record| ListError {
            file: self.files[later.file as usize].clone(),
            line: later.line as usize,
            reason: format!(
                "the pattern conflicts with {} (same pattern, different entry)",
                self.origin(at)
            ),
        };
        // Deduplicated in place: no second copy of the records.
        let mut kept = 0;
        for i in 0..staged.len() {
            if kept > 0 && staged[kept - 1].key == staged[i].key {
                if staged[kept - 1].entry != staged[i].entry {
                    return Err(conflict(&staged[kept - 1], &staged[i]));
                }
                continue;
            }
            staged[kept] = staged[i];
            kept += 1;
        }
        staged.truncate(kept);
        let unique = staged;
        if self.records.is_empty() {
            self.records = unique;
            return Ok(count);
        }
        // Check first, then merge: a conflict must leave the kept records whole.
        let (mut i, mut j) = (0, 0);
        while i < self.records.len() && j < unique.len() {
            match self.records[i].key.cmp(&unique[j].key) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    if self.records[i].entry != unique[j].entry {
                        return Err(conflict(&self.records[i], &unique[j]));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        let old = std::mem::take(&mut self.records);
        let mut merged = Vec::with_capacity(old.len() + unique.len());
        let (mut a, mut b) = (old.into_iter().peekable(), unique.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(x), Some(y)) => {
                    if x.key == y.key {
                        b.next();
                        continue;
                    }
                    x.key < y.key
                }
            };
            merged.extend(if take_a { a.next() } else { b.next() });
        }
        self.records = merged;
        Ok(count)
    }

    /// Adds one pattern programmatically.
    pub fn add(&mut self, pattern: Pattern, entry: ListEntry) -> Result<(), ListError> {
        let key = pattern.key();
        if key.len() > KEY_BYTES {
            return Err(ListError {
                file: "<api>".into(),
                line: 0,
                reason: NumberError::TooLong.to_string(),
            });
        }
        let mut padded = [0u8; KEY_BYTES];
        padded[..key.len()].copy_from_slice(&key);
        let at = self.records.partition_point(|r| r.key < padded);
        if let Some(old) = self.records.get(at).filter(|r| r.key == padded) {
            if self.entries[old.entry as usize] != entry {
                return Err(ListError {
                    file: self.files[old.file as usize].clone(),
                    line: old.line as usize,
                    reason: "the pattern was added again with a different entry".into(),
                });
            }
            return Ok(());
        }
        let file = match self.files.iter().position(|f| f == "<api>") {
            Some(i) => i as u32,
            None => {
                self.files.push("<api>".into());
                (self.files.len() - 1) as u32
            }
        };
        let record = Record {
            key: padded,
            entry: self.intern(entry),
            file,
            line: 0,
        };
        self.records.insert(at, record);
        Ok(())
    }

    /// Builds the fst (keys in order) and the deduplicated entry table, whose
    /// order is that of first use in key order (so a list builds byte for byte
    /// the same whatever order its sources came in).
    pub fn build(&self) -> Result<BuiltLists, ListError> {
        let mut remap = vec![u32::MAX; self.entries.len()];
        let mut entries = Vec::new();
        let mut builder = fst::MapBuilder::memory();
        for r in &self.records {
            let id = &mut remap[r.entry as usize];
            if *id == u32::MAX {
                *id = entries.len() as u32;
                entries.push(self.entries[r.entry as usize].clone());
            }
            builder
                .insert(r.key(), u64::from(*id))
                .map_err(|e| ListError {
                    file: "<build>".into(),
                    line: 0,
                    reason: e.to_string(),
                })?;
        }
        let fst = builder.into_inner().map_err(|e| ListError {
            file: "<build>".into(),
            line: 0,
            reason: e.to_string(),
        })?;
        Ok(BuiltLists {
            fst,
            entries,
            patterns: self.records.len(),
        })
    }
}

/// Longest label of a list entry, in bytes (CallKit shows a short line).
pub const MAX_LABEL_BYTES: usize = 512;

/// Lines ended by `\n`, `\r\n` or a lone `\r` (old Mac exports): a file
/// with CR-only line ends must not read as one line.
fn csv_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find(['\n', '\r']) {
            None => Some(std::mem::take(&mut rest)),
            Some(i) => {
                let line = &rest[..i];
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
                Some(line)
            }
        }
    })
}

fn parse_line(
    line: &str,
    region: &Region,
    default_action: ListAction,
) -> Result<(Pattern, ListEntry), String> {
    let mut cols = line.splitn(4, ',');
    let pattern_text = cols.next().unwrap_or("").trim();
    let category_text = cols.next().unwrap_or("").trim();
    let action_text = cols.next().unwrap_or("").trim();
    let label = cols.next().unwrap_or("").trim();
    let label = label
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or(label);
    if pattern_text.is_empty() {
        return Err("empty pattern".into());
    }
    if label.len() > MAX_LABEL_BYTES {
        return Err(format!(
            "label of {} bytes, at most {MAX_LABEL_BYTES}",
            label.len()
        ));
    }
    let pattern = Pattern::parse(pattern_text, region).map_err(|e| format!("bad pattern: {e}"))?;
    let category = match category_text {
        "" => None,
        c => match Category::parse(c) {
            Some(cat) if cat.is_unwanted() => Some(cat),
            Some(cat) => return Err(format!("category `{cat}` is not a list category")),
            None => return Err(format!(
                "unknown category {} (expected loan, insurance, real_estate, other_promo, fraud, harassment or empty)",
                crate::redact::quoted(c)
            )),
        },
    };
    let action = match action_text {
        "" => default_action,
        a => ListAction::parse(a).ok_or_else(|| {
            format!(
                "unknown action {} (expected block, silence, allow or identify)",
                crate::redact::quoted(a)
            )
        })?,
    };
    Ok((
        pattern,
        ListEntry {
            category,
            action,
            label: label.to_string(),
        },
    ))
}

/// A built list, ready for lookups. `D` is the fst's bytes: a `Vec`, a slice
/// of an embedded bundle, or a view into a loaded one.
pub struct PrefixList<D> {
    fst: Fst<D>,
    entries: Vec<ListEntry>,
}

/// The winner of a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMatch<'a> {
    /// The winning entry.
    pub entry: &'a ListEntry,
    /// Digits of the pattern that matched.
    pub pattern_len: usize,
    /// True when an exact-number entry won.
    pub exact: bool,
    /// Digits after the prefix of the fixed-length pattern that won (`#`s); 0 otherwise.
    pub width: usize,
}

impl ListMatch<'_> {
    /// The matched pattern in list notation, given the looked-up digits.
    pub fn pattern(&self, digits: &str) -> Pattern {
        Pattern {
            digits: digits[..self.pattern_len].to_string(),
            prefix: !self.exact,
            width: self.width as u8,
        }
    }
}

impl<D: AsRef<[u8]>> fmt::Debug for PrefixList<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PrefixList({} patterns, {} entries)",
            self.fst.len(),
            self.entries.len()
        )
    }
}

impl<D: AsRef<[u8]>> PrefixList<D> {
    /// Wraps fst bytes and the entry table, in time independent of the list's
    /// size: the fst's header and checksum are checked here, its values where
    /// they are read ([`PrefixList::entry`]: one comparison per lookup).
    ///
    /// A crafted fst whose checksum matches may still hold node addresses or
    /// values that lead nowhere; walking it all at load to find out cost
    /// 0.19 s per million patterns. Instead every read is checked: a value
    /// past the entry table reads as no entry, and a node past the section
    /// (the fst crate bounds-checks, it has no `unsafe`) is caught as a
    /// panic inside the library and reads as no match (the crate is built
    /// with `panic = "unwind"`); nothing panics out of it.
    pub fn new(fst_bytes: D, entries: Vec<ListEntry>) -> Result<PrefixList<D>, String> {
        let fst = Fst::new(fst_bytes).map_err(|e| format!("invalid fst: {e}"))?;
        // Random corruption is refused here, before any walk.
        fst.verify().map_err(|e| format!("invalid fst: {e}"))?;
        PrefixList::checked(fst, entries)
    }

    /// [`PrefixList::new`] for the fst section of a bundle whose checksum,
    /// over these bytes too, was just verified: the fst's own checksum would
    /// only read them again (38 ms of the 93 ms load of a 10M-pattern bundle).
    pub(crate) fn in_verified_bundle(
        fst_bytes: D,
        entries: Vec<ListEntry>,
    ) -> Result<PrefixList<D>, String> {
        let fst = Fst::new(fst_bytes).map_err(|e| format!("invalid fst: {e}"))?;
        PrefixList::checked(fst, entries)
    }

    fn checked(fst: Fst<D>, entries: Vec<ListEntry>) -> Result<PrefixList<D>, String> {
        if !fst.is_empty() && entries.is_empty() {
            return Err("fst value points past the entry table".into());
        }
        // The root node must at least decode: a cheap first refusal.
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fst.root().len())).is_err() {
            return Err("invalid fst: its root points outside the section".into());
        }
        Ok(PrefixList { fst, entries })
    }

    /// The entry a raw fst value names; `None` for a value past the table (a
    /// crafted fst). Compared as u64: on 32-bit targets `as usize` would wrap.
    pub(crate) fn entry(&self, value: u64) -> Option<&ListEntry> {
        usize::try_from(value)
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.fst.len()
    }

    /// True with no patterns.
    pub fn is_empty(&self) -> bool {
        self.fst.len() == 0
    }

    /// The entry table.
    pub fn entries(&self) -> &[ListEntry] {
        &self.entries
    }

    /// The raw fst, for walks other than a lookup (the CallKit export).
    pub(crate) fn raw_fst(&self) -> &Fst<D> {
        &self.fst
    }

    /// Longest match for canonical `digits`; at equal length an exact entry wins.
    /// One walk along the digits, no allocation. A crafted fst whose nodes lead
    /// outside it reads as no match (see [`PrefixList::new`]).
    pub fn lookup(&self, digits: &str) -> Option<ListMatch<'_>> {
        let best = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.walk(digits)))
            .ok()
            .flatten()?;
        let (v, len, exact, width) = best;
        Some(ListMatch {
            entry: self.entry(v)?,
            pattern_len: len,
            exact,
            width,
        })
    }

    /// The winner of a lookup as (value, depth, exact, width).
    fn walk(&self, digits: &str) -> Option<(u64, usize, bool, usize)> {
        let fst = &self.fst;
        let mut node = fst.root();
        let mut out = Output::zero();
        // (value, depth, exact, width)
        let mut best: Option<(u64, usize, bool, usize)> = None;
        let bytes = digits.as_bytes();
        let mut depth = 0;
        loop {
            if depth > 0 {
                if let Some(i) = node.find_input(PREFIX_MARK) {
                    let t = node.transition(i);
                    let next = fst.node(t.addr);
                    let here = out.cat(t.out);
                    if next.is_final() {
                        best = Some((here.cat(next.final_output()).value(), depth, false, 0));
                    }
                    // A fixed-length pattern for exactly the digits left.
                    let left = bytes.len() - depth;
                    if (1..=MAX_WIDTH as usize).contains(&left) {
                        if let Some(j) = next.find_input(left as u8) {
                            let t = next.transition(j);
                            let end = fst.node(t.addr);
                            if end.is_final() {
                                let v = here.cat(t.out).cat(end.final_output()).value();
                                best = Some((v, depth, false, left));
                            }
                        }
                    }
                }
            }
            if depth == bytes.len() {
                if let Some(i) = node.find_input(EXACT_MARK) {
                    let t = node.transition(i);
                    let next = fst.node(t.addr);
                    if next.is_final() {
                        let v = out.cat(t.out).cat(next.final_output()).value();
                        best = Some((v, depth, true, 0));
                    }
                }
                break;
            }
            match node.find_input(bytes[depth]) {
                Some(i) => {
                    let t = node.transition(i);
                    out = out.cat(t.out);
                    node = fst.node(t.addr);
                    depth += 1;
                }
                None => break,
            }
        }
        best
    }

    /// True if some pattern is a fixed-length one (bundles holding one are
    /// written in format version 2, which older libraries refuse).
    pub fn has_fixed_length(&self) -> bool {
        has_fixed_length(self.fst.as_bytes())
    }

    /// Every pattern with its entry, in key order. Of a crafted fst, the
    /// patterns that lead to an entry, up to where its nodes stop making sense.
    pub fn patterns(&self) -> Vec<(Pattern, &ListEntry)> {
        let mut out = Vec::with_capacity(self.len().min(1 << 20));
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut stream = self.fst.stream();
            while let Some((k, v)) = fst::Streamer::next(&mut stream) {
                if let (Some(p), Some(e)) = (Pattern::from_key(k), self.entry(v.value())) {
                    out.push((p, e));
                }
            }
        }));
        out
    }
}

/// True if the raw fst bytes hold a fixed-length key (false for bytes that
/// are no fst: a writer handed such bytes writes them, the reader refuses them).
pub(crate) fn has_fixed_length(fst_bytes: &[u8]) -> bool {
    let Ok(fst) = Fst::new(fst_bytes) else {
        return false;
    };
    if fst.verify().is_err() {
        return false;
    }
    // As in `PrefixList::new`: a crafted fst with a valid checksum may make
    // the walk index out of bounds; that is a "no", not a panic.
    std::panic::catch_unwind(|| {
        let mut keys = fst.stream();
        while let Some((k, _)) = fst::Streamer::next(&mut keys) {
            if k.last().is_some_and(|&b| (1..=MAX_WIDTH).contains(&b)) {
                return true;
            }
        }
        false
    })
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADER: &str = "pattern,category,action,label\n";

    fn build(block: &str, allow: &str) -> Result<PrefixList<Vec<u8>>, ListError> {
        let mut b = ListBuilder::new(Region::cn());
        b.add_csv("block.csv", &format!("{HEADER}{block}"), ListAction::Block)?;
        b.add_csv("allow.csv", &format!("{HEADER}{allow}"), ListAction::Allow)?;
        let built = b.build()?;
        Ok(PrefixList::new(built.fst, built.entries).unwrap())
    }

    #[test]
    fn longest_match_wins_and_exact_beats_prefix() {
        let l = build(
            "170*,harassment,silence,virtual\n1701234*,fraud,block,ring\n17012345678*,loan,block,p\n",
            "17012345678,,,friend\n",
        )
        .unwrap();
        let m = l.lookup("8617099999999").unwrap();
        assert_eq!(
            (m.entry.action, m.pattern_len, m.exact),
            (ListAction::Silence, 5, false)
        );
        let m = l.lookup("8617012349999").unwrap();
        assert_eq!(m.entry.category, Some(Category::Fraud));
        let m = l.lookup("8617012345678").unwrap();
        assert_eq!((m.entry.action, m.exact), (ListAction::Allow, true));
        assert_eq!(m.pattern("8617012345678").to_string(), "+8617012345678");
        // A longer number under the exact one only matches the prefix.
        let m = l.lookup("86170123456789").unwrap();
        assert_eq!((m.entry.category, m.exact), (Some(Category::Loan), false));
        assert!(l.lookup("8613800138000").is_none());
        assert!(l.lookup("").is_none());
    }

    #[test]
    fn identical_duplicates_merge_and_conflicts_name_both_lines() {
        let l = build("95588,,allow,bank\n# c\n95588,,allow,bank\n", "").unwrap();
        assert_eq!(l.len(), 1);
        let e = build("95588,,allow,bank\n", "95588,,allow,other bank\n").unwrap_err();
        assert_eq!(e.file, "allow.csv");
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("block.csv:2"), "{}", e.reason);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut b = ListBuilder::new(Region::cn());
        let bad = [
            (
                "pattern,category,action,label\n170*,spam,block,x\n",
                2,
                "unknown category",
            ),
            (
                "pattern,category,action,label\n\n170*,,maybe,x\n",
                3,
                "unknown action",
            ),
            (
                "pattern,category,action,label\nabc*,,,x\n",
                2,
                "bad pattern",
            ),
            ("pattern,category,action,label\n,,,x\n", 2, "empty pattern"),
            ("170*,,,x\n", 1, "header"),
            (
                "pattern\n170*,transaction,block,x\n",
                2,
                "not a list category",
            ),
        ];
        for (text, line, what) in bad {
            let e = b.add_csv("f.csv", text, ListAction::Block).unwrap_err();
            assert_eq!(e.line, line, "{text}");
            assert!(e.reason.contains(what), "{e}");
        }
        assert!(b.is_empty(), "nothing of a failed source is kept");
    }

    #[test]
    fn cr_only_line_ends_and_long_labels() {
        let mut b = ListBuilder::new(Region::cn());
        let n = b
            .add_csv(
                "mac.csv",
                "pattern,category,action,label\r170*,,block,a\r171*,,block,b\r\n172*,,block,c",
                ListAction::Block,
            )
            .unwrap();
        assert_eq!(n, 3);
        let long = format!(
            "pattern,category,action,label\r170*,,block,a\r171*,,block,{}\n",
            "x".repeat(MAX_LABEL_BYTES + 1)
        );
        let e = ListBuilder::new(Region::cn())
            .add_csv("big.csv", &long, ListAction::Block)
            .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.reason.contains("label of"), "{e}");
    }

    /// Hands out a few bytes per read, so lines and `\r\n` pairs straddle reads.
    struct Trickle<'a>(&'a [u8], usize);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(self.0.len()).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn via_reader(text: &str, step: usize) -> Result<BuiltLists, ListError> {
        let mut b = ListBuilder::new(Region::cn());
        b.add_csv_reader(
            "r.csv",
            Trickle(text.as_bytes(), step),
            ListAction::Block,
            &mut |_| {},
        )?;
        b.build()
    }

    fn via_text(text: &str) -> Result<BuiltLists, ListError> {
        let mut b = ListBuilder::new(Region::cn());
        b.add_csv("r.csv", text, ListAction::Block)?;
        b.build()
    }

    proptest! {
        /// Streaming a source line by line reads exactly what the whole text reads.
        #[test]
        fn a_reader_reads_what_the_text_reads(
            lines in proptest::collection::vec(
                ("(170|171|95588|13800138000|1380013800[0-9]|abc|)[*]?", "(|fraud|spam)", "(|block|allow)", "[ab]?"),
                0..12),
            ends in proptest::collection::vec(0usize..3, 13),
            step in 1usize..5,
        ) {
            let eol = |i: usize| ["\n", "\r\n", "\r"][ends[i % ends.len()]];
            let mut text = format!("\u{feff}pattern,category,action,label{}", eol(0));
            for (i, (p, c, a, l)) in lines.iter().enumerate() {
                text.push_str(&format!("{p},{c},{a},{l}{}", eol(i + 1)));
            }
            prop_assert_eq!(via_reader(&text, step), via_text(&text));
            // And without a final line end.
            let cut = text.trim_end_matches(['\r', '\n']);
            prop_assert_eq!(via_reader(cut, step), via_text(cut));
        }
    }

    #[test]
    fn a_reader_names_the_line_that_is_not_utf8() {
        let mut bytes = b"pattern,category,action,label\r\n170*,,,a\r\n171*,,,".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
        let mut b = ListBuilder::new(Region::cn());
        let e = b
            .add_csv_reader("bin.csv", &bytes[..], ListAction::Block, &mut |_| {})
            .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bin.csv", 3), "{e}");
        assert!(b.is_empty(), "nothing of a failed source is kept");
    }

    #[test]
    fn sources_in_any_order_build_the_same_bytes() {
        let a =
            "pattern,category,action,label\n170*,harassment,silence,v\n13800138000,fraud,block,x\n";
        let c = "pattern,category,action,label\n95588,,allow,bank\n171*,harassment,silence,v\n";
        let built = |first: &str, second: &str| {
            let mut b = ListBuilder::new(Region::cn());
            b.add_csv("1.csv", first, ListAction::Block).unwrap();
            b.add_csv("2.csv", second, ListAction::Block).unwrap();
            b.build().unwrap()
        };
        assert_eq!(built(a, c), built(c, a));
        assert_eq!(built(a, c).patterns, 4);
    }

    #[test]
    fn label_may_hold_commas_and_quotes() {
        let l = build("95588,,allow,\"ICBC, customer service\"\n", "").unwrap();
        assert_eq!(
            l.lookup("8695588").unwrap().entry.label,
            "ICBC, customer service"
        );
    }

    #[test]
    fn entries_are_deduplicated() {
        let l = build("170*,harassment,silence,v\n171*,harassment,silence,v\n", "").unwrap();
        assert_eq!(l.entries().len(), 1);
        assert_eq!(l.patterns().len(), 2);
    }

    #[test]
    fn bad_values_are_refused_where_read() {
        let mut b = fst::MapBuilder::memory();
        b.insert(b"86170*", 3).unwrap();
        let bytes = b.into_inner().unwrap();
        assert!(PrefixList::new(bytes, vec![]).is_err());
        // Would wrap to index 0 if compared as a 32-bit usize.
        let mut b = fst::MapBuilder::memory();
        b.insert(b"86170$", 0).unwrap();
        b.insert(b"86170*", 1u64 << 32).unwrap();
        b.insert(b"86171*", 1).unwrap();
        let entry = ListEntry {
            category: None,
            action: ListAction::Block,
            label: String::new(),
        };
        let l = PrefixList::new(b.into_inner().unwrap(), vec![entry]).unwrap();
        assert!(l.lookup("8617012345678").is_none());
        assert!(l.lookup("8617112345678").is_none());
        assert_eq!(l.lookup("86170").unwrap().entry.action, ListAction::Block);
        assert_eq!(l.patterns().len(), 1);
        assert!(PrefixList::new(vec![1, 2, 3], vec![]).is_err());
    }

    /// Patterns as (digits, prefix, width, value); the winner as (value, len, exact, width).
    fn brute(
        patterns: &[(String, bool, u8, u64)],
        digits: &str,
    ) -> Option<(u64, usize, bool, usize)> {
        patterns
            .iter()
            .filter(|(p, prefix, width, _)| {
                let pat = Pattern {
                    digits: p.clone(),
                    prefix: *prefix,
                    width: *width,
                };
                (!*prefix || !p.is_empty()) && pat.matches(digits)
            })
            .map(|(p, prefix, width, v)| (*v, p.len(), !*prefix, *width as usize))
            .max_by_key(|&(_, len, exact, width)| (len, exact, width > 0))
    }

    proptest! {
        #[test]
        fn lookup_equals_brute_force_longest_match(
            pats in proptest::collection::btree_map(("[0-3]{1,6}", 0u8..3, 1u8..4), 0u64..4, 0..40),
            probes in proptest::collection::vec("[0-3]{0,8}", 1..30),
        ) {
            let mut b = fst::MapBuilder::memory();
            let mut flat = Vec::new();
            let mut keys: Vec<(Vec<u8>, u64)> = pats.iter().map(|((d, kind, w), v)| {
                // kind 0: exact, 1: open prefix, 2: fixed length of width w
                let (prefix, width) = match kind { 0 => (false, 0), 1 => (true, 0), _ => (true, *w) };
                let p = Pattern { digits: d.clone(), prefix, width };
                flat.push((d.clone(), prefix, width, *v));
                (p.key(), *v)
            }).collect();
            keys.sort();
            keys.dedup_by(|a, b| a.0 == b.0);
            flat.sort();
            flat.dedup_by(|a, b| (&a.0, a.1, a.2) == (&b.0, b.1, b.2));
            // The key dedup keeps the first value of a key; keep the brute list in step.
            let kept: std::collections::BTreeMap<Vec<u8>, u64> = keys.iter().cloned().collect();
            let flat: Vec<_> = flat.into_iter().map(|(d, p, w, _)| {
                let k = Pattern { digits: d.clone(), prefix: p, width: w }.key();
                (d, p, w, kept[&k])
            }).collect();
            for (k, v) in keys { b.insert(k, v).unwrap(); }
            let entries: Vec<ListEntry> = (0..4).map(|i| ListEntry { category: None, action: ListAction::Block, label: i.to_string() }).collect();
            let list = PrefixList::new(b.into_inner().unwrap(), entries).unwrap();
            for probe in probes {
                let got = list.lookup(&probe).map(|m| (m.entry.label.parse::<u64>().unwrap(), m.pattern_len, m.exact, m.width));
                prop_assert_eq!(got, brute(&flat, &probe));
            }
        }
    }

    #[test]
    fn fixed_length_patterns_match_by_length() {
        let mut b = ListBuilder::new(Region::parse("FR").unwrap());
        b.add_csv(
            "fr.csv",
            "pattern,category,action,label\n+33 162 ######,other_promo,block,telemarketing\n01 62 12 *,,allow,a carve-out\n",
            ListAction::Block,
        )
        .unwrap();
        let built = b.build().unwrap();
        let l = PrefixList::new(built.fst, built.entries).unwrap();
        assert!(l.has_fixed_length());
        let m = l.lookup("33162345678").unwrap();
        assert_eq!(
            (m.entry.action, m.pattern_len, m.width),
            (ListAction::Block, 5, 6)
        );
        assert_eq!(m.pattern("33162345678").to_string(), "+33162######");
        // Wrong lengths are not blocked.
        assert!(l.lookup("3316234567").is_none());
        assert!(l.lookup("331623456789").is_none());
        // A longer prefix still beats it.
        assert_eq!(
            l.lookup("33162123456").unwrap().entry.action,
            ListAction::Allow
        );
        let fr = Region::parse("FR").unwrap();
        for bad in ["+33 162 #######", "###", "+33 16#2"] {
            assert!(Pattern::parse(bad, &fr).is_err(), "{bad}");
        }
        let e = Pattern::parse("+33 1 62 12 34 56 78", &fr).unwrap_err();
        assert!(e.contains("+33") && !e.contains("1621234"), "{e}");
    }
}
