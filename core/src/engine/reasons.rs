//! The reason texts of the decision layers (emergency, contacts, rules,
//! feedback, lists, consent, behaviour, default), in English and Chinese
//! ([`Locale`]). Each reason keeps its stable code and its `source` (rule id,
//! list pattern, record id) for developers; `detail` is the sentence for
//! people and carries no internal words. The message layers' own texts are in
//! `sms::explain`.

use super::consent::{ConsentRecord, ConsentState};
use super::date_string;
use super::feedback::FeedbackRecord;
use super::rules::Rule;
use crate::lists::ListAction;
use crate::verdict::{Action, Category, Locale, Reason, ReasonCode};

/// What an action does, in words.
pub fn action_phrase(a: Action, l: Locale) -> &'static str {
    match (l, a) {
        (Locale::En, a) => a.as_str(),
        (Locale::Zh, Action::Allow) => "放行",
        (Locale::Zh, Action::Silence) => "静音",
        (Locale::Zh, Action::Block) => "拦截",
        (Locale::Zh, Action::Transaction) => "归入通知",
        (Locale::Zh, Action::Promotion) => "归入推广",
        (Locale::Zh, Action::Junk) => "归入垃圾信息",
    }
}

fn category_name(c: Category, l: Locale) -> &'static str {
    match (l, c) {
        (Locale::En, Category::Loan) => "a loan seller",
        (Locale::En, Category::Insurance) => "an insurance seller",
        (Locale::En, Category::RealEstate) => "a real-estate agent",
        (Locale::En, Category::OtherPromo) => "a marketer",
        (Locale::En, Category::Fraud) => "fraud",
        (Locale::En, Category::Harassment) => "a nuisance caller",
        (Locale::En, Category::Transaction) => "a service sender",
        (Locale::En, Category::Personal) => "a personal number",
        (Locale::Zh, Category::Loan) => "贷款理财",
        (Locale::Zh, Category::Insurance) => "保险推销",
        (Locale::Zh, Category::RealEstate) => "房产中介",
        (Locale::Zh, Category::OtherPromo) => "营销推广",
        (Locale::Zh, Category::Fraud) => "诈骗",
        (Locale::Zh, Category::Harassment) => "骚扰",
        (Locale::Zh, Category::Transaction) => "通知",
        (Locale::Zh, Category::Personal) => "个人",
    }
}

/// Layer 1: a number the app marked as emergency or essential.
pub fn emergency(l: Locale) -> Reason {
    let text = match l {
        Locale::En => "an emergency or essential service number: always let through",
        Locale::Zh => "紧急或必要服务号码：始终放行",
    };
    Reason::new(ReasonCode::Emergency, "emergency", text)
}

/// Layer 2: the caller or sender is a contact.
pub fn contact(l: Locale) -> Reason {
    let text = match l {
        Locale::En => "in your contacts",
        Locale::Zh => "在你的通讯录中",
    };
    Reason::new(ReasonCode::Contact, "contacts", text)
}

/// Layer 8: nothing decided.
pub fn default(l: Locale) -> Reason {
    let text = match l {
        Locale::En => "nothing spoke against it: allowed by default",
        Locale::Zh => "没有发现可疑之处：默认放行",
    };
    Reason::new(ReasonCode::Default, "default", text)
}

/// Layers 2–3: one of the user's rules; `action` is what the verdict does.
pub fn rule(r: &Rule, action: Action, l: Locale) -> Reason {
    let detail = match (l, r.note.is_empty()) {
        (Locale::En, true) => format!("your rule “{}”: {}", r.id, action_phrase(action, l)),
        (Locale::En, false) => format!(
            "your rule “{}” ({}): {}",
            r.id,
            r.note,
            action_phrase(action, l)
        ),
        (Locale::Zh, true) => format!("你的规则“{}”：{}", r.id, action_phrase(action, l)),
        (Locale::Zh, false) => format!(
            "你的规则“{}”（{}）：{}",
            r.id,
            r.note,
            action_phrase(action, l)
        ),
    };
    let mut reason = Reason::new(ReasonCode::UserRule, r.id.clone(), detail)
        .arg("rule_id", r.id.clone())
        .arg("action", action.as_str());
    if !r.note.is_empty() {
        reason = reason.arg("rule_note", r.note.clone());
    }
    reason
}

