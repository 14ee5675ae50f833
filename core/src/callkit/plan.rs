//! The budget plan: which patterns fit, decided once per export in two
//! counting walks whatever the budget (totals with the running sums of each
//! class up to the budget, then the report), a third (`cut_ordinals`) only
//! when a class of ranges needs more sums than kept; kept in a few bytes per
//! priority class, with the span of numbers exported per length (the batches
//! walk no further).
//!
//! Patterns are ranked by class, highest severity first (block, silence,
//! identify), then most specific first (exact numbers, then longer prefixes).
//! Whole classes go in while they fit; in the first class that does not, its
//! patterns go in in key order until one does not fit, and that pattern and
//! every later one of its class are left out (and reported). Lower classes may
//! still fit in what is left. The plan is thus one cut-off key per class,
//! whatever the number of patterns left out.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::ControlFlow;

use fst::Streamer;

use super::walk::{Owner, Run, Spans, Visitor, Walker, NO_SPANS, POW10};
use crate::lengths::LengthRules;
use crate::lists::{ListAction, ListEntry, PrefixList};
use crate::number::MAX_E164_DIGITS;

/// At most this many patterns are named in each list of an [`ExportReport`].
pub const REPORT_LIMIT: usize = 100;

/// Exact numbers, then fixed-length patterns by length, then open prefixes by length.
const CLASS_SPAN: usize = 1 + 2 * (MAX_E164_DIGITS + 1);
pub(crate) const CLASSES: usize = 3 * CLASS_SPAN;

/// The priority class of a pattern (lower goes first), `None` for allow entries.
pub(crate) fn class_of(action: ListAction, owner: Owner) -> Option<usize> {
    let severity = match action {
        ListAction::Block => 0,
        ListAction::Silence => 1,
        ListAction::Identify => 2,
        ListAction::Allow => return None,
    };
    let by_len = MAX_E164_DIGITS - (owner.len as usize).min(MAX_E164_DIGITS);
    let specificity = if owner.exact {
        0
    } else if owner.width > 0 {
        1 + by_len
    } else {
        2 + MAX_E164_DIGITS + by_len
    };
    Some(severity * CLASS_SPAN + specificity)
}

/// One pattern named in a report.
#[derive(Clone, PartialEq, Eq)]
pub struct PatternReport {
    /// The pattern in list notation (`+86170*`, `+8695588`).
    pub pattern: String,
    /// What the pattern's entry does.
    pub action: ListAction,
    /// The entry's label.
    pub label: String,
    /// Numbers concerned: left out (over budget) or, for patterns with numbers
    /// of unknown length, the numbers of known length that it still exports.
    pub numbers: u64,
}

// List patterns may be single phone numbers: Debug shows only their shape.
impl fmt::Debug for PatternReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.pattern.bytes().filter(u8::is_ascii_digit).count();
        let kind = if self.pattern.ends_with('*') {
            "prefix"
        } else if self.pattern.ends_with('#') {
            "fixed-length pattern"
        } else {
            "number"
        };
        write!(
            f,
            "PatternReport({kind} of {digits} digits, {}, {} numbers)",
            self.action, self.numbers
        )
    }
}

/// What an export will send, and what it cannot.
///
/// # Example
/// ```
/// use burao_core::bundle::Bundle;
/// use burao_core::callkit::{CallKitExport, CallKitOptions};
///
/// let bundle = Bundle::from_static(burao_core::DEFAULT_BUNDLE).unwrap();
/// let export = CallKitExport::full(bundle, CallKitOptions::default());
/// let report = export.report();
/// // The default silence ranges (+86170* …) are 100 million numbers each.
/// assert!(report.over_budget_numbers >= 100_000_000);
/// assert!(report.block_numbers + report.identify_numbers <= report.budget);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportReport {
    /// The budget the plan was made for.
    pub budget: u64,
    /// Numbers a full export blocks.
    pub block_numbers: u64,
    /// Numbers a full export identifies (identify and silence entries).
    pub identify_numbers: u64,
    /// Numbers left out because the budget ran out.
    pub over_budget_numbers: u64,
    /// Patterns left out, wholly or in part, because the budget ran out.
    pub over_budget_patterns: u64,
    /// The first [`REPORT_LIMIT`] of them, highest priority first.
    pub over_budget: Vec<PatternReport>,
    /// Prefix patterns covering numbers whose length is unknown (not guessed, not exported).
    pub unknown_length_patterns: u64,
    /// The first [`REPORT_LIMIT`] of them, in key order.
    pub unknown_length: Vec<PatternReport>,
    /// Patterns that stand for no callable number: over 15 digits (e.g. SMS
    /// ports), or prefixes longer than every number their digits allow.
    pub not_exportable_patterns: u64,
    /// The first [`REPORT_LIMIT`] of them.
    pub not_exportable: Vec<PatternReport>,
}

