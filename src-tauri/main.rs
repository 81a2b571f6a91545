// No console window on Windows release builds; the CLI still prints when started from a terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;
use regulars_lib::{app, cli, datadir::DataDir};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let dir = DataDir::resolve(args.data_dir);
    match args.command {
        Some(command) => cli::run(dir, command),
        None => app::run(dir),
    }
}
