//! Text normalisation for SMS: fold away the tricks spammers use to dodge
//! keyword filters, and recognise the structures (links, numbers, money,
//! 【signatures】, opt-outs) that say more than the words around them.
//!
//! Every character of the normalised text remembers which character of the
//! original it came from, so a feature can be shown as a span of what the user
//! actually received.
//!
//! ```
//! use burao_core::sms::normalize::{normalize_text, EntityKind};
//! let n = normalize_text("【某银行】貸 款 办理，回T退订");
//! assert!(n.text().contains("贷款"));
//! assert!(n.entities().iter().any(|e| e.kind == EntityKind::OptOut));
//! assert!(n.entities().iter().any(|e| e.kind == EntityKind::Signature));
//! ```

use std::sync::OnceLock;

use regex_automata::meta::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::number::{normalize, NumberKind, Region};

pub use crate::verdict::Span;

/// A structure recognised in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A web link (with or without scheme).
    Url,
    /// A bare IPv4 address.
    Ip,
    /// An e-mail address.
    Email,
    /// A phone number of the given kind.
    Phone(NumberKind),
    /// A run of 3–6 digits that is no phone number: codes, prices, dates.
    ShortDigits,
    /// An amount of money (`5000元`, `￥99`, `£100`).
    Money,
    /// A `【signature】` at either end of the message.
    Signature,
    /// An unsubscribe instruction (`回T退订`, `Reply STOP`).
    OptOut,
}

impl EntityKind {
    /// Stable feature name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Url => "url",
            EntityKind::Ip => "ip",
            EntityKind::Email => "email",
            EntityKind::Phone(k) => match k {
                NumberKind::Mobile => "phone_mobile",
                NumberKind::VirtualMobile => "phone_virtual_mobile",
                NumberKind::Landline => "phone_landline",
                NumberKind::CallCentre => "phone_call_centre",
                NumberKind::ServiceNumber => "phone_service_number",
                NumberKind::SmsPort => "phone_sms_port",
                NumberKind::ShortCode => "phone_short_code",
                NumberKind::Foreign => "phone_foreign",
                _ => "phone_other",
            },
            EntityKind::ShortDigits => "short_digits",
            EntityKind::Money => "money",
            EntityKind::Signature => "signature",
            EntityKind::OptOut => "opt_out",
        }
    }
}

/// One recognised structure: its kind and byte range in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// What it is.
    pub kind: EntityKind,
    /// Start byte in [`Normalized::text`].
    pub start: usize,
    /// End byte in [`Normalized::text`].
    pub end: usize,
}

/// A normalised message. Its `Debug` shows sizes only: it holds a message body.
pub struct Normalized {
    text: String,
    /// For every byte of `text`, the original character it came from; the
    /// [`LOOKALIKE`] bit marks a Latin look-alike folded to its letter.
    origin: Vec<u32>,
    entities: Vec<Entity>,
    emoji: u32,
    /// Some character was Traditional Chinese (folded to Simplified).
    traditional: bool,
}

impl std::fmt::Debug for Normalized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Normalized({} bytes, {} entities)",
            self.text.len(),
            self.entities.len()
        )
    }
}

impl Normalized {
    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Recognised structures, in text order, never overlapping.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// How many emoji and pictographs were removed.
    pub fn emoji(&self) -> u32 {
        self.emoji
    }

    /// True when some character was written in Traditional Chinese.
    pub fn traditional(&self) -> bool {
        self.traditional
    }

    /// The span of the original text that produced `text[start..end]`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if start >= end || end > self.origin.len() {
            return Span { start: 0, end: 0 };
        }
        Span {
            start: self.origin[start] & !LOOKALIKE,
            end: (self.origin[end - 1] & !LOOKALIKE) + 1,
        }
    }

    /// True when `text[start..end]` was written with a Cyrillic or Greek
    /// look-alike of a Latin letter (`іcbc.com.cn`): in a link, another site.
    pub fn disguised(&self, start: usize, end: usize) -> bool {
        self.origin
            .get(start..end)
            .is_some_and(|o| o.iter().any(|&o| o & LOOKALIKE != 0))
    }
}

/// CJK Unified Ideographs, nearly every Chinese character of a message: the
/// per-character tests below answer it before their range lists.
const COMMON_CJK: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

/// True for CJK ideographs (the scripts whose characters are words).
pub fn is_cjk(c: char) -> bool {
    // Asked several times per character: below U+3400 (ASCII, Latin,
    // punctuation) in one comparison, the common block in the next.
    let u = c as u32;
    u >= 0x3400
        && (COMMON_CJK.contains(&u)
            || matches!(u, 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F))
}

