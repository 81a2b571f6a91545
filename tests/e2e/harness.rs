//! Drives the real app window: Xvfb (when there is no display), WebKitWebDriver
//! started by us with `TAURI_WEBVIEW_AUTOMATION=true`, and a WebDriver session
//! whose "browser" is the `regulars` binary on a temporary data folder.
//!
//! Everything is synchronous for the tests: the session owns a one-thread
//! tokio runtime and every WebDriver call is bounded by a timeout, so no test
//! can hang. `Session`'s `Drop` closes the session and stops the app,
//! WebKitWebDriver and Xvfb by pid on every path, panics included. Sessions
//! are serialised by a global lock held for the session's whole life.

use super::procs::{self, Spawned};
use crate::fixtures::BIN;
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::cell::Cell;
use std::fs::File;
use std::future::Future;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Where Debian's `webkit2gtk-driver` puts the driver (`REGULARS_WEBDRIVER` overrides it).
pub const WEBDRIVER: &str = "/usr/bin/WebKitWebDriver";
/// English, phone region US.
pub const EN_US: &str = "en_US.UTF-8";
/// English, phone region CN: an owner in China whose computer is set to English.
pub const EN_CN: &str = "en_CN.UTF-8";

/// How long a `wait_*` helper waits for the page.
pub const WAIT: Duration = Duration::from_secs(10);
/// How long one WebDriver call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the app may take to start and open its window.
const SESSION_TIMEOUT: Duration = Duration::from_secs(30);
/// How long Xvfb and WebKitWebDriver may take to be ready.
const START_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// One session at a time: they share the CPU, and a display when there is one.
static SERIAL: Mutex<()> = Mutex::new(());

/// The CSS selector of `[data-testid="…"]`.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Where screenshots go: `$CARGO_TARGET_TMPDIR/screenshots/<name>.png`.
pub fn screenshots_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
}

fn logs_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-logs")
}

