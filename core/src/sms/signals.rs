//! Phishing, impersonation and notice signals of a normalised message: what
//! its links are (registrable domain, TLD, IP-literal host, shortener,
//! punycode, brand look-alike), whom it claims to be and whether its sender
//! and links belong to that institution, what it asks the reader to do, and
//! whether it has the shape of a notice (a code, an account movement, a
//! delivery). They are model features and, on their own, the rule layer that
//! junks clear impersonation and vetoes `transaction` on any fraud evidence.

use std::sync::OnceLock;

use regex::Regex;
use regex_automata::meta::Regex as MultiRegex;

use super::institutions::{host_on, Institutions};
use super::normalize::{EntityKind, Normalized};
use crate::number::{normalize, PhoneKey, Region};

/// Link shorteners: the link hides where it goes.
/// Links analysed per message: a real message carries a handful; 64 KiB of
/// `9.` repeated reads as ~8,000 IP addresses, each worth an institution
/// lookup (issue 17). Later links are left out of the signals.
pub const MAX_LINKS: usize = 32;

const SHORTENERS: &[&str] = &[
    "t.cn",
    "dwz.cn",
    "url.cn",
    "suo.im",
    "sina.lt",
    "tb.cn",
    "j.mp",
    "bit.ly",
    "tinyurl.com",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "t.co",
    "rb.gy",
    "cutt.ly",
    "tiny.cc",
    "buff.ly",
    "rebrand.ly",
    "t.ly",
    "v.gd",
    "reurl.cc",
    "pse.is",
    "lihi.cc",
    "lihi1.com",
    "bit.do",
    "short.gy",
    "lin.ee",
    "ppt.cc",
    "0rz.tw",
];

/// Hosts under a shortener's domain that are a service's own share links:
/// Google Maps' place links, which friends send each other all the time.
const NOT_SHORTENERS: &[&str] = &["maps.app.goo.gl"];

/// TLDs that legitimate notices in our users' markets practically never use
/// and throw-away phishing sites very often do.
const RISKY_TLDS: &[&str] = &[
    "top",
    "vip",
    "xyz",
    "tk",
    "ml",
    "ga",
    "cf",
    "gq",
    "icu",
    "buzz",
    "live",
    "fun",
    "cyou",
    "sbs",
    "bond",
    "shop",
    "club",
    "site",
    "online",
    "win",
    "ltd",
    "rest",
    "lol",
    "cfd",
    "click",
    "link",
    "store",
    "space",
    "website",
    "work",
    "today",
    "world",
    "cc",
    "cam",
    "bar",
    "monster",
    "quest",
    "mom",
    "beauty",
    "hair",
    "pics",
    "autos",
    "boats",
    "yachts",
    "homes",
    "xin",
    "pw",
    "gdn",
    "bid",
    "loan",
    "men",
    "date",
    "review",
    "racing",
    "download",
    "stream",
    "party",
    "science",
    "cricket",
    "accountant",
    "faith",
    "kim",
    "ren",
];

/// Second-level labels under which the registrable domain has three labels
/// (`icbc.com.cn`, `gov.uk`'s `x.gov.uk`, `co.uk`).
const SECOND_LEVEL: &[&str] = &["com", "net", "org", "gov", "edu", "co", "ac"];

/// One link of the message. Its `Debug` shows the flags, never the host
/// (it is part of the message body).
#[derive(Clone, PartialEq)]
pub struct Link {
    /// The host, lower case, without `www.`.
    pub host: String,
    /// Byte range in the normalised text.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// A bare IP address.
    pub ip: bool,
    /// A public link shortener.
    pub shortener: bool,
    /// An internationalised (`xn--`) label, or a host written with Cyrillic
    /// or Greek look-alikes of its letters (what a browser would visit as one).
    pub punycode: bool,
    /// A TLD phishing sites favour.
    pub risky_tld: bool,
    /// The institution whose name is a token of the host, when the host is
    /// not one of its domains (`icbc-jf.vip`).
    pub lookalike: Option<usize>,
    /// The host belongs to an institution of the table.
    pub official: bool,
    /// Written as a bare name (`BESTBUY.COM`): no scheme, `www.` or path.
    /// Merchants' names in card notices look like this; links to visit rarely do.
    pub bare: bool,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("host_len", &self.host.len())
            .field("ip", &self.ip)
            .field("shortener", &self.shortener)
            .field("punycode", &self.punycode)
            .field("risky_tld", &self.risky_tld)
            .field("lookalike", &self.lookalike)
            .field("official", &self.official)
            .field("bare", &self.bare)
            .finish()
    }
}

impl Link {
    /// The registrable domain (`icbc.com.cn`, `usps-redeliver.top`).
    pub fn registrable(&self) -> &str {
        registrable(&self.host)
    }

    /// The last label.
    pub fn tld(&self) -> &str {
        self.host.rsplit('.').next().unwrap_or("")
    }
}

/// What a message asks the reader to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Request {
    /// Send money: transfer, a fee, a deposit, gift cards.
    Transfer,
    /// Add a WeChat/QQ/Telegram contact (`加V`, `薇信`, `VX`).
    AddContact,
    /// Download or install an app.
    Download,
    /// Call a number back.
    CallBack,
    /// Verify, unlock, claim or get a refund, with a deadline or a threat.
    VerifyDeadline,
    /// Pass on a code the reader just received (`把验证码回传给我`,
    /// `send me the 6-digit code`): the code is the key to their account.
    ShareCode,
    /// A relative writing from a "new number" (`妈，我换号了`, `Hi Mum, this is
    /// my new number`): the opening of the family-impersonation scam.
    NewNumber,
    /// Offers invoices, certificates or diplomas for sale (`代开发票`,
    /// `办理各类证件`, `fake ID`): an illegal service, sold by fraudsters.
    FakeDocuments,
}

impl Request {
    /// Stable feature name.
    pub fn as_str(self) -> &'static str {
        match self {
            Request::Transfer => "transfer",
            Request::AddContact => "add_contact",
            Request::Download => "download",
            Request::CallBack => "call_back",
            Request::VerifyDeadline => "verify_deadline",
            Request::ShareCode => "share_code",
            Request::NewNumber => "new_number",
            Request::FakeDocuments => "fake_documents",
        }
    }
}

/// The shape of a legitimate notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A one-time or pickup code.
    Code,
    /// An account movement: spending, a balance, a repayment.
    Account,
    /// A parcel or order update.
    Delivery,
    /// A bill or usage statement.
    Bill,
    /// An appointment, a ticket, a flight, a school notice.
    Appointment,
}

impl Notice {
    /// Stable feature name.
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::Code => "code",
            Notice::Account => "account",
            Notice::Delivery => "delivery",
            Notice::Bill => "bill",
            Notice::Appointment => "appointment",
        }
    }
}

/// A claimed identity: the message names an institution of the table, or
/// its sender is one of an institution's official numbers (fake base
/// stations send as 10086 or 95588, so that is a claim too).
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The institution's row.
    pub row: usize,
    /// Byte range of the name in the normalised text; empty (0..0) for a
    /// claim its sender makes and its text does not.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The sender is one of its official numbers.
    pub sender_official: bool,
    /// The sender is a kind of number it never sends from (a personal
    /// mobile, a foreign number, an e-mail address).
    pub sender_mismatch: bool,
    /// A link (not a shortener) that is not one of its domains.
    pub foreign_link: Option<usize>,
    /// A shortened link (its target is hidden).
    pub short_link: Option<usize>,
}

