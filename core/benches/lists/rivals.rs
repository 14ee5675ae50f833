//! The structures other blockers use, each answering the same longest-match
//! question as `PrefixList::lookup` (checked against it before timing).

use std::collections::{HashMap, HashSet};

use burao_core::lists::{ListAction, ListMatch};
use burao_core::Category;
use regex::{RegexSet, RegexSetBuilder};
use rusqlite::{Connection, OptionalExtension, Statement};

use crate::data::Generated;

/// What a lookup found, comparable across structures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub len: usize,
    pub exact: bool,
    pub action: ListAction,
    pub category: Option<Category>,
}

impl Answer {
    pub fn of(m: Option<ListMatch<'_>>) -> Option<Answer> {
        m.map(|m| Answer {
            len: m.pattern_len,
            exact: m.exact,
            action: m.entry.action,
            category: m.entry.category,
        })
    }
}

type Table = Vec<(ListAction, Option<Category>)>;

fn table(gen: &Generated) -> Table {
    gen.entries.iter().map(|e| (e.action, e.category)).collect()
}

fn answer(t: &Table, len: usize, exact: bool, entry: u32) -> Answer {
    let (action, category) = t[entry as usize];
    Answer {
        len,
        exact,
        action,
        category,
    }
}

/// Canonical digits never start with 0, so the value and the length identify them.
fn number(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0u64, |acc, b| {
        acc.checked_mul(10)?
            .checked_add(u64::from(b.checked_sub(b'0')?))
    })
}

/// (a) The exact numbers of the list; knows nothing of ranges.
pub struct ExactSet(HashSet<u64>);

impl ExactSet {
    pub fn new(gen: &Generated) -> ExactSet {
        ExactSet(
            gen.patterns
                .iter()
                .filter(|p| !p.prefix)
                .filter_map(|p| number(&p.digits))
                .collect(),
        )
    }

    pub fn contains(&self, digits: &str) -> bool {
        number(digits).is_some_and(|n| self.0.contains(&n))
    }

    pub fn heap_bytes(&self) -> usize {
        self.0.capacity() * (std::mem::size_of::<u64>() + 1)
    }
}

#[derive(Clone, Copy)]
struct Key {
    num: u64,
    len: u8,
    exact: bool,
    entry: u32,
}

/// (b) Every pattern as (value, length, exact) in a sorted Vec; the longest
/// match is one binary search per prefix length, longest first.
pub struct SortedVec {
    keys: Vec<Key>,
    table: Table,
}

impl SortedVec {
    pub fn new(gen: &Generated) -> SortedVec {
        let mut keys: Vec<Key> = gen
            .patterns
            .iter()
            .map(|p| Key {
                num: number(&p.digits).expect("generated digits fit u64"),
                len: p.digits.len() as u8,
                exact: !p.prefix,
                entry: p.entry,
            })
            .collect();
        keys.sort_unstable_by_key(|k| (k.num, k.len, k.exact));
        keys.shrink_to_fit();
        SortedVec {
            keys,
            table: table(gen),
        }
    }

    fn find(&self, num: u64, len: u8, exact: bool) -> Option<u32> {
        self.keys
            .binary_search_by(|k| (k.num, k.len, k.exact).cmp(&(num, len, exact)))
            .ok()
            .map(|i| self.keys[i].entry)
    }

    pub fn lookup(&self, digits: &str) -> Option<Answer> {
        probe(digits, |n, l, e| self.find(n, l, e)).map(|(l, e, v)| answer(&self.table, l, e, v))
    }

    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * std::mem::size_of::<Key>()
    }
}

/// The exact number first, then every prefix from longest to shortest.
fn probe(digits: &str, find: impl Fn(u64, u8, bool) -> Option<u32>) -> Option<(usize, bool, u32)> {
    let full = number(digits)?;
    let n = digits.len();
    if let Some(v) = find(full, n as u8, true) {
        return Some((n, true, v));
    }
    let mut value = full;
    for len in (1..=n).rev() {
        if let Some(v) = find(value, len as u8, false) {
            return Some((len, false, v));
        }
        value /= 10;
    }
    None
}

/// A HashMap of every pattern, probed once per prefix length.
pub struct ProbeMap {
    map: HashMap<(u64, u8, bool), u32>,
    table: Table,
}

