#!/usr/bin/env python3
"""First paint: process start to the welcome screen in the DOM, five fresh data dirs.

    python3 benches/first_paint.py [--runs 5] [--bin BINARY]   (default: build the release app)

Starts Xvfb on :77 and WebKitWebDriver (benches/common.py), opens a session on the binary and
polls for `[data-testid=welcome]`. The figure includes the WebDriver session set-up (about 0.4 s
here), so it is an upper bound of what the owner waits. Not a test: figures are printed.
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Window, build_app, med  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", help="a built regulars app (default: build the release app)")
    args = ap.parse_args()
    binary = args.bin or build_app()
    results = []
    with tempfile.TemporaryDirectory(prefix="regulars-paint-") as tmp, Window() as window:
        for i in range(args.runs):
            results.append(window.open(binary, os.path.join(tmp, f"shop-{i}"), "[data-testid=welcome]"))
    print("first paint (process start to welcome screen in the DOM, via WebDriver), runs:",
          ["%.2f" % r for r in sorted(results)], "median %.2f s" % med(results))


if __name__ == "__main__":
    main()