/// Characters with no visible form that are slipped between letters.
fn is_invisible(c: char) -> bool {
    // Most characters of a message are ASCII or common CJK: answered before
    // the range list (asked for every character, twice with emoji; issue 17).
    let u = c as u32;
    if u < 0xAD || COMMON_CJK.contains(&u) {
        return false;
    }
    matches!(u,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFEFF
        | 0xFE00..=0xFE0F | 0xE0000..=0xE0FFF
        // Combining marks: stacked on letters to defeat matching.
        | 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Emoji and pictographs (an approximation of Extended_Pictographic).
const fn is_emoji(c: char) -> bool {
    let u = c as u32;
    if u < 0x2190 || (*COMMON_CJK.start() <= u && u <= *COMMON_CJK.end()) {
        return false;
    }
    matches!(u,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2190..=0x21FF
        | 0x2300..=0x23FF | 0x25A0..=0x25FF | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

/// The bit of an origin index that marks a folded look-alike (bodies are
/// clipped far below 2^31 characters).
const LOOKALIKE: u32 = 1 << 31;

/// Latin look-alikes from Cyrillic and Greek (lower case, after case folding).
/// A compact table rather than the full Unicode confusables data: SMS spam
/// uses a few dozen of these, the full table costs hundreds of kilobytes.
fn fold_homoglyph(c: char) -> char {
    match c {
        'а' | 'α' | 'ɑ' => 'a',
        'ь' | 'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' | 'ё' => 'e',
        'ɡ' => 'g',
        'һ' | 'н' => 'h',
        'і' | 'ι' | 'ı' | 'ї' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'η' | 'п' => 'n',
        'о' | 'ο' | 'σ' | '〇' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' | 'μ' => 'u',
        'ν' => 'v',
        'ѡ' | 'ω' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        'ʐ' => 'z',
        _ => c,
    }
}

/// Symbols that carry no meaning when inserted between two CJK characters.
/// Sentence punctuation is not among them: it separates clauses.
fn is_junk_separator(c: char) -> bool {
    // Asked for every character: of the CJK ideographs only `丶` is one, and
    // ASCII is answered by a table built from the same list.
    if c.is_ascii() {
        return ASCII_SEPARATORS & (1 << (c as u32)) != 0;
    }
    if COMMON_CJK.contains(&(c as u32)) {
        return c == '丶';
    }
    is_separator_char(c)
}

/// Bit `b` set when ASCII `b` is an [`is_separator_char`].
const ASCII_SEPARATORS: u128 = {
    let mut bits = 0u128;
    let mut b = 0u8;
    while b < 128 {
        if is_separator_char(b as char) {
            bits |= 1 << b;
        }
        b += 1;
    }
    bits
};

const fn is_separator_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '#'
                | '*'
                | '-'
                | '_'
                | '/'
                | '\\'
                | '|'
                | '~'
                | '^'
                | '`'
                | '\''
                | '"'
                | '+'
                | '='
                | '&'
                | '@'
                | '$'
                | '%'
                | '·'
                | '•'
                | '・'
                | '…'
                | '°'
                | '×'
                | '丶'
                | '〃'
        )
        || is_emoji(c)
}

/// Maximum number of junk characters dropped between two CJK characters.
const MAX_JUNK_RUN: usize = 3;

/// Normalises a message body (see the module docs for the steps).
pub fn normalize_text(body: &str) -> Normalized {
    let (units, emoji, traditional, dots, cjk) = fold_chars(body);
    // From the first `。` or `点`, or from the start when the body has a
    // bracket (one SIMD byte search); most bodies have neither.
    let dots = match memchr::memchr3(b'[', b'(', b'{', body.as_bytes()) {
        Some(_) => Some(0),
        None => dots,
    };
    let units = match dots {
        Some(from) => dots_of_links(units, from),
        None => units,
    };
    // Before collapsing, which never joins or splits a run of letters and
    // digits, so that the collapse can write the text directly.
    let units = letters_for_digits(units);
    let (text, origin) = collapse_separators(&units);
    let mut entities = find_entities(&text);
    // A data set's placeholders (`URL`, `CELLPHONE`, `DIGIT`, `HOTLINE`) in a
    // Chinese body: one SIMD byte search for most bodies, none for others
    // (`U`, `H` and `D` between them are in every placeholder that is an entity).
    if cjk && memchr::memchr3(b'U', b'H', b'D', body.as_bytes()).is_some() {
        add_masked_entities(body, &origin, &mut entities);
    }
    Normalized {
        text,
        origin,
        entities,
        emoji,
        traditional,
    }
}

/// NFKC, Traditional→Simplified, case and homoglyph folding; drops invisible
/// characters and emoji. Each output char keeps its original char index;
/// the flag says whether a Traditional character was folded, the next value
/// is the index of the first `。`, `点` or full-width bracket (where
/// [`dots_of_links`] starts), and the last says whether the body has CJK.
fn fold_chars(body: &str) -> (Vec<(char, u32)>, u32, bool, Option<usize>, bool) {
    // Chars, not bytes: a Chinese body has a third as many.
    let mut out: Vec<(char, u32)> = Vec::with_capacity(body.chars().count());
    let mut emoji = 0;
    // Traditional→Simplified is one char for one char, so offsets survive.
    // Every character of the table is an ideograph: only those are looked up.
    let mut traditional = false;
    let mut simplify = |u: &mut (char, u32)| {
        let s = super::t2s::to_simplified(u.0);
        traditional |= s != u.0;
        u.0 = s;
    };
    let mut dots = None;
    let mut cjk = false;
    for (i, c) in body.chars().enumerate() {
        let i = i as u32;
        let u = c as u32;
        // ASCII and the common ideographs first: nearly every character of a
        // message, and none of them invisible or an emoji.
        if c.is_ascii() {
            out.push((c.to_ascii_lowercase(), i));
            continue;
        }
        if COMMON_CJK.contains(&u) {
            // Ideographs have no case and no look-alike to fold: no case
            // table search for most characters of a Chinese message.
            cjk = true;
            let mut unit = (c, i);
            simplify(&mut unit);
            if unit.0 == '点' && dots.is_none() {
                dots = Some(out.len());
            }
            out.push(unit);
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if is_emoji(c) && !matches!(c, '↓' | '→') {
            emoji += 1;
            // Kept as a separator so `贷😀款` collapses but `hi😀there` stays two words.
            out.push((' ', i));
            continue;
        }
        if is_cjk(c) && !(0xF900..=0xFAFF).contains(&u) {
            cjk = true;
            let mut unit = (c, i);
            simplify(&mut unit);
            out.push(unit);
        } else if (0xFF01..=0xFF5E).contains(&u) {
            // Full-width ASCII (`，`, `：`, `Ａ`): what NFKC gives, without
            // its per-character machinery.
            let a = char::from_u32(u - 0xFEE0).unwrap_or(c);
            if matches!(a, '[' | '(' | '{') && dots.is_none() {
                dots = Some(out.len());
            }
            push_folded(&mut out, a, i);
        } else if (0x3001..=0x3035).contains(&u) {
            // CJK punctuation (`。`, `【`, `】`): NFKC leaves it as it is.
            if c == '。' && dots.is_none() {
                dots = Some(out.len());
            }
            push_folded(&mut out, c, i);
        } else {
            for d in std::iter::once(c).nfkc() {
                if !is_invisible(d) {
                    // NFKC may give an ideograph (a compatibility one, a radical),
                    // or the `。` of a half-width `｡`.
                    let from = out.len();
                    if d == '。' && dots.is_none() {
                        dots = Some(from);
                    }
                    push_folded(&mut out, d, i);
                    out[from..].iter_mut().for_each(&mut simplify);
                }
            }
        }
    }
    (out, emoji, traditional, dots, cjk)
}

fn push_folded(out: &mut Vec<(char, u32)>, c: char, i: u32) {
    if c.is_ascii() {
        out.push((c.to_ascii_lowercase(), i));
    } else {
        for l in c.to_lowercase() {
            let f = fold_homoglyph(l);
            out.push((f, if f == l { i } else { i | LOOKALIKE }));
        }
    }
}

/// Drops short runs of junk between CJK characters and squeezes other
/// whitespace runs to one space, writing the text and, for each of its
/// bytes, the original character it came from.
fn collapse_separators(units: &[(char, u32)]) -> (String, Vec<u32>) {
    // Never more than the units' own bytes.
    let bytes = units.iter().map(|&(c, _)| c.len_utf8()).sum();
    let mut text = String::with_capacity(bytes);
    let mut origin: Vec<u32> = Vec::with_capacity(bytes);
    let mut last: Option<char> = None;
    let mut push = |c: char, o: u32, last: &mut Option<char>| {
        text.push(c);
        origin.extend(std::iter::repeat_n(o, c.len_utf8()));
        *last = Some(c);
    };
    let mut i = 0;
    while i < units.len() {
        let (c, o) = units[i];
        if !is_junk_separator(c) {
            push(c, o, &mut last);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < units.len() && is_junk_separator(units[j].0) {
            j += 1;
        }
        let before = last.is_some_and(is_cjk);
        let after = units.get(j).is_some_and(|&(n, _)| is_cjk(n));
        let run = &units[i..j];
        if before && after && j - i <= MAX_JUNK_RUN {
            // `贷 款`, `借#贷`: the symbols go.
        } else if run.iter().all(|&(r, _)| r.is_whitespace() || is_emoji(r)) {
            if last.is_some() && j < units.len() {
                push(' ', o, &mut last);
            }
        } else {
            // Symbols stay; a space in the run stays one space, so `live. Shop`
            // does not become the host name `live.shop`.
            let mut spaced = false;
            for &(r, ro) in run {
                if r.is_whitespace() {
                    if !spaced && last.is_some() && j < units.len() {
                        push(' ', ro, &mut last);
                    }
                    spaced = true;
                } else {
                    push(r, ro, &mut last);
                    spaced = false;
                }
            }
        }
        i = j;
    }
    (text, origin)
}

/// The dots a link is written without, so that it is still read as a link:
/// defanged `[.]`, `(.)`, `[dot]` (reports of phishing write links so), and
/// `。` or `点` between a name and a top-level domain (`icbc-jf。vip`,
/// `icbc-jf 点 vip`), which evade filters; a browser reads `。` as a dot.
fn dots_of_links(mut units: Vec<(char, u32)>, from: usize) -> Vec<(char, u32)> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '-';
    // In place: `units[..w]` is the output, never ahead of the reading at `i`;
    // nothing before `from` can change.
    let (mut i, mut w) = (from, from);
    while i < units.len() {
        let (c, o) = units[i];
        let mut next = i + 1;
        let mut dot = false;
        match c {
            '[' | '(' | '{' if w > 0 && is_name(units[w - 1].0) => {
                let rest = &units[i + 1..];
                if let Some(p) = [".]", ".)", ".}", "dot]", "dot)"]
                    .iter()
                    .find(|p| rest.iter().map(|u| u.0).take(p.len()).eq(p.chars()))
                {
                    dot = true;
                    next += p.len();
                }
            }
            '。' | '点' => {
                // A name with a letter in it (`8点KTV` is eight o'clock), `点`
                // perhaps between spaces, then two to six letters that end
                // the word, as a top-level domain does.
                let spaced = |u: Option<&(char, u32)>| c == '点' && u.is_some_and(|u| u.0 == ' ');
                let name_end = w - usize::from(spaced(w.checked_sub(1).map(|k| &units[k])));
                let named = units[..name_end]
                    .iter()
                    .rev()
                    .take_while(|u| is_name(u.0))
                    .any(|u| u.0.is_ascii_lowercase());
                let from = i + 1 + usize::from(spaced(units.get(i + 1)));
                let tld = units[from.min(units.len())..]
                    .iter()
                    .take_while(|u| u.0.is_ascii_lowercase())
                    .count();
                let ends = units
                    .get(from + tld)
                    .is_none_or(|u| !is_name(u.0) && u.0 != '.');
                if named && (2..=6).contains(&tld) && ends {
                    w = name_end;
                    dot = true;
                    next = from;
                }
            }
            _ => {}
        }
        units[w] = if dot { ('.', o) } else { (c, o) };
        w += 1;
        i = next;
    }
    units.truncate(w);
    units
}

/// `176O`, `l38`: letters that stand in for digits inside a number.
fn letters_for_digits(mut units: Vec<(char, u32)>) -> Vec<(char, u32)> {
    let stand_in = |c: char| matches!(c, 'o' | 'l' | 'i');
    let mut i = 0;
    while i < units.len() {
        if !units[i].0.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < units.len() && units[j].0.is_ascii_alphanumeric() {
            j += 1;
        }
        let run = &units[i..j];
        let digits = run.iter().filter(|u| u.0.is_ascii_digit()).count();
        let letters_ok = run.iter().all(|u| u.0.is_ascii_digit() || stand_in(u.0));
        if digits >= 4 && letters_ok && digits > run.len() - digits {
            for u in &mut units[i..j] {
                u.0 = match u.0 {
                    'o' => '0',
                    'l' | 'i' => '1',
                    d => d,
                };
            }
        }
        i = j;
    }
    units
}

#[derive(Clone, Copy, PartialEq)]
enum Tag {
    Signature,
    OptOut,
    Email,
    Url,
    Ip,
    Money,
    Number,
}

/// The recognisers, in order of preference. ASCII word boundaries and
/// `[0-9]` keep every pattern inside what the regex crate's DFA runs (a
/// Unicode `\b` would push the scan to a far slower engine); the text is
/// NFKC-folded, so digits are ASCII by now.
// Every open-ended repetition that can run on into a long run of digits,
// letters and dots is bounded (domain labels ≤ 63, ≤ 9 of them; amounts ≤ 25
// digits): the search's forward scan for the longest leftmost match then stops
// a bounded distance after each match instead of at the end of the run, which
// made 64 KiB of `9.` repeated quadratic (~0.4 s; issue 17).
const PATTERNS: [(Tag, &str); 8] = [
    // A link a report, a data set or a redacting app took out (`[link]`,
    // `[網址]`, `【链接】`) is a link still; first, so `【链接】` is no signature.
    (
        Tag::Url,
        r"[\[<({【](?:link|url|short ?(?:link|url)|网址|链接|连结|短链接?|短网址)(?: removed| redacted| hidden|已?(?:移除|删除|隐藏))?[\]>)}】]",
    ),
    (Tag::Signature, r"【[^【】]{1,24}】"),
    (
        Tag::OptOut,
        r#"(?:回[复覆]?|发送?)\s?(?:td|t|n|r|00|0|stop)\s?(?:退订|退|拒收|取消)|(?:退订|拒收)请?(?:回[复覆]?|发送?)\s?(?:td|t|n|r|00|0|stop)|(?-u:\b)(?:reply|text|txt|send)\s?["']?(?:stop|unsubscribe|out|end|quit)(?-u:\b)|(?-u:\b)stop\s?(?:to|2|=)\s?(?:end|quit|cancel|unsubscribe|opt[\s-]?out|stop|[0-9]{4,6})(?-u:\b)|(?-u:\b)stop\.?$|(?-u:\b)opt[\s-]?out(?-u:\b)"#,
    ),
    (
        Tag::Email,
        r"[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}",
    ),
    (
        Tag::Url,
        r"(?:https?://|www\.)[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+|[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.(?:com|cn|net|org|cc|top|vip|xyz|me|info|io|co|tk|ly|gl|la|shop|club|site|online|win|ltd|biz|uk|hk|tw|us|au|sg|ru|gy|app|link|click|icu|buzz|live|fun|cyou|sbs|bond|pro|store|tech|space|website|work|rest|lol|cfd|today|world|support|help|services|center|delivery|express|page|life|digital|network|cloud|ws|ai|ml|ga|cf|gq|is|gd|do|im|lt|mp|ee|cam|bar|monster|quest|mom|beauty|hair|pics|autos|boats|yachts|homes|xin|pw|gdn|bid|loan|men|review|racing|party|science|cricket|accountant|faith|kim|ren|asia|mobi|one|in|ca|nz|de|fr|eu|jp|kr|my|ph|vn|th|tv|mx|br|nl|es|it|pl|ch|se)(?-u:\b)(?:/[a-z0-9\-._~/?#=&%]*)?",
    ),
    (Tag::Ip, r"(?-u:\b)[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?-u:\b)"),
    (
        Tag::Money,
        r"(?:[¥$£€]|rmb|usd)\s?[0-9][0-9,]{0,24}(?:\.[0-9]{1,8})?(?:万|千|百|k)?|[0-9][0-9,]{0,24}(?:\.[0-9]{1,8})?\s?(?:万元|元|万|块|rmb|yuan|刀|pounds?|quid|p(?-u:\b))",
    ),
    (Tag::Number, r"\+?[0-9](?:[\s-]?[0-9]){2,20}"),
];

/// All patterns in one multi-pattern regex: one leftmost-first scan (the
/// semantics of joining them with `|`) finds every match and says which
/// pattern made it.
fn recognisers() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let patterns = PATTERNS.map(|(_, p)| p);
        Regex::new_many(&patterns).expect("the entity patterns are valid")
    })
}