/// Layers 2–3: the user's own spam / not-spam report.
pub fn feedback(f: &FeedbackRecord, l: Locale) -> Reason {
    let day = date_string(f.at_unix);
    let detail = match (l, f.is_spam) {
        (Locale::En, true) => format!("you reported this sender as spam on {day}"),
        (Locale::En, false) => format!("you reported this sender as not spam on {day}"),
        (Locale::Zh, true) => format!("你在{day}把这个号码标记为骚扰"),
        (Locale::Zh, false) => format!("你在{day}把这个号码标记为正常"),
    };
    Reason::new(ReasonCode::Feedback, format!("feedback:{}", f.id), detail)
        .arg("feedback_id", f.id.to_string())
        .arg("spam", bool_str(f.is_spam))
        .arg("date", day)
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Layer 5: the sender was refused or opted out of, and sent anyway.
pub fn consent_withdrawn(c: &ConsentRecord, l: Locale) -> Reason {
    let day = date_string(c.at_unix);
    let detail = match (l, c.state) {
        (Locale::En, ConsentState::OptedOut) => {
            format!("sent after opt-out (replied {}) on {day}", c.via)
        }
        (Locale::En, _) => format!("sent after refusal on {day}"),
        (Locale::Zh, ConsentState::OptedOut) => {
            format!("你在{day}已退订（回复{}），仍然发来", c.via)
        }
        (Locale::Zh, _) => format!("你在{day}已拒绝，仍然发来"),
    };
    let reason = Reason::new(
        ReasonCode::Consent,
        format!("consent:{}", c.state.as_str()),
        detail,
    )
    .arg("consent_state", c.state.as_str())
    .arg("date", day);
    match c.state {
        ConsentState::OptedOut => reason.arg("reply", c.via.clone()),
        _ => reason,
    }
}

/// Layer 5: the user consented to this sender.
pub fn consent_given(c: &ConsentRecord, l: Locale) -> Reason {
    let day = date_string(c.at_unix);
    let detail = match l {
        Locale::En => format!("you consented to this sender on {day}"),
        Locale::Zh => format!("你在{day}同意接收此发送方的信息"),
    };
    Reason::new(
        ReasonCode::Consent,
        format!("consent:{}", c.state.as_str()),
        detail,
    )
    .arg("consent_state", c.state.as_str())
    .arg("date", day)
}

/// Layer 4: a list entry; the pattern stays in `source`.
pub fn list(
    pattern: &str,
    category: Option<Category>,
    label: &str,
    action: ListAction,
    l: Locale,
) -> Reason {
    // The arguments keep what the entry says, in every locale.
    let (entry_label, entry_category) = (label, category);
    // A Chinese sentence does not quote a label written in another script.
    let foreign = l == Locale::Zh && !label.is_empty() && !label.chars().any(is_cjk);
    let label = if foreign { "" } else { label };
    // An identify entry's category is a hint (a virtual-operator range holds
    // ordinary people): without its label the sentence does not name it.
    let category = category.filter(|_| !(foreign && action.call_action().is_none()));
    let what = match (label, category) {
        ("", None) => None,
        ("", Some(c)) => Some(category_name(c, l).to_string()),
        (label, _) => Some(label.to_string()),
    };
    let detail = match (l, what, action.call_action()) {
        (Locale::En, Some(w), Some(a)) => format!("listed as {w}: {}", action_phrase(a, l)),
        (Locale::En, None, Some(a)) => format!("on the list: {}", action_phrase(a, l)),
        (Locale::En, Some(w), None) => format!("identified as {w}"),
        (Locale::En, None, None) => "a listed number".to_string(),
        (Locale::Zh, Some(w), Some(a)) => format!("已被列为{w}：{}", action_phrase(a, l)),
        (Locale::Zh, None, Some(a)) => format!("在名单中：{}", action_phrase(a, l)),
        (Locale::Zh, Some(w), None) => format!("识别为{w}"),
        (Locale::Zh, None, None) => "名单中的号码".to_string(),
    };
    let mut reason = Reason::new(ReasonCode::ListEntry, pattern, detail);
    // An exact entry's pattern is the caller's number: it stays in `source`.
    if pattern.ends_with('*') {
        reason = reason.arg("pattern", pattern);
    }
    if let Some(c) = entry_category {
        reason = reason.arg("category", c.as_str());
    }
    if !entry_label.is_empty() {
        reason = reason.arg("label", entry_label);
    }
    match action.call_action() {
        Some(a) => reason.arg("action", a.as_str()),
        None => reason,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The repeated-call exception: a range-silenced number rang again soon.
pub fn repeat_call(minutes: i64, l: Locale) -> Reason {
    let detail = match l {
        Locale::En if minutes < 1 => {
            "called again within a minute: let through despite the range".to_string()
        }
        Locale::En => format!(
            "called again after {minutes} minute{}: let through despite the range",
            if minutes == 1 { "" } else { "s" }
        ),
        Locale::Zh if minutes < 1 => "一分钟内再次来电：尽管号段可疑，仍然放行".to_string(),
        Locale::Zh => format!("{minutes}分钟后再次来电：尽管号段可疑，仍然放行"),
    };
    Reason::new(ReasonCode::Behaviour, "repeat-call", detail).arg("minutes", minutes.to_string())
}

/// Layer 6: numbers of one block were declined or reported.
pub fn escalated(range: &str, numbers: u32, days: i64, named: bool, l: Locale) -> Reason {
    let detail = match (l, named) {
        (Locale::En, false) => format!(
            "{numbers} different numbers of this block were declined or reported in the last {days} days"
        ),
        (Locale::En, true) => format!(
            "{numbers} different numbers of this block were declined or reported in the last {days} days (a named nuisance range: one report sooner)"
        ),
        (Locale::Zh, false) => {
            format!("近{days}天内，这个号段有{numbers}个不同号码被你拒接或举报")
        }
        (Locale::Zh, true) => format!(
            "近{days}天内，这个号段有{numbers}个不同号码被你拒接或举报（已知的骚扰号段，少一次举报即静音）"
        ),
    };
    // The block's prefix stays in `source`: it is most of the caller's number.
    Reason::new(ReasonCode::Behaviour, format!("+{range}*"), detail)
        .arg("count", numbers.to_string())
        .arg("days", days.to_string())
        .arg("named_range", bool_str(named))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_texts_carry_no_english_internals() {
        let zh = [
            emergency(Locale::Zh),
            contact(Locale::Zh),
            default(Locale::Zh),
            list(
                "+86170*",
                Some(Category::Harassment),
                "",
                ListAction::Silence,
                Locale::Zh,
            ),
            list("+86170*", None, "", ListAction::Identify, Locale::Zh),
            list(
                "+86170*",
                None,
                "virtual-operator number",
                ListAction::Identify,
                Locale::Zh,
            ),
            repeat_call(0, Locale::Zh),
            repeat_call(2, Locale::Zh),
            escalated("86170123", 3, 7, true, Locale::Zh),
        ];
        for r in zh {
            assert!(
                !r.detail.chars().any(|c| c.is_ascii_alphabetic()),
                "{:?} has Latin words",
                r.code
            );
        }
    }

    #[test]
    fn a_latin_label_is_not_quoted_in_chinese_nor_replaced_by_a_hint() {
        let r = |action| {
            list(
                "+86170*",
                Some(Category::Harassment),
                "virtual-operator number",
                action,
                Locale::Zh,
            )
            .detail
        };
        assert_eq!(r(ListAction::Identify), "名单中的号码");
        assert_eq!(r(ListAction::Silence), "已被列为骚扰：静音");
        let own = list(
            "95588",
            None,
            "工商银行客服",
            ListAction::Identify,
            Locale::Zh,
        );
        assert_eq!(own.detail, "识别为工商银行客服");
    }

    #[test]
    fn english_texts_read_as_sentences() {
        assert_eq!(
            repeat_call(0, Locale::En).detail,
            "called again within a minute: let through despite the range"
        );
        assert_eq!(
            repeat_call(1, Locale::En).detail,
            "called again after 1 minute: let through despite the range"
        );
        assert_eq!(
            list("+86170*", None, "", ListAction::Block, Locale::En).detail,
            "on the list: block"
        );
        for r in [
            list(
                "+86170*",
                Some(Category::RealEstate),
                "",
                ListAction::Silence,
                Locale::En,
            ),
            escalated("86170123", 3, 7, false, Locale::En),
        ] {
            for internal in ["list entry", "p=", "cjk_ngram", "real_estate", "+86170"] {
                assert!(!r.detail.contains(internal), "{internal} in {:?}", r.code);
            }
        }
    }
}