/// Everything the rule layer and the features need.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    /// The sender's number type (`mobile`, `sms_port`, `alpha` …).
    pub sender_kind: &'static str,
    /// Links, in text order (the first [`MAX_LINKS`]).
    pub links: Vec<Link>,
    /// Claimed identities.
    pub claims: Vec<Claim>,
    /// Requests with their byte ranges.
    pub requests: Vec<(Request, usize, usize)>,
    /// Notice shapes with their byte ranges.
    pub notices: Vec<(Notice, usize, usize)>,
    /// The message carries a code, an amount or a number a notice would.
    pub has_figures: bool,
    /// The message has a digit anywhere (a date, a time, a room number).
    pub has_digit: bool,
    /// The text gives a personal (mobile) number to contact.
    pub personal_number_in_text: bool,
    /// The text names an amount of money.
    pub money: bool,
}

/// How much the signals speak for fraud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Nothing.
    None,
    /// Enough to refuse `transaction` and to say what looked suspicious.
    Weak,
    /// Clear impersonation: junk as fraud whatever the model says.
    Strong,
}

impl Signals {
    /// True for a request of this kind.
    pub fn asks(&self, r: Request) -> bool {
        self.requests.iter().any(|&(x, _, _)| x == r)
    }

    /// A request that, from someone posing as an institution, is the scam
    /// itself: send money, move to WeChat/QQ, or install or verify through a link.
    fn risky_request(&self) -> bool {
        self.asks(Request::Transfer)
            || self.asks(Request::AddContact)
            || (!self.links.is_empty()
                && (self.asks(Request::Download) || self.asks(Request::VerifyDeadline)))
    }

    /// The strength of the fraud evidence.
    pub fn evidence(&self) -> Evidence {
        if self.strong_claim().is_some()
            || self
                .links
                .iter()
                .any(|l| l.lookalike.is_some() || l.punycode)
        {
            return Evidence::Strong;
        }
        let weak = self
            .claims
            .iter()
            .any(|c| c.sender_mismatch || c.foreign_link.is_some() || c.short_link.is_some())
            || self.links.iter().any(|l| l.ip || l.risky_tld)
            || self.asks(Request::Transfer)
            || self.asks(Request::AddContact)
            || self.asks(Request::ShareCode)
            || self.asks(Request::FakeDocuments)
            || (self.asks(Request::NewNumber)
                && (self.asks(Request::Transfer) || self.asks(Request::AddContact) || self.money))
            || (self.asks(Request::VerifyDeadline) && !self.links.is_empty())
            || (self.claims.iter().any(|c| c.sender_mismatch)
                && (self.asks(Request::CallBack) || self.asks(Request::Download)))
            || (self.asks(Request::CallBack) && self.personal_number_in_text);
        if weak {
            Evidence::Weak
        } else {
            Evidence::None
        }
    }

    /// The claim that makes the evidence strong, if one does.
    pub fn strong_claim(&self) -> Option<&Claim> {
        // Institutions link to regional and partner sites too (`mobilebj.cn`
        // for China Mobile Beijing), and banks send from 106 ports: a link off
        // the table's domains is clear only from a personal number or when the
        // site is a throw-away one.
        // An institution does not ask, through a link that hides where it
        // goes, to verify or update something before a deadline; from its
        // own number that is still its message (sender-less copies, as apps
        // and data sets have them, are read on the text alone).
        let hidden_verify = |c: &Claim| {
            !c.sender_official && c.short_link.is_some() && self.asks(Request::VerifyDeadline)
        };
        self.claims.iter().find(|c| {
            let throwaway = c
                .foreign_link
                .is_some_and(|i| self.links[i].risky_tld || self.links[i].ip);
            (c.sender_mismatch
                && (c.foreign_link.is_some() || c.short_link.is_some() || self.risky_request()))
                || throwaway
                || hidden_verify(c)
        })
    }

    /// True when the message vouches for itself the way only the institution
    /// can: it names an institution, every link it has (one at least) is on
    /// an institution's own domains, its sender is no kind the institution
    /// never sends from, and it asks for nothing a fraudster needs besides the
    /// site (no transfer, contact, app, call-back number or code). A link to
    /// the real site takes the reader to the real site.
    pub fn vouched(&self) -> bool {
        !self.claims.is_empty()
            && !self.links.is_empty()
            && self.links.iter().all(|l| l.official)
            && self
                .claims
                .iter()
                .all(|c| !c.sender_mismatch && c.foreign_link.is_none() && c.short_link.is_none())
            && !self.personal_number_in_text
            && self
                .requests
                .iter()
                .all(|&(r, _, _)| r == Request::VerifyDeadline)
    }

    /// True when the message has the shape of a notice. A code or an account
    /// movement needs figures as well (the code, the amount); an appointment
    /// needs a digit (its date, time or number): an appointment's words alone
    /// are what a person asking writes too ("can I book a check-up next week?").
    pub fn notice_shape(&self) -> bool {
        self.notices.iter().any(|&(n, _, _)| match n {
            Notice::Delivery | Notice::Bill => true,
            Notice::Appointment => self.has_digit,
            Notice::Code | Notice::Account => self.has_figures,
        })
    }
}

/// The first link (a shortener's, or any other's) off the domains of
/// institution `row`. A bare merchant name (`BESTBUY.COM` in a card notice)
/// is no link to visit, unless its TLD is a throw-away one.
fn off_site(links: &[Link], t: &Institutions, row: usize, short: bool) -> Option<usize> {
    if t.rows()[row].domains.is_empty() {
        return None;
    }
    // A masked link (no host) says nothing of where it goes.
    links.iter().position(|l| {
        !l.host.is_empty()
            && !t.is_official_host(row, &l.host)
            && l.shortener == short
            && (!l.bare || l.risky_tld || l.shortener)
    })
}

fn registrable(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').collect();
    let keep = if labels.len() >= 3
        && SECOND_LEVEL.contains(&labels[labels.len() - 2])
        && labels[labels.len() - 1].len() == 2
    {
        3
    } else {
        2
    };
    if labels.len() <= keep {
        return host;
    }
    let skip: usize = labels[..labels.len() - keep]
        .iter()
        .map(|l| l.len() + 1)
        .sum();
    &host[skip..]
}

/// Country-code TLDs sold as generic names (`.co` for `.com`, `.io`, `.me`) or
/// favoured by throw-away sites: a brand's name under one is no regional site.
const GENERIC_CCTLDS: &[&str] = &[
    "co", "me", "io", "ai", "tv", "ly", "la", "to", "gl", "gd", "is", "im", "lt", "mp", "do", "ee",
    "gy", "pw", "so", "gg", "sh", "ac", "fm", "am",
];

/// True when `host`'s registrable domain is exactly one of the brand's names
/// under a country's domain (`amazon.com.au`, `google.de`, `apple.co.jp`): a
/// brand's regional site, as a friend's shopping link has it, not a name with
/// something glued to it (`icbc-jf.vip`, `amazon-refund.com.au`).
fn regional_site(host: &str, aliases: &[String]) -> bool {
    let reg = registrable(host);
    let mut labels = reg.split('.');
    let Some(name) = labels.next() else {
        return false;
    };
    let rest: Vec<&str> = labels.collect();
    let country = match rest.as_slice() {
        [cc] => *cc,
        [sld, cc] if SECOND_LEVEL.contains(sld) => *cc,
        _ => return false,
    };
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_lowercase())
        && !RISKY_TLDS.contains(&country)
        && !GENERIC_CCTLDS.contains(&country)
        && aliases.iter().any(|a| a == name)
}

fn host_of(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    // The host ends at the first character a host name cannot hold (a path,
    // a port, or the `)` of a full-width bracket folded by NFKC).
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '@'))
        .unwrap_or(rest.len());
    let host = rest[..end].trim_end_matches('.');
    let host = host.rsplit('@').next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

