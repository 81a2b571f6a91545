//! The table import on a toy schema (a list of named amounts): preview, all or nothing, the
//! valid rows with a rejects file, undo, a file imported again counted once, hostile files.

use super::*;
use crate::check::{Problem, field};
use crate::store::open_in_memory;
use std::io::Write as _;

static NAME: Field = field("name", "名称", "name");
static AMOUNT: Field = field("amount", "数量", "amount");
static DAY: Field = field("day", "日期", "day");

const FIELDS: &[TableField] = &[
    TableField::new(&NAME, &["name", "名称"]).required(),
    TableField::new(&AMOUNT, &["amount", "数量"]),
    TableField::new(&DAY, &["day", "日期"]).dates(),
];

struct Toy;

struct ToyRow {
    name: String,
    amount: i64,
    day: Option<NaiveDate>,
}

impl Schema for Toy {
    const KIND: &'static str = "toy";
    type Record = ToyRow;

    fn fields(&self) -> &'static [TableField] {
        FIELDS
    }

    fn row(&self, cells: &Cells<'_>, ctx: &Ctx) -> Result<ToyRow, RowError> {
        let name = cells.text(&NAME);
        if name.is_empty() {
            return Err(RowError::invalid(
                &NAME.invalid(Problem::Required),
                ctx.lang,
            ));
        }
        let amount = cells.text(&AMOUNT);
        let amount = amount.parse().map_err(|_| {
            let value = amount.to_string();
            RowError::invalid(&AMOUNT.invalid(Problem::Unknown { value }), ctx.lang)
        })?;
        Ok(ToyRow {
            name: name.to_string(),
            amount,
            day: cells.date(&DAY)?,
        })
    }

    fn write(
        &self,
        conn: &Connection,
        batch_id: i64,
        r: &ToyRow,
        _: &Ctx,
    ) -> Result<Written, RowError> {
        let known: i64 = conn.query_row(
            "SELECT count(*) FROM toy WHERE name = ?1",
            [&r.name],
            |row| row.get(0),
        )?;
        if known > 0 {
            return Ok(Written::Duplicate);
        }
        conn.execute(
            "INSERT INTO toy(name, amount, day, batch_id) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![r.name, r.amount, r.day, batch_id],
        )?;
        Ok(Written::Added)
    }
}

struct Shop {
    conn: Connection,
    dir: tempfile::TempDir,
}

fn shop() -> Shop {
    let conn = open_in_memory().expect("db");
    conn.execute_batch("CREATE TABLE toy(name TEXT, amount INTEGER, day TEXT, batch_id INTEGER)")
        .expect("toy table");
    Shop {
        conn,
        dir: tempfile::tempdir().expect("dir"),
    }
}

fn ctx() -> Ctx {
    Ctx {
        lang: Lang::En,
        ..Ctx::on("CN", NaiveDate::from_ymd_opt(2026, 3, 9).expect("date"))
    }
}

impl Shop {
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .expect("write");
        path
    }

    fn import(&mut self, path: &Path, valid_rows: bool) -> Result<TableReport, TableError> {
        let request = TableRequest {
            path: path.to_path_buf(),
            valid_rows,
        };
        let rejects = self.dir.path().join("rejects");
        import(&mut self.conn, &Toy, &request, &ctx(), &rejects)
    }

    fn count(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |r| r.get(0)).expect("count")
    }

    /// The toy rows and the batches.
    fn stored(&self) -> (i64, i64) {
        (
            self.count("SELECT count(*) FROM toy"),
            self.count("SELECT count(*) FROM import_batches"),
        )
    }
}

const GOOD_AND_BAD: &str =
    "名称,数量,日期\nflour,3,2026/3/1\nbutter,x,2026/3/2\nsugar,5,\n,7,\neggs,2,2026/13/40\n";

#[test]
fn the_preview_shows_every_problem_row_and_writes_nothing() {
    let mut s = shop();
    let path = s.file("list.csv", GOOD_AND_BAD);
    let report = preview(&mut s.conn, &Toy, &path, &ctx()).expect("preview");
    let counts = report.counts;
    assert_eq!(
        (counts.rows, counts.added, counts.rejected),
        (5, 2, 3),
        "{report:?}"
    );
    let rows: Vec<(usize, Option<&str>, Option<&str>)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_deref(), p.value.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (3, Some("数量"), Some("x")),
            (5, Some("名称"), Some("")),
            (6, Some("日期"), Some("2026/13/40"))
        ]
    );
    assert_eq!(report.problems[0].field.as_deref(), Some("amount"));
    assert_eq!(report.columns[0].field.as_deref(), Some("name"));
    assert_eq!(s.stored(), (0, 0), "a preview writes nothing");
}

