//! The fake-base-station corpus (`zh_fbs_spam`) had its contacts and named
//! entities replaced by upper-case placeholders (`URL`, `CELLPHONE`, `PHONE`,
//! `WECHAT`, `QQ`, `HOTLINE`, `BANK`, `NAME`, `PLACE`, `DIGIT`), sometimes
//! glued together (`URLWECHAT`). Trained on as they are, the model would learn
//! that `CELLPHONE` means spam and never see the number a real message has.
//!
//! [`expand`] turns every placeholder back into a realistic surface form of
//! the kind `burao_core::sms::normalize` recognises in real messages: a short
//! link or look-alike domain (`url`), a mobile number (`phone_mobile`, now and
//! then `phone_virtual_mobile`), a landline with or without area code, a
//! 400/800 or 95xxx hotline (`phone_call_centre`, `phone_service_number`), a
//! WeChat id (letters and digits, or a mobile number), a QQ number, a bank's
//! name, a person's name, a place, a number. The choice is deterministic per
//! row (seeded by the row id) and varied across rows, so the same corpus gives
//! the same training bytes on every machine.
//!
//! Upper-case runs that are not made of placeholders (`TCL`) stay as they are.

/// The placeholders, longest first where one is a prefix of another's tail.
const PLACEHOLDERS: [&str; 10] = [
    "CELLPHONE",
    "HOTLINE",
    "WECHAT",
    "PHONE",
    "PLACE",
    "DIGIT",
    "NAME",
    "BANK",
    "URL",
    "QQ",
];

/// SplitMix64 seeded from an FNV-1a hash of the row id.
struct Rng(u64);

impl Rng {
    fn for_row(id: &str) -> Rng {
        let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        Rng(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        (0..n).map(|_| char::from(A[self.below(A.len())])).collect()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Url,
    Cellphone,
    Phone,
    Wechat,
    Qq,
    Hotline,
    Bank,
    Name,
    Place,
    Digit,
}

fn kind(p: &str) -> Kind {
    match p {
        "URL" => Kind::Url,
        "CELLPHONE" => Kind::Cellphone,
        "PHONE" => Kind::Phone,
        "WECHAT" => Kind::Wechat,
        "QQ" => Kind::Qq,
        "HOTLINE" => Kind::Hotline,
        "BANK" => Kind::Bank,
        "NAME" => Kind::Name,
        "PLACE" => Kind::Place,
        _ => Kind::Digit,
    }
}

/// Splits an upper-case run into placeholders; `None` unless all of it is.
/// A cut-off last placeholder (`CELLPHON`, at least four letters) counts.
fn split(run: &str) -> Option<Vec<Kind>> {
    if run.is_empty() {
        return Some(Vec::new());
    }
    for p in PLACEHOLDERS {
        if let Some(rest) = run.strip_prefix(p) {
            if let Some(mut tail) = split(rest) {
                tail.insert(0, kind(p));
                return Some(tail);
            }
        }
    }
    if run.len() >= 4 {
        if let Some(p) = PLACEHOLDERS.iter().find(|p| p.starts_with(run)) {
            return Some(vec![kind(p)]);
        }
    }
    None
}

const MOBILE_PREFIXES: [&str; 36] = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "178",
    "180", "181", "182", "183", "185", "186", "187", "188", "189", "199",
];
const VIRTUAL_PREFIXES: [&str; 5] = ["170", "171", "162", "165", "167"];
const AREA_CODES: [&str; 20] = [
    "010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0755", "0571", "0512",
    "0769", "0757", "0371", "0731", "0532", "0592", "0591",
];
const SHORTENERS: [&str; 8] = [
    "t.cn", "dwz.cn", "url.cn", "c.tb.cn", "m.tb.cn", "3.cn", "s.jd.com", "u.jd.com",
];
const DOMAIN_WORDS: [&str; 40] = [
    "icbc",
    "ccb",
    "abc",
    "boc",
    "cmb",
    "bankcomm",
    "psbc",
    "jd",
    "taobao",
    "tmall",
    "sf",
    "ems",
    "yto",
    "zto",
    "etc",
    "etax",
    "12123",
    "10086",
    "10010",
    "chinamobile",
    "vip",
    "kefu",
    "jf",
    "hb",
    "dai",
    "fang",
    "loan",
    "game",
    "bet",
    "app",
    "m",
    "wap",
    "mall",
    "shop",
    "hui",
    "kuai",
    "jin",
    "fu",
    "88",
    "win",
];
const DOMAIN_SUFFIXES: [&str; 14] = [
    "com", "cn", "com.cn", "net", "top", "vip", "xyz", "cc", "shop", "club", "site", "me",
    "online", "info",
];
const WECHAT_STEMS: [&str; 24] = [
    "xiaomei", "lily", "wx", "vip", "kefu", "a", "zhang", "li", "wang", "chen", "liu", "yang",
    "huang", "zhao", "mm", "jj", "tt", "lucky", "sunny", "happy", "kk", "dd", "ok", "ai",
];
const BANKS: [&str; 24] = [
    "工商银行",
    "中国工商银行",
    "工行",
    "建设银行",
    "中国建设银行",
    "建行",
    "农业银行",
    "中国农业银行",
    "农行",
    "中国银行",
    "招商银行",
    "招行",
    "交通银行",
    "邮储银行",
    "中国邮政储蓄银行",
    "平安银行",
    "浦发银行",
    "中信银行",
    "民生银行",
    "光大银行",
    "兴业银行",
    "广发银行",
    "华夏银行",
    "农村商业银行",
];
const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "建华", "志强", "晓东", "海燕", "俊杰", "雪梅",
];
const TITLES: [&str; 10] = [
    "经理", "总", "先生", "女士", "小姐", "老师", "主任", "姐", "哥", "师傅",
];
const CITIES: [&str; 26] = [
    "北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "郑州", "长沙", "重庆",
    "天津", "苏州", "东莞", "佛山", "合肥", "济南", "青岛", "厦门", "福州", "昆明", "南宁", "沈阳",
    "无锡", "宁波",
];
const SPOTS: [&str; 26] = [
    "朝阳区",
    "海淀区",
    "浦东新区",
    "天河区",
    "南山区",
    "福田区",
    "江北区",
    "武侯区",
    "雁塔区",
    "鼓楼区",
    "高新区",
    "开发区",
    "万达广场",
    "人民路",
    "中山路",
    "解放路",
    "世纪大道",
    "建设路",
    "火车站",
    "步行街",
    "体育中心",
    "国贸",
    "大学城",
    "新城",
    "滨江",
    "东门",
];