/// The decision per class: `None` = all in, `Some(key)` = patterns below `key` only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    cutoffs: Vec<Option<Vec<u8>>>,
    pub report: ExportReport,
    /// Per length, the range the exported numbers lie in.
    pub spans: Spans,
}

impl Plan {
    /// Whether the pattern `digits` (of the given class) is exported.
    pub(crate) fn includes(&self, class: usize, digits: &[u8]) -> bool {
        match &self.cutoffs[class] {
            None => true,
            Some(cut) => digits < cut.as_slice(),
        }
    }

    pub(crate) fn compute<D: AsRef<[u8]>>(
        list: &PrefixList<D>,
        rules: &LengthRules,
        budget: u64,
    ) -> Plan {
        let class = |o: Owner| class_of(list.entry(o.value)?.action, o);
        let mut report = ExportReport {
            budget,
            ..ExportReport::default()
        };
        let mut totals = [0u64; CLASSES];
        // Per class, its running sums while they stay within the budget: the
        // cuts, read off them, save the cut walk unless a buffer ran full.
        let mut sums: Vec<Vec<u64>> = vec![Vec::new(); CLASSES];
        each_pattern(list, rules, &mut |digits, owner, count, unknown| {
            let Some(c) = class(owner) else { return };
            totals[c] += count;
            if c % CLASS_SPAN != 0 {
                keep_sum(&mut sums[c], totals[c], count, budget, SUMS_KEPT);
            }
            if !owner.exact && owner.width == 0 && !rules.reaches(digits) {
                report.not_exportable_patterns += 1;
                name(list, &mut report.not_exportable, digits, owner, 0);
            }
            if unknown {
                report.unknown_length_patterns += 1;
                name(list, &mut report.unknown_length, digits, owner, count);
            }
        });
        let cut_at = cuts_from_sums(&totals, &sums, budget)
            .unwrap_or_else(|| cut_ordinals(list, rules, &class, &totals, budget, CUT_BUFFER));
        drop(sums);
        let mut plan = Plan {
            cutoffs: vec![None; CLASSES],
            report,
            spans: NO_SPANS,
        };
        let mut named = BTreeMap::new();
        let mut ordinal = [0u64; CLASSES];
        each_pattern(list, rules, &mut |digits, owner, count, _| {
            let Some(c) = class(owner) else { return };
            let Some(entry) = list.entry(owner.value) else {
                return;
            };
            // Patterns without numbers neither use budget nor are cut.
            if count == 0 {
                return;
            }
            let k = ordinal[c];
            ordinal[c] += 1;
            if k == cut_at[c] {
                plan.cutoffs[c] = Some(digits.to_vec());
            }
            let r = &mut plan.report;
            if k < cut_at[c] {
                add_spans(&mut plan.spans, digits, owner, rules);
                match entry.action {
                    ListAction::Block => r.block_numbers += count,
                    _ => r.identify_numbers += count,
                }
            } else {
                r.over_budget_numbers += count;
                r.over_budget_patterns += 1;
                // Only a pattern that would stay among the first named is
                // formatted (a tight budget leaves millions out).
                let keeps = named.len() < REPORT_LIMIT
                    || named.last_key_value().is_some_and(
                        |((lc, ld), _): (&(usize, Vec<u8>), _)| (c, digits) < (*lc, ld.as_slice()),
                    );
                if keeps {
                    named.insert(
                        (c, digits.to_vec()),
                        pattern_report(digits, owner, entry, count),
                    );
                    if named.len() > REPORT_LIMIT {
                        named.pop_last();
                    }
                }
            }
        });
        plan.report.over_budget = named.into_values().collect();
        not_exportable(list, &mut plan.report);
        plan
    }
}