fn env_is(key: &str, value: &str) -> bool {
    std::env::var(key).is_ok_and(|v| v == value)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

#[derive(Debug, Clone)]
pub struct Options {
    /// `LC_ALL`/`LANG` of the driver, which the app inherits: its language and phone region.
    pub locale: &'static str,
}

impl Default for Options {
    fn default() -> Options {
        Options { locale: EN_US }
    }
}

/// The app in its window, driven over WebDriver.
pub struct Session {
    name: String,
    options: Options,
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Option<Spawned>,
    xvfb: Option<Spawned>,
    url: String,
    root: tempfile::TempDir,
    log: PathBuf,
    failing: Cell<bool>,
    /// Dropped last, after `Drop::drop` has stopped everything.
    _serial: MutexGuard<'static, ()>,
}

impl Session {
    /// A session on a new, empty data folder, in English; `None` (after
    /// printing why) when WebKitWebDriver is missing and `REGULARS_SKIP_E2E=1`.
    pub fn start(name: &str) -> Option<Session> {
        Session::start_with(name, Options::default())
    }

    pub fn start_with(name: &str, options: Options) -> Option<Session> {
        let serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
        let driver_bin = std::env::var_os("REGULARS_WEBDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(WEBDRIVER));
        let need_xvfb = std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
            || env_is("REGULARS_E2E_XVFB", "1");
        let mut missing = Vec::new();
        if !driver_bin.is_file() {
            missing.push(driver_bin.display().to_string());
        }
        if need_xvfb && !on_path("Xvfb") {
            missing.push("Xvfb (there is no DISPLAY)".to_string());
        }
        if !missing.is_empty() {
            let missing = missing.join(" and ");
            if env_is("REGULARS_SKIP_E2E", "1") {
                eprintln!("SKIPPED e2e test {name}: {missing} not found, and REGULARS_SKIP_E2E=1");
                return None;
            }
            panic!(
                "the e2e test {name} needs {missing} (Debian: \
                 `apt-get install --no-install-recommends webkit2gtk-driver xvfb fonts-noto-cjk`); \
                 or set REGULARS_SKIP_E2E=1 to skip the e2e tests on a machine without them"
            );
        }

        let started = Instant::now();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let root = tempfile::Builder::new()
            .prefix("regulars-e2e-")
            .tempdir()
            .expect("a temporary folder");
        std::fs::create_dir_all(logs_dir()).expect("the e2e log folder");
        let mut session = Session {
            name: name.to_string(),
            options,
            rt,
            client: None,
            driver: None,
            xvfb: None,
            url: String::new(),
            root,
            log: logs_dir().join(format!("{name}.log")),
            failing: Cell::new(false),
            _serial: serial,
        };
        // From here on a panic drops `session`, which stops whatever was started.
        let display = if need_xvfb {
            session.start_xvfb()
        } else {
            std::env::var("DISPLAY").unwrap_or_default()
        };
        session.start_driver(&driver_bin, &display);
        session.connect();
        eprintln!(
            "e2e {name}: app window up in {:.1?} (display {display}, log {})",
            started.elapsed(),
            session.log.display()
        );
        Some(session)
    }

    /// The shop's data folder the app was started on (created by the app).
    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn start_xvfb(&mut self) -> String {
        let log =
            File::create(logs_dir().join(format!("{}-xvfb.log", self.name))).expect("the Xvfb log");
        let mut cmd = Command::new("Xvfb");
        cmd.args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(log);
        let mut xvfb = Spawned::start("Xvfb", cmd).unwrap_or_else(|e| panic!("{e}"));
        let stdout = xvfb.take_stdout().expect("Xvfb's stdout");
        self.xvfb = Some(xvfb);
        // Xvfb prints the display number once it accepts clients. Keep reading
        // to the end so a later write never meets a closed pipe.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        match rx.recv_timeout(START_TIMEOUT) {
            Ok(line) if line.trim().parse::<u32>().is_ok() => format!(":{}", line.trim()),
            Ok(line) => panic!(
                "Xvfb did not start (it printed {line:?}); see its log in {}",
                logs_dir().display()
            ),
            Err(_) => panic!("Xvfb gave no display number within {START_TIMEOUT:?}"),
        }
    }

    fn start_driver(&mut self, bin: &Path, display: &str) {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let log = File::create(&self.log).expect("the driver log");
        let log2 = log.try_clone().expect("the driver log");
        let xdg = self.root.path().join("xdg");
        let locale = self.options.locale;
        let mut cmd = Command::new(bin);
        cmd.arg(format!("--port={port}"))
            .arg("--host=127.0.0.1")
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("DISPLAY", display)
            .env("GDK_BACKEND", "x11")
            .env_remove("WAYLAND_DISPLAY")
            .env("LC_ALL", locale)
            .env("LANG", locale)
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env("NO_AT_BRIDGE", "1")
            .env_remove("REGULARS_DATA_DIR")
            .env("XDG_DATA_HOME", xdg.join("data"))
            .env("XDG_CACHE_HOME", xdg.join("cache"))
            .env("XDG_CONFIG_HOME", xdg.join("config"))
            .stdout(log)
            .stderr(log2);
        let driver = Spawned::start("WebKitWebDriver", cmd).unwrap_or_else(|e| panic!("{e}"));
        self.driver = Some(driver);
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + START_TIMEOUT;
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Some(status) = self.driver.as_mut().and_then(Spawned::exited) {
                panic!(
                    "WebKitWebDriver exited ({status}) before listening on {port}\n{}",
                    self.log_tail()
                );
            }
            if Instant::now() >= deadline {
                panic!(
                    "WebKitWebDriver did not listen on {port} within {START_TIMEOUT:?}\n{}",
                    self.log_tail()
                );
            }
            std::thread::sleep(POLL);
        }
        self.url = format!("http://{addr}");
    }

    /// Opens a WebDriver session, which starts the app, and waits for its page.
    fn connect(&mut self) {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "webkitgtk:browserOptions".into(),
            json!({ "binary": BIN, "args": ["--data-dir", self.data_dir()] }),
        );
        let url = self.url.clone();
        let opened = self.rt.block_on(async {
            let mut builder = ClientBuilder::native();
            builder.capabilities(caps);
            tokio::time::timeout(SESSION_TIMEOUT, builder.connect(&url)).await
        });
        match opened {
            Ok(Ok(client)) => self.client = Some(client),
            Ok(Err(e)) => panic!(
                "cannot open a WebDriver session at {url}: {e}\n{}",
                self.log_tail()
            ),
            Err(_) => panic!(
                "no WebDriver session within {SESSION_TIMEOUT:?}\n{}",
                self.log_tail()
            ),
        }
        self.wait_until("the page to load", WAIT, |s| {
            let ready = s.try_execute(
                "return document.readyState === 'complete' && !!window.__TAURI__",
                vec![],
            );
            (ready.ok()? == Value::Bool(true)).then_some(())
        });
    }

    /// Ends the session, which closes the app, and starts the app again on the same data folder.
    pub fn restart(&mut self) {
        self.restart_with(|_| {});
    }

    /// `restart`, doing `between` to the data folder while the app is closed.
    pub fn restart_with(&mut self, between: impl FnOnce(&Path)) {
        let started = Instant::now();
        let app = self.app_pids();
        self.close_client();
        if !procs::wait_gone(&app, WAIT) {
            eprintln!(
                "e2e {}: the app outlived its session; stopping it by pid",
                self.name
            );
            procs::stop_pids(&app, Duration::from_secs(2));
        }
        between(&self.data_dir());
        self.connect();
        eprintln!(
            "e2e {}: app restarted in {:.1?}",
            self.name,
            started.elapsed()
        );
    }

    fn close_client(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(5), client.close()).await
            });
        }
    }

    /// The app and the WebKit processes under WebKitWebDriver.
    pub fn app_pids(&self) -> Vec<u32> {
        self.driver
            .as_ref()
            .map(|d| procs::descendants(d.pid()))
            .unwrap_or_default()
    }

    /// Every process this session runs: Xvfb, WebKitWebDriver and what runs under it.
    pub fn pids(&self) -> Vec<u32> {
        let mut pids: Vec<u32> = self
            .xvfb
            .iter()
            .chain(self.driver.iter())
            .map(Spawned::pid)
            .collect();
        pids.extend(self.app_pids());
        pids
    }

    fn shutdown(&mut self) {
        let started = Instant::now();
        let mut tree = self.app_pids();
        self.close_client();
        procs::wait_gone(&tree, Duration::from_secs(3));
        for pid in self.app_pids() {
            if !tree.contains(&pid) {
                tree.push(pid);
            }
        }
        if let Some(mut driver) = self.driver.take() {
            driver.stop(Duration::from_secs(2));
        }
        // Whatever left WebKitWebDriver's process group.
        procs::stop_pids(&tree, Duration::from_secs(1));
        if let Some(mut xvfb) = self.xvfb.take() {
            xvfb.stop(Duration::from_secs(2));
        }
        let left: Vec<String> = tree
            .iter()
            .filter(|&&p| procs::is_running(p))
            .map(|&p| format!("{p} {}", procs::name(p)))
            .collect();
        if !left.is_empty() {
            eprintln!(
                "e2e {}: WARNING, still running after the session: {left:?}",
                self.name
            );
        }
        eprintln!("e2e {}: stopped in {:.1?}", self.name, started.elapsed());
    }

    fn log_tail(&self) -> String {
        let mut text = String::new();
        if let Ok(mut f) = File::open(&self.log) {
            let _ = f.read_to_string(&mut text);
        }
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        format!("--- last lines of {} ---\n{tail}", self.log.display())
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("the WebDriver session is open")
    }

    /// Runs one WebDriver call with a timeout.
    fn call<T>(
        &self,
        what: &str,
        fut: impl Future<Output = Result<T, CmdError>>,
    ) -> Result<T, String> {
        // The timer must be made inside the runtime, hence the async block.
        match self
            .rt
            .block_on(async { tokio::time::timeout(CALL_TIMEOUT, fut).await })
        {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(format!("{what}: {e}")),
            Err(_) => Err(format!("{what}: no answer within {CALL_TIMEOUT:?}")),
        }
    }

    /// Fails the test with what the page showed: its text, a screenshot and the log's tail.
    pub fn fail(&self, message: &str) -> ! {
        if self.failing.replace(true) {
            panic!("{message}");
        }
        let text = self
            .try_execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .map(|v| {
                v.as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(2000)
                    .collect::<String>()
            })
            .unwrap_or_else(|e| format!("(cannot read the page: {e})"));
        let shot = self
            .try_screenshot(&format!("FAILED-{}", self.name))
            .map(|p| p.display().to_string())
            .unwrap_or_else(|e| format!("(no screenshot: {e})"));
        panic!(
            "e2e {}: {message}\n--- page text ---\n{text}\n--- screenshot: {shot}\n{}",
            self.name,
            self.log_tail()
        );
    }

    /// Polls `probe` until it gives a value; fails after `timeout`.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut(&Session) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(v) = probe(self) {
                return v;
            }
            if Instant::now() >= deadline {
                self.fail(&format!("timed out after {timeout:?} waiting for {what}"));
            }
            std::thread::sleep(POLL);
        }
    }

    /// The first element matching `css`, if any, right now.
    pub fn find(&self, css: &str) -> Option<Element> {
        self.call("find", self.client().find(Locator::Css(css)))
            .ok()
    }

    /// How many elements match `css` right now.
    pub fn count(&self, css: &str) -> usize {
        let n = self.execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        );
        n.as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0)
    }

    pub fn exists(&self, css: &str) -> bool {
        self.count(css) > 0
    }

    /// Waits for an element matching `css` to be in the page and shown.
    pub fn wait_for(&self, css: &str) -> Element {
        self.wait_until(&format!("{css} to appear"), WAIT, |s| {
            let el = s.find(css)?;
            s.call("is_displayed", el.is_displayed())
                .ok()?
                .then_some(el)
        })
    }

    /// Waits until nothing matches `css`.
    pub fn wait_gone(&self, css: &str) {
        self.wait_until(&format!("{css} to go away"), WAIT, |s| {
            (!s.exists(css)).then_some(())
        });
    }

    /// Clicks the element matching `css` once it is there (retried while the page re-renders).
    ///
    /// A click is tried again only when the driver says it was not delivered (the element was
    /// covered, not interactable yet, or replaced); a click that may have landed is never sent
    /// twice, because the second would fall on what the first opened (a modal's backdrop
    /// closes the modal).
    pub fn click(&self, css: &str) {
        self.wait_until(&format!("{css} to be clickable"), WAIT, |s| {
            let el = s.find(css)?;
            match s
                .rt
                .block_on(async { tokio::time::timeout(CALL_TIMEOUT, el.click()).await })
            {
                Ok(Ok(())) => Some(()),
                Ok(Err(e)) if not_delivered(&e) => None,
                Ok(Err(e)) => s.fail(&format!("click on {css}: {e}")),
                Err(_) => s.fail(&format!(
                    "click on {css}: no answer within {CALL_TIMEOUT:?}"
                )),
            }
        });
    }

    /// Replaces the text of the input matching `css` with `text`, as typed keys.
    pub fn type_into(&self, css: &str, text: &str) {
        self.wait_until(&format!("typing into {css}"), WAIT, |s| {
            let el = s.find(css)?;
            s.call("clear", el.clear()).ok()?;
            s.call("send_keys", el.send_keys(text)).ok()
        });
    }

    /// Chooses the option with `value` in the select matching `css`.
    pub fn select(&self, css: &str, value: &str) {
        self.wait_until(&format!("choosing {value:?} in {css}"), WAIT, |s| {
            let el = s.find(css)?;
            s.call("select", el.select_by_value(value)).ok()
        });
    }

    /// The rendered text of the element matching `css`, once it is there.
    pub fn text(&self, css: &str) -> String {
        self.wait_until(&format!("the text of {css}"), WAIT, |s| {
            let el = s.find(css)?;
            s.call("text", el.text()).ok()
        })
    }

    /// The rendered text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let v = self.execute(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText)",
            vec![json!(css)],
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs `js` in the page (a returned promise is awaited).
    pub fn try_execute(&self, js: &str, args: Vec<Value>) -> Result<Value, String> {
        self.call("execute", self.client().execute(js, args))
    }

    pub fn execute(&self, js: &str, args: Vec<Value>) -> Value {
        self.try_execute(js, args).unwrap_or_else(|e| self.fail(&e))
    }

    /// Answers the next file dialog (open or save) with `file`, through the seam of debug builds
    /// (WebDriver cannot drive the GTK file chooser); the window then gets it as the dialog's.
    pub fn answer_dialog(&self, file: &Path) {
        self.invoke(
            "debug_next_dialog",
            json!({ "path": file.display().to_string() }),
        );
    }

    /// Chooses `file` on the import screen, as the file dialog would, and waits for its preview.
    pub fn open_import_file(&self, file: &Path) {
        // The import page keeps the last import's summary until the owner asks for another.
        if self.exists(&tid("import-another")) {
            self.click(&tid("import-another"));
        }
        self.wait_for(&tid("import-choose-file"));
        self.answer_dialog(file);
        self.click(&tid("import-choose-file"));
        self.wait_for(&tid("import-preview"));
    }

    /// Confirms the shop's settings as a first import's preview proposes them (its Import button
    /// waits for that); nothing when the preview does not ask.
    pub fn confirm_shop(&self) {
        self.wait_for(&tid("import-preview"));
        if self.exists(&tid("shop-check")) {
            self.click(&tid("shop-check-save"));
            self.wait_for(&tid("shop-check-done"));
        }
    }

    /// The value of the `<select>` or `<input>` at `css`.
    pub fn value(&self, css: &str) -> String {
        let v = self.execute(
            "return document.querySelector(arguments[0]).value",
            vec![serde_json::json!(css)],
        );
        v.as_str().unwrap_or_default().to_string()
    }

    /// Calls a Tauri command the way the UI does.
    pub fn try_invoke(&self, cmd: &str, args: Value) -> Result<Value, String> {
        self.try_execute(
            "return window.__TAURI__.core.invoke(arguments[0], arguments[1])",
            vec![json!(cmd), args],
        )
    }

    /// Calls a Tauri command the way the UI does: what it answered, or the `ApiError` it
    /// rejected with.
    pub fn invoke_result(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let out = self.execute(
            "return window.__TAURI__.core.invoke(arguments[0], arguments[1])
               .then((ok) => ({ ok: ok ?? null }), (err) => ({ err }))",
            vec![json!(cmd), args],
        );
        match out.get("err") {
            Some(err) => Err(err.clone()),
            None => Ok(out["ok"].clone()),
        }
    }

    pub fn invoke(&self, cmd: &str, args: Value) -> Value {
        self.try_invoke(cmd, args)
            .unwrap_or_else(|e| self.fail(&format!("invoke {cmd}: {e}")))
    }

    /// Waits for two animation frames, so the picture matches the DOM (tauri-notes pitfall 7).
    pub fn settle(&self) -> Result<(), String> {
        let script = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.call(
            "two animation frames",
            self.client().execute_async(script, vec![]),
        )
        .map(|_| ())
    }

    /// Resizes the window (the smallest the app allows is 900×600) and waits for the page to
    /// lay out again; the page's own width, not the window's, is returned.
    pub fn resize(&self, width: u32, height: u32) -> u64 {
        self.call(
            "set window size",
            self.client().set_window_size(width, height),
        )
        .unwrap_or_else(|e| self.fail(&e));
        self.settle().unwrap_or_else(|e| self.fail(&e));
        self.execute("return window.innerWidth;", vec![])
            .as_u64()
            .unwrap_or(0)
    }

    fn try_screenshot(&self, name: &str) -> Result<PathBuf, String> {
        self.settle()?;
        let png = self.call("screenshot", self.client().screenshot())?;
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(format!("the screenshot is not a PNG ({} bytes)", png.len()));
        }
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// Saves the window's viewport to `$CARGO_TARGET_TMPDIR/screenshots/<name>.png`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let path = self.try_screenshot(name).unwrap_or_else(|e| self.fail(&e));
        eprintln!("e2e {}: screenshot {}", self.name, path.display());
        path
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A panic here, during a test's unwinding, would abort the whole test
        // binary; if shutdown fails anyway, the fields' own `Drop` still stops
        // WebKitWebDriver's and Xvfb's process groups.
        let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.shutdown()));
        if stopped.is_err() {
            eprintln!(
                "e2e {}: the orderly shutdown failed; stopping the processes by group",
                self.name
            );
        }
    }
}

/// Whether a click's error means the click never reached the page.
fn not_delivered(e: &CmdError) -> bool {
    e.is_element_not_interactable()
        || e.is_stale_element_reference()
        || e.is_no_such_element()
        || matches!(e, CmdError::Standard(w) if w.error == fantoccini::error::ErrorStatus::ElementClickIntercepted)
}