fn find_entities(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    for m in recognisers().find_iter(text) {
        let s = &text[m.range()];
        let kind = match PATTERNS[m.pattern().as_usize()].0 {
            Tag::Signature => {
                // Only a signature at either end is the 106-port convention.
                let head = text[..m.start()].trim().is_empty();
                let tail = text[m.end()..].trim().is_empty();
                if !head && !tail {
                    continue;
                }
                EntityKind::Signature
            }
            Tag::OptOut => EntityKind::OptOut,
            Tag::Email => EntityKind::Email,
            Tag::Url => EntityKind::Url,
            Tag::Ip => EntityKind::Ip,
            Tag::Money => EntityKind::Money,
            Tag::Number => number_kind(s),
        };
        out.push(Entity {
            kind,
            start: m.start(),
            end: m.end(),
        });
    }
    out
}

/// The upper-case placeholders that data sets (`zh_fbs_spam`'s authors among
/// them) put where a message had a link, a number or a name, longest first
/// where one ends another (`CELLPHONE`, `PHONE`), each with the entity it
/// stands for (`None`: a word, not an entity).
const MASKS: [(&str, Option<EntityKind>); 10] = [
    ("CELLPHONE", Some(EntityKind::Phone(NumberKind::Mobile))),
    ("HOTLINE", Some(EntityKind::Phone(NumberKind::CallCentre))),
    ("WECHAT", None),
    ("PHONE", Some(EntityKind::Phone(NumberKind::Landline))),
    ("PLACE", None),
    ("DIGIT", Some(EntityKind::ShortDigits)),
    ("NAME", None),
    ("BANK", None),
    ("URL", Some(EntityKind::Url)),
    ("QQ", None),
];

