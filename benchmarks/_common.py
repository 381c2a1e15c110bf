"""Helpers shared by the benchmark scripts: data paths, timing, peak memory, results files."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (place ../shared/data beside the checkout)")
    return path


def one_mb_of_prose(size: int = 1_000_000) -> Path:
    """The first ~1 MB of WikiText-2 test, cut at a paragraph break, in the results folder."""
    text = require(DATA / "clean" / "wikitext2.test.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    data = data[: data.rfind("\n\n") + 1]
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "prose-1mb.txt"
    path.write_text(data, encoding="utf-8")
    return path


def run_measured(cmd: list[str], stdin_path: Path | None = None) -> tuple[float, int, int]:
    """Run a command once in a fresh wrapper; return (seconds, peak RSS in KiB, exit code)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "cmd = sys.argv[2:]\n"
        "stdin = open(sys.argv[1], 'rb') if sys.argv[1] != '-' else subprocess.DEVNULL\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
        "dt = time.perf_counter() - t\n"
        "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, str(stdin_path or "-"), *cmd],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def best_of(cmd, runs: int, stdin_path: Path | None = None) -> dict:
    times, peaks = [], []
    for _ in range(runs):
        t, rss, _ = run_measured(cmd, stdin_path)
        times.append(t)
        peaks.append(rss)
    return {"best_s": min(times), "median_s": statistics.median(times), "runs": runs,
            "peak_rss_mib": round(max(peaks) / 1024, 1)}


def machine() -> dict:
    return {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}


def save(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **payload}, indent=2) + "\n", encoding="utf-8")
    return path


def tool(name: str) -> str:
    """Path of a console script installed beside this interpreter, or the bare name."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name
