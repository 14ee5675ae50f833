//! Hashed features of a normalised message: character 1–3-grams inside CJK
//! runs, words and word pairs in Latin script, the recognised structures, the
//! message's shape, the sender's number type and the phishing, impersonation
//! and notice signals of [`super::signals`].

use super::normalize::{is_cjk, EntityKind, Normalized};
use super::signals::{Evidence, Signals};
use crate::number::{normalize, Region};

/// What family a feature belongs to; named in explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// One to three consecutive CJK characters.
    CjkGram,
    /// A Latin-script word.
    Word,
    /// Two consecutive Latin-script words.
    WordPair,
    /// A recognised structure (link, number, money, signature, opt-out).
    Entity,
    /// The message's shape (length, emoji).
    Shape,
    /// The sender's number type.
    Sender,
    /// A phishing, impersonation or notice signal; [`Feature::note`] names it.
    Signal,
}

impl FeatureKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::CjkGram => "cjk_ngram",
            FeatureKind::Word => "word",
            FeatureKind::WordPair => "word_pair",
            FeatureKind::Entity => "entity",
            FeatureKind::Shape => "shape",
            FeatureKind::Sender => "sender",
            FeatureKind::Signal => "signal",
        }
    }
}

/// One feature occurrence: its hash and where it sits in the normalised text
/// (`start == end` for features of the whole message or of the sender).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    /// 64-bit hash; the model reduces it to a bucket.
    pub hash: u64,
    /// The family.
    pub kind: FeatureKind,
    /// Start byte in the normalised text (`u32`: a clipped body's text is
    /// far below 4 GB, and a message's features take 24 bytes each, not 32).
    pub start: u32,
    /// End byte in the normalised text.
    pub end: u32,
    /// For [`FeatureKind::Signal`], which one ([`SIGNAL_NAMES`]); 0 otherwise.
    pub note: u8,
}

/// Names of the signal features, indexed by [`Feature::note`] (0 is unused).
pub const SIGNAL_NAMES: [&str; 29] = [
    "",
    "link",
    "link_shortener",
    "link_ip",
    "link_punycode",
    "link_risky_tld",
    "link_lookalike",
    "link_official",
    "claim",
    "claim_official_sender",
    "claim_sender_mismatch",
    "claim_foreign_link",
    "claim_short_link",
    "req_transfer",
    "req_add_contact",
    "req_download",
    "req_call_back",
    "req_verify_deadline",
    "notice_code",
    "notice_account",
    "notice_delivery",
    "notice_bill",
    "notice_appointment",
    "evidence_strong",
    "evidence_weak",
    "link_tld",
    "req_share_code",
    "req_new_number",
    "req_fake_documents",
];

/// The index in [`SIGNAL_NAMES`] of a request's signal.
fn request_note(r: super::signals::Request) -> usize {
    match r as usize {
        i @ 0..=4 => 13 + i,
        i => 21 + i,
    }
}

/// The index of a signal name in [`SIGNAL_NAMES`].
fn note(name: &str) -> u8 {
    SIGNAL_NAMES.iter().position(|n| *n == name).unwrap_or(0) as u8
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

fn seeded(tag: u8) -> u64 {
    fnv(FNV_OFFSET, &[tag])
}

/// FNV over the char's four little-endian bytes. A BMP char's top two bytes
/// are zero, and FNV's step on a zero byte is just the multiply: two steps
/// and one multiply by the prime cubed give the same hash for half the work
/// (issue 17; the model's weights depend on these hashes staying as they are).
fn fnv_char(h: u64, c: char) -> u64 {
    const FNV_PRIME_CUBED: u64 = FNV_PRIME.wrapping_mul(FNV_PRIME).wrapping_mul(FNV_PRIME);
    let u = c as u32;
    if u < 0x1_0000 {
        let h = (h ^ u64::from(u & 0xff)).wrapping_mul(FNV_PRIME);
        (h ^ u64::from(u >> 8)).wrapping_mul(FNV_PRIME_CUBED)
    } else {
        fnv(h, &u.to_le_bytes())
    }
}

fn hash_chars(tag: u8, chars: impl IntoIterator<Item = char>) -> u64 {
    finish(chars.into_iter().fold(seeded(tag), fnv_char))
}

/// A final mix so nearby hashes spread over the buckets.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

fn hash_str(tag: u8, s: &str) -> u64 {
    finish(fnv(seeded(tag), s.as_bytes()))
}

fn hash_pair(tag: u8, a: &str, b: &str) -> u64 {
    finish(fnv(fnv(fnv(seeded(tag), a.as_bytes()), &[0]), b.as_bytes()))
}

/// The sender's type, as a feature name.
pub fn sender_kind(sender: &str) -> &'static str {
    let s = sender.trim();
    if s.is_empty() {
        return "empty";
    }
    if s.chars().any(|c| c.is_alphabetic()) {
        return "alpha";
    }
    match normalize(s, &Region::cn()) {
        Ok(k) => k.kind().as_str(),
        Err(_) => "unreadable",
    }
}

