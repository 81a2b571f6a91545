//! Any bytes as a member list, imported into a fresh shop: the first byte picks the shop's phone
//! region, the rest is the file. The import is all or nothing, so whenever it is refused no
//! member may be left behind; a preview never leaves one. Errors are fine; panics, hangs, a
//! half-written list and runaway memory are not.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use regulars_lib::import::table::TableRequest;
use regulars_lib::settings::ctx::Ctx;
use regulars_lib::shop::imports::{TableKind, import_table, preview_table};
use rusqlite::Connection;
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

const REGIONS: [&str; 6] = ["CN", "GB", "US", "DE", "HK", "??"];

/// A fresh shop: a copy of one migrated once (running the migrations for every input would
/// leave the fuzzer a dozen runs a second).
fn fresh_shop() -> Option<Connection> {
    static TEMPLATE: OnceLock<Mutex<Connection>> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        Mutex::new(regulars_lib::store::open_in_memory().expect("the schema migrates"))
    });
    let mut conn = Connection::open_in_memory().ok()?;
    {
        let source = template.lock().ok()?;
        let copy = rusqlite::backup::Backup::new(&source, &mut conn).ok()?;
        copy.run_to_completion(1024, Duration::ZERO, None).ok()?;
    }
    conn.pragma_update(None, "foreign_keys", "ON").ok()?;
    Some(conn)
}

fn members(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap_or(-1)
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file_bytes)) = data.split_first() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("members.csv");
    let Ok(mut file) = std::fs::File::create(&path) else {
        return;
    };
    if file.write_all(file_bytes).and_then(|()| file.flush()).is_err() {
        return;
    }
    let Some(mut conn) = fresh_shop() else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("a real day");
    let ctx = Ctx::on(REGIONS[usize::from(pick) % REGIONS.len()], today);
    let _ = preview_table(&mut conn, TableKind::Members, &path, &ctx);
    assert_eq!(members(&conn), 0, "a preview left members behind");
    let request = TableRequest {
        path: path.clone(),
        valid_rows: pick & 0x80 != 0,
    };
    let rejects = dir.path().join("rejects");
    let imported = import_table(&mut conn, TableKind::Members, &request, &ctx, &rejects);
    if imported.is_err() {
        assert_eq!(members(&conn), 0, "a refused list left members behind");
    }
});