/// The sender's type (`mobile`, `sms_port`, `alpha`, `email` …) and
/// canonical digits when it is a number.
fn sender_info(sender: &str, cn_reading: Option<&PhoneKey>) -> (&'static str, Option<String>) {
    let s = sender.trim();
    if s.is_empty() {
        return ("empty", None);
    }
    if s.contains('@') {
        return ("email", None);
    }
    if s.chars().any(|c| c.is_alphabetic()) {
        return ("alpha", None);
    }
    // A reading of the untrimmed sender is the trimmed one's: the number
    // module trims, and its length limits only pass more once trimmed.
    let read;
    let k = match cn_reading {
        Some(k) => k,
        None => match normalize(s, &Region::cn()) {
            Ok(k) => {
                read = k;
                &read
            }
            Err(_) => return ("unreadable", None),
        },
    };
    (k.kind().as_str(), Some(k.digits().to_string()))
}

struct Patterns {
    /// [`REQUESTS`] in one multi-pattern regex: a match says which one made it.
    requests: MultiRegex,
    deadline: Regex,
    /// [`NOTICES`], the same way.
    notices: MultiRegex,
    customer: Regex,
}

const REQUESTS: [(Request, &str); 8] = [
    (
        Request::Transfer,
        r"请.{0,4}(?:转账|汇款|打款)|(?:转账|汇款|打款)(?:至|到)|(?:以前|原来|之前|上次|旧)(?:的|那|那个|那张|给你的)*(?:卡|账户|帐户|账号|帐号).{0,8}(?:没磁|消磁|坏了|不能用|用不了|冻结|挂失|注销|有问题|作废|停用)|(?:钱|款|租金|房租|货款)(?:直接)?(?:打|汇|转|存)(?:到|在|进|入)?(?:这张|这个|我(?:的|爱人的?|老婆的?|老公的?|家人的?)?|下面(?:的|这个)?)(?:卡|账户|帐户|账号|帐号)|安全账户|保证金|解冻费|激活费|滞留费|(?:交|缴纳|支付|先付|缴|收取)(?:手续费|工本费|押金|会员费|服务费)|刷流水|垫付|储值|(?:转入|转至|移转至|汇入|存入)?(?:保护|监管|验证|核查|清查)[账帐]户|汇入.{0,6}个人[账帐]户|(?:出金|提现|提款|解冻)(?:前|之前).{0,4}(?:支付|缴纳|缴交|缴|付)|购买.{0,12}(?:点数|点卡|礼品卡|充值卡|购物卡)|(?-u:\b)(?:(?:our|my) (?:bank|account|payment) details have (?:changed|been updated)|(?:new|updated) (?:bank|account|payment) details|wire (?:the|a|your)|send (?:me |us )?(?:some )?(?:money|funds|payment)|can (?:you|u) (?:send|transfer|wire|venmo|zelle|paynow) (?:me |us )?(?:some |the )?(?:money|cash|funds|(?:[$£€]|s\$|a\$)[0-9]+)|(?:send|transfer|wire) (?:me |us )(?:[$£€]|s\$|a\$)[0-9]+|(?:venmo|zelle|paynow|cash ?app) (?:it|me|the)|(?:in|with) (?:bitcoin|btc|usdt|crypto)|gift ?cards?|pay (?:a|the|your)? ?(?:fee|fine|toll|customs|duty|tax|taxes) (?:before|to (?:release|withdraw|unlock)))(?-u:\b)",
    ),
    (
        Request::AddContact,
        r"加.{0,3}(?:微信|v|vx|qq|扣扣|群)|加我这个新?(?:微信|v|vx|qq)|薇信|威信|徽信|v信|微信号|qq号|扣扣号|加.{0,4}(?:line|whatsapp|telegram)(?-u:\b)|加(?:我|个|一下)?赖|加.{0,3}纸飞机|(?-u:\b)line(?-u:\b) ?(?:加|id)|(?-u:\b)(?:vx|wx|line id)(?-u:\b)|(?-u:\b)(?:add|message|msg|text|contact|chat|reach|dm|join|find|ping|hit)(?: me| us| him| her| our [a-z]+)?(?: up)? (?:on|via|through|at|in) (?:whatsapp|telegram|signal)(?-u:\b)|(?-u:\b)(?:whatsapp|telegram)(?: group| channel)?(?: me| us)? ?[:@]? ?(?:\+?[0-9][0-9 -]{5}|@[a-z0-9_]{3})|(?-u:\b)(?:wa|t)\.me/",
    ),
    (
        Request::Download,
        r"下载|安装(?:包|app|应用|软件|客户端)|(?-u:\b)(?:apk|download|install)(?-u:\b)",
    ),
    (
        Request::CallBack,
        r"回电|致电|回拨|拨打|速联系|联系(?:电话|客服)|(?-u:\b)call (?:us|back|now|this|the|our)(?-u:\b)",
    ),
    (
        Request::ShareCode,
        r"(?:验证码|认证码|代码|[0-9六]位数[字码]?).{0,8}(?:回传|传给我|发给我|告诉我|转发给我|回复给我|截图给我)|(?:回传|传给我|发给我|告诉我|转发给我).{0,6}(?:验证码|认证码|[0-9六]位数)|(?-u:\b)(?:send|text|forward|tell|give|share) (?:me|us) (?:the|that|this|your) (?:[0-9six]+[- ]digit )?(?:code|otp|pin)(?-u:\b)|(?-u:\b)(?:send|text|forward) (?:the|that|this) (?:[0-9six]+[- ]digit )?(?:code|otp) (?:back|to me)(?-u:\b)",
    ),
    (
        Request::NewNumber,
        r"(?:妈|爸|妈妈|爸爸|老妈|老爸|奶奶|爷爷|阿嬷|阿公|外婆|外公).{0,12}(?:换号|换了号|新号码|新的号码|新手机号|换手机号|这是我的新号)|(?:换号|换了号|新号码|新手机号).{0,12}(?:妈|爸)|(?-u:\b)(?:mum|mom|mam|ma|mummy|mommy|dad|daddy|grandma|grandpa|nan|nana)(?-u:\b).{0,40}(?-u:\b)(?:new (?:number|phone|mobile)|lost my phone|dropped my phone|broke my phone|phone (?:broke|is broken|died))(?-u:\b)",
    ),
    (
        Request::FakeDocuments,
        // Invoices for sale (and the lists of invoice kinds they advertise,
        // "guaranteed genuine"), certificates and stamps made to order. A tax
        // office issues invoices too (`税务局代开发票`): only the seller's
        // "any kind" and "genuine" say it is a sale. A bank account and the
        // holder's name are what friends send each other as often as what a
        // "changed account" scam sends: no signal.
        r"代开(?:各[类种]|全国|正规)发票|(?:各[类种]|正规)发票.{0,8}(?:代开|出售|提供|联系|保真)|发票.{0,10}(?:保真|验证后付款|可验证|查验后付款|先验后付)|(?:材料|工程|劳务|运输|餐饮|住宿|广告|科技|建筑)(?:.{0,2}(?:材料|工程|劳务|运输|餐饮|酒店|住宿|广告|科技|建筑)){2,}.{0,12}保真|(?:办理|代办|制作|办)各[类种].{0,4}(?:证件|证书|文凭)|办证刻章|刻章办证|(?-u:\b)(?:fake (?:ids?|passports?|diplomas?|degrees?|certificates?|documents?)|buy (?:a )?(?:diploma|degree)|novelty (?:ids?|documents?))(?-u:\b)",
    ),
    (
        Request::VerifyDeadline,
        r"验证|认证|核实|确认(?:资料|地址|信息|收件)|点击取消|点此取消|点选取消|缴纳|补缴|缴费|解冻|解锁|激活|领取|退款|退税|退费|理赔|补贴|赔付|更新|升级|补办|(?-u:\b)(?:verify|confirm|unlock|reactivate|claim|refund|update|validate|reschedule|redeliver|release)(?-u:\b)",
    ),
];

