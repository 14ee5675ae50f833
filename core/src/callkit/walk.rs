//! The one walk behind the export: a depth-first descent along the digits of
//! up to two fsts (the new lists and the previous ones) and the length rules at
//! once. A subtree where no fst has an edge and no rule changes is uniform: every
//! number in it has the same owners, so it comes out as one range, whatever its
//! size. That is what keeps the work proportional to the lists, not to the
//! numbers they stand for, and memory proportional to the depth (15 digits).

use std::ops::ControlFlow;

use fst::raw::{Fst, Node, Output};

use crate::lengths::{LengthRules, Lengths};
use crate::lists::{EXACT_MARK, MAX_WIDTH, PREFIX_MARK};
use crate::number::MAX_E164_DIGITS;

const POW10: [u64; MAX_E164_DIGITS + 1] = {
    let mut p = [1u64; MAX_E164_DIGITS + 1];
    let mut i = 1;
    while i <= MAX_E164_DIGITS {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The list pattern deciding a number, as `PrefixList::lookup` would find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Owner {
    /// Index into the entry table.
    pub value: u64,
    /// Digits in the pattern.
    pub len: u8,
    /// An exact-number entry (else a prefix).
    pub exact: bool,
    /// Digits after the prefix of a fixed-length pattern; 0 otherwise.
    pub width: u8,
}

/// What the walk reports. `owners[0]` is the new list, `owners[1]` the previous one.
/// Taken as `dyn`: one copy of the walk in the library, not one per visitor.
pub(crate) trait Visitor {
    /// Numbers `start..end` (all of one length), each owned by `owners`;
    /// `digits` is the common prefix, at least as long as every owner's pattern.
    fn run(
        &mut self,
        digits: &[u8],
        start: u64,
        end: u64,
        owners: [Option<Owner>; 2],
    ) -> ControlFlow<()>;
    /// A prefix pattern on `side` starts here (`digits` = the pattern).
    fn enter_prefix(&mut self, _side: usize, _owner: Owner) {}
    /// The walk leaves the subtree of a prefix pattern.
    fn leave_prefix(&mut self, _side: usize, _digits: &[u8], _owner: Owner) {}
    /// A prefix pattern owns numbers whose length the rules do not know.
    fn unknown_length(&mut self, _side: usize, _owner: Owner) {}
}

#[derive(Clone, Copy)]
struct Side<'f> {
    node: Option<Node<'f>>,
    out: Output,
    /// The deepest open (`*`) prefix so far.
    best: Option<Owner>,
    /// Per total length, the deepest fixed-length pattern so far.
    fixed: [Option<Owner>; MAX_E164_DIGITS + 1],
}

impl Side<'_> {
    /// Who owns numbers of `len` digits here: the deeper of the open prefix
    /// and the fixed-length pattern for that length (the fixed one at equal
    /// depth). `Err` = the open prefix owns them, at a length the rules do not
    /// allow (`Err(true)`: do not know).
    fn owner(&self, len: usize, rule: Lengths) -> Result<Option<Owner>, (Owner, bool)> {
        let fixed = self.fixed[len];
        match (self.best, fixed) {
            (Some(open), Some(f)) if f.len >= open.len => Ok(Some(f)),
            (Some(open), _) => {
                if rule.is_some_and(|m| m & (1 << len) != 0) {
                    Ok(Some(open))
                } else {
                    Err((open, rule.is_none()))
                }
            }
            (None, f) => Ok(f),
        }
    }
}

/// Walks `fsts` (the second may be absent) under `rules`.
pub(crate) struct Walker<'f, D> {
    pub fsts: [Option<&'f Fst<D>>; 2],
    pub rules: &'f LengthRules,
    /// The length of each side's entry table: a value past it (a crafted
    /// fst; values are not checked at load) is no pattern.
    pub entries: [usize; 2],
}

impl<'f, D: AsRef<[u8]>> Walker<'f, D> {
    /// Every number of every length, in key order (shorter numbers before the
    /// longer ones they start): used to count numbers per pattern.
    pub(crate) fn key_order(&self, v: &mut dyn Visitor) -> ControlFlow<()> {
        self.root(None, 0, v)
    }

