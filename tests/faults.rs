//! The shop's file under faults: a full disk at every write path, and SIGKILL at seeded moments
//! during a restore, a schema migration and a backup. Each ends with the shop opening, passing
//! `integrity_check` and holding the old data or the new, whole — never a mix, never nothing.
//!
//! The full disk is a small tmpfs mounted inside `unshare -m` (root with CAP_SYS_ADMIN, as on
//! this project's machines and CI). Where that cannot be had the test says so and, with
//! `CI=true`, fails rather than skip.

use crate::fixtures::{BIN, TempShop, february_export};
use rusqlite::{Connection, OpenFlags};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const KILLS: usize = 20;

/// The reads a fingerprint is made of: members (with full phones), imports, settings and every
/// week's KPIs.
const READS: [&str; 4] = [
    "members list --all --show-phones --json",
    "imports list --json",
    "settings",
    "kpi --all-weeks --json",
];

/// What a shop holds, as the CLI reads it (`READS`). Two states are the same shop when their
/// fingerprints are equal.
fn fingerprint(dir: &Path) -> String {
    let outputs = READS.map(|read| {
        let args: Vec<&str> = read.split(' ').collect();
        let out = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir)
            .args(&args)
            .env("LC_ALL", "en_US.UTF-8")
            .env_remove("REGULARS_DATA_DIR")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{read} on {}: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
    compose(&outputs)
}

/// The fingerprint of the reads' outputs, without the minute each import ran (a run and its twin
/// on a copy differ only there).
fn compose(outputs: &[String]) -> String {
    outputs
        .iter()
        .flat_map(|o| o.lines())
        .filter(|l| !l.contains("\"imported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where two fingerprints first differ, for a failure message that can be read.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.lines().zip(b.lines()).position(|(x, y)| x != y);
    match at {
        Some(i) => format!(
            "line {i}: {:?} / {:?}",
            a.lines().nth(i).unwrap_or(""),
            b.lines().nth(i).unwrap_or("")
        ),
        None => format!("{} lines / {} lines", a.lines().count(), b.lines().count()),
    }
}

/// `PRAGMA integrity_check` as the app would open the file: read-write (a WAL left by a killed
/// process needs recovery, which a read-only connection refuses), never creating it.
fn integrity(db: &Path) -> String {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get(0)))
        .unwrap_or_else(|e| format!("cannot open {}: {e}", db.display()))
}

/// `regulars --data-dir dir args…`, quiet, to be waited on or killed.
fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("LC_ALL", "en_US.UTF-8")
        .env_remove("REGULARS_DATA_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs `args` on the shop in `dir` `KILLS` times, each killed at a seeded moment within the
/// time a whole run takes; after each, `check` says whether the shop holds the new state (then
/// `reset` puts the old one back). Returns how many kills left the old state.
fn kill_at_moments(
    dir: &Path,
    args: &[&str],
    seed: u64,
    mut check: impl FnMut() -> bool,
    mut reset: impl FnMut(),
) -> usize {
    let start = Instant::now();
    assert!(spawn(dir, args).wait().expect("wait").success(), "{args:?}");
    let full = start.elapsed();
    assert!(check(), "{args:?} run whole gives the new state");
    reset();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut old = 0;
    for _ in 0..KILLS {
        let mut child = spawn(dir, args);
        std::thread::sleep(full.mul_f64(0.02 + rng.f64() * 0.96));
        let _ = child.kill();
        let _ = child.wait();
        if check() {
            reset();
        } else {
            old += 1;
        }
    }
    old
}

#[test]
fn sigkill_during_a_restore_leaves_the_old_shop_or_the_new() {
    let shop = TempShop::new();
    let dir = shop.dir();
    let file = shop.path("feb.csv");
    february_export(&file, 30_000);
    shop.run(&["settings", "--shop-name", "Old", "--phone-region", "CN"])
        .success();
    shop.run(&["import", "--auto-map", file.to_str().unwrap()])
        .success();
    let old = fingerprint(&dir);
    let old_copy = shop.path("old.sqlite");
    shop.run(&["backup", "--out", old_copy.to_str().unwrap()])
        .success();
    let other = TempShop::demo();
    let new_copy = shop.path("new.sqlite");
    other
        .run(&["backup", "--out", new_copy.to_str().unwrap()])
        .success();
    let new = fingerprint(&other.dir());
    let db = dir.join("regulars.sqlite");
    let restore = ["restore", new_copy.to_str().unwrap()];
    let kept_old = kill_at_moments(
        &dir,
        &restore,
        0x5EED_0001,
        || {
            assert_eq!(integrity(&db), "ok");
            let now = fingerprint(&dir);
            assert!(
                now == old || now == new,
                "a restore killed left a mix: {}",
                first_difference(&now, &old)
            );
            now == new
        },
        || {
            shop.run(&["restore", old_copy.to_str().unwrap()]).success();
        },
    );
    eprintln!("restore: {KILLS} kills, {kept_old} left the old shop, the rest the new");
}

#[test]
fn sigkill_during_a_backup_leaves_the_shop_and_no_half_copy() {
    let shop = TempShop::new();
    let dir = shop.dir();
    let file = shop.path("feb.csv");
    february_export(&file, 30_000);
    shop.run(&["import", "--auto-map", file.to_str().unwrap()])
        .success();
    let before = fingerprint(&dir);
    let out = shop.path("usb/copy.sqlite");
    let backup = ["backup", "--out", out.to_str().unwrap()];
    let mut whole = 0;
    kill_at_moments(
        &dir,
        &backup,
        0x5EED_0002,
        || {
            assert_eq!(integrity(&dir.join("regulars.sqlite")), "ok");
            if out.exists() {
                assert_eq!(integrity(&out), "ok", "a copy at its name is whole");
                whole += 1;
            }
            out.exists()
        },
        || {
            std::fs::remove_file(&out).expect("rm");
        },
    );
    assert_eq!(fingerprint(&dir), before, "a backup changes nothing");
    eprintln!("backup: {KILLS} kills, {whole} copies finished whole, no half copy");
}

/// A file of schema v6 (the tables of steps 7 and 9 taken away, as a v6 app left it), with rows.
fn v6_file(shop: &TempShop) -> Vec<u8> {
    let file = shop.path("feb.csv");
    february_export(&file, 30_000);
    shop.run(&["import", "--auto-map", file.to_str().unwrap()])
        .success();
    let db = shop.dir().join("regulars.sqlite");
    let conn = Connection::open(&db).expect("open");
    conn.execute_batch(
        "DROP TABLE sales_batch_lines; DROP TABLE sales_batch_receipts;
         DROP TABLE forgotten; DROP TABLE forgotten_key; DROP TABLE receipt_voids;
         DROP TABLE chat_flags; DROP TABLE chat_counts; DROP TABLE chat_days;
         DROP TABLE chat_batches; DROP TABLE chat_senders; DROP TABLE group_days;
         DROP TABLE moderation; DROP TABLE group_participants; DROP TABLE rule_texts;
         DROP TABLE rule_revisions; DROP TABLE group_members;
         DROP TABLE chat_groups; DROP TABLE staff;
         ALTER TABLE sales_batches DROP COLUMN receipts_voided;
         ALTER TABLE sales_batches DROP COLUMN voided_minor;
         PRAGMA user_version = 6; PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .expect("v6");
    drop(conn);
    std::fs::read(&db).expect("read")
}

/// The schema version this build upgrades files to.
const LATEST: i64 = regulars_lib::store::LATEST_VERSION as i64;

fn version(db: &Path) -> i64 {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
        .expect("version")
}

#[test]
fn sigkill_during_a_schema_migration_leaves_the_old_file_or_the_upgraded_one() {
    let shop = TempShop::new();
    let dir = shop.dir();
    let v6 = v6_file(&shop);
    let db = dir.join("regulars.sqlite");
    let lines = |db: &Path| -> i64 {
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT count(*) FROM sale_lines", [], |r| r.get(0)))
            .expect("lines")
    };
    let expected = lines(&db);
    let reset = || {
        let _ = std::fs::remove_dir_all(dir.join("backups"));
        for side in ["regulars.sqlite-wal", "regulars.sqlite-shm"] {
            let _ = std::fs::remove_file(dir.join(side));
        }
        std::fs::write(&db, &v6).expect("v6 again");
    };
    let old = kill_at_moments(
        &dir,
        &["members", "list"],
        0x5EED_0003,
        || {
            assert_eq!(integrity(&db), "ok");
            assert_eq!(lines(&db), expected, "the rows survive the upgrade");
            let v = version(&db);
            assert!(v == 6 || v == LATEST, "version {v}");
            v == LATEST
        },
        reset,
    );
    // Whatever a kill left, the next open brings it up to date with every row.
    shop.run(&["members", "list"]).success();
    assert_eq!(version(&db), LATEST);
    assert_eq!(lines(&db), expected);
    eprintln!("migration: {KILLS} kills, {old} left the v6 file, the rest the upgraded one");
}

// ---- A full disk ----

/// Whether a tmpfs can be mounted in a mount namespace of our own here.
fn can_mount_tmpfs() -> bool {
    Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether this test can mount what it needs; if not, says so (`what`), and with `CI=true` fails
/// instead of skipping.
fn mounts_or_skips(what: &str) -> bool {
    if can_mount_tmpfs() {
        return true;
    }
    let why = format!("cannot {what} here (needs root / CAP_SYS_ADMIN)");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{why}; CI may not skip"
    );
    eprintln!("SKIPPED: {why}");
    false
}

/// One write run on a copy of `shop` inside a small tmpfs with `free` bytes left: whether it
/// succeeded, what it said, and the shop's fingerprint after (read with the disk free again).
struct Outcome {
    ok: bool,
    stderr: String,
    after: String,
    integrity: String,
}

fn on_full_disk(shop: &Path, args: &[String], free: u64, scratch: &Path) -> Outcome {
    let mnt = scratch.join("mnt");
    let out = scratch.join("out");
    std::fs::create_dir_all(&mnt).expect("mnt");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("out");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        r#"set -e
mount -t tmpfs -o size=64m tmpfs "{mnt}"
cp -a "{shop}" "{mnt}/shop"
avail=$(df --output=avail -B1 "{mnt}" | tail -1)
fallocate -l $((avail - {free})) "{mnt}/filler" || true
set +e
LC_ALL=en_US.UTF-8 "{bin}" --data-dir "{mnt}/shop" {args} >/dev/null 2>"{out}/stderr"
echo $? > "{out}/code"
rm -f "{mnt}/filler"
i=0
for a in {reads}; do
  LC_ALL=en_US.UTF-8 "{bin}" --data-dir "{mnt}/shop" $a > "{out}/after-$i" 2>>"{out}/check-stderr"
  i=$((i + 1))
done
cp "{mnt}/shop/regulars.sqlite" "{out}/db.sqlite"
[ -f "{mnt}/shop/regulars.sqlite-wal" ] && cp "{mnt}/shop/regulars.sqlite-wal" "{out}/db.sqlite-wal"
true
"#,
        mnt = mnt.display(),
        shop = shop.display(),
        out = out.display(),
        reads = READS.map(|r| format!("'{r}'")).join(" "),
        bin = BIN,
        args = quoted.join(" "),
    );
    let status = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .env_remove("REGULARS_DATA_DIR")
        .status()
        .expect("unshare");
    assert!(status.success(), "the full-disk script failed");
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_default();
    Outcome {
        ok: read("code").trim() == "0",
        stderr: read("stderr"),
        after: compose(&[
            read("after-0"),
            read("after-1"),
            read("after-2"),
            read("after-3"),
        ]),
        integrity: integrity(&out.join("db.sqlite")),
    }
}

#[test]
fn a_full_disk_at_every_write_path_loses_nothing() {
    if !mounts_or_skips("mount a tmpfs in a mount namespace") {
        return;
    }
    let base = TempShop::demo();
    let file = base.path("feb.csv");
    february_export(&file, 6_000);
    base.run(&["import", "--auto-map", file.to_str().unwrap()])
        .success();
    let imports = base.run(&["imports", "list", "--json"]).success();
    let list: serde_json::Value = serde_json::from_str(&imports.stdout()).expect("json");
    let last = list[0]["batch"]["id"].as_i64().expect("id").to_string();
    let members_csv = base.path("members.csv");
    let mut csv = String::from("name,phone,joined\n");
    for i in 0..400 {
        let _ = writeln!(csv, "Member {i},139{:08},2026-01-05", 10_000_000 + i);
    }
    std::fs::write(&members_csv, csv).expect("members");
    let restore_from = base.path("other.sqlite");
    TempShop::demo()
        .run(&["backup", "--out", restore_from.to_str().unwrap()])
        .success();
    let member = base.members(&[])[0]["id"].as_i64().expect("id").to_string();
    let more = base.path("more.csv");
    february_export(&more, 12_000);

    let scratch = base.path("scratch");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "import",
            s(&["import", "--auto-map", more.to_str().unwrap()]),
        ),
        ("undo", s(&["imports", "undo", &last])),
        (
            "backup",
            vec!["backup".into(), "--out".into(), "COPY".into()],
        ),
        ("automatic backup", s(&["backup", "--auto"])),
        ("restore", s(&["restore", restore_from.to_str().unwrap()])),
        ("forget", s(&["members", "forget", &member])),
        (
            "member-list import",
            s(&["members", "import", members_csv.to_str().unwrap()]),
        ),
        (
            "settings",
            s(&[
                "settings",
                "--shop-name",
                "A much longer shop name than before",
            ]),
        ),
    ];
    let before = fingerprint(&base.dir());
    let mut table = Vec::new();
    for (what, args) in cases {
        // What the write leaves when it succeeds: the same command on a copy, disk free.
        let expected = {
            let copy = scratch.join("expected");
            copy_dir(&base.dir(), &copy);
            let args: Vec<String> = args
                .iter()
                .map(|a| a.replace("COPY", &scratch.join("c.sqlite").display().to_string()))
                .collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            assert!(
                spawn(&copy, &args).wait().expect("wait").success(),
                "{what}"
            );
            let state = fingerprint(&copy);
            let _ = std::fs::remove_dir_all(&copy);
            state
        };
        let mut failed = 0;
        for free in [0u64, 16 << 10, 256 << 10] {
            let args: Vec<String> = args
                .iter()
                .map(|a| {
                    a.replace(
                        "COPY",
                        &scratch.join("mnt/copy.sqlite").display().to_string(),
                    )
                })
                .collect();
            let run = on_full_disk(&base.dir(), &args, free, &scratch);
            assert_eq!(run.integrity, "ok", "{what}, {free} bytes free");
            assert!(
                !run.stderr.contains("panicked"),
                "{what}: a panic: {}",
                run.stderr
            );
            if run.ok {
                assert!(
                    run.after == expected,
                    "{what} succeeded with {free} bytes free, unlike on a free disk: {}",
                    first_difference(&run.after, &expected)
                );
            } else {
                failed += 1;
                assert!(
                    run.stderr.starts_with("error: "),
                    "{what}: a clear message: {}",
                    run.stderr
                );
                assert!(
                    run.after == before,
                    "{what} failed with {free} bytes free and changed the shop: {}",
                    first_difference(&run.after, &before)
                );
            }
        }
        table.push(format!(
            "{what}: 3 runs, {failed} refused by the full disk, nothing lost"
        ));
    }
    assert_eq!(fingerprint(&base.dir()), before);
    eprintln!("{}", table.join("\n"));
}