const DEADLINE: &str = r"今[日天]|[0-9一二两三]+小时|[0-9]+ ?h(?:rs?)?内|为避免|以免|若非本人|如非本人|[0-9一二两三]+[天日]内|逾期|过期|即将|立即|尽快|否则|冻结|停用|暂停|注销|失效|清零|作废|扣除|(?-u:\b)(?:within|today|immediately|expire[sd]?|suspend(?:ed)?|locked|disabled|final|avoid|urgent|tonight|asap)(?-u:\b)";

// `(?:^|[^自])考试`: not `自考试点`; `(?:^|[^没])话费`: not "out of credit".
const NOTICES: [(Notice, &str); 5] = [
    (
        Notice::Code,
        r"验证码|校验码|动态码|动态密码|确认码|取件码|提货码|取餐码|请勿泄露|切勿告知|(?-u:\b)(?:code|otp|passcode|pin)(?-u:\b)",
    ),
    (
        Notice::Account,
        r"尾号|余额|入账|转入|可用资金|扣款|还款|支出|收入|消费|月供|成交|份额|额度已|(?-u:\b)(?:ending(?: in)?|balance|transaction|purchase|statement|payment of|repayment|was used)(?-u:\b)",
    ),
    (
        Notice::Delivery,
        r"快件|包裹|驿站|派送|签收|运单|单号|丰巢|取件|已发货|已寄出|送达|配送|外卖|骑手|司机|上车点|(?-u:\b)(?:package|parcel|delivered|dispatched|shipment|tracking|your order|arriving|arrive|ready to collect|is ready)(?-u:\b)",
    ),
    (
        Notice::Bill,
        r"(?:^|[^没])话费|账单|流量|套餐|缴费|已缴纳|水费|电费|燃气|停水|停电|检修|物业|到期|有效期|年检|续保|续费|保单|退款|退税|已退|(?-u:\b)(?:bill|invoice|usage|renews?|due on|is due|will be collected)(?-u:\b)",
    ),
    (
        Notice::Appointment,
        r"预约|预订|订单|入住|就诊|挂号|门诊|复诊|体检|航班|车次|检票|值机|登机|家长|班级|放学|开庭|(?:^|[^自])考试|准考证|面试|成绩|复试|已签发|已办理|已受理|已确认|已生效|已审批|已完成|已制作|已通过|已到店|(?-u:\b)(?:appointment|reservation|flight|booking|check-in|class|reminder|results|delayed|train|check-up|school|collection)(?-u:\b)",
    ),
];

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let many = |ps: &[&str]| MultiRegex::new_many(ps).expect("the signal patterns are valid");
        Patterns {
            requests: many(&REQUESTS.map(|(_, p)| p)),
            deadline: Regex::new(DEADLINE).expect("valid pattern"),
            notices: many(&NOTICES.map(|(_, p)| p)),
            customer: Regex::new(
                r"尊敬的|亲爱的|您的|您好|(?-u:\b)(?:dear|your (?:account|card|package|parcel|order|payment|delivery|shipment|apple id|id))(?-u:\b)",
            )
            .expect("valid pattern"),
        }
    })
}