    /// Numbers `>= from` in ascending numeric order: all numbers of one length
    /// come before any longer one, and within a length key order is numeric order.
    pub(crate) fn ascending_from(&self, from: u64, v: &mut dyn Visitor) -> ControlFlow<()> {
        let first_len = from.checked_ilog10().map_or(1, |l| l as usize + 1);
        for len in first_len..=MAX_E164_DIGITS {
            self.root(Some(len), from, v)?;
        }
        ControlFlow::Continue(())
    }

    /// A crafted fst whose nodes lead outside it makes the fst crate panic
    /// (bounds-checked): the walk stops there, as if the visitor had asked.
    fn root(&self, target: Option<usize>, from: u64, v: &mut dyn Visitor) -> ControlFlow<()> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.root_unguarded(target, from, v)
        }))
        .unwrap_or(ControlFlow::Break(()))
    }

    fn root_unguarded(
        &self,
        target: Option<usize>,
        from: u64,
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        let side = |f: Option<&'f Fst<D>>| Side {
            node: f.map(|f| f.root()),
            out: Output::zero(),
            best: None,
            fixed: [None; MAX_E164_DIGITS + 1],
        };
        let sides = [side(self.fsts[0]), side(self.fsts[1])];
        let mut digits = [0u8; MAX_E164_DIGITS + 1];
        let range = self.rules.all();
        let rule = self.rules.at_range(range, 0).unwrap_or(None);
        let mut at = At {
            target,
            from,
            digits: &mut digits,
        };
        self.descend(&mut at, 0, 0, sides, (rule, range), v)
    }

    fn marked(&self, i: usize, side: &Side<'f>, mark: u8, len: usize) -> Option<Owner> {
        let node = side.node?;
        let t = node.transition(node.find_input(mark)?);
        let next = self.fsts[i]?.node(t.addr);
        let value = side.out.cat(t.out).cat(next.final_output()).value();
        (next.is_final() && value < self.entries[i] as u64).then_some(Owner {
            value,
            len: len as u8,
            exact: mark == EXACT_MARK,
            width: 0,
        })
    }

    /// The fixed-length patterns with prefix `len` digits long on side `i`, by width.
    fn fixed_here(&self, i: usize, side: &Side<'f>, len: usize, mut f: impl FnMut(Owner)) {
        let (Some(node), Some(fst)) = (side.node, self.fsts[i]) else {
            return;
        };
        let Some(j) = node.find_input(PREFIX_MARK) else {
            return;
        };
        let t = node.transition(j);
        let star = fst.node(t.addr);
        let out = side.out.cat(t.out);
        for w in 1..=MAX_WIDTH {
            if let Some(k) = star.find_input(w) {
                let t = star.transition(k);
                let end = fst.node(t.addr);
                let value = out.cat(t.out).cat(end.final_output()).value();
                if end.is_final() && value < self.entries[i] as u64 {
                    f(Owner {
                        value,
                        len: len as u8,
                        exact: false,
                        width: w,
                    });
                }
            }
        }
    }

    /// The numbers under digits `lo..=hi` one level below `depth`, where no
    /// fst has an edge and no rule changes: the owners of each length are
    /// those in force here, so each length is one run.
    #[allow(clippy::too_many_arguments)]
    fn uniform(
        &self,
        at: &At<'_>,
        depth: usize,
        lo: u64,
        hi: u64,
        sides: &[Side<'f>; 2],
        rule: Lengths,
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        let d1 = depth + 1;
        let any_fixed = sides
            .iter()
            .any(|s| s.fixed[d1..].iter().any(Option::is_some));
        if sides.iter().all(|s| s.best.is_none()) && !any_fixed {
            return ControlFlow::Continue(());
        }
        for len in d1..=MAX_E164_DIGITS {
            if at.target.is_some_and(|t| t != len) {
                continue;
            }
            let mut owners = [None; 2];
            for (i, side) in sides.iter().enumerate() {
                owners[i] = match side.owner(len, rule) {
                    Ok(o) => o,
                    Err((open, unknown)) => {
                        if unknown {
                            v.unknown_length(i, open);
                        }
                        None
                    }
                };
            }
            if owners.iter().all(Option::is_none) {
                continue;
            }
            let scale = POW10[len - d1];
            let (start, end) = ((lo * scale).max(at.from), (hi + 1) * scale);
            if start < end {
                // Every owner's pattern is at most `depth` digits long.
                v.run(&at.digits[..depth], start, end, owners)?;
            }
        }
        ControlFlow::Continue(())
    }

    fn descend(
        &self,
        at: &mut At<'_>,
        depth: usize,
        value: u64,
        mut sides: [Side<'f>; 2],
        (rule, range): (Lengths, (usize, usize)),
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        let mut entered: [Vec<Owner>; 2] = [Vec::new(), Vec::new()];
        if depth > 0 {
            for (i, side) in sides.iter_mut().enumerate() {
                if let Some(owner) = self.marked(i, side, PREFIX_MARK, depth) {
                    side.best = Some(owner);
                    entered[i].push(owner);
                    v.enter_prefix(i, owner);
                }
                let mut found = Vec::new();
                self.fixed_here(i, side, depth, |o| found.push(o));
                for o in found {
                    let total = depth + o.width as usize;
                    // Longer than E.164: reported by the key scan, never walked.
                    if total <= MAX_E164_DIGITS {
                        side.fixed[total] = Some(o);
                        entered[i].push(o);
                        v.enter_prefix(i, o);
                    }
                }
            }
            if at.target.is_none_or(|t| t == depth) && value >= at.from {
                let mut owners = [None; 2];
                for (i, side) in sides.iter().enumerate() {
                    owners[i] = match self.marked(i, side, EXACT_MARK, depth) {
                        Some(exact) => Some(exact),
                        None => match side.owner(depth, rule) {
                            Ok(o) => o,
                            Err((open, unknown)) => {
                                if unknown {
                                    v.unknown_length(i, open);
                                }
                                None
                            }
                        },
                    };
                }
                if owners.iter().any(Option::is_some) {
                    v.run(&at.digits[..depth], value, value + 1, owners)?;
                }
            }
        }
        if depth < MAX_E164_DIGITS && at.target.is_none_or(|t| depth < t) {
            // Consecutive digits with no edge and no rule are one uniform
            // stretch: its numbers of each length come out as one range.
            let mut stretch: Option<(u64, u64)> = None;
            // E.164 numbers never start with 0 (such keys are reported, not walked).
            for c in u8::from(depth == 0)..10 {
                let q = value * 10 + u64::from(c);
                let d1 = depth + 1;
                if let Some(t) = at.target {
                    if (q + 1) * POW10[t - d1] <= at.from {
                        continue;
                    }
                }
                at.digits[depth] = b'0' + c;
                let edges = [0, 1].map(|i| {
                    let n = sides[i].node?;
                    self.fsts[i]?;
                    n.find_input(b'0' + c).map(|j| n.transition(j))
                });
                let has_edge = edges.iter().any(Option::is_some);
                // The rules at or under these digits, narrowed from the parent's.
                let child_range = self.rules.narrow(range, depth, b'0' + c);
                if has_edge || child_range.0 < child_range.1 {
                    if let Some((lo, hi)) = stretch.take() {
                        self.uniform(at, depth, lo, hi, &sides, rule, v)?;
                    }
                    // Copied only for a child walked into (~800 bytes: the
                    // per-length owners), not for each of the ten digits.
                    let mut child = sides;
                    for (i, side) in child.iter_mut().enumerate() {
                        match (edges[i], self.fsts[i]) {
                            (Some(t), Some(fst)) => {
                                side.out = side.out.cat(t.out);
                                side.node = Some(fst.node(t.addr));
                            }
                            _ => side.node = None,
                        }
                    }
                    let child_rule = self.rules.at_range(child_range, d1).unwrap_or(rule);
                    self.descend(at, d1, q, child, (child_rule, child_range), v)?;
                    continue;
                }
                stretch = Some((stretch.map_or(q, |(lo, _)| lo), q));
            }
            if let Some((lo, hi)) = stretch {
                self.uniform(at, depth, lo, hi, &sides, rule, v)?;
            }
        }
        for (i, owners) in entered.iter().enumerate() {
            for o in owners.iter().rev() {
                v.leave_prefix(i, &at.digits[..depth], *o);
            }
        }
        ControlFlow::Continue(())
    }
}

/// Where the walk is: the digits so far and the bounds it keeps to.
struct At<'a> {
    target: Option<usize>,
    from: u64,
    digits: &'a mut [u8; MAX_E164_DIGITS + 1],
}
