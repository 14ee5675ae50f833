//! Reason texts of the SMS layers, in English and Chinese ([`Locale`]).
//! They say what was seen in the user's words: the deciding words of the
//! message are quoted (the verdict goes to the user's own app), structures
//! are named ("a short link", "an amount of money"), and internals (feature
//! families, probabilities, list patterns) stay in the reason's other fields.

use super::institutions::Institutions;
use super::model::Contribution;
use super::normalize::{EntityKind, Normalized};
use super::signals::{Request, Signals};
use crate::verdict::{push_arg, Category, Locale, ReasonArg};
use crate::Span;

/// Longest quote of the message, in characters.
const MAX_QUOTE: usize = 16;

/// What a category is, in words.
pub fn category_phrase(c: Category, l: Locale) -> &'static str {
    let (en, zh) = match c {
        Category::Loan => ("a loan ad", "贷款广告"),
        Category::Insurance => ("an insurance sales pitch", "保险推销"),
        Category::RealEstate => ("a real-estate ad", "房产广告"),
        Category::OtherPromo => ("a marketing message", "营销推广"),
        Category::Fraud => ("fraud or phishing", "诈骗或钓鱼"),
        Category::Harassment => ("a nuisance sender", "骚扰号码"),
        Category::Transaction => ("a notice or code", "通知或验证码"),
        Category::Personal => ("a personal message", "个人消息"),
    };
    pick(l, en, zh)
}

/// The characters of `body` a span covers, shortened to [`MAX_QUOTE`].
pub fn quote(body: &str, span: Span) -> String {
    let len = (span.end.saturating_sub(span.start)) as usize;
    let take = len.min(MAX_QUOTE);
    // A slice of the body, copied once (issue 17: three quotes a verdict).
    let q = match body.char_indices().nth(span.start as usize) {
        Some((from, _)) if take > 0 => {
            let rest = &body[from..];
            let to = rest.char_indices().nth(take).map_or(rest.len(), |(i, _)| i);
            rest[..to].trim()
        }
        _ => "",
    };
    if len > MAX_QUOTE {
        format!("{q}…")
    } else {
        q.to_string()
    }
}

fn pick(l: Locale, en: &'static str, zh: &'static str) -> &'static str {
    match l {
        Locale::En => en,
        Locale::Zh => zh,
    }
}

fn entity_phrase(kind: EntityKind, short: bool, l: Locale) -> Option<&'static str> {
    Some(match kind {
        EntityKind::Url if short => pick(l, "a short link", "短链接"),
        EntityKind::Url => pick(l, "a link", "链接"),
        EntityKind::Ip => pick(l, "a link to a bare IP address", "IP地址链接"),
        EntityKind::Email => pick(l, "an e-mail address", "邮箱地址"),
        EntityKind::Phone(crate::number::NumberKind::Mobile)
        | EntityKind::Phone(crate::number::NumberKind::VirtualMobile) => {
            pick(l, "a mobile number", "手机号码")
        }
        EntityKind::Phone(_) => pick(l, "a phone number", "电话号码"),
        EntityKind::ShortDigits => pick(l, "a number code", "数字码"),
        EntityKind::Money => pick(l, "an amount of money", "金额"),
        EntityKind::OptOut => pick(l, "an unsubscribe line", "退订提示"),
        EntityKind::Signature => return None,
    })
}

fn signal_phrase(note: u8, l: Locale) -> Option<&'static str> {
    let name = super::features::SIGNAL_NAMES.get(note as usize)?;
    Some(match *name {
        "link" | "link_tld" | "link_official" => pick(l, "a link", "链接"),
        "link_shortener" => pick(l, "a short link", "短链接"),
        "link_ip" => pick(l, "a link to a bare IP address", "IP地址链接"),
        "link_punycode" => pick(l, "a disguised web address", "伪装网址"),
        "link_risky_tld" => pick(l, "a link on a throw-away domain", "可疑域名链接"),
        "link_lookalike" => pick(l, "a look-alike link", "仿冒链接"),
        _ => return None,
    })
}