#[test]
fn one_bad_row_refuses_the_file_whole_and_names_it() {
    let mut s = shop();
    let path = s.file("list.csv", GOOD_AND_BAD);
    let err = s.import(&path, false).expect_err("refused");
    let message = err.message(Lang::En);
    assert!(
        message.contains("list.csv") && message.contains("Row 3, column “数量” (“x”)"),
        "{message}"
    );
    assert!(matches!(err, TableError::Refused { rejected: 3, .. }));
    assert_eq!(s.stored(), (0, 0));
    assert!(
        !s.dir.path().join("rejects").exists(),
        "no rejects file either"
    );
}

#[test]
fn the_valid_rows_land_with_a_rejects_file_and_undo_removes_both() {
    let mut s = shop();
    let path = s.file("list.csv", GOOD_AND_BAD);
    let report = s.import(&path, true).expect("valid rows");
    assert_eq!((report.counts.added, report.counts.rejected), (2, 3));
    let rejects = PathBuf::from(report.rejects_file.clone().expect("rejects file"));
    let text = std::fs::read_to_string(&rejects).expect("rejects");
    assert!(text.starts_with("row,reason,名称,数量,日期\n3,"), "{text}");
    assert_eq!(text.lines().count(), 4, "{text}");
    assert_eq!(s.stored(), (2, 1));
    let listed = batches::list(&s.conn).expect("list");
    assert_eq!(
        (listed[0].kind.as_str(), listed[0].counts),
        ("toy", report.counts)
    );
    assert_eq!(listed[0].sha256.len(), 64, "provenance: the file's hash");

    let id = report.batch_id.expect("batch");
    let removed = batches::undo(&mut s.conn, id, |tx, batch| {
        tx.execute("DELETE FROM toy WHERE batch_id = ?1", [batch.id])
    })
    .expect("undo");
    assert_eq!(removed, Some(2));
    assert_eq!(s.stored(), (0, 0));
    assert!(!rejects.exists(), "undo deletes the rejects file");
    let again = batches::undo(&mut s.conn, id, |_, _| Ok::<_, rusqlite::Error>(0));
    assert_eq!(again.expect("no batch"), None);
}

#[test]
fn a_file_imported_again_is_counted_once() {
    let mut s = shop();
    let path = s.file("list.csv", "name,amount\nflour,3\nflour,3\nsugar,1\n");
    let first = s.import(&path, false).expect("first");
    assert_eq!((first.counts.added, first.counts.duplicate), (2, 1));
    let second = s.import(&path, false).expect("second");
    assert_eq!((second.counts.added, second.counts.duplicate), (0, 3));
    assert_eq!(
        second.batch_id, None,
        "nothing new: no batch to list or undo"
    );
    assert_eq!(s.stored(), (2, 1));
}

#[test]
fn hostile_files_are_refused_with_nothing_written() {
    let mut s = shop();
    let png = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ]
    .repeat(50);
    let mut files = vec![
        s.file("empty.csv", ""),
        s.file("header.csv", "name,amount\n"),
        s.file("no-name.csv", "amount,day\n3,2026-03-01\n"),
        s.file(
            "unclosed.csv",
            &format!("name,amount\n\"never closed,1\n{}", "x,".repeat(40_000)),
        ),
    ];
    let image = s.dir.path().join("image.csv");
    std::fs::write(&image, png).expect("png");
    files.push(image);
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/hostile-excel");
    match std::fs::read_dir(&hostile) {
        Ok(entries) => files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "xls")),
        ),
        Err(_) => eprintln!(
            "skipping the hostile Excel files: {} is absent",
            hostile.display()
        ),
    }
    for path in files {
        let name = read::file_name(&path);
        for valid_rows in [false, true] {
            let err = s.import(&path, valid_rows).expect_err(&name);
            assert!(err.message(Lang::En).contains(&name), "{name}: {err}");
            assert_eq!(s.stored(), (0, 0), "{name}");
        }
    }
}

#[test]
fn formulas_in_a_rejects_file_stay_inert() {
    let mut s = shop();
    let path = s.file("list.csv", "name,amount\n=HYPERLINK(\"x\"),oops\nflour,1\n");
    let report = s.import(&path, true).expect("valid rows");
    let text = std::fs::read_to_string(report.rejects_file.expect("file")).expect("read");
    assert!(!text.contains(",=HYPERLINK"), "{text}");
}
