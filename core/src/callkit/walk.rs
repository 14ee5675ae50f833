//! The one walk behind the export: a depth-first descent along the digits of
//! up to two fsts (the new lists and the previous ones) and the length rules at
//! once. A subtree where no fst has an edge and no rule changes is uniform: every
//! number in it has the same owners, so it comes out as one range, whatever its
//! size. That is what keeps the work proportional to the lists, not to the
//! numbers they stand for, and memory proportional to the depth (15 digits:
//! the patterns in force sit on a stack, one entry per node on the path that
//! adds one). Each node is read once; where no rule and no pattern is in
//! force the walk goes from edge to edge, and a walk in ascending order goes
//! only as far as the numbers it is asked for.

use std::ops::ControlFlow;

use fst::raw::{CompiledAddr, Fst, Node, Output, Transition};

use crate::lengths::{LengthRules, Lengths};
use crate::lists::{EXACT_MARK, MAX_WIDTH, PREFIX_MARK};
use crate::number::MAX_E164_DIGITS;

pub(crate) const POW10: [u64; MAX_E164_DIGITS + 1] = {
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

/// Numbers `start..end` (all of one length), each owned by `owners`
/// (`owners[0]` the new list, `owners[1]` the previous one); `digits` is the
/// common prefix, at least as long as every owner's pattern.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run<'a> {
    pub digits: &'a [u8],
    pub start: u64,
    pub end: u64,
    pub owners: [Option<Owner>; 2],
}

/// What the walk reports. Taken as `dyn`: one copy of the walk in the
/// library, not one per visitor.
pub(crate) trait Visitor {
    /// One run of numbers with the same owners.
    fn run(&mut self, run: Run<'_>) -> ControlFlow<()>;
    /// A prefix pattern on `side` starts here (`digits` = the pattern).
    fn enter_prefix(&mut self, _side: usize, _owner: Owner) {}
    /// The walk leaves the subtree of a prefix pattern.
    fn leave_prefix(&mut self, _side: usize, _digits: &[u8], _owner: Owner) {}
    /// A prefix pattern owns numbers whose length the rules do not know.
    fn unknown_length(&mut self, _side: usize, _owner: Owner) {}
}

/// Per total length, the lowest and highest number a walk in ascending
/// order must reach (`lo > hi`: none); see [`Walker::ascending_from`].
pub(crate) type Spans = [(u64, u64); MAX_E164_DIGITS + 1];

/// No number of any length.
pub(crate) const NO_SPANS: Spans = [(u64::MAX, 0); MAX_E164_DIGITS + 1];

/// Where one side's fst is: the address of the node for the digits so far
/// (`None` once the digits left the fst; the node is read where it is
/// walked) and the output gathered on the way.
#[derive(Clone, Copy)]
struct Cursor {
    addr: Option<CompiledAddr>,
    out: Output,
}

/// The patterns in force on one side for the digits so far. Shared by
/// reference down the walk and copied only at a node that adds a pattern.
#[derive(Clone, Copy)]
struct Held {
    /// The deepest open (`*`) prefix so far.
    best: Option<Owner>,
    /// Per total length, the deepest fixed-length pattern so far.
    fixed: [Option<Owner>; MAX_E164_DIGITS + 1],
    /// Bit `n` set: `fixed[n]` is some.
    fixed_lens: u32,
}

const NOTHING_HELD: Held = Held {
    best: None,
    fixed: [None; MAX_E164_DIGITS + 1],
    fixed_lens: 0,
};

impl Held {
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

    /// True if some pattern here may own numbers longer than `depth` digits.
    fn owns_below(&self, depth: usize) -> bool {
        self.best.is_some() || self.fixed_lens >> (depth + 1) != 0
    }

    /// The lengths a pattern here may own (or tell the visitor it does not
    /// know): the fixed ones, and those the rules allow the open prefix (all
    /// where they do not know). No other length has an owner here.
    fn lens(&self, rule: Lengths) -> u32 {
        let open = self.best.map_or(0, |_| rule.map_or(u32::MAX, u32::from));
        self.fixed_lens | open
    }
}

/// A node's edges, read once in ascending input order: the exact (`$`) and
/// prefix (`*`) marks sort before the digits.
struct Edges<'f> {
    node: Option<Node<'f>>,
    next: usize,
    /// The next digit edge not yet taken.
    digit: Option<Transition>,
    exact: Option<Transition>,
    star: Option<Transition>,
}