/// The words and structures behind a classifier decision.
pub fn evidence_items(
    body: &str,
    n: &Normalized,
    signals: &Signals,
    top: &[Contribution],
    l: Locale,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Words that touch in the message read as one phrase (`贷` + `款`).
    let mut merged: Vec<Contribution> = Vec::new();
    for c in top {
        let text_like = matches!(
            c.kind,
            super::features::FeatureKind::CjkGram | super::features::FeatureKind::Word
        );
        match merged.last_mut() {
            Some(last)
                if text_like
                    && last.kind == c.kind
                    && last.span.end >= c.span.start
                    && c.span.end >= last.span.start =>
            {
                last.span.start = last.span.start.min(c.span.start);
                last.span.end = last.span.end.max(c.span.end);
            }
            _ => merged.push(c.clone()),
        }
    }
    for c in &merged {
        let described = if c.kind == super::features::FeatureKind::Signal {
            signal_phrase(c.note, l).map(str::to_string)
        } else if c.kind == super::features::FeatureKind::Entity {
            n.entities()
                .iter()
                .find(|e| n.span(e.start, e.end) == c.span)
                .and_then(|e| {
                    let short = signals
                        .links
                        .iter()
                        .any(|k| k.start == e.start && k.shortener);
                    entity_phrase(e.kind, short, l)
                })
                .map(str::to_string)
        } else {
            None
        };
        let item = described.unwrap_or_else(|| quote(body, c.span));
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The classifier's sentence: "looks like a loan ad: 无抵押, 当天到账, a short link".
/// Pieced together in one allocation: it is built for every message.
pub fn classifier_detail(category: Category, items: &[String], l: Locale) -> String {
    let what = category_phrase(category, l);
    let (lead, colon, sep) = match (l, category.is_unwanted()) {
        (Locale::En, true) => ("looks like ", ": ", ", "),
        (Locale::En, false) => ("reads as ", ": ", ", "),
        (Locale::Zh, true) => ("像", "：", "、"),
        (Locale::Zh, false) => ("看起来是", "：", "、"),
    };
    let len = lead.len()
        + what.len()
        + colon.len()
        + items.iter().map(|i| i.len() + sep.len()).sum::<usize>();
    let mut out = String::with_capacity(len);
    out.push_str(lead);
    out.push_str(what);
    for (k, item) in items.iter().enumerate() {
        out.push_str(if k == 0 { colon } else { sep });
        out.push_str(item);
    }
    out
}

fn request_phrase(r: Request, l: Locale) -> Option<&'static str> {
    Some(match r {
        Request::Transfer => pick(l, "asks you to send money", "要求转账或付费"),
        Request::AddContact => pick(
            l,
            "asks you to move to a chat app (WeChat, QQ, LINE, WhatsApp, Telegram)",
            "要求加微信、QQ、LINE、WhatsApp或Telegram联系",
        ),
        Request::Download => pick(l, "asks you to install an app", "要求下载安装应用"),
        Request::VerifyDeadline => pick(
            l,
            "presses you to verify, unlock or claim something in time",
            "限时催你验证、解冻或领取",
        ),
        Request::ShareCode => pick(
            l,
            "asks you to pass on a code sent to you",
            "要求你转发收到的验证码",
        ),
        Request::NewNumber => pick(l, "says a relative has a new number", "自称亲人换了新号码"),
        Request::FakeDocuments => pick(
            l,
            "offers invoices or certificates for sale",
            "兜售发票或代办证件",
        ),
        Request::CallBack => return None,
    })
}

/// The phishing layer's sentence, the spans it points at and the arguments
/// the sentence is built from:
/// "looks like phishing: claims to be ICBC but was not sent from 95588, and links to icbc-jf.vip".
pub fn phishing_detail(
    n: &Normalized,
    signals: &Signals,
    inst: Option<&Institutions>,
    strong: bool,
    l: Locale,
) -> (String, Vec<Span>, Vec<ReasonArg>) {
    let mut args: Vec<ReasonArg> = Vec::new();
    let mut arg = |name, value: &str| put(&mut args, name, value);
    let mut parts: Vec<String> = Vec::new();
    let mut spans = Vec::new();
    let mut named_links: Vec<usize> = Vec::new();
    let claim = signals.strong_claim().or_else(|| {
        signals
            .claims
            .iter()
            .find(|c| c.sender_mismatch || c.foreign_link.is_some() || c.short_link.is_some())
    });
    if let (Some(c), Some(t)) = (claim, inst) {
        let row = &t.rows()[c.row];
        let name = match l {
            Locale::Zh if !row.name_zh.is_empty() => row.name_zh.as_str(),
            _ => row.name_en.as_str(),
        };
        if c.end > 0 {
            spans.push(n.span(c.start, c.end));
        }
        let numbers = row.numbers_shown.join("/");
        arg("institution", name);
        if c.sender_mismatch && !numbers.is_empty() {
            arg("official_sender", &numbers);
        }
        parts.push(match (l, c.sender_mismatch, numbers.is_empty()) {
            (Locale::En, true, false) => {
                format!("claims to be {name} but was not sent from {numbers}")
            }
            (Locale::En, true, true) => {
                format!("claims to be {name} but was sent from a personal number")
            }
            (Locale::En, false, _) => format!("claims to be {name}"),
            (Locale::Zh, true, false) => format!("自称{name}，但不是从{numbers}发出"),
            (Locale::Zh, true, true) => format!("自称{name}，但从个人号码发出"),
            (Locale::Zh, false, _) => format!("自称{name}"),
        });
        if let Some(i) = c.foreign_link.or(c.short_link) {
            let link = &signals.links[i];
            named_links.push(i);
            spans.push(n.span(link.start, link.end));
            let short = c.foreign_link.is_none();
            arg("domain", &link.host);
            parts.push(match (l, short) {
                (Locale::En, false) => format!("links to {}", link.host),
                (Locale::En, true) => format!("hides its link behind a shortener ({})", link.host),
                (Locale::Zh, false) => format!("链接指向{}", link.host),
                (Locale::Zh, true) => format!("用短链接隐藏去向（{}）", link.host),
            });
        }
    }
    for (i, link) in signals.links.iter().enumerate() {
        if named_links.contains(&i) {
            continue;
        }
        let brand = link
            .lookalike
            .and_then(|r| inst.map(|t| &t.rows()[r]))
            .map(|row| match l {
                Locale::Zh if !row.name_zh.is_empty() => row.name_zh.clone(),
                _ => row.name_en.clone(),
            });
        let shown_host = brand.is_some() || link.punycode;
        if !shown_host && !link.ip && link.risky_tld {
            arg("tld", link.tld());
        }
        if let Some(b) = &brand {
            arg("lookalike_of", b);
        }
        let part = match (l, brand) {
            (Locale::En, Some(b)) => format!("links to {}, a look-alike of {b}", link.host),
            (Locale::Zh, Some(b)) => format!("链接{}仿冒{b}", link.host),
            (Locale::En, None) if link.punycode => {
                format!("links to a disguised address ({})", link.host)
            }
            (Locale::Zh, None) if link.punycode => format!("链接是伪装网址（{}）", link.host),
            (_, None) if link.ip => {
                pick(l, "links to a bare IP address", "链接指向裸IP地址").into()
            }
            (Locale::En, None) if link.risky_tld => format!("links to a .{} site", link.tld()),
            (Locale::Zh, None) if link.risky_tld => format!("链接使用.{}域名", link.tld()),
            _ => continue,
        };
        if shown_host {
            arg("domain", &link.host);
        }
        spans.push(n.span(link.start, link.end));
        parts.push(part);
    }
    let mut asked = Vec::new();
    for &(r, a, b) in &signals.requests {
        if asked.contains(&r) {
            continue;
        }
        asked.push(r);
        if let Some(p) = request_phrase(r, l) {
            arg("request", r.as_str());
            spans.push(n.span(a, b));
            parts.push(p.to_string());
        }
    }
    let lead = match (l, strong) {
        (Locale::En, true) => "looks like phishing: ",
        (Locale::En, false) => "looked suspicious: ",
        (Locale::Zh, true) => "疑似钓鱼诈骗：",
        (Locale::Zh, false) => "可疑之处：",
    };
    let body = match parts.len() {
        0 => pick(l, "it has signs of fraud", "有诈骗迹象").to_string(),
        1 => parts.remove(0),
        _ => {
            let first = parts.remove(0);
            match l {
                Locale::En => format!("{first}, and {}", parts.join(", ")),
                Locale::Zh => format!("{first}，且{}", parts.join("，")),
            }
        }
    };
    spans.sort();
    spans.dedup();
    (format!("{lead}{body}"), spans, args)
}

/// One argument of the phishing reason (out of line, for the library's size).
#[inline(never)]
fn put(args: &mut Vec<ReasonArg>, name: &'static str, value: &str) {
    push_arg(args, name, value.to_string());
}

/// Notes on how the policy filed the message.
pub fn note_leaning(category: Category, l: Locale) -> String {
    let what = category_phrase(category, l);
    match l {
        Locale::En => {
            format!("looked like {what}, but not surely enough to file it away: kept in the inbox")
        }
        Locale::Zh => format!("像{what}，但把握不足，没有归档：留在收件箱"),
    }
}

/// A notice-like message without a notice's shape.
pub fn note_no_shape(l: Locale) -> &'static str {
    pick(
        l,
        "reads like a notice but shows no code, account or delivery details: not marked as trusted",
        "像通知，但没有验证码、账户或快递等信息：不标为可信",
    )
}