fn url(r: &mut Rng) -> String {
    let scheme = match r.below(10) {
        0..=3 => "",
        4..=7 => "https://",
        _ => "http://",
    };
    if r.chance(45) {
        let n = 4 + r.below(5);
        let path = r.alnum(n);
        return format!("{scheme}{}/{path}", r.pick(&SHORTENERS));
    }
    let a = r.pick(&DOMAIN_WORDS);
    let host = match r.below(4) {
        0 => format!("{a}-{}", r.pick(&DOMAIN_WORDS)),
        1 => {
            let n = 1 + r.below(3);
            format!("{a}{}", r.digits(n))
        }
        2 => format!("{a}{}", r.pick(&DOMAIN_WORDS)),
        _ => format!("{a}{}", r.alnum(3).to_ascii_lowercase()),
    };
    let sub = r.pick(&["", "", "www.", "m.", "wap."]);
    let path = match r.below(4) {
        0 => String::new(),
        1 => format!("/{}", r.alnum(5)),
        2 => format!("/a/{}", r.digits(4)),
        _ => format!("/?c={}", r.alnum(6)),
    };
    // A bare host needs a scheme or `www.` to read as a link to every reader.
    let scheme = if scheme.is_empty() && sub.is_empty() && r.chance(50) {
        "http://"
    } else {
        scheme
    };
    format!("{scheme}{sub}{host}.{}{path}", r.pick(&DOMAIN_SUFFIXES))
}

fn mobile(r: &mut Rng) -> String {
    let prefix = if r.chance(8) {
        r.pick(&VIRTUAL_PREFIXES)
    } else {
        r.pick(&MOBILE_PREFIXES)
    };
    let (a, b) = (r.digits(4), r.digits(4));
    match r.below(10) {
        0 | 1 => format!("{prefix}-{a}-{b}"),
        2 => format!("{prefix} {a} {b}"),
        _ => format!("{prefix}{a}{b}"),
    }
}

fn landline(r: &mut Rng) -> String {
    if r.chance(20) {
        // A local number without its area code, as shop ads print it.
        return format!("{}{}", 2 + r.below(8), r.digits(7));
    }
    let area = r.pick(&AREA_CODES);
    let local = if area.len() == 3 || r.chance(70) {
        format!("{}{}", 2 + r.below(8), r.digits(7))
    } else {
        format!("{}{}", 2 + r.below(8), r.digits(6))
    };
    if r.chance(70) {
        format!("{area}-{local}")
    } else {
        format!("{area}{local}")
    }
}