/// Most running sums kept per class in the totals walk (at most 1.6 MB in
/// all); a class that needs more to find its cut gets the cut walk.
const SUMS_KEPT: usize = 1 << 12;

/// Keeps a class's running sum `total`, after a pattern of `count` numbers,
/// up to the first one over `budget` and at most `cap` of them.
pub(crate) fn keep_sum(buf: &mut Vec<u64>, total: u64, count: u64, budget: u64, cap: usize) {
    if count > 0 && buf.len() < cap && buf.last().is_none_or(|&s| s <= budget) {
        buf.push(total);
    }
}

/// The cuts of [`cut_ordinals`] from each class's running sums up to the
/// first one over the budget (none needed for exact numbers, which count one
/// each), `None` when a buffer ended too soon.
pub(crate) fn cuts_from_sums(
    totals: &[u64; CLASSES],
    sums: &[Vec<u64>],
    budget: u64,
) -> Option<Vec<u64>> {
    let mut cut_at = vec![u64::MAX; CLASSES];
    let mut left = budget;
    for c in 0..CLASSES {
        if totals[c] <= left {
            left -= totals[c];
            continue;
        }
        if c % CLASS_SPAN == 0 {
            // Exact numbers, one number each: the first `left` of them fit.
            cut_at[c] = left;
            left = 0;
            continue;
        }
        let buf = &sums[c];
        let k = buf.partition_point(|&s| s <= left);
        if k == buf.len() {
            return None;
        }
        cut_at[c] = k as u64;
        left -= if k == 0 { 0 } else { buf[k - 1] };
    }
    Some(cut_at)
}

/// Widens `spans` to the numbers a pattern with numbers may export.
fn add_spans(spans: &mut Spans, digits: &[u8], owner: Owner, rules: &LengthRules) {
    let d = digits.len();
    let lens: u32 = if owner.exact {
        1 << d
    } else if owner.width > 0 {
        1 << (d + owner.width as usize)
    } else {
        // An open prefix: only lengths the rules know (no other is exported).
        u32::from(rules.lengths_under(digits)) & !((1u32 << d) - 1)
    };
    let p = digits
        .iter()
        .fold(0u64, |n, &b| n * 10 + u64::from(b.wrapping_sub(b'0')));
    for (len, span) in spans.iter_mut().enumerate().skip(d) {
        if lens & (1 << len) != 0 {
            let scale = POW10[len - d];
            span.0 = span.0.min(p * scale);
            span.1 = span.1.max((p + 1) * scale - 1);
        }
    }
}

/// Most running sums kept per class in the cut walk; past it, a class that
/// needs more gets a walk of its own (the budget left after an earlier class
/// overflowed rarely holds that many patterns).
const CUT_BUFFER: usize = 1 << 16;