/// A notice whose link is shortened.
pub fn note_hidden_link(l: Locale) -> &'static str {
    pick(
        l,
        "reads like a notice, but its link is shortened and hides the site it opens: not marked as trusted",
        "像通知，但链接是短链接，看不出指向哪个网站：不标为可信",
    )
}

/// A notice-like message that asks who the reader is.
pub fn note_asks_who(l: Locale) -> &'static str {
    pick(
        l,
        "reads like a notice, but asks who you are, which a business writing to its customer does not: not marked as trusted",
        "像通知，但在问你是谁，商家给客户发消息不会这样问：不标为可信",
    )
}

/// A greeting or forwarded saying the model leaned against.
pub fn note_greeting(l: Locale) -> &'static str {
    pick(
        l,
        "reads like a greeting or a forwarded saying, with nothing to sell: kept in the inbox",
        "像问候、祝福或转发的段子，没有推销内容：留在收件箱",
    )
}

/// A notice-like message the model is not sure enough of to trust.
pub fn note_unsure(l: Locale) -> &'static str {
    pick(
        l,
        "reads like a notice, but not surely enough to mark it as trusted",
        "像通知，但把握不够：不标为可信",
    )
}

/// A notice-like message with fraud evidence.
pub fn note_vetoed(l: Locale) -> &'static str {
    pick(
        l,
        "reads like a notice, but something in it speaks for fraud: not marked as trusted",
        "像通知，但有诈骗迹象：不标为可信",
    )
}