fn hotline(r: &mut Rng) -> String {
    match r.below(20) {
        0..=10 => format!("400-{}-{}", r.digits(3), r.digits(4)),
        11..=13 => format!("400{}", r.digits(7)),
        14..=15 => format!("800-{}-{}", r.digits(3), r.digits(4)),
        16..=18 => format!("95{}", r.digits(3)),
        _ => format!("96{}", r.digits(3)),
    }
}

fn wechat(r: &mut Rng) -> String {
    match r.below(10) {
        0..=2 => mobile(r).replace(['-', ' '], ""),
        3 => format!("wxid_{}", r.alnum(8).to_ascii_lowercase()),
        _ => {
            let stem = r.pick(&WECHAT_STEMS);
            let sep = r.pick(&["", "", "_", "-"]);
            let n = 3 + r.below(4);
            format!("{stem}{sep}{}", r.digits(n))
        }
    }
}

fn qq(r: &mut Rng) -> String {
    let len = 6 + r.below(5);
    format!("{}{}", 1 + r.below(9), r.digits(len - 1))
}

fn name(r: &mut Rng) -> String {
    let s = r.pick(&SURNAMES);
    match r.below(3) {
        0 => format!("{s}{}", r.pick(&TITLES)),
        1 => format!("{s}{}", r.pick(&GIVEN)),
        _ => format!("{s}{}{}", r.pick(&GIVEN), r.pick(&TITLES)),
    }
}

fn place(r: &mut Rng) -> String {
    match r.below(3) {
        0 => r.pick(&CITIES).to_string(),
        1 => r.pick(&SPOTS).to_string(),
        _ => format!("{}{}", r.pick(&CITIES), r.pick(&SPOTS)),
    }
}

/// A number that is no contact: a day, a price, a count, a year. Numbers of
/// a range (`18-35岁`) have one or two digits, so the pair never reads as a
/// phone number or a 95xxx/1xxxx service number.
fn digit(r: &mut Rng, in_range: bool) -> String {
    let len = match r.below(20) {
        _ if in_range => 1 + r.below(2),
        0..=9 => 1 + r.below(2),
        10..=16 => 3,
        _ => 4,
    };
    let first = 1 + r.below(9);
    format!("{first}{}", r.digits(len - 1))
}

fn is_contact(k: Kind) -> bool {
    matches!(
        k,
        Kind::Cellphone | Kind::Phone | Kind::Wechat | Kind::Qq | Kind::Hotline
    )
}

/// One token of the text: plain text or a run of placeholders.
enum Piece<'a> {
    Text(&'a str),
    Placeholders(Vec<Kind>),
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_uppercase() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_uppercase() {
            j += 1;
        }
        // The corpus is lower-case apart from its placeholders, which may
        // touch a letter (`URLsms`); a run that is not made of placeholders
        // (`TCL`) is text.
        if let Some(kinds) = split(&text[i..j]) {
            if start < i {
                out.push(Piece::Text(&text[start..i]));
            }
            out.push(Piece::Placeholders(kinds));
            start = j;
        }
        i = j;
    }
    if start < text.len() {
        out.push(Piece::Text(&text[start..]));
    }
    out
}

/// Plain text or one placeholder, with whitespace-only text between two
/// placeholders dropped (the separator is chosen when rendering).
enum Item<'a> {
    Text(&'a str),
    Placeholder(Kind),
}

fn items(text: &str) -> Vec<Item<'_>> {
    let pieces = pieces(text);
    let mut out = Vec::new();
    for (n, p) in pieces.iter().enumerate() {
        match p {
            Piece::Text(t) => {
                let between = n > 0 && n + 1 < pieces.len() && t.trim().is_empty();
                if !between {
                    out.push(Item::Text(t));
                }
            }
            Piece::Placeholders(kinds) => out.extend(kinds.iter().map(|&k| Item::Placeholder(k))),
        }
    }
    out
}

