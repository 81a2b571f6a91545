// No console window on Windows release builds; the CLI still prints when started from a terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;
use regulars_lib::{cli, settings::datadir::DataDir};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let dir = DataDir::resolve(args.data_dir);
    match args.command {
        Some(command) => cli::run(dir, command),
        None => window(dir),
    }
}

#[cfg(feature = "gui")]
fn window(dir: DataDir) -> ExitCode {
    regulars_lib::app::run(dir)
}

/// A build without the window (`--no-default-features`) is the headless CLI,
/// e.g. for benchmarks and servers with no display libraries.
#[cfg(not(feature = "gui"))]
fn window(_dir: DataDir) -> ExitCode {
    eprintln!(
        "This build has no window (built without the `gui` feature); run a command, see --help."
    );
    ExitCode::FAILURE
}