/// How features are made: what a model was trained with, and must be
/// screened with (it travels in the model, format 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeatureOptions {
    /// Length `n` of the character n-grams of Latin words in messages with no
    /// CJK character (0: none). A word of more than `n` letters also gives
    /// its `n`-grams, with `^` and `$` at its ends: `verify`, `verification`
    /// and `verrify` share most of them, which words alone do not.
    pub word_pieces: u8,
}

/// The longest word whose pieces are taken, in bytes.
const MAX_PIECE_WORD: usize = 40;

/// Appends the features of a message to `out` (cleared first); `signals`
/// come from [`super::signals::analyse`] on the same text and sender.
pub fn extract(n: &Normalized, signals: &Signals, opts: FeatureOptions, out: &mut Vec<Feature>) {
    out.clear();
    let text = n.text();
    // Chinese messages keep the features they had: pieces are for Latin
    // script. Lead bytes E3-E9 start U+3000-U+9FFF (CJK, kana, CJK punctuation).
    let pieces = match opts.word_pieces as usize {
        0 => 0,
        _ if text.bytes().any(|b| (0xe3..=0xe9).contains(&b)) => 0,
        k => k,
    };
    let whole = |kind, hash| Feature {
        hash,
        kind,
        start: 0,
        end: 0,
        note: 0,
    };
    out.push(whole(FeatureKind::Shape, hash_str(1, "bias")));
    let sender_kind = signals.sender_kind;
    out.push(whole(FeatureKind::Sender, hash_str(2, sender_kind)));
    let chars = text.chars().count();
    let len_bucket = match chars {
        0..=15 => "len<16",
        16..=40 => "len<41",
        41..=80 => "len<81",
        81..=160 => "len<161",
        _ => "len>160",
    };
    out.push(whole(FeatureKind::Shape, hash_str(3, len_bucket)));
    if n.emoji() > 0 {
        out.push(whole(FeatureKind::Shape, hash_str(3, "emoji")));
    }
    let mut pos = 0;
    // One CJK run buffer for every stretch of the message, sized once (a
    // CJK character is 3 bytes) instead of grown from nothing.
    let mut run = Vec::with_capacity((text.len() / 3 + 1).min(256));
    for e in n.entities() {
        text_features(text, pos, e.start, pieces, &mut run, out);
        let mut name = e.kind.as_str();
        if e.kind == EntityKind::Signature {
            name = if e.start == 0 {
                "signature_head"
            } else {
                "signature_tail"
            };
            // The signature's own words matter too (【某银行】 vs 【某贷】).
            let inner_start = e.start + '【'.len_utf8();
            let inner_end = e.end - '】'.len_utf8();
            text_features(text, inner_start, inner_end, pieces, &mut run, out);
        }
        out.push(Feature {
            hash: hash_str(4, name),
            kind: FeatureKind::Entity,
            start: pos32(e.start),
            end: pos32(e.end),
            note: 0,
        });
        // Who sends it matters for what it carries: a link or an account
        // number from a private mobile reads differently than from a bank's
        // service number.
        out.push(Feature {
            hash: hash_pair(9, sender_kind, name),
            kind: FeatureKind::Entity,
            start: pos32(e.start),
            end: pos32(e.end),
            note: 0,
        });
        pos = e.end;
    }
    text_features(text, pos, text.len(), pieces, &mut run, out);
    signal_features(signals, out);
}

