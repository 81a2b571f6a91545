//! The package's one integration-test binary: the CLI run as a real process,
//! and end-to-end tests driving the real app window.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod big_shop;
mod chat_privacy;
mod cli;
mod community_cli;
mod datasets;
#[cfg(target_os = "linux")]
mod e2e;
mod faults;
mod fixtures;
mod floors;
mod forgetting;
mod hostile_excel;
mod import_crash;
mod masking;
mod pos_exports;
mod privacy;
mod window_policy;