/// A marketing message that says how to opt out.
pub fn note_opt_out(l: Locale) -> &'static str {
    pick(
        l,
        "the message says how to unsubscribe: marketing by its own account",
        "短信自带退订方式：它自己表明是营销",
    )
}

/// The user's earlier reports moved the score.
pub fn note_feedback(towards: bool, l: Locale) -> &'static str {
    match (l, towards) {
        (Locale::En, true) => "your earlier reports moved this message towards spam",
        (Locale::En, false) => "your earlier reports moved this message away from spam",
        (Locale::Zh, true) => "你之前的举报让这条短信更像垃圾短信",
        (Locale::Zh, false) => "你之前的反馈让这条短信更不像垃圾短信",
    }
}

/// A sender range that is a hint for messages.
pub fn note_range(label: &str, l: Locale) -> String {
    // List labels are the bundle's own text, often English: a Chinese
    // sentence names the label only when it is written in Chinese.
    let label = match l {
        Locale::Zh if !label.chars().any(super::normalize::is_cjk) => "",
        _ => label,
    };
    match (l, label.is_empty()) {
        (Locale::En, true) => {
            "the sender's number range makes spam more likely; the message itself decides".into()
        }
        (Locale::En, false) => {
            format!(
                "sent from a {label}: that makes spam more likely, but the message itself decides"
            )
        }
        (Locale::Zh, true) => "发件号段更常见垃圾短信，但以短信内容为准".into(),
        (Locale::Zh, false) => format!("发自{label}：更常见垃圾短信，但以短信内容为准"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_the_characters_of_the_span() {
        // The straightforward reading (collect the span's chars, trim, cut).
        let oracle = |body: &str, span: Span| {
            let len = span.end.saturating_sub(span.start) as usize;
            let q: String = body
                .chars()
                .skip(span.start as usize)
                .take(len.min(MAX_QUOTE))
                .collect();
            let q = q.trim().to_string();
            if len > MAX_QUOTE {
                format!("{q}…")
            } else {
                q
            }
        };
        let bodies = [
            "",
            "贷款 无抵押，当天到账 t.cn/x",
            " a b ",
            "Hi mum, it's me x 😀 ok",
        ];
        for body in bodies {
            let n = body.chars().count() as u32;
            for start in 0..=n + 2 {
                for end in 0..=n + 20 {
                    let span = Span { start, end };
                    assert_eq!(quote(body, span), oracle(body, span), "{start}..{end}");
                }
            }
        }
    }
}
