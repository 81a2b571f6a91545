//! Regulars: the pure core (everything but `app`) and the Tauri shell (`app`).
//!
//! The core never names `tauri`; it takes the clock, the locale and the data
//! directory as arguments so the CLI, the window and the tests share it.
//! Its folders are floors (ARCHITECTURE.md, "Floors"): `app` and `cli` on
//! top, then `insight` and `demo`, `shop`, the domains (`sales` and
//! `community` above `people`), `import` and `store`, and `settings`, `i18n` and `privacy` at the bottom.

#[cfg(feature = "gui")]
pub mod app;
pub mod check;
pub mod cli;
pub mod community;
pub mod demo;
pub mod i18n;
pub mod import;
pub mod insight;
pub mod people;
pub mod privacy;
pub mod sales;
pub mod settings;
pub mod shop;
pub mod store;