/// A signal feature over `start..end` of the body (0..0: the whole message).
fn signal(name: &str, start: usize, end: usize) -> Feature {
    Feature {
        hash: hash_str(10, name),
        kind: FeatureKind::Signal,
        start: pos32(start),
        end: pos32(end),
        note: note(name),
    }
}

/// The signal `name` over `start..end`, then one for each flag that is on.
fn flagged(out: &mut Vec<Feature>, name: &str, start: usize, end: usize, flags: &[(bool, &str)]) {
    out.push(signal(name, start, end));
    for &(_, flag) in flags.iter().filter(|(on, _)| *on) {
        out.push(signal(flag, start, end));
    }
}

fn signal_features(s: &Signals, out: &mut Vec<Feature>) {
    for l in &s.links {
        let flags = [
            (l.shortener, "link_shortener"),
            (l.ip, "link_ip"),
            (l.punycode, "link_punycode"),
            (l.risky_tld, "link_risky_tld"),
            (l.lookalike.is_some(), "link_lookalike"),
            (l.official, "link_official"),
        ];
        flagged(out, "link", l.start, l.end, &flags);
    }
    for l in s.links.iter().filter(|l| !l.ip && !l.host.is_empty()) {
        out.push(Feature {
            hash: hash_pair(11, "tld", l.tld()),
            kind: FeatureKind::Signal,
            start: pos32(l.start),
            end: pos32(l.end),
            note: note("link_tld"),
        });
    }
    // The features are the text's claims (the sender's own is its number's).
    for c in s.claims.iter().filter(|c| c.end > 0) {
        let flags = [
            (c.sender_official, "claim_official_sender"),
            (c.sender_mismatch, "claim_sender_mismatch"),
            (c.foreign_link.is_some(), "claim_foreign_link"),
            (c.short_link.is_some(), "claim_short_link"),
        ];
        flagged(out, "claim", c.start, c.end, &flags);
    }
    for &(r, a, b) in &s.requests {
        out.push(signal(SIGNAL_NAMES[request_note(r)], a, b));
    }
    for &(k, a, b) in &s.notices {
        out.push(signal(SIGNAL_NAMES[18 + k as usize], a, b));
    }
    match s.evidence() {
        Evidence::Strong => out.push(signal("evidence_strong", 0, 0)),
        Evidence::Weak => out.push(signal("evidence_weak", 0, 0)),
        Evidence::None => {}
    }
}

/// Features of `text[from..to]`, a stretch with no entity in it; `pieces`
/// is [`FeatureOptions::word_pieces`] (0 for a message with CJK in it).
fn text_features(
    text: &str,
    from: usize,
    to: usize,
    pieces: usize,
    run: &mut Vec<(usize, char)>,
    out: &mut Vec<Feature>,
) {
    run.clear();
    let mut prev_word: Option<(usize, u64)> = None;
    let mut word_start: Option<usize> = None;
    let seg = &text[from..to];
    let mut iter = seg.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let at = from + i;
        if is_cjk(c) {
            run.push((at, c));
            prev_word = None;
            continue;
        }
        if !run.is_empty() {
            cjk_grams(run, out);
            run.clear();
        }
        if c.is_alphanumeric() || c == '\'' {
            word_start.get_or_insert(at);
            let ends = iter
                .peek()
                .is_none_or(|&(_, d)| !(d.is_alphanumeric() || d == '\'') || is_cjk(d));
            if ends {
                let start = word_start.take().unwrap_or(at);
                let end = at + c.len_utf8();
                let word = &text[start..end];
                let h = word_hash(word);
                out.push(Feature {
                    hash: h,
                    kind: FeatureKind::Word,
                    start: pos32(start),
                    end: pos32(end),
                    note: 0,
                });
                if pieces > 0 {
                    word_pieces(word, pieces, pos32(start), pos32(end), out);
                }
                if let Some((ps, ph)) = prev_word {
                    out.push(Feature {
                        hash: ph.rotate_left(17) ^ h ^ 0x9e37_79b9_7f4a_7c15,
                        kind: FeatureKind::WordPair,
                        start: pos32(ps),
                        end: pos32(end),
                        note: 0,
                    });
                }
                prev_word = Some((start, h));
            }
        } else if !c.is_whitespace() {
            // Punctuation ends a phrase.
            prev_word = None;
        }
    }
    cjk_grams(run, out);
}

