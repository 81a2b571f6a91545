//! Personal data cannot slip past "forget": every TEXT column of every table, and every column
//! that names a member or an identity, is declared by its table's owner (`privacy::Column`),
//! either with what forget does to it or as holding nothing personal.

use regulars_lib::community::{chats, days, groups, rules, staff};
use regulars_lib::import::batches;
use regulars_lib::insight::targets;
use regulars_lib::people::forgotten;
use regulars_lib::privacy::{Column, Kind};
use regulars_lib::settings;
use regulars_lib::shop::forget;
use std::collections::BTreeSet;

/// Every owner's declarations: the domains forget walks, and the tables that hold nothing
/// personal. A new table's owner declares its columns and is added here.
fn declared() -> Vec<Column> {
    let mut all: Vec<Column> = forget::DOMAINS
        .iter()
        .flat_map(|d| d.iter().copied())
        .collect();
    all.extend(batches::COLUMNS.iter().copied());
    all.extend(settings::COLUMNS.iter().copied());
    all.extend(targets::COLUMNS.iter().copied());
    all.extend(forgotten::COLUMNS.iter().copied());
    all.extend(staff::COLUMNS.iter().copied());
    all.extend(groups::COLUMNS.iter().copied());
    all.extend(rules::COLUMNS.iter().copied());
    all.extend(days::COLUMNS.iter().copied());
    all.extend(chats::COLUMNS.iter().copied());
    all
}

/// The columns that must be declared: (table, column, why).
fn must_declare(conn: &rusqlite::Connection) -> Vec<(String, String, String)> {
    let tables = crate::fixtures::schema_tables(conn);
    let mut out = Vec::new();
    for table in tables {
        let fks: BTreeSet<(String, String)> = conn
            .prepare(&format!(
                "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}')"
            ))
            .expect("fks")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("fk");
        let mut cols = conn
            .prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{table}')"
            ))
            .expect("columns");
        let columns: Vec<(String, String)> = cols
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("column");
        for (name, ty) in columns {
            let why = if ty.eq_ignore_ascii_case("TEXT") {
                "TEXT"
            } else if name.ends_with("member_id")
                || name.ends_with("identity_id")
                || name.ends_with("referrer_id")
            {
                "names a person"
            } else if fks
                .iter()
                .any(|(from, to)| *from == name && (to == "members" || to == "identities"))
            {
                "a key of a person"
            } else {
                continue;
            };
            out.push((table.clone(), name, why.to_string()));
        }
    }
    out
}

#[test]
fn every_column_that_could_hold_a_person_is_declared() {
    let conn = regulars_lib::store::open_in_memory().expect("db");
    let declared = declared();
    let required = must_declare(&conn);
    assert!(
        required.len() > 30,
        "the scan finds the columns: {required:?}"
    );
    let missing: Vec<String> = required
        .iter()
        .filter(|(t, c, _)| !declared.iter().any(|d| d.table == t && d.column == c))
        .map(|(t, c, why)| format!("{t}.{c} ({why}) is not declared"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // And no declaration names a column that is not there (a renamed column is declared anew).
    let stale: Vec<String> = declared
        .iter()
        .filter(|d| {
            conn.query_row(
                &format!(
                    "SELECT count(*) FROM pragma_table_info('{}') WHERE name = ?1",
                    d.table
                ),
                [d.column],
                |r| r.get::<_, i64>(0),
            )
            .expect("column")
                == 0
        })
        .map(|d| format!("{}.{} is declared but not in the schema", d.table, d.column))
        .collect();
    assert!(stale.is_empty(), "{}", stale.join("\n"));
    // Each column is declared once, by one owner.
    let mut seen = BTreeSet::new();
    for d in &declared {
        assert!(
            seen.insert((d.table, d.column)),
            "{}.{} declared twice",
            d.table,
            d.column
        );
    }
    // The members' identities are named through their ids; forget reaches every such column.
    assert!(
        declared
            .iter()
            .any(|d| matches!(d.kind, Kind::NamesIdentity(_)))
    );
}