/// Replaces the placeholders of one row's text (see the module docs).
pub fn expand(id: &str, text: &str) -> String {
    let mut r = Rng::for_row(id);
    let items = items(text);
    let kind_at = |i: usize| match items.get(i) {
        Some(Item::Placeholder(k)) => Some(*k),
        _ => None,
    };
    let mut out = String::with_capacity(text.len() + 16);
    for (i, item) in items.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(kind_at);
        match item {
            Item::Text(t) => {
                let mut t: &str = t;
                if prev.is_some() {
                    // The corpus put spaces around every placeholder; a real
                    // message glues words to what they name, but a link or a
                    // number needs a space before a Latin letter or digit.
                    let rest = t.trim_start();
                    let needs_space = rest.starts_with(|c: char| c.is_ascii_alphanumeric())
                        || (prev == Some(Kind::Url)
                            && !rest.starts_with(|c: char| c.is_ascii_punctuation()));
                    t = rest;
                    if needs_space && !t.is_empty() {
                        out.push(' ');
                    }
                }
                if kind_at(i + 1).is_some() {
                    t = t.trim_end();
                }
                out.push_str(t);
            }
            Item::Placeholder(k) => {
                let k = *k;
                // Length of the run of numbers this one is part of.
                let mut run = 1;
                let mut j = i;
                while j > 0 && kind_at(j - 1) == Some(Kind::Digit) {
                    j -= 1;
                }
                while kind_at(j + run) == Some(Kind::Digit) {
                    run += 1;
                }
                let sep = separator(&mut r, prev, k, run);
                // Nothing before the first word, and no second space.
                let skip = out.is_empty() || (out.ends_with(' ') && sep.trim().is_empty());
                if !skip {
                    out.push_str(sep);
                }
                // A number or link must not run into a Latin word or digit.
                if out.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && (is_contact(k) || k == Kind::Url || k == Kind::Digit)
                {
                    out.push(' ');
                }
                out.push_str(&render(&mut r, k, k == Kind::Digit && run >= 2));
            }
        }
    }
    out
}

/// What separates a placeholder's form from what came before it.
fn separator(r: &mut Rng, prev: Option<Kind>, k: Kind, digit_run: usize) -> &'static str {
    let linkish = |k: Kind| is_contact(k) || k == Kind::Url;
    match (prev, k) {
        (Some(Kind::Digit), Kind::Digit) if digit_run == 2 => "-",
        (Some(Kind::Digit), Kind::Digit) => "、",
        (Some(p), k) if linkish(p) && linkish(k) => r.pick(&[" ", "，", " / "]),
        (Some(p), _) if linkish(p) => " ",
        (_, Kind::Url) => r.pick(&[" ", " ", "：", ""]),
        (_, k) if is_contact(k) => r.pick(&["", "", "：", ":", " "]),
        _ => "",
    }
}

