//! The schema, as an append-only list of steps. Never edit a step that has
//! shipped: add one. `user_version` counts the steps applied.

use rusqlite_migration::{M, Migrations};

const STEPS: &[M<'static>] = &[M::up(
    "
    -- Shop settings and small app flags, one row per key.
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    -- People in the owner's community. phone is E.164 (phone.rs), unique when present.
    -- Dates are shop-local calendar dates, 'YYYY-MM-DD'.
    CREATE TABLE members (
        id                INTEGER PRIMARY KEY AUTOINCREMENT, -- never reuse a forgotten person's id
        name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        phone             TEXT UNIQUE CHECK (phone IS NULL OR phone GLOB '+[1-9]*'),
        wechat_name       TEXT,
        birthday          TEXT,
        joined_on         TEXT NOT NULL,
        source            TEXT NOT NULL,
        notes             TEXT NOT NULL DEFAULT '',
        marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
        left_on           TEXT
    ) STRICT;

    CREATE TABLE member_tags (
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        tag       TEXT NOT NULL,
        PRIMARY KEY (member_id, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX member_tags_by_tag ON member_tags(tag);
    ",
)];

pub static MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// The schema version this build writes.
pub const LATEST_VERSION: usize = STEPS.len();
