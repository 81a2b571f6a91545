"""What the benchmarks share: paths, building what they measure from a fresh clone, the venv of
the Python peers, the generated benchmark shops, and the real window under Xvfb.

Every benchmark is one command (`python3 benches/NAME.py`) on a fresh clone with ../shared
beside it: what it needs is built or installed here, the first time, and kept for the next run
(release builds in $CARGO_TARGET_DIR, the venv in ~/.cache/regulars-bench-venv).
"""
import csv
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_pos.py")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/regulars-target"))
# The CLI as automation runs it: the same code built without the window (`--no-default-features`),
# in its own target dir so that it does not rebuild the app's.
HEADLESS_TARGET = os.path.join(TARGET, "headless")
VENV = os.path.expanduser("~/.cache/regulars-bench-venv")
# The weeks the benchmarks read: the last full week of gen_pos.py's three years, and one mid-way.
LAST_WEEK = "2024-W52"
MID_WEEK = "2024-W20"

med = statistics.median


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, env=None):
    """(wall seconds, peak RSS in KiB, stdout, stderr) of one command, via /usr/bin/time, started
    once the files written before it are on disk (a build's or a generator's output still being
    written out would slow the command's own writes)."""
    os.sync()
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    lines = out.stderr.strip().splitlines()
    return elapsed, int(lines[-1]), out.stdout, "\n".join(lines[:-1])


def stderr_figure(stderr, name):
    """The `name=value` figure a `--timings` run printed on stderr."""
    return next(float(l.split("=", 1)[1]) for l in stderr.splitlines() if l.startswith(f"{name}="))


def ensure_apt(*commands):
    """Installs the Debian packages of the commands missing here (`command` or `command:package`)."""
    missing = []
    for c in commands:
        cmd, _, pkg = c.partition(":")
        if not shutil.which(cmd) and not os.path.exists(cmd):
            missing.append(pkg or cmd)
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        sh(sudo + ["apt-get", "update", "-qq"])
        sh(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing)


def build_headless():
    """The release CLI without the window, as automation and benchmarks run it."""
    ensure_apt("/usr/bin/time:time", "gcc:build-essential")
    print("building the release CLI (headless) …", flush=True)
    sh(["cargo", "build", "--release", "--locked", "--bin", "regulars", "--no-default-features"], cwd=ROOT,
       env=dict(os.environ, CARGO_TARGET_DIR=HEADLESS_TARGET))
    return os.path.join(HEADLESS_TARGET, "release", "regulars")


def ui_is_built():
    """Whether `ui/dist` is newer than everything it is built from (a rebuilt UI makes cargo
    rebuild the app that embeds it)."""
    dist = os.path.join(ROOT, "ui", "dist", "index.html")
    if not os.path.exists(dist):
        return False
    sources = [os.path.join(ROOT, f) for f in ("vite.config.ts", "package-lock.json", "ui/index.html")]
    for folder, _, names in os.walk(os.path.join(ROOT, "ui", "src")):
        sources += [os.path.join(folder, n) for n in names]
    built = os.path.getmtime(dist)
    return all(os.path.getmtime(f) <= built for f in sources if os.path.exists(f))


def build_app():
    """The release app with its window, as `npx tauri build` makes it. Its UI (`ui/dist`, which the
    binary embeds) is built first when it is missing or older than its sources, with the system
    and npm packages `npm start` installs."""
    print("building the UI and the release app …", flush=True)
    steps = "ensure_system_packages && ensure_node_modules" + ("" if ui_is_built() else " && build_ui")
    sh(["bash", "-c", f"source .ci/lib.sh && {steps}"], cwd=ROOT)
    ensure_apt("/usr/bin/time:time")
    sh(["cargo", "build", "--release", "--locked", "--bin", "regulars", "--features", "tauri/custom-protocol"],
       cwd=ROOT, env=dict(os.environ, CARGO_TARGET_DIR=TARGET))
    return os.path.join(TARGET, "release", "regulars")


def venv_python(*modules):
    """The venv's python, with `modules` installed from PyPI (once)."""
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        sh([sys.executable, "-m", "venv", VENV])
    missing = [m for m in modules if subprocess.run([py, "-c", f"import {m}"], capture_output=True).returncode]
    if missing:
        sh([py, "-m", "pip", "install", "-q"] + missing)
    return py


def reexec_in_venv(*modules):
    """Runs this script again in the venv unless `modules` import here."""
    try:
        for m in modules:
            __import__(m)
    except ImportError:
        py = venv_python(*modules)
        os.execv(py, [py] + sys.argv)


def generate(rows, out, scale=None):
    """gen_pos.py's export of `rows` lines (same arguments, same bytes)."""
    if not os.path.exists(GEN):
        sys.exit(f"missing {GEN}: clone the project with ../shared beside it")
    sh([sys.executable, GEN, str(rows), out] + (["--scale", str(scale)] if scale else []), capture_output=True)