/// Adds to `entities` those of a Chinese body's upper-case placeholders
/// (`URL`, `CELLPHONE`, glued as in `URLWECHAT`), as byte ranges of the
/// normalised text, so that a masked message reads as the message it was: the training
/// data had them expanded into links and numbers. Called for bodies with CJK
/// in them only (an English `CALL OUR HOTLINE` is words); only runs of upper-case
/// letters made of placeholders alone and not glued to a letter or digit
/// before them (`IPHONE`, `TCL` stay words).
// Rare (data sets only): kept out of line, so the common path does not carry it.
#[cold]
#[inline(never)]
fn add_masked_entities(body: &str, origin: &[u32], entities: &mut Vec<Entity>) {
    let mut cursor = 0;
    // Each run of upper-case ASCII letters, as a byte range of the body and
    // the char index it starts at (what `origin` holds); a space ends a run
    // at the end of the body.
    let mut run: Option<(usize, usize)> = None;
    let mut prev_alnum = false;
    let mut glued = false;
    for (char_at, (byte_at, c)) in body.char_indices().chain([(body.len(), ' ')]).enumerate() {
        if c.is_ascii_uppercase() {
            if run.is_none() {
                run = Some((byte_at, char_at));
                glued = prev_alnum;
            }
            prev_alnum = true;
            continue;
        }
        prev_alnum = c.is_ascii_alphanumeric();
        let Some((from, first_char)) = run.take() else {
            continue;
        };
        let Some(parts) = split_masks(&body[from..byte_at]).filter(|_| !glued) else {
            continue;
        };
        let mut at = first_char;
        for (len, kind) in parts {
            if let Some(e) = kind.and_then(|k| entity_at(origin, &mut cursor, at, at + len, k)) {
                // In text order, and only where the patterns found nothing
                // (a placeholder inside a real link is part of that link).
                let i = entities.partition_point(|x| x.start < e.start);
                let free = entities[..i].last().is_none_or(|x| x.end <= e.start)
                    && entities.get(i).is_none_or(|x| e.end <= x.start);
                if free {
                    entities.insert(i, e);
                }
            }
            at += len;
        }
    }
}

