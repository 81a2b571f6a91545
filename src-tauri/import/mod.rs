//! Importing POS exports: which column plays which role (`layout`) and how a
//! cell's text becomes money or a date (`values`).

pub mod layout;
pub mod values;
