//! `burao screen call`: one JSON verdict per number.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use burao_core::engine::consent::ConsentState;
use burao_core::engine::history::{BehaviourConfig, Outcome};
use burao_core::Screener;
use clap::{Args, Subcommand};
use serde_json::Value;

use crate::output;

#[derive(Subcommand)]
pub enum ScreenCommand {
    /// Screen incoming calls.
    Call(CallArgs),
    /// Screen incoming messages.
    Sms(SmsArgs),
}

#[derive(Args)]
pub struct CommonArgs {
    /// Bundle file (default: the embedded default bundle).
    #[arg(long)]
    bundle: Option<PathBuf>,
    /// Region for national number forms (default: the bundle's).
    #[arg(long)]
    region: Option<String>,
    /// Language of the reasons' texts (`detail`): `en` (default) or `zh`.
    #[arg(long, value_name = "LANG", visible_alias = "reason-language")]
    locale: Option<String>,
    /// Read JSON lines from stdin instead of arguments.
    #[arg(long)]
    jsonl: bool,
    /// Keep the user state (rules, consent, history, feedback) in DIR/state.bin,
    /// so a sequence of runs replays like a phone would. Without it nothing is
    /// remembered between runs, and a number repeated in the input does not
    /// count as calling again.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
}

#[derive(Args)]
pub struct CallArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Numbers in any written form.
    numbers: Vec<String>,
}

#[derive(Args)]
pub struct SmsArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// A model file to use with the default bundle's lists (instead of --bundle).
    #[arg(long, conflicts_with = "bundle")]
    model: Option<PathBuf>,
    /// The sender (may be empty).
    #[arg(long = "from", default_value = "")]
    from: String,
    /// The sender is in the user's contacts.
    #[arg(long)]
    contact: bool,
    /// The message body.
    body: Option<String>,
}

fn sms(args: SmsArgs) -> Result<(), String> {
    let screener = match &args.model {
        Some(_) => crate::eval::screener(&None, &args.model)?,
        None => screener(&args.common)?,
    };
    let one = |from: &str, body: &str, contact: bool, at: Option<i64>| {
        let result = match at {
            Some(t) => screener.screen_sms_at(from, body, contact, t),
            None => screener.screen_sms(from, body, contact),
        };
        match result {
            Ok(v) => output::sms_verdict(&v),
            Err(e) => output::error(&e.chain()),
        }
    };
    if args.common.jsonl {
        return jsonl(&screener, |line| {
            let f = Fields::new(line, SMS_FIELDS)?;
            let body = f
                .string("body")?
                .ok_or("each line needs a string field `body`")?;
            let from = f.string("from")?.unwrap_or("");
            let contact = f.boolean("is_contact")?.unwrap_or(false);
            let at = f.unix("at")?;
            let reply = f.string("reply")?;
            let consent = f.choice("consent", &["consented", "refused"])?;
            let feedback = f.choice("feedback", &["spam", "not_spam"])?;
            // The whole line is checked: only now does anything change.
            let result = match at {
                Some(t) => screener.screen_sms_at(from, body, contact, t),
                None => screener.screen_sms(from, body, contact),
            };
            let verdict = match result {
                Ok(v) => output::sms_verdict(&v),
                Err(e) => return Ok(output::error(&e.chain())),
            };
            let at = at.unwrap_or_else(now);
            let done = (|| {
                if let Some(r) = reply {
                    screener.record_outgoing_sms(from, r, at)?;
                }
                if let Some(c) = consent {
                    let state = match c {
                        "consented" => ConsentState::Consented,
                        _ => ConsentState::Refused,
                    };
                    screener.record_consent(from, state, "app", at)?;
                }
                if let Some(spam) = feedback {
                    screener.report_feedback(from, Some(body), spam == "spam", at)?;
                }
                Ok::<(), burao_core::Error>(())
            })();
            Ok(with_action_error(verdict, done))
        });
    }
    let body = args.body.ok_or("give a message body, or --jsonl")?;
    println!("{}", one(&args.from, &body, args.contact, None));
    screener.flush().map_err(|e| e.chain())
}