/// `run` cut into placeholders, or `None` when some part is none.
fn split_masks(mut run: &str) -> Option<Vec<(usize, Option<EntityKind>)>> {
    let mut parts = Vec::new();
    while !run.is_empty() {
        let &(word, kind) = MASKS.iter().find(|(w, _)| run.starts_with(w))?;
        parts.push((word.len(), kind));
        run = &run[word.len()..];
    }
    Some(parts)
}

/// The entity over the text bytes that came from chars `from..to` of the
/// body (`origin` never decreases; `cursor` only moves forward).
fn entity_at(
    origin: &[u32],
    cursor: &mut usize,
    from: usize,
    to: usize,
    kind: EntityKind,
) -> Option<Entity> {
    let of = |b: usize| (origin[b] & !LOOKALIKE) as usize;
    while *cursor < origin.len() && of(*cursor) < from {
        *cursor += 1;
    }
    let start = *cursor;
    while *cursor < origin.len() && of(*cursor) < to {
        *cursor += 1;
    }
    (start < *cursor && of(start) == from).then_some(Entity {
        kind,
        start,
        end: *cursor,
    })
}

fn number_kind(s: &str) -> EntityKind {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    if digits < 5 && !s.starts_with('+') {
        return EntityKind::ShortDigits;
    }
    // `010…`/`021…`: the trunk 0 marks a fixed line even where the area code
    // itself starts with 1, which the number module reads as `Other`.
    if s.starts_with('0') && !s.starts_with("00") && (10..=12).contains(&digits) {
        return EntityKind::Phone(NumberKind::Landline);
    }
    match normalize(s, &Region::cn()) {
        Ok(key) => match key.kind() {
            // A 5–6 digit run that is not a 95xxx or 1xxxx service number is
            // a code, a price or a date far more often than a phone number.
            NumberKind::Other if digits <= 6 => EntityKind::ShortDigits,
            NumberKind::Landline if digits <= 6 => EntityKind::ShortDigits,
            k => EntityKind::Phone(k),
        },
        Err(_) => EntityKind::ShortDigits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        normalize_text(s).text().to_string()
    }

    fn kinds(s: &str) -> Vec<&'static str> {
        let n = normalize_text(s);
        n.entities().iter().map(|e| e.kind.as_str()).collect()
    }

    /// Each `(body, normalised text)` holds.
    fn texts(cases: &[(&str, &str)]) {
        for &(body, want) in cases {
            assert_eq!(text(body), want, "{body}");
        }
    }

    /// Each `(body, entity kinds in order)` holds.
    fn entity_kinds(cases: &[(&str, &[&str])]) {
        for &(body, want) in cases {
            assert_eq!(kinds(body), want, "{body}");
        }
    }

    /// Each body holds one entity, of `kind`.
    fn each_is(kind: &str, bodies: &[&str]) {
        for body in bodies {
            assert_eq!(kinds(body), [kind], "{body}");
        }
    }

    #[test]
    fn the_fast_paths_of_separators_answer_as_the_list_does() {
        // The ASCII table and the common-CJK shortcut.
        for c in (0..128).chain(COMMON_CJK).filter_map(char::from_u32) {
            assert_eq!(is_junk_separator(c), is_separator_char(c), "{c}");
        }
    }

    #[test]
    fn the_cjk_test_answers_as_its_ranges_do() {
        let ranges = |u: u32| matches!(u, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F);
        for c in (0..0x30000).filter_map(char::from_u32) {
            assert_eq!(is_cjk(c), ranges(c as u32), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn digit_stand_ins_commute_with_the_collapse() {
        // `normalize_text` swaps letters for digits before collapsing: the
        // same text as collapsing first, for random mixes of what either
        // step looks at.
        let alphabet: Vec<char> = "贷款o0l1i9a .#-丶\u{3000}😀b".chars().collect();
        let mut rng = crate::test_support::XorShift(0x853c_49e6_748f_ea9b);
        for _ in 0..20_000 {
            let x = rng.next_u64();
            let len = (x % 14) as usize;
            let mut y = x;
            let body: String = (0..len)
                .map(|_| {
                    y = y.rotate_left(5) ^ 0x9e37_79b9;
                    alphabet[(y % alphabet.len() as u64) as usize]
                })
                .collect();
            let (units, _, _, _, _) = fold_chars(&body);
            let (text, _) = collapse_separators(&letters_for_digits(units.clone()));
            let (first, origin) = collapse_separators(&units);
            let collapsed: Vec<(char, u32)> =
                first.char_indices().map(|(b, c)| (c, origin[b])).collect();
            let oracle: String = letters_for_digits(collapsed)
                .into_iter()
                .map(|(c, _)| c)
                .collect();
            assert_eq!(text, oracle, "{body:?}");
        }
    }

    #[test]
    fn ideographs_fold_to_themselves() {
        // What `push_folded` would make of them, which the fast path skips.
        for c in (0x3400..0x30000)
            .filter_map(char::from_u32)
            .filter(|&c| is_cjk(c))
        {
            let mut folded = Vec::new();
            push_folded(&mut folded, c, 0);
            assert_eq!(folded, [(c, 0)], "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn fast_paths_fold_as_nfkc_does() {
        for u in (0xFF01..=0xFF5E).chain(0x3001..=0x3035) {
            let c = char::from_u32(u).unwrap();
            if is_emoji(c) {
                continue; // `〰`, `〽`: a separator before any folding
            }
            let mut slow = Vec::new();
            for d in std::iter::once(c).nfkc() {
                if !is_invisible(d) {
                    push_folded(&mut slow, d, 0);
                }
            }
            assert_eq!(fold_chars(&c.to_string()).0, slow, "U+{u:04X}");
        }
    }

    #[test]
    fn nfkc_folds_full_width_and_styled_letters() {
        texts(&[("ＶＩＰ会员１２３", "vip会员123"), ("𝐅𝐑𝐄𝐄 ①", "free 1")]);
    }

    #[test]
    fn traditional_becomes_simplified() {
        texts(&[("貸款額度", "贷款额度"), ("保險理財", "保险理财")]);
    }

    #[test]
    fn case_and_homoglyphs_fold() {
        texts(&[
            ("WIN a PRIZE", "win a prize"),
            // Cyrillic а, е, о, р, с inside Latin words.
            ("Frее Рrizе соde", "free prize code"),
        ]);
    }

    #[test]
    fn links_written_without_their_dots_are_links() {
        texts(&[
            ("登录 icbc-jf。vip 升级", "登录 icbc-jf.vip 升级"),
            ("登录 icbc-jf｡vip 升级", "登录 icbc-jf.vip 升级"),
            ("网址 hg88 点 vip", "网址 hg88.vip"),
            ("网址hg88点vip注册", "网址hg88.vip注册"),
            (
                "update at usps-redeliver[.]top now",
                "update at usps-redeliver.top now",
            ),
            ("see usps-redeliver[dot]top/x", "see usps-redeliver.top/x"),
            ("www。icbc。com。cn", "www.icbc.com.cn"),
            // A time, a sentence's end, a bracket in prose: left as they are.
            ("今晚8点ktv见", "今晚8点ktv见"),
            ("验证码1234。请勿告诉他人", "验证码1234。请勿告诉他人"),
            ("好的。ok", "好的。ok"),
            ("a list (.) here", "a list (.) here"),
        ]);
        entity_kinds(&[
            ("登录 icbc-jf。vip 升级", &["url"]),
            // A link a report or a redacting app took out is a link still.
            ("verify at [link] today", &["url"]),
            ("click here: [URL removed]", &["url"]),
            ("see <url>", &["url"]),
            ("a (link) to", &["url"]),
            ("the links [links] linked", &[]),
            ("update at usps-redeliver[.]top now", &["url"]),
            ("請點擊 [網址] 更新資料", &["url"]),
            ("请点击【网址】更新", &["url"]),
            ("详情见 {url} 谢谢", &["url"]),
            ("见 <短链接> ", &["url"]),
            ("see [short url] now", &["url"]),
        ]);
        // The dot points at what it stands for in the original.
        let body = "登录 icbc-jf 点 vip";
        let n = normalize_text(body);
        let at = n.text().find('.').unwrap();
        assert_eq!(n.span(at, at + 1), Span { start: 11, end: 12 });
    }

    #[test]
    fn a_data_sets_upper_case_placeholders_are_the_entities_they_hide() {
        // `zh_fbs_spam` as its authors left it: contacts replaced, glued.
        entity_kinds(&[
            ("点击 URLgwc 抢购", &["url"]),
            ("加微信URLWECHAT领取", &["url"]),
            ("详询CELLPHONE或PHONE", &["phone_mobile", "phone_landline"]),
            (
                "热线 HOTLINE 满 DIGIT 元",
                &["phone_call_centre", "short_digits"],
            ),
            ("NAME您好，请到PLACE领取", &[]),
            // Words, not placeholders: glued to a letter, or not all of them.
            ("新款IPHONE到货", &[]),
            ("TCL电视 URLS", &[]),
            // An English message's capitals are words.
            ("CALL OUR HOTLINE NOW", &[]),
        ]);
        // The entity covers the placeholder only, and points at it.
        let body = "点击 URLgwc 抢购";
        let n = normalize_text(body);
        let e = n.entities()[0];
        assert_eq!(&n.text()[e.start..e.end], "url");
        assert_eq!(n.span(e.start, e.end), Span { start: 3, end: 6 });
        // A placeholder inside a real link is part of that link; beside
        // entities the patterns found, the placeholders keep text order.
        entity_kinds(&[
            ("登录 http://a.cn/URL 看", &["url"]),
            (
                "点击 URL 或 http://a.cn 查看，详询 CELLPHONE",
                &["url", "url", "phone_mobile"],
            ),
        ]);
    }

    #[test]
    fn folded_look_alikes_are_marked_and_spans_stay_right() {
        // Cyrillic `і` in the host: the text reads `icbc`, the mark remains.
        let body = "登录 www.іcbc.com.cn 验证";
        let n = normalize_text(body);
        let at = n.text().find("icbc").unwrap();
        assert!(n.disguised(at, at + 4) && !n.disguised(0, at - 1));
        assert_eq!(n.span(at, at + 4), Span { start: 7, end: 11 });
        // Full-width letters are what NFKC (and a browser) reads as ASCII.
        let n = normalize_text("登录 ｗｗｗ.icbc.com.cn");
        assert!(!n.disguised(0, n.text().len()));
        assert!(!n.disguised(0, n.text().len() + 1));
    }

    #[test]
    fn invisible_characters_and_emoji_go() {
        texts(&[
            ("贷\u{200B}款", "贷款"),
            ("优\u{FE0F}惠", "优惠"),
            ("贷💰款", "贷款"),
        ]);
        let n = normalize_text("hi😀there");
        assert_eq!(n.text(), "hi there");
        assert_eq!(n.emoji(), 1);
    }

    #[test]
    fn junk_between_cjk_collapses() {
        texts(&[
            ("贷 款", "贷款"),
            ("借#贷", "借贷"),
            ("保.险", "保险"),
            ("无-抵-押", "无抵押"),
            // Sentence punctuation and Latin spacing stay.
            ("您好，明天见", "您好,明天见"),
            ("see   you", "see you"),
            ("is live. Shop now", "is live. shop now"),
        ]);
    }

    #[test]
    fn letters_inside_numbers_become_digits() {
        texts(&[
            ("176O0l2345", "1760012345"),
            // Words are left alone.
            ("hello 2 you", "hello 2 you"),
            ("lol 1234", "lol 1234"),
        ]);
    }

    #[test]
    fn urls_ips_and_emails() {
        let urls = [
            "点击 http://a.bc/x?y=1 领取",
            "登录 www.example.cn 查看",
            "访问 t.cn/abc",
        ];
        each_is("url", &urls);
        each_is("ip", &["访问 10.2.33.4 下载"]);
        each_is("email", &["mail me at a.b@example.com"]);
    }

    #[test]
    fn numbers_by_type() {
        each_is("phone_mobile", &["电话13800138000", "call 138-0013-8000"]);
        each_is("phone_call_centre", &["热线400-123-4567"]);
        each_is("phone_service_number", &["致电95588"]);
        each_is("phone_sms_port", &["发送至1069012345"]);
        each_is("phone_landline", &["座机010-12345678"]);
        each_is("short_digits", &["验证码 4821"]);
    }

    #[test]
    fn money() {
        each_is(
            "money",
            &["最高可借50万", "仅需￥99", "win £1000 now", "共计128.50元"],
        );
    }

    #[test]
    fn signatures_and_opt_outs() {
        entity_kinds(&[
            ("【好车网】周末特惠 回T退订", &["signature", "opt_out"]),
            ("新品上市，拒收请回复R", &["opt_out"]),
            ("新品上市 退订回TD", &["opt_out"]),
            ("Big sale! Reply STOP to end", &["opt_out"]),
            ("Sale ends Sunday. STOP to end", &["opt_out"]),
            ("Sale ends Sunday, Text STOP to quit", &["opt_out"]),
            ("Sale ends Sunday. STOP2END", &["opt_out"]),
            ("Sale ends Sunday stop", &["opt_out"]),
            ("週年慶全館8折，拒收請回覆R", &["opt_out"]),
            ("週年慶全館8折 回覆T退訂", &["opt_out"]),
        ]);
        // "stop" inside a sentence is no opt-out line.
        assert!(kinds("please stop by the office at 3").is_empty());
        // A bracket in the middle is no signature.
        assert!(kinds("我在【家】等你回来").is_empty());
    }

    #[test]
    fn spans_point_into_the_original() {
        let body = "您好 貸 款 辦理";
        let n = normalize_text(body);
        let at = n.text().find("贷款").unwrap();
        let span = n.span(at, at + "贷款".len());
        let orig: String = body
            .chars()
            .skip(span.start as usize)
            .take((span.end - span.start) as usize)
            .collect();
        assert_eq!(orig, "貸 款");
    }
}