// ---- A read-only folder ----

/// The shop on a read-only bind mount (root ignores file modes, a read-only mount it cannot), with
/// a `-wal` that holds its last member: the shop opens and shows everything, its folder is never
/// written, and every change is refused with a message that says why.
#[test]
fn a_read_only_folder_opens_read_only_and_refuses_every_change() {
    if !mounts_or_skips("make a read-only bind mount") {
        return;
    }
    let shop = TempShop::demo();
    let dir = shop.dir();
    let db = dir.join("regulars.sqlite");
    // A member written to the -wal and not yet into the file, as a crash or another disk leaves.
    let conn = Connection::open(&db).expect("open");
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0;
         INSERT INTO members (name, joined_on, source) VALUES ('Only In The Log', '2026-03-01', 'other');",
    )
    .expect("a member in the -wal");
    let files_before: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    assert!(
        files_before
            .iter()
            .any(|(n, b)| n.ends_with("-wal") && !b.is_empty())
    );
    // The connection is left open and never closed, so its -wal is not folded into the file.
    std::mem::forget(conn);
    let out = shop.path("ro-out");
    std::fs::create_dir_all(&out).expect("out");
    let file = shop.path("feb.csv");
    february_export(&file, 300);
    let script = format!(
        r#"set -e
mount --bind "{dir}" "{dir}"
mount -o remount,ro,bind "{dir}"
set +e
run() {{ name=$1; shift; LC_ALL=en_US.UTF-8 "{bin}" --data-dir "{dir}" "$@" > "{out}/$name.out" 2> "{out}/$name.err"; echo $? > "{out}/$name.code"; }}
run list members list --all --json
run add members add --name Someone
run settings settings --shop-name Elsewhere
run import import --auto-map "{file}"
run backup backup --out "{out}/copy.sqlite"
run kpi kpi --json
true
"#,
        dir = dir.display(),
        out = out.display(),
        file = file.display(),
        bin = BIN,
    );
    let status = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .status()
        .expect("unshare");
    assert!(status.success());
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_default();
    let code = |name: &str| read(&format!("{name}.code")).trim().to_string();
    assert_eq!(code("list"), "0", "{}", read("list.err"));
    assert!(
        read("list.out").contains("Only In The Log"),
        "the -wal is read"
    );
    assert_eq!(code("kpi"), "0", "{}", read("kpi.err"));
    assert_eq!(
        code("backup"),
        "0",
        "a copy elsewhere reads only: {}",
        read("backup.err")
    );
    assert_eq!(integrity(&out.join("copy.sqlite")), "ok");
    for change in ["add", "settings", "import"] {
        assert_eq!(code(change), "1", "{change} refused");
        let err = read(&format!("{change}.err"));
        assert!(err.contains("open read-only"), "{change}: {err}");
    }
    for (name, bytes) in &files_before {
        assert_eq!(
            &std::fs::read(dir.join(name)).expect("still there"),
            bytes,
            "{name} was changed"
        );
    }
}