fn render(r: &mut Rng, k: Kind, short: bool) -> String {
    match k {
        Kind::Url => url(r),
        Kind::Cellphone => mobile(r),
        Kind::Phone => landline(r),
        Kind::Wechat => wechat(r),
        Kind::Qq => qq(r),
        Kind::Hotline => hotline(r),
        Kind::Bank => r.pick(&BANKS).to_string(),
        Kind::Name => name(r),
        Kind::Place => place(r),
        Kind::Digit => digit(r, short),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burao_core::sms::normalize::normalize_text;
    use std::collections::HashSet;

    fn entity_kinds(s: &str) -> Vec<&'static str> {
        normalize_text(s)
            .entities()
            .iter()
            .map(|e| e.kind.as_str())
            .collect()
    }

    fn ids(n: usize) -> impl Iterator<Item = String> {
        (0..n).map(|i| format!("{:016x}", (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }

    /// No placeholder outside links (whose paths are mixed-case at random).
    fn no_placeholder_left(s: &str) -> bool {
        s.split_whitespace()
            .filter(|w| !w.contains('.'))
            .all(|w| PLACEHOLDERS.iter().all(|p| !w.contains(p)))
    }

    #[test]
    fn every_placeholder_is_replaced_and_the_rest_kept() {
        let t = "尊敬的用户您的 BANK 账户异常请登录 URL 处理详询 HOTLINE 或加微信 WECHAT QQ QQ 联系 NAME 地址 PLACE PLACE 月 DIGIT 日";
        for id in ids(200) {
            let e = expand(&id, t);
            assert!(no_placeholder_left(&e), "{id}");
            assert!(e.starts_with("尊敬的用户您的"));
            assert!(e.contains("账户异常请登录") && e.contains("处理详询"));
            assert!(e.ends_with('日'));
        }
    }

    #[test]
    fn deterministic_per_row_and_varied_across_rows() {
        let t = "贷款找 NAME 电话 CELLPHONE 链接 URL";
        assert_eq!(expand("0007b19eb3d9084a", t), expand("0007b19eb3d9084a", t));
        let all: HashSet<String> = ids(100).map(|id| expand(&id, t)).collect();
        assert_eq!(all.len(), 100, "every row should read differently");
    }

    #[test]
    fn contacts_become_what_the_normaliser_recognises() {
        let mut seen = HashSet::new();
        for id in ids(300) {
            let k = entity_kinds(&expand(&id, "电话 CELLPHONE"));
            assert!(
                k == ["phone_mobile"] || k == ["phone_virtual_mobile"],
                "{id}: {k:?}"
            );
            seen.insert(k[0]);
            let k = entity_kinds(&expand(&id, "详情 URL 退订回 t"));
            let u = expand(&id, "详情 URL 退订回 t");
            assert_eq!(k.first(), Some(&"url"), "{id}: {u}");
            let k = entity_kinds(&expand(&id, "热线 HOTLINE"));
            assert!(
                k == ["phone_call_centre"] || k == ["phone_service_number"],
                "{id}: {k:?}"
            );
            let k = entity_kinds(&expand(&id, "订房 PHONE"));
            assert_eq!(k.len(), 1, "{id}: {k:?}");
            assert!(k[0].starts_with("phone_"), "{id}: {k:?}");
            let k = entity_kinds(&expand(&id, "qq群 QQ 验证"));
            assert_eq!(k.len(), 1, "{id}: {k:?}");
            let qq = expand(&id, "QQ");
            assert!(qq.bytes().all(|b| b.is_ascii_digit()) && (6..=10).contains(&qq.len()));
        }
        // Now and then a virtual-operator mobile, as in real ads.
        assert!(seen.contains("phone_virtual_mobile") && seen.contains("phone_mobile"));
    }

    #[test]
    fn wechat_ids_look_like_wechat_ids() {
        let mut numeric = 0;
        for id in ids(200) {
            let w = expand(&id, "WECHAT");
            assert!(w.len() >= 5 && w.len() <= 20, "{w}");
            assert!(w
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
            if w.bytes().all(|b| b.is_ascii_digit()) {
                numeric += 1;
                assert_eq!(entity_kinds(&w).len(), 1);
            } else {
                assert!(w.as_bytes()[0].is_ascii_alphabetic(), "{w}");
            }
        }
        assert!((20..120).contains(&numeric), "{numeric} of 200 numeric");
    }

    #[test]
    fn links_vary_between_shorteners_and_look_alike_domains() {
        let mut hosts = HashSet::new();
        let mut shorteners = 0;
        for id in ids(300) {
            let u = expand(&id, "URL");
            let host = u
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap()
                .to_string();
            shorteners += SHORTENERS.contains(&host.as_str()) as usize;
            hosts.insert(host);
        }
        assert!(hosts.len() > 100, "{} distinct hosts", hosts.len());
        assert!((60..200).contains(&shorteners), "{shorteners} shorteners");
    }

    #[test]
    fn digits_ranges_and_words() {
        let mut wide = 0;
        for id in ids(200) {
            let e = expand(&id, "年龄 DIGIT DIGIT 岁");
            let mid = e.trim_start_matches("年龄").trim_end_matches('岁');
            let (a, b) = mid.split_once('-').expect("a range");
            wide += (a.len() + b.len() >= 4) as usize;
            assert!(
                a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()),
                "{e}"
            );
            let k = entity_kinds(&e);
            assert!(k.is_empty() || k == ["short_digits"], "{e}: {k:?}");
            let b = expand(&id, "BANK");
            assert!(BANKS.contains(&b.as_str()) && b.contains(['行']));
            let n = expand(&id, "您好我是NAME");
            assert!(n.chars().count() >= 6 && !n.is_ascii(), "{n}");
            let p = expand(&id, "PLACE PLACE 新店开业");
            assert!(!p.contains(' ') && p.ends_with("新店开业"), "{p}");
        }
        assert!(wide > 20, "ranges vary in width");
    }

    #[test]
    fn glued_and_cut_off_placeholders_and_other_capitals() {
        for id in ids(50) {
            let e = expand(&id, "咨询 URLWECHAT 或 CELLPHONEQQ 找 CELLPHON");
            assert!(no_placeholder_left(&e), "{e}");
            assert!(!e.contains("CELLPHON"));
            assert!(e.contains("咨询") && e.contains('或') && e.contains('找'));
            // Capitals that are no placeholders are left alone.
            assert_eq!(expand(&id, "TCL 电视 OOO 特价"), "TCL 电视 OOO 特价");
            assert_eq!(expand(&id, "NAMEX 和"), "NAMEX 和");
            // Glued to a letter, a link still gets its own space.
            let e = expand(&id, "回复 xURLsms");
            assert!(e.starts_with("回复 x") && e.ends_with(" sms"), "{e}");
            assert!(entity_kinds(&e).contains(&"url"), "{e}");
        }
        assert_eq!(expand("a", ""), "");
        assert_eq!(expand("a", "没有占位符"), "没有占位符");
    }
}
