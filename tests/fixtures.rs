//! What the CLI and e2e tests share: running the real `regulars` binary on a
//! temporary data folder with a fixed locale, and reading its member list.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary cargo built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_regulars");

/// The locale CLI tests run in unless they say otherwise: English messages,
/// and (as for a shop opened with this OS locale) phone region US.
pub const EN: &str = "en_US.UTF-8";
/// Chinese messages, phone region CN.
pub const ZH: &str = "zh_CN.UTF-8";

/// The date every demo in these tests is anchored to (a Wednesday).
pub const TODAY: &str = "2026-03-11";
/// Members the demo creates, and how many of them have left.
pub const DEMO_MEMBERS: usize = 140;
pub const DEMO_LEFT: usize = 6;

/// No CLI command may take longer than this; a hung one is killed and fails the test.
const CLI_TIMEOUT: Duration = Duration::from_secs(60);

/// A temporary folder for one test: `data/` is the shop's data folder (not
/// created: the binary creates it), anything else is scratch space.
pub struct TempShop {
    root: tempfile::TempDir,
}

impl TempShop {
    pub fn new() -> TempShop {
        let root = tempfile::Builder::new()
            .prefix("regulars-test-")
            .tempdir()
            .expect("create a temporary folder");
        TempShop { root }
    }

    /// The shop's data folder.
    pub fn dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    /// A path in the scratch space beside the data folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// `regulars --data-dir <dir> args…` in English.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(regulars(&self.dir(), args))
    }

    /// `regulars --data-dir <dir> args…` in the given locale.
    pub fn run_in(&self, locale: &str, args: &[&str]) -> Run {
        Run::from(regulars_with(
            Some(&self.dir()),
            args,
            &[("LC_ALL", locale)],
        ))
    }

    /// A shop holding the demo anchored to [`TODAY`].
    pub fn demo() -> TempShop {
        let shop = TempShop::new();
        shop.run(&["demo", "--today", TODAY]).success();
        shop
    }

    /// Every member, left or not, with full phones, as the CLI prints them.
    pub fn all_members(&self) -> Vec<Value> {
        self.members(&["--all", "--show-phones"])
    }

    /// `members list --json` with extra flags, parsed.
    pub fn members(&self, flags: &[&str]) -> Vec<Value> {
        let mut args = vec!["members", "list", "--json"];
        args.extend_from_slice(flags);
        self.run(&args).json_array()
    }

    pub fn member_count(&self) -> usize {
        self.all_members().len()
    }
}

/// Runs `regulars --data-dir <dir> args…` in English and returns what it did.
pub fn regulars(dir: &Path, args: &[&str]) -> Output {
    regulars_with(Some(dir), args, &[])
}

/// Runs the binary with `--data-dir` (when given), `args` and extra
/// environment variables (which override the defaults set here).
///
/// The environment is pinned: `LC_ALL` is English unless `env` says otherwise
/// (sys-locale reads `LC_ALL` first), `REGULARS_DATA_DIR` is removed, and
/// `XDG_DATA_HOME` points at a scratch folder so that a test which forgets its
/// data folder never touches the real one.
pub fn regulars_with(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    if let Some(dir) = dir {
        cmd.arg("--data-dir").arg(dir);
    }
    cmd.args(args)
        .env_remove("REGULARS_DATA_DIR")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LC_ALL", EN)
        .env("LANG", EN)
        .env(
            "XDG_DATA_HOME",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("xdg-sandbox"),
        );
    for (k, v) in env {
        cmd.env(k, v);
    }
    output_with_timeout(cmd, CLI_TIMEOUT)
}

/// `Command::output` that kills the child and panics after `timeout`.
pub fn output_with_timeout(mut cmd: Command, timeout: Duration) -> Output {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    // Read both pipes while waiting, so a long output cannot fill a pipe and stall the child.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not finish within {timeout:?}; it was killed");
            }
            Err(e) => panic!("waiting for {what}: {e}"),
        }
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

/// One finished run of the binary, with assertions that print everything it said.
pub struct Run {
    pub output: Output,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run { output }
    }
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    fn describe(&self) -> String {
        format!(
            "exit status {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.output.status,
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts exit code 0; returns self for chaining.
    pub fn success(self) -> Run {
        assert!(
            self.output.status.success(),
            "expected success, got {}",
            self.describe()
        );
        self
    }

    /// Asserts exit code 1 with `needle` in stderr and nothing on stdout.
    pub fn failure_with(self, needle: &str) -> Run {
        assert_eq!(
            self.code(),
            Some(1),
            "expected exit code 1, got {}",
            self.describe()
        );
        assert!(
            self.stderr().contains(needle),
            "expected stderr to contain {needle:?}, got {}",
            self.describe()
        );
        assert!(
            self.output.stdout.is_empty(),
            "a failure printed on stdout: {}",
            self.describe()
        );
        self
    }

    /// Parses stdout as one JSON value.
    pub fn json(self) -> Value {
        let run = self.success();
        serde_json::from_slice(&run.output.stdout)
            .unwrap_or_else(|e| panic!("expected JSON ({e}), got {}", run.describe()))
    }

    /// Parses stdout as a JSON array.
    pub fn json_array(self) -> Vec<Value> {
        let run = self.success();
        match serde_json::from_slice::<Value>(&run.output.stdout) {
            Ok(Value::Array(items)) => items,
            other => panic!("expected a JSON array, got {other:?}\n{}", run.describe()),
        }
    }
}

/// The member called `name` in `members` (exactly one).
pub fn by_name<'a>(members: &'a [Value], name: &str) -> &'a Value {
    let found: Vec<&Value> = members.iter().filter(|m| m["name"] == name).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one member named {name:?}, found {found:?}"
    );
    found[0]
}

/// Reads a whole file, for "left exactly as it was" checks.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The tables of a store's schema (SQLite's own left out).
pub fn schema_tables(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .expect("tables");
    stmt.query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names")
}

/// The copies a restore set aside in `dir/backups/`, by name.
pub fn pre_restore_copies(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("backups")) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("pre-restore-") && n.ends_with(".sqlite"))
        })
        .collect();
    out.sort();
    out
}

/// An export of `lines` lines over February (a few MB: a debug build takes a while on it).
pub fn february_export(path: &Path, lines: usize) {
    use std::fmt::Write;
    let mut out = String::from("date,time,receipt_id,item_name,quantity,net,customer_phone\n");
    for i in 0..lines {
        let receipt = i / 3;
        let day = 1 + (receipt / 400) % 28;
        let phone = if receipt % 4 == 0 {
            format!("1381234{:04}", receipt % 3000)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "2026-02-{day:02},10:{:02}:00,R{receipt},Item {},1,{}.50,{phone}",
            i % 60,
            receipt % 40,
            3 + i % 20
        );
    }
    std::fs::write(path, out).expect("export");
}

/// A file or folder of ../shared/datasets (real exports, hostile files), or `None` with a
/// message when the shared folder is not beside this checkout; with `CI=true` its absence
/// fails the test instead.
pub fn shared_dataset(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/datasets")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is absent, and CI may not skip it",
        path.display()
    );
    eprintln!(
        "SKIPPED: {} is absent (the shared datasets are not beside this checkout)",
        path.display()
    );
    None
}