pub fn run(cmd: ScreenCommand) -> Result<(), String> {
    match cmd {
        ScreenCommand::Sms(args) => sms(args),
        ScreenCommand::Call(args) => {
            let screener = screener(&args.common)?;
            let one = |number: &str, contact: bool, at: Option<i64>| {
                let result = match at {
                    Some(t) => screener.screen_call_at(number, contact, t),
                    None => screener.screen_call(number, contact),
                };
                match result {
                    Ok(v) => output::with_input(number, output::verdict(&v)),
                    Err(e) => output::with_input(number, output::error(&e.chain())),
                }
            };
            if args.common.jsonl {
                jsonl(&screener, |line| {
                    let f = Fields::new(line, CALL_FIELDS)?;
                    let number = f
                        .string("number")?
                        .ok_or("each line needs a string field `number`")?;
                    let contact = f.boolean("is_contact")?.unwrap_or(false);
                    let at = f.unix("at")?;
                    let outcome = f.choice("outcome", &["answered", "declined", "marked_spam"])?;
                    let feedback = f.choice("feedback", &["spam", "not_spam"])?;
                    let result = match at {
                        Some(t) => screener.screen_call_at(number, contact, t),
                        None => screener.screen_call(number, contact),
                    };
                    let verdict = match result {
                        Ok(v) => output::with_input(number, output::verdict(&v)),
                        Err(e) => return Ok(output::with_input(number, output::error(&e.chain()))),
                    };
                    let done = (|| {
                        if let Some(o) = outcome {
                            let outcome = match o {
                                "answered" => Outcome::Answered,
                                "declined" => Outcome::Declined,
                                _ => Outcome::MarkedSpam,
                            };
                            screener.report_call_outcome(number, outcome)?;
                        }
                        if let Some(spam) = feedback {
                            let at = at.unwrap_or_else(now);
                            screener.report_feedback(number, None, spam == "spam", at)?;
                        }
                        Ok::<(), burao_core::Error>(())
                    })();
                    Ok(with_action_error(verdict, done))
                })
            } else {
                if args.numbers.is_empty() {
                    return Err("give at least one number, or --jsonl".into());
                }
                let mut out = std::io::stdout().lock();
                for n in &args.numbers {
                    writeln!(out, "{}", one(n, false, None)).map_err(|e| e.to_string())?;
                }
                screener.flush().map_err(|e| e.chain())
            }
        }
    }
}

fn screener(args: &CommonArgs) -> Result<Screener, String> {
    let s = match &args.bundle {
        None => Screener::with_default_bundle(),
        Some(path) => {
            let bundle = crate::inspect::load(path)?;
            Screener::from_bundle(bundle).map_err(|e| e.chain())?
        }
    };
    if let Some(r) = &args.region {
        s.set_region(r)
            .map_err(|e| format!("--region: {}", e.chain()))?;
    }
    if let Some(l) = &args.locale {
        s.set_reason_language(l)
            .map_err(|e| format!("--locale: {}", e.chain()))?;
    }
    match &args.state {
        Some(dir) => {
            if let Some(warning) = open_state(&s, dir)? {
                eprintln!("burao: warning: {warning}");
            }
        }
        None => as_batch(&s)?,
    }
    Ok(s)
}

/// A batch of inputs is not a phone ringing: the same number twice must not
/// count as "calling again" (the repeat-call exception). `screen` without
/// `--state` and `eval` screen this way.
pub fn as_batch(s: &Screener) -> Result<(), String> {
    let cfg = BehaviourConfig {
        repeat_call_secs: 0,
        ..s.behaviour()
    };
    s.set_behaviour(cfg).map_err(|e| e.chain())
}

