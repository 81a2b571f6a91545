#!/usr/bin/env python3
"""First paint: process start to the welcome screen in the DOM, five fresh data dirs.

    python3 benches/first_paint.py [BINARY]   (default: the release build)

Starts Xvfb on :77 and WebKitWebDriver, opens a session on the binary and polls
for `[data-testid=welcome]`. The figure includes the WebDriver session set-up
(about 0.4 s here), so it is an upper bound of what the owner waits.
"""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request
target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/regulars-target"))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "release", "regulars")
def free():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
xvfb = subprocess.Popen(["Xvfb", ":77", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
time.sleep(1)
env = dict(os.environ, DISPLAY=":77", TAURI_WEBVIEW_AUTOMATION="true", LC_ALL="en_US.UTF-8")
port = free()
drv = subprocess.Popen(["WebKitWebDriver", f"--port={port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
def req(method, path, body=None):
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=json.dumps(body).encode() if body is not None else None, headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(r, timeout=30).read())
results = []
try:
    for i in range(5):
        d = tempfile.mkdtemp()
        t0 = time.perf_counter()
        sid = req("POST", "/session", {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {"binary": binary, "args": ["--data-dir", d]}}}})["value"]["sessionId"]
        while True:
            v = req("POST", f"/session/{sid}/elements", {"using": "css selector", "value": "[data-testid=welcome]"})["value"]
            if v: break
            time.sleep(0.01)
        results.append(time.perf_counter() - t0)
        req("DELETE", f"/session/{sid}")
finally:
    drv.terminate(); xvfb.terminate()
results.sort()
print("first paint (process start to welcome screen in the DOM, via WebDriver), runs:", ["%.2f" % r for r in results], "median %.2f s" % results[len(results)//2])
