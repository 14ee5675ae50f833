//! `burao`: build, inspect and try out screening bundles.

mod build;
mod corpus;
mod delta;
mod eval;
mod evidence;
mod export;
mod inspect;
mod output;
mod placeholders;
mod rules;
mod screen;
mod signing;
mod state;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "burao",
    version,
    about = "On-device call and SMS screening: build, inspect and test bundles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a bundle from CSV lists (`pattern,category,action,label`).
    Build(build::BuildArgs),
    /// Screen calls or messages and print one JSON verdict per input.
    #[command(subcommand)]
    Screen(screen::ScreenCommand),
    /// Export a bundle's lists for a platform (`callkit`: iOS Call Directory batches).
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Train an SMS model from labelled messages.
    Train(train::TrainArgs),
    /// Measure SMS verdicts against labelled messages.
    Eval(eval::EvalArgs),
    /// Print a bundle's metadata and section sizes.
    Inspect {
        /// The bundle file.
        file: PathBuf,
    },
    /// Work with user rule documents.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Export messages received after an opt-out, for a complaint.
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    /// Look at a state directory (`show`: counts, never numbers or bodies).
    #[command(subcommand)]
    State(state::StateCommand),
    /// Make an Ed25519 key pair for signing bundles.
    Keygen(signing::KeygenArgs),
    /// Sign a bundle (replaces any earlier signature).
    Sign(signing::SignArgs),
    /// Check a bundle's signature against trusted public keys.
    Verify(signing::VerifyArgs),
    /// Make a delta patch from one bundle file to the next.
    Diff(delta::DiffArgs),
    /// Apply a delta patch to a bundle file (checks the result like a phone does).
    Patch(delta::PatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Screen(what) => screen::run(what),
        Command::Export(what) => export::run(what),
        Command::Inspect { file } => inspect::run(&file),
        Command::Rules(what) => rules::run(what),
        Command::Evidence(what) => evidence::run(what),
        Command::State(what) => state::run(what),
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Keygen(args) => signing::keygen(args),
        Command::Sign(args) => signing::sign(args),
        Command::Verify(args) => signing::verify(args),
        Command::Diff(args) => delta::diff(args),
        Command::Patch(args) => delta::patch(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("burao: {message}");
            ExitCode::FAILURE
        }
    }
}