/// Per class, the ordinal (among its patterns with numbers, in key order) of
/// the first pattern left out; `u64::MAX` when the whole class fits.
///
/// The totals say which class overflows first (`first`) and what is left for
/// it. One walk then finds its cut on the fly, and for every later class keeps
/// the running sums of its counts while they stay within what `first` can
/// still leave over, since later classes can only get less. The cuts of later
/// classes are then read off those sums: at most two walks, not one per class.
pub(crate) fn cut_ordinals<D: AsRef<[u8]>>(
    list: &PrefixList<D>,
    rules: &LengthRules,
    class: &dyn Fn(Owner) -> Option<usize>,
    totals: &[u64; CLASSES],
    budget: u64,
    cap: usize,
) -> Vec<u64> {
    let mut cut_at = vec![u64::MAX; CLASSES];
    let mut left = budget;
    let Some(first) = (0..CLASSES).find(|&c| {
        if totals[c] <= left {
            left -= totals[c];
            false
        } else {
            true
        }
    }) else {
        return cut_at;
    };
    let left_first = left;
    let (mut used_first, mut seen_first, mut cut_first) = (0u64, 0u64, None);
    let mut sums: Vec<Vec<u64>> = vec![Vec::new(); CLASSES];
    let mut running = [0u64; CLASSES];
    let mut capped = [false; CLASSES];
    each_pattern(list, rules, &mut |_, owner, count, _| {
        let Some(c) = class(owner) else { return };
        if count == 0 || c < first {
            return;
        }
        if c == first {
            if cut_first.is_none() {
                if used_first + count <= left_first {
                    used_first += count;
                    seen_first += 1;
                } else {
                    cut_first = Some(seen_first);
                }
            }
            return;
        }
        // What any later class can get at most, as far as the walk knows.
        let bound = left_first - used_first;
        let buf = &mut sums[c];
        if capped[c] || buf.last().is_some_and(|&s| s > bound) {
            return;
        }
        if buf.len() == cap {
            capped[c] = true;
            return;
        }
        running[c] += count;
        buf.push(running[c]);
    });
    // The class overflows, so some pattern of it does not fit.
    cut_at[first] = cut_first.unwrap_or(seen_first);
    let mut left = left_first - used_first;
    for c in first + 1..CLASSES {
        if totals[c] <= left {
            left -= totals[c];
            continue;
        }
        let buf = &sums[c];
        let k = buf.partition_point(|&s| s <= left);
        let (k, used) = if k < buf.len() {
            (k as u64, if k == 0 { 0 } else { buf[k - 1] })
        } else {
            // Only a capped buffer ends below what is left.
            class_cut(list, rules, class, c, left)
        };
        cut_at[c] = k;
        left -= used;
    }
    cut_at
}

/// The cut of one class given what is left: (ordinal, numbers used).
fn class_cut<D: AsRef<[u8]>>(
    list: &PrefixList<D>,
    rules: &LengthRules,
    class: &dyn Fn(Owner) -> Option<usize>,
    c: usize,
    left: u64,
) -> (u64, u64) {
    let (mut used, mut seen, mut cut) = (0u64, 0u64, None);
    each_pattern(list, rules, &mut |_, owner, count, _| {
        if count == 0 || cut.is_some() || class(owner) != Some(c) {
            return;
        }
        if used + count <= left {
            used += count;
            seen += 1;
        } else {
            cut = Some(seen);
        }
    });
    (cut.unwrap_or(seen), used)
}

/// Names a pattern in `names` while it has room.
fn name<D: AsRef<[u8]>>(
    list: &PrefixList<D>,
    names: &mut Vec<PatternReport>,
    digits: &[u8],
    owner: Owner,
    numbers: u64,
) {
    if let (true, Some(entry)) = (names.len() < REPORT_LIMIT, list.entry(owner.value)) {
        names.push(pattern_report(digits, owner, entry, numbers));
    }
}

fn pattern_report(digits: &[u8], owner: Owner, entry: &ListEntry, numbers: u64) -> PatternReport {
    let digits = String::from_utf8_lossy(digits);
    let tail = if owner.exact {
        String::new()
    } else if owner.width > 0 {
        "#".repeat(owner.width as usize)
    } else {
        "*".into()
    };
    PatternReport {
        pattern: format!("+{digits}{tail}"),
        action: entry.action,
        label: entry.label.clone(),
        numbers,
    }
}

/// Called with a pattern's digits, its owner, the numbers it decides, and
/// whether it also covers numbers of unknown length.
type OnPattern<'a> = &'a mut dyn FnMut(&[u8], Owner, u64, bool);