/// A byte offset of the normalised text as stored in a [`Feature`]. The body
/// is clipped to [`crate::limits::MAX_BODY_BYTES`] before it is
/// normalised, so offsets stay far below `u32::MAX`; saturating keeps an
/// impossible overflow from wrapping into a wrong span.
fn pos32(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// The `n`-grams of `^word$` (digits masked as in [`word_hash`]), for an
/// ASCII word of more than `n` and at most [`MAX_PIECE_WORD`] bytes; each
/// spans the whole word.
#[inline(never)]
fn word_pieces(word: &str, n: usize, start: u32, end: u32, out: &mut Vec<Feature>) {
    let b = word.as_bytes();
    if b.len() <= n || b.len() > MAX_PIECE_WORD || !b.iter().all(u8::is_ascii_alphanumeric) {
        return;
    }
    let mut buf = [0u8; MAX_PIECE_WORD + 2];
    buf[0] = b'^';
    for (d, &c) in buf[1..].iter_mut().zip(b) {
        *d = if c.is_ascii_digit() { b'0' } else { c };
    }
    buf[b.len() + 1] = b'$';
    for w in buf[..b.len() + 2].windows(n) {
        out.push(Feature {
            hash: finish(fnv(seeded(12), w)),
            kind: FeatureKind::Word,
            start,
            end,
            note: 0,
        });
    }
}

fn word_hash(word: &str) -> u64 {
    // Digits inside words are masked: `win500` and `win900` are one feature.
    // Byte for byte (an ASCII digit is one byte), without a masked copy.
    let mut h = seeded(5);
    for &b in word.as_bytes() {
        let b = if b.is_ascii_digit() { b'0' } else { b };
        h = fnv(h, &[b]);
    }
    finish(h)
}

fn cjk_grams(run: &[(usize, char)], out: &mut Vec<Feature>) {
    for n in 1..=3usize {
        if run.len() < n {
            break;
        }
        for gram in run.windows(n) {
            let (start, _) = gram[0];
            let (last, c) = gram[n - 1];
            out.push(Feature {
                hash: hash_chars(6 + n as u8, gram.iter().map(|&(_, c)| c)),
                kind: FeatureKind::CjkGram,
                start: pos32(start),
                end: pos32(last + c.len_utf8()),
                note: 0,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::normalize::normalize_text;

    fn feats(body: &str, sender: &str) -> Vec<Feature> {
        let mut out = Vec::new();
        let n = normalize_text(body);
        let s = crate::sms::signals::analyse(&n, sender, None);
        extract(&n, &s, FeatureOptions::default(), &mut out);
        out
    }

    fn feats_with(body: &str, word_pieces: u8) -> Vec<Feature> {
        let mut out = Vec::new();
        let n = normalize_text(body);
        let s = crate::sms::signals::analyse(&n, "", None);
        extract(&n, &s, FeatureOptions { word_pieces }, &mut out);
        out
    }

    #[test]
    fn latin_words_give_pieces_only_when_asked_and_only_without_cjk() {
        let plain = feats_with("Please verify your account", 0);
        assert_eq!(plain, feats("Please verify your account", ""));
        let with = feats_with("Please verify your account", 5);
        // ^please$, ^verify$, ^account$: 4, 4 and 5 five-grams; `your` is too short.
        assert_eq!(with.len(), plain.len() + 13);
        let pieces = |body: &str| -> std::collections::HashSet<u64> {
            let words: std::collections::HashSet<u64> =
                feats_with(body, 0).iter().map(|f| f.hash).collect();
            feats_with(body, 5)
                .iter()
                .map(|f| f.hash)
                .filter(|h| !words.contains(h))
                .collect()
        };
        let (a, b) = (pieces("verify"), pieces("verification"));
        assert!(a.intersection(&b).count() >= 2, "^veri, verif");
        assert!(pieces("veriify").intersection(&a).count() >= 1);
        // Each piece spans its word.
        let f = feats_with("redeliver", 5);
        assert!(f
            .iter()
            .filter(|f| f.kind == FeatureKind::Word)
            .all(|f| (f.start, f.end) == (0, 9)));
        // A message with CJK keeps the features it had; so does a very long word.
        assert_eq!(
            feats_with("请 verify 账户", 5),
            feats_with("请 verify 账户", 0)
        );
        let long = "a".repeat(41);
        assert_eq!(feats_with(&long, 5), feats_with(&long, 0));
    }

    #[test]
    fn signal_names_line_up_with_their_enums() {
        use crate::sms::signals::{Notice, Request};
        for r in [
            Request::Transfer,
            Request::AddContact,
            Request::Download,
            Request::CallBack,
            Request::VerifyDeadline,
            Request::ShareCode,
            Request::NewNumber,
            Request::FakeDocuments,
        ] {
            assert_eq!(SIGNAL_NAMES[request_note(r)], format!("req_{}", r.as_str()));
        }
        for k in [
            Notice::Code,
            Notice::Account,
            Notice::Delivery,
            Notice::Bill,
            Notice::Appointment,
        ] {
            assert_eq!(
                SIGNAL_NAMES[18 + k as usize],
                format!("notice_{}", k.as_str())
            );
        }
        let f = feats("点击 http://1.2.3.4/a 下载", "");
        assert!(f
            .iter()
            .any(|f| f.kind == FeatureKind::Signal && SIGNAL_NAMES[f.note as usize] == "link_ip"));
    }

    #[test]
    fn a_char_hashes_as_its_four_bytes() {
        for c in [
            'a',
            'é',
            '贷',
            '款',
            '\u{ffff}',
            '\u{10000}',
            '𠀀',
            '\u{10ffff}',
        ] {
            let h = 0x1234_5678_9abc_def0;
            assert_eq!(fnv_char(h, c), fnv(h, &(c as u32).to_le_bytes()), "{c:?}");
        }
    }

    #[test]
    fn cjk_gets_one_to_three_grams() {
        let f = feats("贷款办", "");
        let grams = f.iter().filter(|f| f.kind == FeatureKind::CjkGram).count();
        assert_eq!(grams, 3 + 2 + 1);
    }

    #[test]
    fn latin_gets_words_and_pairs() {
        let f = feats("free entry now", "");
        assert_eq!(f.iter().filter(|f| f.kind == FeatureKind::Word).count(), 3);
        assert_eq!(
            f.iter().filter(|f| f.kind == FeatureKind::WordPair).count(),
            2
        );
    }

    #[test]
    fn obfuscation_gives_the_same_grams() {
        let plain = feats("无抵押贷款", "");
        let tricked = feats("無 抵-押 貸.款", "");
        let hashes = |f: &[Feature]| f.iter().map(|f| f.hash).collect::<Vec<_>>();
        assert_eq!(hashes(&plain), hashes(&tricked));
    }

    #[test]
    fn entities_and_sender_are_features() {
        let f = feats("【某店】新品上市 回T退订", "1069012345678");
        assert!(f.iter().any(|f| f.kind == FeatureKind::Entity));
        assert_eq!(sender_kind("1069012345678"), "sms_port");
        assert_eq!(sender_kind("95588"), "service_number");
        assert_eq!(sender_kind(""), "empty");
        assert_eq!(sender_kind("+86 138 0013 8000"), "mobile");
        assert_ne!(
            feats("x", "1069012345678")[1].hash,
            feats("x", "13800138000")[1].hash
        );
    }

    #[test]
    fn only_the_texts_claims_are_features() {
        let t = crate::sms::institutions::Institutions::parse_csv(
            "ICBC,工商银行,工行|icbc,95588,icbc.com.cn,src\n",
        )
        .unwrap();
        let with = |body: &str| {
            let n = normalize_text(body);
            let s = crate::sms::signals::analyse(&n, "95588", Some(&t));
            let mut out = Vec::new();
            extract(&n, &s, FeatureOptions::default(), &mut out);
            (
                s.claims.len(),
                out.iter().filter(|f| f.note == note("claim")).count(),
            )
        };
        // A claim only the sender makes is no feature: the sender's own
        // features carry it.
        assert_eq!(
            with("您的账户存在异常，请登录 m.safe-check.top 验证"),
            (1, 0)
        );
        assert_eq!(with("【工商银行】您的账户存在异常"), (1, 1));
    }
}
