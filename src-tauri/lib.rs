//! Regulars: the pure core (everything but `app`) and the Tauri shell (`app`).
//!
//! The core never names `tauri`; it takes the clock, the locale and the data
//! directory as arguments so the CLI, the window and the tests share it.

#[cfg(feature = "gui")]
pub mod app;
pub mod charts;
pub mod cli;
pub mod customers;
pub mod dashboard;
pub mod datadir;
pub mod demo;
pub mod i18n;
pub mod import;
pub mod member_list;
pub mod members;
pub mod metrics;
pub mod phone;
pub mod report;
pub mod rollups;
pub mod settings;
pub mod shop;
pub mod store;
pub mod targets;
