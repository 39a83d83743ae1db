#!/usr/bin/env python3
"""Save-to-served latency of `scrutiny serve`: from the write of one report edit to the new page
being served, over repeated edits. Prints the median and 95th percentile.

    python3 benches/serve_latency.py SITE_ROOT [--edits N] [--binary target/release/scrutiny]

SITE_ROOT is a site folder (the sample site is `.`, a large corpus comes from
`cargo run --release --example corpus -- DIR`). The first public report found is edited in
place and restored at the end.
"""
import argparse
import pathlib
import re
import statistics
import subprocess
import time
import urllib.request


def first_public_report(root: pathlib.Path):
    for report in sorted(root.glob("content/*/reports/*.md")):
        text = report.read_text(encoding="utf-8")
        front = text.split("---", 2)[1] if text.startswith("---") else ""
        if re.search(r"^status:\s*draft", front, re.M) or re.search(r"^exempt:\s*[1-7]", front, re.M):
            continue
        meeting = re.search(r"^meeting:\s*(\S+)", front, re.M).group(1)
        committee = re.search(r"^committee:\s*(\S+)", front, re.M).group(1)
        authority = report.parent.parent.name
        return report, f"/{authority}/{meeting}-{committee}/{report.stem}/"
    raise SystemExit("no public report found")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=pathlib.Path)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--binary", default="target/release/scrutiny")
    args = parser.parse_args()
    report, page = first_public_report(args.root)
    original = report.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [args.binary, "--root", str(args.root), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = server.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        url = f"http://127.0.0.1:{port}{page}"
        latencies = []
        for n in range(args.edits):
            marker = f"latencymarker{n}x{time.monotonic_ns()}"
            edited = original.rstrip("\n") + f"\n\nEdited paragraph {marker}.\n"
            started = time.perf_counter()
            report.write_text(edited, encoding="utf-8")
            while True:
                with urllib.request.urlopen(url) as response:
                    if marker.encode() in response.read():
                        break
                if time.perf_counter() - started > 60:
                    raise SystemExit(f"edit {n} was not served within 60 s")
                time.sleep(0.001)
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)
        latencies.sort()
        p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
        print(f"site: {args.root}  page: {page}  edits: {len(latencies)}")
        print(f"save-to-served latency: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, "
              f"min {latencies[0]:.1f} ms, max {latencies[-1]:.1f} ms")
    finally:
        report.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