/// A pattern compiled on first use, for the checks only a few messages reach
/// (a message about to be filed, trusted or taken as self-declared marketing).
fn lazy(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// An offer: a discount, a sale, something free.
const OFFERS: &str = r"%|折|优惠|促销|特价|抢购|秒杀|免费|包邮|满减|(?-u:\b)(?:clearance|sale|off|discount|deals?|offers?|coupons?|vouchers?|promo|free|bogo|half price)(?-u:\b)";

/// True when the message offers something: a notice's shape then does not
/// make it a notice (`use code XTRA20`, `free next-day delivery`). Called
/// only for a message with an opt-out line.
#[cold]
pub fn offers(n: &Normalized) -> bool {
    static P: OnceLock<Regex> = OnceLock::new();
    lazy(&P, OFFERS).is_match(n.text())
}

/// An opening that asks who the reader is.
const ASKS_WHO: &str = r"^.{0,40}?(?:(?-u:\b)(?:is this|is that|am i (?:speaking|talking) (?:to|with)|are you) (?:still )?(?:the |a |mr\.? |mrs\.? |ms\.? |dr\.? )?[a-z][^?]{0,40}\?|请问(?:你|您)?是.{1,16}吗|(?:你|您)是.{1,10}吗[?？])";

/// True when the message opens by asking who the reader is (`is this Dr.
/// Evans' office?`, `请问是王先生吗`): the writer does not know whom they
/// are writing to, which no notice to a customer does and a wrong-number
/// opener always does. Called only for a message about to be trusted.
#[cold]
pub fn asks_who(n: &Normalized) -> bool {
    static P: OnceLock<Regex> = OnceLock::new();
    lazy(&P, ASKS_WHO).is_match(n.text())
}

/// Words of a greeting, a blessing or a forwarded saying (after folding to
/// Simplified Chinese and lower case).
const GREETING: &str = r"祝|快乐|节日|新年|春节|过年|拜年|中秋|端午|元旦|元宵|七夕|重阳|圣诞|平安夜|情人节|母亲节|父亲节|生日|幸福|好运|吉祥|如意|安康|问候|开心|心情|笑话|愿你|愿您|牵挂|思念|(?-u:\b)(?:merry christmas|happy (?:new year|birthday|holidays|diwali|eid|easter|thanksgiving|lunar new year|chinese new year|mother'?s day|father'?s day|anniversary|valentine'?s(?: day)?)|season'?s greetings|best wishes|god bless)(?-u:\b)";

/// Words that sell, charge, gamble or campaign: with one of them a greeting
/// can be an advertisement's opening (`中秋快乐！月饼八折`) or a fake base
/// station's political broadcast (`新年好，…退出党团队`).
const COMMERCE: &str = r"[元角块]|价|折|优惠|送|赠|抢|促销|特价|活动|会员|售|推出|专卖|珠宝|钻|平台|娱乐|线上|注册|倍|赌|博|夺宝|棋牌|回复|退订|详询|咨询|热线|电话|致电|地址|报名|加盟|招聘|下载|关注|微信|店|商城|购|订|开业|热卖|限时|名额|预约|客服|点击|登录|登陆|办理|领取|公司|发货|产品|服务|业务|项目|投资|贷|险|房|楼|课程|培训|奖|彩|铃|上映|播出|收看|包月|资费|流量|话费|积分|兑换|费|好消息|新号|换号|赢|礼|美容|生活馆|会所|宫|法轮|大法|中共|共产党|党团|退党|邪党|真相|迫害|劫难|(?-u:\b)(?:free|win|won|winner|prize|claim|offer|sale|discount|deal|shop|store|order|buy|subscribe|reply|txt|call|visit|book|tickets?|price|voucher|coupon|cash|loan|insurance|invest\w*|off|click|link|app)(?-u:\b)|[%$£€¥]";

/// True for a greeting, a blessing or a forwarded saying with nothing to sell:
/// no link, number, address to write to, amount, signature, opt-out line,
/// request or claimed institution, and no word that sells or charges. Such a
/// message is no promotion (the commercial-message rules concern commerce),
/// whatever old data sets that file subscribed blessings as spam taught the
/// model. Called only for a message about to be filed away without fraud
/// evidence (the patterns are compiled on first use).
#[cold]
pub fn nothing_to_sell(n: &Normalized, s: &Signals) -> bool {
    static G: OnceLock<Regex> = OnceLock::new();
    static C: OnceLock<Regex> = OnceLock::new();
    let text = n.text();
    // Links and amounts are in the signals already (every link entity is one
    // of `links`, every amount sets `money`); the entities add the rest.
    s.links.is_empty()
        && s.requests.is_empty()
        && s.claims.is_empty()
        && !s.money
        && n.entities().iter().all(|e| {
            !matches!(
                e.kind,
                EntityKind::Email
                    | EntityKind::Phone(_)
                    | EntityKind::Signature
                    | EntityKind::OptOut
            )
        })
        && lazy(&G, GREETING).is_match(text)
        && !lazy(&C, COMMERCE).is_match(text)
}

/// Analyses a normalised message from `sender` against the institution table.
pub fn analyse(n: &Normalized, sender: &str, inst: Option<&Institutions>) -> Signals {
    analyse_read(n, sender, None, inst)
}

/// [`analyse`], with the sender already read as a Chinese number when the
/// caller has done so (the screener, in China: one reading per message).
pub(crate) fn analyse_read(
    n: &Normalized,
    sender: &str,
    cn_reading: Option<&PhoneKey>,
    inst: Option<&Institutions>,
) -> Signals {
    let text = n.text();
    let (sender_kind, digits) = sender_info(sender, cn_reading);
    let p = patterns();
    let mut s = Signals {
        sender_kind,
        ..Signals::default()
    };
    for e in n.entities() {
        match e.kind {
            EntityKind::Url | EntityKind::Ip if s.links.len() < MAX_LINKS => {
                // A link a data set or an app masked (`[link]`, `URL`) has
                // no host (no name with a dot): a link still, but nothing is
                // known of where it goes.
                let host = if e.kind == EntityKind::Ip {
                    text[e.start..e.end].to_string()
                } else {
                    Some(host_of(&text[e.start..e.end]))
                        .filter(|h| h.contains('.'))
                        .unwrap_or_default()
                };
                let ip = e.kind == EntityKind::Ip
                    || (!host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
                let tld = host.rsplit('.').next().unwrap_or("");
                let disguised = n.disguised(e.start, e.end);
                let official = !disguised && inst.is_some_and(|t| t.any_official_host(&host));
                let lookalike = inst
                    .and_then(|t| t.brand_in_host(&host).map(|r| (t, r)))
                    .filter(|&(t, r)| {
                        !t.is_official_host(r, &host) && !regional_site(&host, &t.rows()[r].aliases)
                    })
                    .map(|(_, r)| r);
                let written = &text[e.start..e.end];
                let bare = e.kind == EntityKind::Url
                    && !written.contains("://")
                    && !written.starts_with("www.")
                    && !written.contains('/');
                let shortener = SHORTENERS.iter().any(|d| host_on(&host, d))
                    && !NOT_SHORTENERS.contains(&host.as_str());
                s.links.push(Link {
                    bare,
                    shortener,
                    punycode: disguised || host.split('.').any(|l| l.starts_with("xn--")),
                    // A shortener's TLD is the shortener's (`lihi.cc`, `reurl.cc`,
                    // Taiwan's common ones), not the site's it opens.
                    risky_tld: !ip && !shortener && RISKY_TLDS.contains(&tld),
                    ip,
                    official,
                    lookalike,
                    host,
                    start: e.start,
                    end: e.end,
                });
            }
            EntityKind::ShortDigits => s.has_figures = true,
            EntityKind::Money => {
                s.has_figures = true;
                s.money = true;
            }
            EntityKind::Phone(k) => {
                if matches!(k.as_str(), "mobile" | "virtual_mobile") {
                    s.personal_number_in_text = true;
                }
            }
            _ => {}
        }
    }
    let mut verify = Vec::new();
    for m in p.requests.find_iter(text) {
        let r = REQUESTS[m.pattern().as_usize()].0;
        if r == Request::VerifyDeadline {
            verify.push((m.start(), m.end()));
        } else {
            s.requests.push((r, m.start(), m.end()));
        }
    }
    // A code, an amount, a card's last digits: a run of four digits or more.
    let mut run = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            run = 0;
            continue;
        }
        run += 1;
        s.has_digit = true;
        if run >= 4 {
            s.has_figures = true;
            break;
        }
    }
    if let Some(&(start, end)) = verify.first() {
        if p.deadline.is_match(text) {
            s.requests.push((Request::VerifyDeadline, start, end));
        }
    }
    for m in p.notices.find_iter(text) {
        s.notices
            .push((NOTICES[m.pattern().as_usize()].0, m.start(), m.end()));
    }
    if let Some(t) = inst {
        let signatures: Vec<(usize, usize)> = n
            .entities()
            .iter()
            .filter(|e| e.kind == EntityKind::Signature)
            .map(|e| (e.start, e.end))
            .collect();
        // Asked only for a name outside the signature and the opening.
        let mut addressed = None;
        let mut seen = Vec::new();
        for (row, start, end) in t.mentions(text, n.traditional()) {
            if seen.contains(&row) {
                continue;
            }
            let in_signature = signatures.iter().any(|&(a, b)| a <= start && end <= b);
            let leading = text[..start].chars().count() <= 1;
            if !(in_signature
                || leading
                || *addressed.get_or_insert_with(|| p.customer.is_match(text)))
            {
                continue;
            }
            seen.push(row);
            let numbers = !t.rows()[row].numbers.is_empty();
            let sender_official = digits
                .as_deref()
                .is_some_and(|d| t.is_official_number(row, d));
            let personal = matches!(sender_kind, "mobile" | "virtual_mobile" | "email");
            // Taiwanese banks, carriers and shops send from mobile-format
            // numbers (`09…`, `+886 9…`): there such a sender proves nothing.
            let long_foreign = digits
                .as_ref()
                .is_some_and(|d| d.len() >= 11 && !d.starts_with("8869"));
            let sender_mismatch = !sender_official
                && (personal
                    || sender_kind == "foreign" && numbers
                    || sender_kind == "foreign" && long_foreign);
            s.claims.push(Claim {
                row,
                start,
                end,
                sender_official,
                sender_mismatch,
                foreign_link: off_site(&s.links, t, row, false),
                short_link: off_site(&s.links, t, row, true),
            });
        }
        // The sender's own claim, when the text names no institution.
        if s.claims.is_empty() {
            if let Some(row) = digits.as_deref().and_then(|d| t.official_row(d)) {
                s.claims.push(Claim {
                    row,
                    start: 0,
                    end: 0,
                    sender_official: true,
                    sender_mismatch: false,
                    foreign_link: off_site(&s.links, t, row, false),
                    short_link: off_site(&s.links, t, row, true),
                });
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::normalize::normalize_text;

    fn table() -> Institutions {
        Institutions::parse_csv(
            "ICBC,工商银行,工行|icbc,95588,icbc.com.cn,src\n\
             USPS,,usps,,usps.com,src\n\
             SF Express,顺丰速运,顺丰,95338,sf-express.com,src\n\
             E.SUN Bank,玉山銀行,esun,,esunbank.com.tw,src\n\
             Amazon,,amazon,,amazon.com,src\n",
        )
        .unwrap()
    }

    #[test]
    fn only_a_message_whose_links_are_all_the_institutions_own_vouches_for_itself() {
        let t = Institutions::parse_csv(
            "ICBC,工商银行,工行|icbc,95588,icbc.com.cn,src\n\
             FasTrak,,fastrak,,bayareafastrak.org,src\n",
        )
        .unwrap();
        let vouched = |sender: &str, body: &str| {
            let n = normalize_text(body);
            analyse(&n, sender, Some(&t)).vouched()
        };
        let notice = "FasTrak: Your credit card on file expires next month. Update it in your account at bayareafastrak.org to avoid a low balance.";
        assert!(vouched("FasTrak", notice));
        assert!(vouched(
            "95588",
            "【工商银行】您的信用卡即将到期，请登录 www.icbc.com.cn 更新"
        ));
        // No link, a look-alike link, a second foreign link, a personal
        // number to call, a sender it never uses: no vouching.
        for (sender, body) in [
            ("95588", "【工商银行】您的信用卡即将到期，请及时更新"),
            ("95588", "【工商银行】您的账户异常，请点击 icbc-jf.vip 验证"),
            (
                "95588",
                "【工商银行】请登录 www.icbc.com.cn 或 icbc-help.top 更新",
            ),
            (
                "95588",
                "【工商银行】详见 www.icbc.com.cn，或致电 13800138000 办理",
            ),
            ("+447700900123", notice),
        ] {
            assert!(!vouched(sender, body), "{body}");
        }
    }

    #[test]
    fn a_reading_passed_in_is_the_one_made_here() {
        // The screener's reading (untrimmed sender, China) against the
        // signals' own (trimmed): the same kind and the same claims.
        let t = table();
        let n = normalize_text("【工商银行】您的账户异常，请点击 icbc-jf.vip 验证");
        for sender in [
            "95588",
            " 95588 ",
            "+86 138 0013 8000",
            "1069012345678",
            "10086",
            "+1 415 555 2671",
        ] {
            let read = normalize(sender, &Region::cn()).unwrap();
            let (a, b) = (
                analyse_read(&n, sender, Some(&read), Some(&t)),
                analyse(&n, sender, Some(&t)),
            );
            assert_eq!(a.sender_kind, b.sender_kind, "{sender}");
            assert_eq!(a.claims, b.claims, "{sender}");
        }
    }

    fn sig(sender: &str, body: &str) -> Signals {
        analyse(&normalize_text(body), sender, Some(&table()))
    }

    #[test]
    fn a_shortened_link_to_verify_before_a_deadline_is_strong_unless_the_sender_is_official() {
        let body = "【顺丰速运】您的快件因地址不详已暂停派送，请于24h内确认地址 t.cn/A6abcd";
        for sender in ["", "1069012345678", "SF"] {
            let s = sig(sender, body);
            assert!(s.asks(Request::VerifyDeadline), "{sender:?}");
            assert_eq!(s.evidence(), Evidence::Strong, "{sender:?}");
        }
        // From the courier's own number it is the courier's message.
        assert_ne!(sig("95338", body).evidence(), Evidence::Strong);
        // A shortened link without a deadline to verify by is weak evidence.
        let s = sig("", "【顺丰速运】您的快件已签收，评价有礼 t.cn/A6abcd");
        assert_eq!(s.evidence(), Evidence::Weak);
        // "If this was not you, click to cancel" is the threat and the request.
        let s = sig(
            "",
            "【工商银行】您的信用卡海外消费USD 899.00，若非本人交易请点击取消 t.cn/A6abcd",
        );
        assert!(s.asks(Request::VerifyDeadline));
        assert_eq!(s.evidence(), Evidence::Strong);
    }

    #[test]
    fn a_greeting_with_nothing_to_sell() {
        let yes = |body: &str| {
            let n = normalize_text(body);
            nothing_to_sell(&n, &analyse(&n, "13800138000", Some(&table())))
        };
        for body in [
            "春节到，愿你新的一年身体健康，家庭和睦，万事如意！小周",
            "中秋快樂，闔家平安！",
            "Merry Christmas to you and the kids, see you in January!",
        ] {
            assert!(yes(body), "{body}");
        }
        for body in [
            // An advertisement that opens with a greeting.
            "中秋快乐！本店月饼八折，满200再送茶叶",
            "新年快乐！回复1领取新春好礼",
            // A contact channel, a link, a signature, an amount.
            "新年快乐！有事打我电话13800138001",
            "春节快乐 t.cn/A6abcd",
            "祝您新年快乐！【某某商城】",
            "新年快乐，红包5000元已备好",
            // A political broadcast.
            "新年好！请了解真相，退出党团队",
            // Nothing greets.
            "明天几点到？",
        ] {
            assert!(!yes(body), "{body}");
        }
    }

    #[test]
    fn a_pay_link_before_a_deadline_and_a_new_wechat_are_requests() {
        let s = sig(
            "",
            "【顺丰速运】您的快件运费逾期未付，请点 t.cn/A6abcd 补缴，以免退回",
        );
        assert!(s.asks(Request::VerifyDeadline));
        assert_eq!(s.evidence(), Evidence::Strong);
        // A bill reminder without a link asks nothing of a link.
        let s = sig(
            "95588",
            "【工商银行】您的信用卡本期账单已出，请于到期日前缴费",
        );
        assert_ne!(s.evidence(), Evidence::Strong);
        let s = sig(
            "13800138000",
            "你好，我是你领导，明天到我办公室一趟，先加我这个新微信",
        );
        assert!(s.asks(Request::AddContact));
    }

    #[test]
    fn offers_are_found() {
        let o = |body: &str| offers(&normalize_text(body));
        assert!(o(
            "Weekend sale, 20% off with code 4521. Reply STOP to opt out"
        ));
        assert!(o("Free next day delivery on all orders"));
        assert!(o("会员日全场八折，回T退订"));
        assert!(!o(
            "UPS: Your package will be delivered today by 8pm. Reply STOP to opt out"
        ));
        assert!(!o(
            "PG&E: Your bill of $142.87 is due 04/18. Reply STOP to unsubscribe."
        ));
        assert!(!o("您尾号1234的信用卡消费人民币300.00元，回TD退订"));
    }

    #[test]
    fn asking_who_the_reader_is() {
        let who = |body: &str| asks_who(&normalize_text(body));
        assert!(who(
            "Sorry to bother you, is this Dr. Evans office? I'd like to confirm my appointment"
        ));
        assert!(who("Hi, is this Linda? We met at the conference"));
        assert!(who("请问是王先生吗？我是上次展会的小林"));
        assert!(who("請問您是林小姐嗎？"));
        assert!(!who("Your appointment with Dr. Evans is tomorrow at 3pm. Is this time still OK? Reply Y or N"));
        assert!(!who("您预约的体检在明天上午9点，请携带身份证"));
    }

    #[test]
    fn invoice_and_certificate_sellers_are_a_request_a_tax_office_is_not() {
        for body in [
            "本公司可代开各类正规发票，验证后付款，联系王经理",
            "長期代開各類發票，查驗後付款",
            "工程、材料、劳务、运输等票据，保真可查",
            "办理各类证件 文凭，刻章办证",
            "We sell fake IDs and passports, any country",
        ] {
            let s = sig("13912345678", body);
            assert!(s.asks(Request::FakeDocuments), "{body}");
            assert_ne!(s.evidence(), Evidence::None, "{body}");
        }
        for body in [
            "【某市税务局】您申请的代开发票已办结，请到办税服务厅领取",
            "您的电子发票已开具，可在订单详情查看",
            "钱打到这张卡：工行 6222 0212 3456 7890 123 户名：李明",
            "我的身份证件放你那了吗",
        ] {
            assert!(
                !sig("13912345678", body).asks(Request::FakeDocuments),
                "{body}"
            );
        }
    }

    #[test]
    fn registrable_domains() {
        assert_eq!(registrable("www.icbc.com.cn"), "icbc.com.cn");
        assert_eq!(registrable("a.b.usps-redeliver.top"), "usps-redeliver.top");
        assert_eq!(registrable("t.cn"), "t.cn");
        assert_eq!(host_of("https://www.icbc.com.cn/x?y"), "icbc.com.cn");
        assert_eq!(host_of("www.10086.cn)"), "10086.cn");
        assert_eq!(host_of("http://a.b.cn:8080/x"), "a.b.cn");
    }

    #[test]
    fn a_masked_link_is_a_link_that_says_nothing_of_its_site() {
        for body in ["USPS: update your address at [link]", "请点击 URL 领取"] {
            let s = sig("", body);
            assert_eq!(s.links.len(), 1, "{body}");
            let l = &s.links[0];
            assert!(l.host.is_empty(), "{body}");
            // Not an IP address, a throw-away site or a look-alike: unknown.
            assert!(!l.ip && !l.risky_tld && !l.official && l.lookalike.is_none());
        }
    }

    #[test]
    fn links_past_the_cap_are_left_out() {
        let hosts: Vec<String> = (0..MAX_LINKS + 8).map(|i| format!("10.0.0.{i}")).collect();
        let s = sig("", &hosts.join(" "));
        assert_eq!(s.links.len(), MAX_LINKS);
        assert!(s.links.iter().all(|l| l.ip));
        assert_eq!(s.links[MAX_LINKS - 1].host, hosts[MAX_LINKS - 1]);
    }

    #[test]
    fn brands_in_hosts_with_or_without_their_hyphens() {
        let t = Institutions::parse_csv("E-ZPass,,E-ZPass,,e-zpassny.com,src\n").unwrap();
        assert_eq!(t.brand_in_host("ezpass.toll-pay.top"), Some(0));
        // `e` and `zpass` run together, as a look-alike writes them.
        assert_eq!(t.brand_in_host("e-zpass.toll-pay.top"), Some(0));
        assert_eq!(t.brand_in_host("toll-pay.top"), None);
    }

    #[test]
    fn impersonation_is_strong_evidence() {
        let body = "【工商银行】您的账户积分即将清零，请登录 icbc-jf.vip 兑换";
        let s = sig("13800138000", body);
        assert_eq!(s.evidence(), Evidence::Strong);
        assert!(s.links[0].lookalike.is_some() && s.links[0].risky_tld);
        let c = &s.claims[0];
        assert!(c.sender_mismatch && c.foreign_link.is_some());
        let body =
            "USPS: your package is on hold. Update your address at usps-redeliver.top within 24h";
        let s = sig("", body);
        assert_eq!(s.evidence(), Evidence::Strong);
        assert!(s.asks(Request::VerifyDeadline));
    }

    #[test]
    fn a_host_written_with_look_alike_letters_is_no_official_site() {
        let s = sig("95588", "【工商银行】请于今日登录 www.іcbc.com.cn 完成验证");
        let l = &s.links[0];
        assert!(l.punycode && !l.official, "{l:?}");
        assert_eq!(l.registrable(), "icbc.com.cn");
        assert_eq!(s.evidence(), Evidence::Strong);
        assert!(!s.vouched());
        let s = sig("95588", "【工商银行】请于今日登录 www.icbc.com.cn 完成验证");
        assert!(s.links[0].official && !s.links[0].punycode);
    }

    #[test]
    fn an_official_sender_is_a_claim_its_links_must_keep() {
        // Fake base stations send as the bank's own number: the sender claims
        // the bank, and a throw-away link off its domains is impersonation.
        let s = sig(
            "95588",
            "您的账户存在异常，请今日内登录 m.safe-check.top 完成验证",
        );
        let c = &s.claims[0];
        assert_eq!((c.row, c.start, c.end), (0, 0, 0));
        assert!(c.sender_official && !c.sender_mismatch && c.foreign_link == Some(0));
        assert_eq!(s.evidence(), Evidence::Strong);
        // The bank's own site is its claim kept; a named bank is the text's claim.
        let s = sig("95588", "您的信用卡账单已出，详情登录 www.icbc.com.cn 查看");
        assert!(s.claims[0].foreign_link.is_none() && s.vouched());
        assert_eq!(s.evidence(), Evidence::None);
        let s = sig("95588", "【工商银行】您尾号1234的卡消费100.00元");
        assert_eq!((s.claims.len(), s.claims[0].start), (1, "【".len()));
        // No claim from an ordinary number, and none without a table.
        assert!(sig("13800138000", "在吗？今晚一起吃饭").claims.is_empty());
        let n = normalize_text("登录 m.safe-check.top");
        assert!(analyse(&n, "95588", None).claims.is_empty());
    }

    #[test]
    fn an_appointment_is_a_notice_only_with_its_date_or_time() {
        let s = sig(
            "",
            "【某某医院】您已预约12月3日下午14:30呼吸内科门诊，请提前到门诊二楼取号",
        );
        assert!(s.notice_shape());
        let s = sig(
            "",
            "Your REAL ID appointment is confirmed for 12/9 at 8:30 AM",
        );
        assert!(s.notice_shape());
        // A person asking to book (a wrong-number opener as often as not).
        for body in [
            "請問是張醫師嗎？我想預約下週的門診",
            "Hi, can I book a check-up next week?",
        ] {
            let s = sig("", body);
            assert!(
                s.notices.iter().any(|n| n.0 == Notice::Appointment),
                "{s:?}"
            );
            assert!(!s.notice_shape());
        }
    }

    #[test]
    fn real_notices_carry_no_evidence() {
        let body = "【工商银行】您尾号4821的卡11月29日消费人民币86.00元，余额2,310.45元。";
        let s = sig("95588", body);
        assert_eq!(s.evidence(), Evidence::None);
        assert!(s.claims[0].sender_official && s.notice_shape());
        // A courier's privacy number naming the courier, with a code and no link: no fraud.
        let body = "【顺丰速运】您的快件已放至驿站，取件码 3301，有问题请致电我";
        let s = sig("17012345678", body);
        assert_eq!(s.evidence(), Evidence::Weak);
        assert!(s.strong_claim().is_none());
        let s = sig("", "您的验证码是 482193，5分钟内有效，请勿泄露");
        assert_eq!(s.evidence(), Evidence::None);
        assert!(s.notice_shape());
        // Taiwanese banks send from mobile-format numbers; a UK mobile is no bank.
        let s = sig(
            "+886967318405",
            "【玉山銀行】您的信用卡本期已全額繳清，感謝您。",
        );
        assert!(!s.claims[0].sender_mismatch);
        assert_eq!(s.evidence(), Evidence::None);
        let s = sig("+447700900123", "USPS: your parcel is held, call us today");
        assert!(s.claims[0].sender_mismatch);
        // A mention in passing is no claim.
        assert!(sig("13800138000", "我在工商银行门口等你").claims.is_empty());
    }

    #[test]
    fn a_merchant_name_in_a_card_notice_is_no_foreign_link() {
        let body = "USPS: your order from BESTBUY.COM has shipped, tracking 9400 1000 0000";
        let s = sig("USPS", body);
        assert!(s.claims[0].foreign_link.is_none());
        assert_ne!(s.evidence(), Evidence::Strong);
        let body = "USPS: your parcel is held, pay the fee at https://track-parcel.com/x";
        let s = sig("+15035550108", body);
        assert_eq!(s.evidence(), Evidence::Strong);
    }

    #[test]
    fn an_installer_visit_from_a_couriers_number_is_no_scam() {
        let body = "顺丰快递，您的冰箱明天上午送货，安装师傅会跟您另约时间";
        let s = sig("17112345678", body);
        assert!(!s.asks(Request::Download));
        assert_ne!(s.evidence(), Evidence::Strong);
    }

    #[test]
    fn notice_words_inside_other_words_are_no_notice() {
        let kinds = |body: &str| {
            let s = sig("", body);
            s.notices.iter().map(|&(k, _, _)| k).collect::<Vec<_>>()
        };
        // `自考` + `试点` (a self-study exam centre), a son out of phone credit.
        assert!(kinds("你符合某某学院全日制自考试点本科录取条件").is_empty());
        assert!(kinds("媽，我手機沒話費了，晚點再打給你").is_empty());
        assert!(kinds("您预约的科目二考试时间为12月8日").contains(&Notice::Appointment));
        assert!(kinds("考试时间为12月8日").contains(&Notice::Appointment));
        assert!(kinds("您本月话费86元").contains(&Notice::Bill));
        assert!(kinds("话费86元").contains(&Notice::Bill));
    }

    #[test]
    fn debug_shows_no_host() {
        let s = sig("13800138000", "【工商银行】请登录 icbc-jf.vip 兑换");
        let dump = format!("{s:?}");
        assert!(!dump.contains("icbc-jf"), "{dump}");
    }

    #[test]
    fn requests_are_found() {
        let s = sig("", "兼职刷单日赚300，加V：abc123，详情薇信咨询");
        assert!(s.asks(Request::AddContact));
        let s = sig("", "请将资金转账至安全账户");
        assert!(s.asks(Request::Transfer));
        let s = sig("", "点击 http://1.2.3.4/a 下载");
        assert!(s.asks(Request::Download) && s.links[0].ip);
        assert_eq!(s.evidence(), Evidence::Weak);
    }

    #[test]
    fn moving_to_a_chat_app_is_a_request_naming_one_is_not() {
        for body in [
            "Add me on WhatsApp +44 7700 900123 for the job details",
            "message our mentor on telegram to join the signals group",
            "Telegram: @fx_coach_amy",
            "chat with us: wa.me/447700900123",
            "加我纸飞机，带你赚钱",
            "請加LINE：abc123",
            "有問題加賴問我",
        ] {
            assert!(sig("", body).asks(Request::AddContact), "{body}");
        }
        for body in [
            "new phone who dis, same whatsapp tho",
            "I sent the photos on WhatsApp last night",
            "no signal here, will call later",
            "I put it on whatsapp 2 mins ago",
            "大家越来越依赖手机了",
        ] {
            assert!(!sig("", body).asks(Request::AddContact), "{body}");
        }
    }

    #[test]
    fn a_brands_regional_site_is_no_look_alike() {
        let t = table();
        let amazon = t.rows().iter().position(|r| r.name_en == "Amazon").unwrap();
        let aliases = &t.rows()[amazon].aliases;
        for host in ["amazon.com.au", "www.amazon.de", "smile.amazon.co.jp"] {
            assert!(regional_site(host, aliases), "{host}");
        }
        for host in [
            "amazon-refund.com.au",
            "amazon.co",
            "amazon.top",
            "amazon.com.au-login.top",
            "amazonn.de",
        ] {
            assert!(!regional_site(host, aliases), "{host}");
        }
        // A friend's link to a regional store is no impersonation.
        let s = sig(
            "+61491570233",
            "found the tent https://www.amazon.com.au/dp/B0CJ7Y2M4K",
        );
        assert!(s.links[0].lookalike.is_none());
        assert_eq!(s.evidence(), Evidence::None);
        assert!(sig("", "see amazon-refund.com.au/x").links[0]
            .lookalike
            .is_some());
    }

    #[test]
    fn every_shortener_written_bare_is_a_shortened_link() {
        for d in SHORTENERS {
            let s = sig("", &format!("详情见 {d}/aB3x 谢谢"));
            assert!(s.links.len() == 1 && s.links[0].shortener, "{d}");
            // Its TLD is the shortener's, not the site's: no throw-away site.
            assert!(!s.links[0].risky_tld, "{d}");
        }
    }

    #[test]
    fn a_masked_link_contradicts_no_claim() {
        // The sender's own notice, its link masked as a data set has it.
        let s = sig(
            "95588",
            "【工商银行】您的账户积分即将清零，请登录 [link] 兑换",
        );
        assert!(s
            .claims
            .iter()
            .all(|c| c.foreign_link.is_none() && c.short_link.is_none()));
    }

    #[test]
    fn shorteners_and_the_sites_phishing_favours() {
        let s = sig("", "這家早午餐好像不錯 https://maps.app.goo.gl/u8Xz2RkQp3");
        assert!(!s.links[0].shortener, "a Maps place link is Google's own");
        assert!(sig("", "see goo.gl/abc").links[0].shortener);
        // A bare name on a TLD throw-away sites favour is a link, and a risky one.
        let s = sig("", "您的發票已中獎，請於 einvoice-tw.prize.cam 登錄");
        assert!(s.links.len() == 1 && s.links[0].risky_tld);
    }
}

#[cfg(test)]
mod lure_tests {
    use super::*;
    use crate::sms::normalize::normalize_text;

    fn sig(body: &str) -> Signals {
        analyse(&normalize_text(body), "+15125550100", None)
    }

    #[test]
    fn safe_account_and_withdrawal_fee_lures_ask_for_money() {
        for body in [
            "您的帳戶涉及可疑交易，請依指示將存款移轉至保護帳戶配合調查",
            "系统核查期间请将余额转入监管账户，核查后原路退回",
            "恭喜您的投资获利，提现前需支付百分之十的手续费用",
            "Congrats, your points are ready. Pay the tax before withdrawal to release them",
            "Hi, can you send me $300 tonight, I'll explain tomorrow",
            "pay the remaining balance in bitcoin within 48 hours",
            "請至超商購買 5000 點遊戲點數卡，拍照傳給客服",
            // The "changed account" scam: the old card is broken, pay this one.
            "钱还没汇吧？之前那张卡消磁了，用这个：建行 6217 0000 1111 2222 333 张伟",
            "我是房东，租金直接打到我爱人的卡上，工行 6222 0000 1111 2222",
            "Please note our bank details have changed, kindly send this month's invoice payment to the new account below",
        ] {
            assert!(sig(body).asks(Request::Transfer), "{body}");
        }
        // Friends' talk of cards and a shop's refund notice ask nothing.
        for body in [
            "我之前那张卡丢了，明天去银行补办",
            "退款已原路退回您尾号 2231 的卡，请留意查收",
        ] {
            assert!(!sig(body).asks(Request::Transfer), "{body}");
        }
        // A bank's notice of a transfer into the customer's own account asks nothing.
        let s = sig("您尾号4821的账户11月29日转入人民币3,000.00元，余额5,210.45元");
        assert!(!s.asks(Request::Transfer));
        assert_eq!(s.evidence(), Evidence::None);
    }

    #[test]
    fn asking_for_a_received_code_is_fraud_evidence() {
        for body in [
            "不好意思，我把验证码传错到你手机了，可以麻烦你把6位数字回传给我吗",
            "我是客服，请把刚收到的验证码告诉我以便保留帐号",
            "Sorry, I sent my code to your number by mistake. Can you send me the 6-digit code?",
        ] {
            let s = sig(body);
            assert!(s.asks(Request::ShareCode), "{body}");
            assert_eq!(s.evidence(), Evidence::Weak, "{body}");
        }
        // A one-time code itself asks for nothing.
        let s = sig("您的验证码是 482193，5分钟内有效，请勿告诉他人");
        assert!(!s.asks(Request::ShareCode));
        let s = sig("Your code is 482193. Never share this code with anyone.");
        assert!(!s.asks(Request::ShareCode));
    }

    #[test]
    fn a_new_number_is_evidence_only_with_a_money_or_chat_request() {
        let s = sig("媽，我換號了，LINE 加這個");
        assert!(s.asks(Request::NewNumber));
        assert_eq!(s.evidence(), Evidence::Weak);
        let s = sig(
            "Hi Mum, this is my new number. Can you transfer $900 for me, will pay back tomorrow",
        );
        assert!(s.asks(Request::NewNumber));
        assert_eq!(s.evidence(), Evidence::Weak);
        // A real child's new number, asking nothing: a feature, not evidence.
        let s = sig("妈，我换号码了，这是新的，微信不变");
        assert!(s.asks(Request::NewNumber));
        assert_eq!(s.evidence(), Evidence::None);
        let s = sig("Hi mum, dropped my phone in the bath, this is my new number for now x");
        assert!(s.asks(Request::NewNumber));
        assert_eq!(s.evidence(), Evidence::None);
    }
}
