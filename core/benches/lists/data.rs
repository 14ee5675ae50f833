//! Random lists shaped like real Chinese blocklists, and probe numbers for them.

use std::collections::HashSet;

use burao_core::bundle::{BundleWriter, Metadata};
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_core::Category;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One generated pattern: canonical digits (with `86`), and the length of a
/// full number under it, for making probes.
pub struct Pat {
    pub digits: String,
    pub prefix: bool,
    pub full_len: usize,
    pub entry: u32,
}

/// What a pattern says; patterns share these, as in real lists.
pub struct Entry {
    pub category: Option<Category>,
    pub action: ListAction,
    pub label: &'static str,
}

pub struct Generated {
    pub patterns: Vec<Pat>,
    pub entries: Vec<Entry>,
}

/// The unwanted categories: `Category::ALL` up to `Transaction`.
fn unwanted() -> impl Iterator<Item = Category> {
    Category::ALL
        .into_iter()
        .take_while(|c| *c != Category::Transaction)
}
const LABELS: [&str; 4] = ["", "reported by many users", "marketing calls", "robocall"];
const ALLOW_LABELS: [&str; 3] = ["", "courier", "bank branch"];
const AREA_CODES: [&str; 24] = [
    "10", "20", "21", "22", "23", "24", "25", "27", "28", "29", "311", "351", "371", "431", "451",
    "531", "551", "571", "591", "731", "755", "769", "871", "951",
];

fn entries() -> Vec<Entry> {
    let mut out = Vec::new();
    for category in unwanted() {
        for action in [ListAction::Block, ListAction::Silence] {
            for label in LABELS {
                out.push(Entry {
                    category: Some(category),
                    action,
                    label,
                });
            }
        }
    }
    for label in ALLOW_LABELS {
        out.push(Entry {
            category: None,
            action: ListAction::Allow,
            label,
        });
    }
    out
}

fn digits(rng: &mut StdRng, s: &mut String, n: usize) {
    for _ in 0..n {
        s.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
}

fn mobile_head(rng: &mut StdRng) -> String {
    let mut s = String::from("1");
    s.push(char::from(b'3' + rng.random_range(0..7u8)));
    digits(rng, &mut s, 1);
    s
}

fn landline_head(rng: &mut StdRng) -> (String, usize) {
    let area = AREA_CODES[rng.random_range(0..AREA_CODES.len())];
    let mut s = area.to_string();
    s.push(char::from(b'2' + rng.random_range(0..7u8)));
    (s, area.len() + 8)
}

fn call_centre_head(rng: &mut StdRng) -> String {
    if rng.random_bool(0.8) { "400" } else { "800" }.to_string()
}

/// `n` distinct patterns: 45% mobile prefixes (7–10 digits), 25% exact mobile
/// numbers, 15% landline blocks, 10% 400/800 ranges and numbers, 2% exact
/// landlines, 3% allow entries inside an already generated blocked range.
pub fn generate(rng: &mut StdRng, n: usize) -> Generated {
    let entries = entries();
    let blocking = entries.len() - ALLOW_LABELS.len();
    let mut seen = HashSet::new();
    let mut patterns: Vec<Pat> = Vec::with_capacity(n);
    while patterns.len() < n {
        let roll = rng.random_range(0..100);
        let mut allow = false;
        let (mut national, prefix, full_len) = match roll {
            0..45 => (mobile_head(rng), true, 11),
            45..70 => (mobile_head(rng), false, 11),
            70..85 => {
                let (h, f) = landline_head(rng);
                (h, true, f)
            }
            85..91 => (call_centre_head(rng), true, 10),
            91..95 => (call_centre_head(rng), false, 10),
            95..97 => {
                let (h, f) = landline_head(rng);
                (h, false, f)
            }
            _ => {
                let Some(parent) = random_prefix(rng, &patterns) else {
                    continue;
                };
                allow = true;
                let head = parent.digits[2..].to_string();
                (head, rng.random_bool(0.3), parent.full_len - 2)
            }
        };
        let len = if !prefix {
            full_len
        } else if allow {
            (national.len() + rng.random_range(1..=3)).min(full_len - 1)
        } else if full_len == 11 && national.starts_with('1') {
            rng.random_range(7..=10)
        } else if full_len == 10 && national.starts_with(['4', '8']) {
            rng.random_range(5..=8)
        } else {
            (full_len - 8) + rng.random_range(4..=7)
        };
        let missing = len.saturating_sub(national.len());
        digits(rng, &mut national, missing);
        let digits = format!("86{national}");
        if !seen.insert((digits.clone(), prefix)) {
            continue;
        }
        let entry = if allow {
            blocking + rng.random_range(0..ALLOW_LABELS.len())
        } else {
            rng.random_range(0..blocking)
        };
        patterns.push(Pat {
            digits,
            prefix,
            full_len: full_len + 2,
            entry: entry as u32,
        });
    }
    Generated { patterns, entries }
}

fn random_prefix<'a>(rng: &mut StdRng, patterns: &'a [Pat]) -> Option<&'a Pat> {
    if patterns.is_empty() {
        return None;
    }
    (0..8)
        .map(|_| &patterns[rng.random_range(0..patterns.len())])
        .find(|p| p.prefix && p.digits.len() + 1 < p.full_len)
}

