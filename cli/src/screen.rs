//! `burao screen call`: one JSON verdict per number.

use std::io::{BufRead, Write};
use std::path::PathBuf;

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
    /// Read JSON lines from stdin instead of arguments.
    #[arg(long)]
    jsonl: bool,
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
    let one = |from: &str, body: &str, contact: bool| match screener.screen_sms(from, body, contact)
    {
        Ok(v) => output::sms_verdict(&v),
        Err(e) => output::error(&e.chain()),
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
            Ok(one(from, body, contact))
        });
    }
    let body = args.body.ok_or("give a message body, or --jsonl")?;
    println!("{}", one(&args.from, &body, args.contact));
    Ok(())
}

pub fn run(cmd: ScreenCommand) -> Result<(), String> {
    match cmd {
        ScreenCommand::Sms(args) => sms(args),
        ScreenCommand::Call(args) => {
            let screener = screener(&args.common)?;
            let one = |number: &str, contact: bool| match screener.screen_call(number, contact) {
                Ok(v) => output::with_input(number, output::verdict(&v)),
                Err(e) => output::with_input(number, output::error(&e.chain())),
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
                    Ok(one(number, contact))
                })
            } else {
                if args.numbers.is_empty() {
                    return Err("give at least one number, or --jsonl".into());
                }
                let mut out = std::io::stdout().lock();
                for n in &args.numbers {
                    writeln!(out, "{}", one(n, false)).map_err(|e| e.to_string())?;
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
    Ok(s)
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
