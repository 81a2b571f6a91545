//! The processes the e2e harness starts, and how it makes sure none outlives it.
//!
//! Each one runs in its own process group, with its output in a log file (an
//! orphan holding the test's stdout once hung CI for 45 minutes), and is
//! stopped by pid: SIGTERM to its group, then SIGKILL after a grace period.
//! A small `sh` watchdog per process kills the group if the test binary itself
//! dies without running `Drop` (SIGKILL, abort, a CI timeout).

use rustix::process::{Pid, Signal, kill_process, kill_process_group};
use std::collections::HashMap;
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// `$0` is the test binary's pid, `$1` the group to kill once it is gone.
const WATCHDOG: &str =
    r#"while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -9 -"$1" 2>/dev/null"#;

fn pid(raw: u32) -> Option<Pid> {
    i32::try_from(raw).ok().and_then(Pid::from_raw)
}

fn signal(raw: u32, sig: Signal) {
    if let Some(p) = pid(raw) {
        let _ = kill_process(p, sig);
    }
}

fn signal_group(raw: u32, sig: Signal) {
    if let Some(p) = pid(raw) {
        let _ = kill_process_group(p, sig);
    }
}

/// The state letter and parent pid from `/proc/<pid>/stat`; `None` once the pid is gone.
fn stat(pid: u32) -> Option<(char, u32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    let rest = text.get(text.rfind(')')? + 1..)?;
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

/// Whether `pid` is a live process (a zombie waiting to be reaped is not).
pub fn is_running(pid: u32) -> bool {
    matches!(stat(pid), Some((state, _)) if state != 'Z' && state != 'X')
}

/// The command name of `pid`, for messages.
pub fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Every live process below `root` in the process tree (children, their children…).
pub fn descendants(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.filter_map(Result::ok) {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            if let Some((state, ppid)) = stat(pid)
                && state != 'Z'
            {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(p) = todo.pop() {
        for &c in children.get(&p).map(Vec::as_slice).unwrap_or_default() {
            out.push(c);
            todo.push(c);
        }
    }
    out
}

/// Waits until none of `pids` runs; false if some still do after `timeout`.
pub fn wait_gone(pids: &[u32], timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if !pids.iter().any(|&p| is_running(p)) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// SIGTERM to those of `pids` still running, then SIGKILL after `grace`.
pub fn stop_pids(pids: &[u32], grace: Duration) {
    let running: Vec<u32> = pids.iter().copied().filter(|&p| is_running(p)).collect();
    if running.is_empty() {
        return;
    }
    running.iter().for_each(|&p| signal(p, Signal::TERM));
    if !wait_gone(&running, grace) {
        running.iter().for_each(|&p| signal(p, Signal::KILL));
        wait_gone(&running, Duration::from_secs(2));
    }
}

/// A process the harness started, stopped with its group when dropped.
pub struct Spawned {
    child: Child,
    watchdog: Option<Child>,
    stopped: bool,
}

impl Spawned {
    /// Starts `cmd` in a new process group, with stdin closed. The caller
    /// sets stdout and stderr (never inherited: see the module comment).
    pub fn start(name: &'static str, mut cmd: Command) -> Result<Spawned, String> {
        cmd.process_group(0).stdin(Stdio::null());
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start {name} ({cmd:?}): {e}"))?;
        let watchdog = Command::new("sh")
            .args(["-c", WATCHDOG])
            .arg(std::process::id().to_string())
            .arg(child.id().to_string())
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok();
        Ok(Spawned {
            child,
            watchdog,
            stopped: false,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The exit status, if the process has ended.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.stdout.take()
    }

    /// SIGTERM to the process group, up to `grace` to exit, then SIGKILL to
    /// whatever is left of the group; reaps the process and its watchdog.
    pub fn stop(&mut self, grace: Duration) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let pid = self.pid();
        if self.exited().is_none() {
            signal_group(pid, Signal::TERM);
            let deadline = Instant::now() + grace;
            while self.exited().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        signal_group(pid, Signal::KILL);
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(mut watchdog) = self.watchdog.take() {
            signal_group(watchdog.id(), Signal::KILL);
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.stop(Duration::from_secs(2));
    }
}
