//! `burao`: build, inspect and try out screening bundles.

mod build;
mod evidence;
mod inspect;
mod output;
mod rules;
mod screen;
mod signing;

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
    Screen {
        #[command(subcommand)]
        what: screen::ScreenCommand,
    },
    /// Print a bundle's metadata and section sizes.
    Inspect {
        /// The bundle file.
        file: PathBuf,
    },
    /// Work with user rule documents.
    Rules {
        #[command(subcommand)]
        what: rules::RulesCommand,
    },
    /// Export messages received after an opt-out, for a complaint.
    Evidence {
        #[command(subcommand)]
        what: evidence::EvidenceCommand,
    },
    /// Make an Ed25519 key pair for signing bundles.
    Keygen(signing::KeygenArgs),
    /// Sign a bundle (replaces any earlier signature).
    Sign(signing::SignArgs),
    /// Check a bundle's signature against trusted public keys.
    Verify(signing::VerifyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Screen { what } => screen::run(what),
        Command::Inspect { file } => inspect::run(&file),
        Command::Rules { what } => rules::run(what),
        Command::Evidence { what } => evidence::run(what),
        Command::Keygen(args) => signing::keygen(args),
        Command::Sign(args) => signing::sign(args),
        Command::Verify(args) => signing::verify(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("burao: {message}");
            ExitCode::FAILURE
        }
    }
}