/// Calls `f` for every pattern, in key order within each class.
pub(crate) fn each_pattern<D: AsRef<[u8]>>(
    list: &PrefixList<D>,
    rules: &LengthRules,
    f: OnPattern<'_>,
) {
    struct Counter<'a> {
        frames: Vec<(Owner, u64, bool)>,
        f: OnPattern<'a>,
    }
    impl Counter<'_> {
        // The owner is not always the innermost pattern: a fixed-length one
        // for another length may sit deeper.
        fn frame(&mut self, o: Owner) -> Option<&mut (Owner, u64, bool)> {
            self.frames.iter_mut().rev().find(|f| f.0 == o)
        }
    }
    impl Visitor for Counter<'_> {
        fn run(&mut self, run: Run<'_>) -> ControlFlow<()> {
            match run.owners[0] {
                Some(o) if o.exact => (self.f)(run.digits, o, 1, false),
                Some(o) => {
                    if let Some(frame) = self.frame(o) {
                        frame.1 += run.end - run.start;
                    }
                }
                None => {}
            }
            ControlFlow::Continue(())
        }
        fn enter_prefix(&mut self, _side: usize, owner: Owner) {
            self.frames.push((owner, 0, false));
        }
        fn leave_prefix(&mut self, _side: usize, digits: &[u8], owner: Owner) {
            if let Some((_, count, unknown)) = self.frames.pop() {
                (self.f)(digits, owner, count, unknown);
            }
        }
        fn unknown_length(&mut self, _side: usize, owner: Owner) {
            if let (false, Some(frame)) = (owner.exact, self.frame(owner)) {
                frame.2 = true;
            }
        }
    }
    let walker = Walker {
        fsts: [Some(list.raw_fst()), None],
        rules,
        entries: [list.entries().len(), 0],
    };
    let mut counter = Counter {
        frames: Vec::with_capacity(MAX_E164_DIGITS),
        f,
    };
    let _ = walker.key_order(&mut counter);
}

/// Keys the walk never reaches: empty, starting with 0, or longer than E.164
/// allows (a fixed-length pattern counts its `#` digits).
fn not_exportable<D: AsRef<[u8]>>(list: &PrefixList<D>, report: &mut ExportReport) {
    // A crafted fst may make the fst crate panic (bounds-checked): the scan
    // stops there (values were not walked at load; see `PrefixList::new`).
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        not_exportable_scan(list, report)
    }));
}

fn not_exportable_scan<D: AsRef<[u8]>>(list: &PrefixList<D>, report: &mut ExportReport) {
    let mut keys = list.raw_fst().stream();
    while let Some((key, out)) = keys.next() {
        let (Some((digits, prefix, width)), Some(entry)) =
            (crate::lists::key_parts(key), list.entry(out.value()))
        else {
            continue;
        };
        let total = digits.len() + width as usize;
        if !digits.is_empty() && digits[0] != b'0' && total <= MAX_E164_DIGITS {
            continue;
        }
        if entry.action == ListAction::Allow {
            continue;
        }
        report.not_exportable_patterns += 1;
        if report.not_exportable.len() < REPORT_LIMIT {
            let owner = Owner {
                value: out.value(),
                len: 0,
                exact: !prefix,
                width,
            };
            report
                .not_exportable
                .push(pattern_report(digits, owner, entry, 0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::Pattern;
    use crate::number::Region;

    // `Pattern` is the public notation: the report's must stay in step with it.
    #[test]
    fn report_notation_matches_pattern_display() {
        let entry = ListEntry {
            category: None,
            action: ListAction::Block,
            label: String::new(),
        };
        let owner = Owner {
            value: 0,
            len: 5,
            exact: false,
            width: 0,
        };
        let p = Pattern::parse("+86170*", &Region::cn()).unwrap();
        assert_eq!(
            pattern_report(b"86170", owner, &entry, 0).pattern,
            p.to_string()
        );
        assert!(!format!("{:?}", pattern_report(b"86170", owner, &entry, 0)).contains("170"));
    }

    #[test]
    fn classes_rank_severity_then_specificity() {
        let o = |len, exact| Owner {
            value: 0,
            len,
            exact,
            width: 0,
        };
        let c = |a, len, exact| class_of(a, o(len, exact)).unwrap();
        assert!(c(ListAction::Block, 13, true) < c(ListAction::Block, 12, false));
        assert!(c(ListAction::Block, 12, false) < c(ListAction::Block, 5, false));
        assert!(c(ListAction::Block, 2, false) < c(ListAction::Silence, 13, true));
        assert!(c(ListAction::Silence, 2, false) < c(ListAction::Identify, 13, true));
        assert!(c(ListAction::Identify, 1, false) < CLASSES);
        assert_eq!(class_of(ListAction::Allow, o(5, true)), None);
    }
}