impl<'f> Edges<'f> {
    /// Before the first edge: [`Edges::advance`] reads it (built in place,
    /// not moved: a node's edges are made at every node).
    #[inline]
    fn at(node: Option<Node<'f>>) -> Edges<'f> {
        Edges {
            node,
            next: 0,
            digit: None,
            exact: None,
            star: None,
        }
    }

    #[inline]
    fn advance(&mut self) {
        self.digit = None;
        let Some(node) = self.node else { return };
        while self.next < node.len() {
            let t = node.transition(self.next);
            self.next += 1;
            match t.inp {
                b'0'..=b'9' => {
                    self.digit = Some(t);
                    return;
                }
                EXACT_MARK => self.exact = Some(t),
                PREFIX_MARK => self.star = Some(t),
                _ => {}
            }
        }
    }

    /// The edge for digit `byte` (asked in ascending order, gaps allowed).
    #[inline]
    fn take(&mut self, byte: u8) -> Option<Transition> {
        while let Some(t) = self.digit {
            match t.inp.cmp(&byte) {
                std::cmp::Ordering::Less => self.advance(),
                std::cmp::Ordering::Equal => {
                    self.advance();
                    return Some(t);
                }
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
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

/// The state of the walk at one node.
#[derive(Clone, Copy)]
struct Level {
    cursors: [Cursor; 2],
    /// Per side, the patterns in force: an index into [`At::held`].
    held: [usize; 2],
    rule: Lengths,
    range: (usize, usize),
}

impl<'f, D: AsRef<[u8]>> Walker<'f, D> {
    /// Every number of every length, in key order (shorter numbers before the
    /// longer ones they start): used to count numbers per pattern.
    pub(crate) fn key_order(&self, v: &mut dyn Visitor) -> ControlFlow<()> {
        self.root(None, (0, u64::MAX), v)
    }

    /// Numbers `>= from` in ascending numeric order: all numbers of one length
    /// come before any longer one, and within a length key order is numeric
    /// order. Only numbers within `spans` are walked to: a visitor that
    /// ignores every number outside them sees the same as without the bound.
    pub(crate) fn ascending_from(
        &self,
        from: u64,
        spans: &Spans,
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        let first_len = from.checked_ilog10().map_or(1, |l| l as usize + 1);
        for (len, &(lo, hi)) in spans.iter().enumerate().skip(first_len) {
            if lo.max(from) <= hi {
                self.root(Some(len), (lo.max(from), hi), v)?;
            }
        }
        ControlFlow::Continue(())
    }

    /// A crafted fst whose nodes lead outside it makes the fst crate panic
    /// (bounds-checked): the walk stops there, as if the visitor had asked.
    fn root(
        &self,
        target: Option<usize>,
        bounds: (u64, u64),
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.root_unguarded(target, bounds, v)
        }))
        .unwrap_or(ControlFlow::Break(()))
    }

    fn root_unguarded(
        &self,
        target: Option<usize>,
        (from, to): (u64, u64),
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        let cursor = |f: Option<&'f Fst<D>>| Cursor {
            addr: f.map(|f| f.root().addr()),
            out: Output::zero(),
        };
        let mut digits = [0u8; MAX_E164_DIGITS + 1];
        let range = self.rules.all();
        let level = Level {
            cursors: [cursor(self.fsts[0]), cursor(self.fsts[1])],
            held: [0, 0],
            rule: self.rules.at_range(range, 0).unwrap_or(None),
            range,
        };
        let mut at = At {
            target,
            from,
            to,
            digits: &mut digits,
            held: Vec::with_capacity(8),
            entered: Vec::new(),
        };
        at.held.push(NOTHING_HELD);
        self.descend(&mut at, 0, 0, &level, v)
    }

    /// The owner behind a mark edge `t` of side `i`, if the fst ends a key there.
    fn owner_at(&self, i: usize, out: Output, t: Transition, owner: Owner) -> Option<Owner> {
        let next = self.fsts[i]?.node(t.addr);
        let value = out.cat(t.out).cat(next.final_output()).value();
        (next.is_final() && value < self.entries[i] as u64).then_some(Owner { value, ..owner })
    }

    /// The patterns under a `*` edge `t` of side `i` at `len` digits: the open
    /// prefix, if any, then the fixed-length patterns by width.
    fn prefixes_at(
        &self,
        i: usize,
        out: Output,
        t: Transition,
        len: usize,
        mut f: impl FnMut(Owner),
    ) {
        let Some(fst) = self.fsts[i] else { return };
        let star = fst.node(t.addr);
        let out = out.cat(t.out);
        let value = out.cat(star.final_output()).value();
        if star.is_final() && value < self.entries[i] as u64 {
            f(Owner {
                value,
                len: len as u8,
                exact: false,
                width: 0,
            });
        }
        for t in star.transitions() {
            if !(1..=MAX_WIDTH).contains(&t.inp) {
                continue;
            }
            let owner = Owner {
                value: 0,
                len: len as u8,
                exact: false,
                width: t.inp,
            };
            if let Some(o) = self.owner_at(i, out, t, owner) {
                f(o);
            }
        }
    }

    /// Who owns numbers of `len` digits on each side (an exact pattern first),
    /// telling the visitor of open prefixes at lengths the rules do not know.
    fn owners(
        held: &[Held],
        level: &Level,
        len: usize,
        exact: [Option<Owner>; 2],
        v: &mut dyn Visitor,
    ) -> [Option<Owner>; 2] {
        let mut owners = exact;
        for (i, owner) in owners.iter_mut().enumerate() {
            if owner.is_some() {
                continue;
            }
            *owner = match held[level.held[i]].owner(len, level.rule) {
                Ok(o) => o,
                Err((open, unknown)) => {
                    if unknown {
                        v.unknown_length(i, open);
                    }
                    None
                }
            };
        }
        owners
    }

    /// The numbers under digits `lo..=hi` one level below `depth`, where no
    /// fst has an edge and no rule changes: the owners of each length are
    /// those in force here, so each length is one run.
    fn uniform(
        &self,
        at: &At<'_>,
        depth: usize,
        (lo, hi): (u64, u64),
        level: &Level,
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        let d1 = depth + 1;
        let held = level.held.map(|h| &at.held[h]);
        if !held.iter().any(|h| h.owns_below(depth)) {
            return ControlFlow::Continue(());
        }
        let mut lens = held[0].lens(level.rule) | held[1].lens(level.rule);
        if let Some(t) = at.target {
            lens &= 1 << t;
        }
        for len in d1..=MAX_E164_DIGITS {
            if lens & (1 << len) == 0 {
                continue;
            }
            let owners = Self::owners(&at.held, level, len, [None; 2], v);
            if owners.iter().all(Option::is_none) {
                continue;
            }
            let scale = POW10[len - d1];
            let start = (lo * scale).max(at.from);
            let end = ((hi + 1) * scale).min(at.to.saturating_add(1));
            if start < end {
                // Every owner's pattern is at most `depth` digits long.
                let digits = &at.digits[..depth];
                v.run(Run {
                    digits,
                    start,
                    end,
                    owners,
                })?;
            }
        }
        ControlFlow::Continue(())
    }

    fn descend(
        &self,
        at: &mut At<'_>,
        depth: usize,
        value: u64,
        level: &Level,
        v: &mut dyn Visitor,
    ) -> ControlFlow<()> {
        let node = |i: usize| Some(self.fsts[i]?.node(level.cursors[i].addr?));
        let mut edges = [Edges::at(node(0)), Edges::at(node(1))];
        edges[0].advance();
        edges[1].advance();
        let mut exact = [None; 2];
        // Numbers of this very length end here.
        let here =
            depth > 0 && at.target.is_none_or(|t| t == depth) && (at.from..=at.to).contains(&value);
        let (held_mark, entered_mark) = (at.held.len(), at.entered.len());
        let mut held = level.held;
        if depth > 0 {
            for (i, e) in edges.iter().enumerate() {
                let Some(star) = e.star else { continue };
                self.prefixes_at(i, level.cursors[i].out, star, depth, |o| {
                    let total = depth + o.width as usize;
                    // Longer than E.164: reported by the key scan, never walked.
                    if total > MAX_E164_DIGITS {
                        return;
                    }
                    // Copied from the parent's only where a node adds a pattern.
                    if held[i] < held_mark {
                        at.held.push(at.held[held[i]]);
                        held[i] = at.held.len() - 1;
                    }
                    let h = &mut at.held[held[i]];
                    if o.width == 0 {
                        h.best = Some(o);
                    } else {
                        h.fixed[total] = Some(o);
                        h.fixed_lens |= 1 << total;
                    }
                    at.entered.push((i, o));
                    v.enter_prefix(i, o);
                });
            }
            if here {
                for (i, e) in edges.iter().enumerate() {
                    exact[i] = e.exact.and_then(|t| {
                        let owner = Owner {
                            value: 0,
                            len: depth as u8,
                            exact: true,
                            width: 0,
                        };
                        self.owner_at(i, level.cursors[i].out, t, owner)
                    });
                }
            }
        }
        let level = &Level { held, ..*level };
        let holds = held
            .iter()
            .any(|&h| at.held[h].best.is_some() || at.held[h].fixed_lens != 0);
        let owned_here = held
            .iter()
            .any(|&h| at.held[h].lens(level.rule) & (1 << depth) != 0);
        if here && (owned_here || exact.iter().any(Option::is_some)) {
            let owners = Self::owners(&at.held, level, depth, exact, v);
            if owners.iter().any(Option::is_some) {
                let digits = &at.digits[..depth];
                v.run(Run {
                    digits,
                    start: value,
                    end: value + 1,
                    owners,
                })?;
            }
        }
        if depth < MAX_E164_DIGITS && at.target.is_none_or(|t| depth < t) {
            // Consecutive digits with no edge and no rule are one uniform
            // stretch: its numbers of each length come out as one range.
            let mut stretch: Option<(u64, u64)> = None;
            let d1 = depth + 1;
            // With no rule below and no pattern in force, the digits without
            // an edge hold nothing: go from edge to edge.
            let quiet = level.range.0 >= level.range.1 && !holds;
            // E.164 numbers never start with 0 (such keys are reported, not walked).
            let mut c = u8::from(depth == 0);
            while c < 10 {
                if quiet {
                    match edges.iter().filter_map(|e| e.digit).map(|t| t.inp).min() {
                        Some(b) => c = c.max(b - b'0'),
                        None => break,
                    }
                }
                let digit = c;
                c += 1;
                let q = value * 10 + u64::from(digit);
                if let Some(t) = at.target {
                    if (q + 1) * POW10[t - d1] <= at.from {
                        continue;
                    }
                    if q * POW10[t - d1] > at.to {
                        break;
                    }
                }
                let byte = b'0' + digit;
                at.digits[depth] = byte;
                let taken = [edges[0].take(byte), edges[1].take(byte)];
                // The rules at or under these digits, narrowed from the parent's.
                let child_range = if level.range.0 < level.range.1 {
                    self.rules.narrow(level.range, depth, byte)
                } else {
                    level.range
                };
                if taken.iter().all(Option::is_none) && child_range.0 >= child_range.1 {
                    stretch = Some((stretch.map_or(q, |(lo, _)| lo), q));
                    continue;
                }
                if let Some(s) = stretch.take() {
                    self.uniform(at, depth, s, level, v)?;
                }
                let child = Level {
                    cursors: [0, 1].map(|i| Cursor {
                        addr: taken[i].map(|t| t.addr),
                        out: level.cursors[i]
                            .out
                            .cat(taken[i].map_or(Output::zero(), |t| t.out)),
                    }),
                    held: level.held,
                    rule: self.rules.at_range(child_range, d1).unwrap_or(level.rule),
                    range: child_range,
                };
                self.descend(at, d1, q, &child, v)?;
            }
            if let Some(s) = stretch {
                self.uniform(at, depth, s, level, v)?;
            }
        }
        for side in 0..2 {
            for &(i, o) in at.entered[entered_mark..].iter().rev() {
                if i == side {
                    v.leave_prefix(i, &at.digits[..depth], o);
                }
            }
        }
        at.held.truncate(held_mark);
        at.entered.truncate(entered_mark);
        ControlFlow::Continue(())
    }
}

/// Where the walk is: the digits so far and the bounds it keeps to.
struct At<'a> {
    target: Option<usize>,
    from: u64,
    /// The highest number walked to (inclusive).
    to: u64,
    /// The patterns in force, one entry per node that added one (the first
    /// holds nothing); a level refers to its own by index.
    held: Vec<Held>,
    /// The prefix patterns entered on the way down, with their side.
    entered: Vec<(usize, Owner)>,
    digits: &'a mut [u8; MAX_E164_DIGITS + 1],
}
