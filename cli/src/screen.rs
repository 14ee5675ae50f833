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
    /// Language of the message reasons' texts: `en` (default) or `zh`.
    #[arg(long, value_name = "LANG")]
    reason_language: Option<String>,
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
        return jsonl(|line| {
            let body = line
                .get("body")
                .and_then(Value::as_str)
                .ok_or("each line needs a string field `body`")?;
            let from = match line.get("from") {
                None | Some(Value::Null) => "",
                Some(Value::String(s)) => s.as_str(),
                Some(_) => return Err("`from` must be a string".into()),
            };
            let contact = line
                .get("is_contact")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let at = line.get("at").and_then(Value::as_i64);
            let verdict = one(from, body, contact, at);
            after_sms(&screener, from, body, line, at.unwrap_or_else(now))?;
            Ok(verdict)
        });
    }
    let body = args.body.ok_or("give a message body, or --jsonl")?;
    println!("{}", one(&args.from, &body, args.contact, None));
    Ok(())
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
                jsonl(|line| {
                    let number = line
                        .get("number")
                        .and_then(Value::as_str)
                        .ok_or("each line needs a string field `number`")?;
                    let contact = line
                        .get("is_contact")
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                    let at = line.get("at").and_then(Value::as_i64);
                    let verdict = one(number, contact, at);
                    after_call(&screener, number, line, at)?;
                    Ok(verdict)
                })
            } else {
                if args.numbers.is_empty() {
                    return Err("give at least one number, or --jsonl".into());
                }
                let mut out = std::io::stdout().lock();
                for n in &args.numbers {
                    writeln!(out, "{}", one(n, false, None)).map_err(|e| e.to_string())?;
                }
                Ok(())
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
    if let Some(l) = &args.reason_language {
        s.set_reason_language(l)
            .map_err(|e| format!("--reason-language: {}", e.chain()))?;
    }
    match &args.state {
        Some(dir) => {
            if let Some(warning) = open_state(&s, dir)? {
                eprintln!("burao: warning: {warning}");
            }
        }
        None => {
            // A batch of inputs is not a phone ringing: the same number twice
            // must not count as "calling again" (the repeat-call exception).
            let cfg = BehaviourConfig {
                repeat_call_secs: 0,
                ..s.behaviour()
            };
            s.set_behaviour(cfg).map_err(|e| e.chain())?;
        }
    }
    Ok(s)
}

/// Points the screener at DIR/state.bin, creating DIR.
pub fn open_state(s: &Screener, dir: &Path) -> Result<Option<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("state.bin");
    s.open_state(&path.to_string_lossy())
        .map_err(|e| format!("{}: {}", path.display(), e.chain()))
}

/// What the user did after a replayed call: `"outcome"` and `"feedback"` fields.
fn after_call(s: &Screener, number: &str, line: &Value, at: Option<i64>) -> Result<(), String> {
    if let Some(o) = line.get("outcome").and_then(Value::as_str) {
        let outcome = match o {
            "answered" => Outcome::Answered,
            "declined" => Outcome::Declined,
            "marked_spam" => Outcome::MarkedSpam,
            _ => return Err("`outcome` is answered, declined or marked_spam".into()),
        };
        s.report_call_outcome(number, outcome)
            .map_err(|e| e.chain())?;
    }
    if let Some(spam) = feedback(line)? {
        s.report_feedback(number, None, spam, at.unwrap_or_else(now))
            .map_err(|e| e.chain())?;
    }
    Ok(())
}

/// What the user did after a replayed message: `"reply"` (a message sent back,
/// e.g. `T`), `"consent"` (consented / refused) and `"feedback"` (spam / not_spam).
fn after_sms(s: &Screener, from: &str, body: &str, line: &Value, at: i64) -> Result<(), String> {
    if let Some(r) = line.get("reply").and_then(Value::as_str) {
        s.record_outgoing_sms(from, r, at).map_err(|e| e.chain())?;
    }
    if let Some(c) = line.get("consent").and_then(Value::as_str) {
        let state = match c {
            "consented" => ConsentState::Consented,
            "refused" => ConsentState::Refused,
            _ => return Err("`consent` is consented or refused".into()),
        };
        s.record_consent(from, state, "app", at)
            .map_err(|e| e.chain())?;
    }
    if let Some(spam) = feedback(line)? {
        s.report_feedback(from, Some(body), spam, at)
            .map_err(|e| e.chain())?;
    }
    Ok(())
}

/// A replayed line's `"feedback"`: `Some(true)` for spam, `Some(false)` for not_spam.
fn feedback(line: &Value) -> Result<Option<bool>, String> {
    match line.get("feedback").and_then(Value::as_str) {
        None => Ok(None),
        Some("spam") => Ok(Some(true)),
        Some("not_spam") => Ok(Some(false)),
        Some(_) => Err("`feedback` is spam or not_spam".into()),
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Reads JSON lines from stdin and writes one line per input line, in order.
/// A bad line yields `{"error": …}` and the run goes on.
fn jsonl(mut each: impl FnMut(&Value) -> Result<Value, String>) -> Result<(), String> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line.map_err(|e| format!("reading stdin: {e}"))?;
        let result = match serde_json::from_str::<Value>(&line) {
            Ok(v) if v.is_object() => each(&v).unwrap_or_else(|e| output::error(&e)),
            Ok(_) => output::error("each line must be a JSON object"),
            Err(e) => output::error(&format!("not JSON: {e}")),
        };
        writeln!(out, "{result}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