impl Generated {
    /// The list as `burao build` reads it.
    pub fn csv(&self) -> String {
        let mut s = String::with_capacity(self.patterns.len() * 40);
        s.push_str("pattern,category,action,label\n");
        for p in &self.patterns {
            let e = &self.entries[p.entry as usize];
            s.push('+');
            s.push_str(&p.digits);
            if p.prefix {
                s.push('*');
            }
            s.push(',');
            s.push_str(e.category.map_or("", |c| c.as_str()));
            s.push(',');
            s.push_str(e.action.as_str());
            s.push(',');
            s.push_str(e.label);
            s.push('\n');
        }
        s
    }

    pub fn exact_count(&self) -> usize {
        self.patterns.iter().filter(|p| !p.prefix).count()
    }

    /// `k` patterns drawn at random (for the regex rival, which cannot hold 1M).
    pub fn sample(&self, rng: &mut StdRng, k: usize) -> Generated {
        let mut picked = HashSet::new();
        while picked.len() < k.min(self.patterns.len()) {
            picked.insert(rng.random_range(0..self.patterns.len()));
        }
        let mut idx: Vec<usize> = picked.into_iter().collect();
        idx.sort_unstable();
        Generated {
            patterns: idx
                .into_iter()
                .map(|i| {
                    let p = &self.patterns[i];
                    Pat {
                        digits: p.digits.clone(),
                        prefix: p.prefix,
                        full_len: p.full_len,
                        entry: p.entry,
                    }
                })
                .collect(),
            entries: entries(),
        }
    }
}

/// Full numbers to look up: 40% under a listed pattern, 50% random mobile
/// numbers, 10% random landlines (mostly misses, as in real traffic).
pub fn probes(rng: &mut StdRng, gen: &Generated, count: usize) -> Vec<String> {
    (0..count)
        .map(|_| {
            let roll = rng.random_range(0..10);
            let (mut national, full) = if roll < 4 {
                let p = &gen.patterns[rng.random_range(0..gen.patterns.len())];
                (p.digits[2..].to_string(), p.full_len - 2)
            } else if roll < 9 {
                (mobile_head(rng), 11)
            } else {
                landline_head(rng)
            };
            let missing = full.saturating_sub(national.len());
            digits(rng, &mut national, missing);
            format!("86{national}")
        })
        .collect()
}

/// A blocklist of `patterns` generated entries as bundle bytes, from `seed`;
/// `name` names the CSV and the bundle.
#[allow(dead_code)] // not every bench makes bundles
pub fn list_bundle(name: &str, seed: u64, patterns: usize) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut b = ListBuilder::new(Region::cn());
    b.add_csv(
        &format!("{name}.csv"),
        &generate(&mut rng, patterns).csv(),
        ListAction::Block,
    )
    .expect("generated CSV is valid");
    BundleWriter::new(Metadata::new(name, "1", "CN"))
        .lists(&b.build().expect("generated list builds"))
        .to_bytes()
}