impl ProbeMap {
    pub fn new(gen: &Generated) -> ProbeMap {
        let map = gen
            .patterns
            .iter()
            .map(|p| {
                let num = number(&p.digits).expect("generated digits fit u64");
                ((num, p.digits.len() as u8, !p.prefix), p.entry)
            })
            .collect();
        ProbeMap {
            map,
            table: table(gen),
        }
    }

    pub fn lookup(&self, digits: &str) -> Option<Answer> {
        probe(digits, |n, l, e| self.map.get(&(n, l, e)).copied())
            .map(|(l, e, v)| answer(&self.table, l, e, v))
    }

    pub fn heap_bytes(&self) -> usize {
        self.map.capacity() * (std::mem::size_of::<((u64, u8, bool), u32)>() + 1)
    }
}

/// (c) How regex-list blockers work: one `^…` pattern per list line, all
/// matched at once; the longest matching pattern wins.
pub struct RegexList {
    set: RegexSet,
    pats: Vec<(usize, bool, u32)>,
    table: Table,
}

impl RegexList {
    pub fn new(gen: &Generated) -> RegexList {
        let sources = gen.patterns.iter().map(|p| {
            if p.prefix {
                format!("^{}", p.digits)
            } else {
                format!("^{}$", p.digits)
            }
        });
        let set = RegexSetBuilder::new(sources)
            .size_limit(512 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .expect("prefix patterns compile");
        RegexList {
            set,
            pats: gen
                .patterns
                .iter()
                .map(|p| (p.digits.len(), !p.prefix, p.entry))
                .collect(),
            table: table(gen),
        }
    }

    pub fn lookup(&self, digits: &str) -> Option<Answer> {
        self.set
            .matches(digits)
            .iter()
            .map(|i| self.pats[i])
            .max_by_key(|&(len, exact, _)| (len, exact))
            .map(|(l, e, v)| answer(&self.table, l, e, v))
    }
}

/// (d) How Android blocklist apps store numbers: an SQLite table keyed by the
/// digits, one indexed query per call asking for every prefix of the number
/// at once. The database is in memory (no disk, no page faults): the most
/// favourable case for SQLite.
pub struct SqliteList {
    conn: Connection,
    table: Table,
}

impl SqliteList {
    pub fn new(gen: &Generated) -> SqliteList {
        let conn = Connection::open_in_memory().expect("in-memory SQLite opens");
        conn.execute_batch(
            "CREATE TABLE patterns (digits TEXT NOT NULL, exact INTEGER NOT NULL, \
             entry INTEGER NOT NULL, PRIMARY KEY (digits, exact)) WITHOUT ROWID; BEGIN",
        )
        .expect("table created");
        {
            let mut insert = conn
                .prepare("INSERT INTO patterns VALUES (?1, ?2, ?3)")
                .expect("insert prepares");
            for p in &gen.patterns {
                insert
                    .execute((p.digits.as_str(), !p.prefix, p.entry))
                    .expect("generated patterns are distinct");
            }
        }
        conn.execute_batch("COMMIT").expect("patterns committed");
        SqliteList {
            conn,
            table: table(gen),
        }
    }

    /// The lookup query, prepared once: every prefix of `?1` (the IN list
    /// probes the primary key), the longest first, exact before prefix.
    pub fn statement(&self) -> Statement<'_> {
        let prefixes: Vec<String> = (1..=15).map(|i| format!("substr(?1, 1, {i})")).collect();
        let sql = format!(
            "SELECT length(digits), exact, entry FROM patterns WHERE digits IN ({}) \
             AND (exact = 0 OR digits = ?1) ORDER BY length(digits) DESC, exact DESC LIMIT 1",
            prefixes.join(", ")
        );
        self.conn.prepare(&sql).expect("lookup prepares")
    }

    pub fn lookup(&self, statement: &mut Statement<'_>, digits: &str) -> Option<Answer> {
        statement
            .query_row([digits], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, u32>(2)?,
                ))
            })
            .optional()
            .expect("lookup runs")
            .map(|(len, exact, entry)| answer(&self.table, len as usize, exact, entry))
    }

    /// The database's pages.
    pub fn bytes(&self) -> usize {
        let pragma = |name: &str| -> usize {
            let n: i64 = self
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .expect("pragma reads");
            n as usize
        };
        pragma("page_count") * pragma("page_size")
    }
}