/// Points the screener at DIR/state.bin, creating DIR.
pub fn open_state(s: &Screener, dir: &Path) -> Result<Option<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("state.bin");
    s.open_state(&path.to_string_lossy())
        .map_err(|e| format!("{}: {}", path.display(), e.chain()))
}

/// Fields of a `screen call --jsonl` line. `note` and `expect` are
/// annotations of replay files, read and ignored; any other field is an error.
const CALL_FIELDS: &[&str] = &[
    "number",
    "is_contact",
    "at",
    "outcome",
    "feedback",
    "note",
    "expect",
];
/// Fields of a `screen sms --jsonl` line.
const SMS_FIELDS: &[&str] = &[
    "from",
    "body",
    "is_contact",
    "at",
    "reply",
    "consent",
    "feedback",
    "note",
    "expect",
];

/// A JSON line's fields, checked by name and type. Errors name the field,
/// never echo a value (it may be a number or a body).
struct Fields<'a> {
    obj: &'a serde_json::Map<String, Value>,
}

impl<'a> Fields<'a> {
    fn new(line: &'a Value, allowed: &[&str]) -> Result<Fields<'a>, String> {
        let obj = line.as_object().ok_or("each line must be a JSON object")?;
        if let Some(k) = obj.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(format!(
                "unknown field {}; the fields are {}",
                crate::output::safe_name(k),
                allowed.join(", ")
            ));
        }
        Ok(Fields { obj })
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.obj.get(name).filter(|v| !v.is_null())
    }

    fn string(&self, name: &str) -> Result<Option<&'a str>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(format!("`{name}` must be a string")),
        }
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(format!("`{name}` must be true or false")),
        }
    }

    fn unix(&self, name: &str) -> Result<Option<i64>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or(format!("`{name}` must be an integer (Unix seconds)")),
        }
    }

    fn choice(&self, name: &str, options: &[&'static str]) -> Result<Option<&'static str>, String> {
        match self.string(name) {
            Ok(None) => Ok(None),
            Ok(Some(s)) => options
                .iter()
                .find(|o| **o == s)
                .copied()
                .map(Some)
                .ok_or(format!("`{name}` is {}", options.join(" or "))),
            Err(_) => Err(format!("`{name}` is {}", options.join(" or "))),
        }
    }
}

/// A verdict whose follow-up user action (outcome, reply, consent, feedback)
/// could not be saved: the verdict stands, the action is refused whole and
/// `error` says so.
fn with_action_error(mut verdict: Value, done: Result<(), burao_core::Error>) -> Value {
    if let (Err(e), Some(obj)) = (done, verdict.as_object_mut()) {
        obj.insert(
            "error".into(),
            Value::String(format!(
                "screened, but the user action was refused: {}",
                e.chain()
            )),
        );
    }
    verdict
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Reads JSON lines from stdin and writes one line per input line, in order,
/// for any bytes: a line that is not UTF-8, not JSON, or has a bad field gets
/// `{"error": …}` and changes nothing, and the run goes on. At the end the
/// call history waiting to be saved is flushed.
fn jsonl(
    screener: &Screener,
    mut each: impl FnMut(&Value) -> Result<Value, String>,
) -> Result<(), String> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.split(b'\n') {
        let line = line.map_err(|e| format!("reading stdin: {e}"))?;
        let result = match std::str::from_utf8(&line) {
            Err(e) => output::error(&format!(
                "line is not UTF-8 (bad byte at offset {})",
                e.valid_up_to()
            )),
            Ok(text) => match serde_json::from_str::<Value>(text) {
                Ok(v) if v.is_object() => each(&v).unwrap_or_else(|e| output::error(&e)),
                Ok(_) => output::error("each line must be a JSON object"),
                Err(e) => output::error(&format!("not JSON: {e}")),
            },
        };
        writeln!(out, "{result}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    screener
        .flush()
        .map_err(|e| format!("the call history could not be saved: {}", e.chain()))
}