def next_week(src):
    """The export's last week again, seven days later, under new receipt ids: (header, the
    export's rows, the new week's rows, its ISO week)."""
    with open(src, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    last = max(dt.date.fromisoformat(r[0]) for r in body)
    extra = []
    for r in body:
        if dt.date.fromisoformat(r[0]) > last - dt.timedelta(days=7):
            r = list(r)
            r[0] = (dt.date.fromisoformat(r[0]) + dt.timedelta(days=7)).isoformat()
            r[2] = r[2] + "-next"
            extra.append(r)
    iso = (last + dt.timedelta(days=7)).isocalendar()
    return header, body, extra, f"{iso[0]}-W{iso[1]:02d}"


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fresh_shop(binary, tmp, name):
    """An empty shop set up for gen_pos.py's exports (Australian phones and dollars)."""
    d = os.path.join(tmp, name)
    shutil.rmtree(d, ignore_errors=True)
    sh([binary, "--data-dir", d, "settings", "--shop-name", "Bench", "--phone-region", "AU", "--currency", "AUD",
        "--time-zone", "Australia/Sydney"], capture_output=True)
    return d


def member_list(csv_path, shop_db, out_path, total=None):
    """Two thirds of the identified customers, joined evenly over 2022-01-01 … 2024-12-31; with
    `total`, every identified customer instead, and as many members who never bought (phones the
    export does not hold) as make `total`: a shop whose member list is bigger than its buyers.

    Identified means what the app identified: phones it could normalise (gen_pos.py writes some
    numbers in ranges that are not allocated; the app keeps those as raw identities, and no
    member can have one), read back from the shop's identities as national numbers."""
    import sqlite3
    with sqlite3.connect(shop_db) as db:
        valid = {"0" + v[3:] for (v,) in db.execute("SELECT value FROM identities WHERE kind = 'phone'")
                 if v.startswith("+61")}
    first_name = {}
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            phone = row["customer_phone"]
            if phone in valid and phone not in first_name:
                first_name[phone] = row["customer_name"]
    phones = sorted(first_name)
    kept = [p for i, p in enumerate(phones) if i % 3 != 2 or total]
    candidate = 412_000_000
    while total and len(kept) < total:
        phone = f"0{candidate}"
        candidate += 7
        if phone not in first_name:
            first_name[phone] = ""
            kept.append(phone)
    start = dt.date(2022, 1, 1)
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "phone", "joined"])
        for i, p in enumerate(kept):
            joined = start + dt.timedelta(days=i * 1096 // len(kept))
            w.writerow([first_name[p] or f"Member {i + 1}", p, joined.isoformat()])
    return len(kept)


def make_shop(binary, tmp, rows, members=True, total=None):
    """The big benchmark shop: gen_pos.py's export of `rows` lines and (with `members`) a member
    list of two thirds of its identified customers (or of `total` members, see `member_list`),
    imported into a fresh shop. Returns (shop, export, member list, member count)."""
    pos = os.path.join(tmp, "pos.csv")
    if not os.path.exists(pos):
        generate(rows, pos)
    name = "shop" if members else "shop-no-members"
    shop = fresh_shop(binary, tmp, f"{name}-{total}" if total else name)
    sh([binary, "--data-dir", shop, "import", pos, "--auto-map"], capture_output=True)
    if not members:
        return shop, pos, None, 0
    member_csv = os.path.join(tmp, f"members-{total}.csv" if total else "members.csv")
    n_members = member_list(pos, os.path.join(shop, "regulars.sqlite"), member_csv, total)
    sh([binary, "--data-dir", shop, "members", "import", member_csv], capture_output=True)
    return shop, pos, member_csv, n_members


def demo_shop(binary, tmp):
    """The demo bakery as an owner's shop (`regulars demo`), and its default week."""
    d = os.path.join(tmp, "demo")
    sh([binary, "--data-dir", d, "demo"], capture_output=True)
    week = json.loads(sh([binary, "--data-dir", d, "kpi", "--json"], capture_output=True, text=True).stdout)["week"]
    return d, week


def wait_closed(data_dir, timeout=30):
    """Waits until no app holds `data_dir`'s lock (one window per shop: an app started while the
    last one is still exiting would defer to it and open no window)."""
    import fcntl
    path = os.path.join(data_dir, ".regulars.lock")
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with open(path, "a") as f:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(f, fcntl.LOCK_UN)
                return
        except FileNotFoundError:
            return
        except BlockingIOError:
            time.sleep(0.02)
    sys.exit(f"the app did not release {path} within {timeout} s")


class Window:
    """The real app window: Xvfb and WebKitWebDriver, started once; `open` starts the app on a data
    folder and waits for a CSS selector to be in the DOM."""

    def __init__(self, display=":77"):
        ensure_apt("Xvfb:xvfb", "WebKitWebDriver:webkit2gtk-driver")
        self.procs = [subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                       stderr=subprocess.DEVNULL)]
        time.sleep(1)
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        env = dict(os.environ, DISPLAY=display, TAURI_WEBVIEW_AUTOMATION="true", LC_ALL="en_US.UTF-8")
        self.procs.append(subprocess.Popen(["WebKitWebDriver", f"--port={self.port}"], env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(0.5)

    def _req(self, method, path, body=None):
        r = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                   data=json.dumps(body).encode() if body is not None else None,
                                   headers={"Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(r, timeout=60).read())

    def open(self, binary, data_dir, selector, timeout=120):
        """Seconds from starting the app on `data_dir` to `selector` in the DOM (including the
        WebDriver session's set-up, ~0.4 s here: an upper bound of what the owner waits)."""
        t0 = time.perf_counter()
        caps = {"webkitgtk:browserOptions": {"binary": binary, "args": ["--data-dir", data_dir]}}
        sid = self._req("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["value"]["sessionId"]
        try:
            while True:
                found = self._req("POST", f"/session/{sid}/elements", {"using": "css selector", "value": selector})
                if found["value"]:
                    return time.perf_counter() - t0
                if time.perf_counter() - t0 > timeout:
                    sys.exit(f"{selector} did not appear within {timeout} s on {data_dir}")
                time.sleep(0.01)
        finally:
            self._req("DELETE", f"/session/{sid}")
            wait_closed(data_dir)

    def close(self):
        for p in reversed(self.procs):
            p.terminate()
            p.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
