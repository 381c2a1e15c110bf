#!/usr/bin/env python3
"""One very large input (default 1 GB): wall time and peak memory of `cleanup check` and,
optionally, `cleanup fix`, which read it in paragraph-aligned chunks (cleanup/stream.py).

Usage: python benchmarks/large_input.py [--size-mb 1000] [--fix] [--jobs 2]

The input is WikiText-2 test and valid (2.3 MB of distinct prose) with the spun example article
in the middle, repeated up to the size (about 10 findings per MB); it is written once to
benchmarks/results/large-input.txt (git ignores it). Memory is sampled from /proc every 0.2 s:
the largest resident set (RSS) of any one process, and the proportional set size (PSS) summed
over the cleanup process and its workers at the same moment (the memory they use together).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from _common import DATA, RESULTS, ROOT, require, save, tool  # noqa: E402


def make_input(size_mb: int) -> str:
    path = RESULTS / "large-input.txt"
    target = size_mb * 1_000_000
    if path.exists() and abs(path.stat().st_size - target) < 5_000_000:
        return str(path)
    prose = "".join(require(DATA / "clean" / f"wikitext2.{split}.txt").read_text(encoding="utf-8")
                    for split in ("test", "valid"))
    spun = (ROOT / "examples" / "spun-article.md").read_text(encoding="utf-8")
    paragraphs = [p for p in prose.split("\n\n") if p.strip()]
    middle = len(paragraphs) // 2
    block = paragraphs[:middle] + [spun.strip()] + paragraphs[middle:]
    block_text = "\n\n".join(block) + "\n\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            out.write(block_text)
            written += len(block_text.encode("utf-8"))
    return str(path)


def _tree_rss_kib(root: int) -> tuple[int, int]:
    """(largest RSS of one process, sum of PSS) over ``root`` and its descendants, in KiB.
    PSS shares each page among the processes using it: forked workers share most of the
    parent's dictionaries, which RSS would count once per process."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    pss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/status") as fh:
                vm = next((line for line in fh if line.startswith("VmRSS:")), "VmRSS: 0 kB")
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(vm.split()[1])
        try:
            with open(f"/proc/{entry}/smaps_rollup") as fh:
                pss[pid] = int(next((line for line in fh if line.startswith("Pss:")),
                                    "Pss: 0 kB").split()[1])
        except OSError:
            pss[pid] = rss[pid]
    stack, seen = [root], []
    while stack:
        pid = stack.pop()
        seen.append(pid)
        stack.extend(children.get(pid, []))
    return max((rss.get(p, 0) for p in seen), default=0), sum(pss.get(p, 0) for p in seen)


def measure(cmd: list[str]) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_one = peak_sum = 0
    while proc.poll() is None:
        one, total = _tree_rss_kib(proc.pid)
        peak_one, peak_sum = max(peak_one, one), max(peak_sum, total)
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    return {"seconds": round(seconds, 1), "exit": proc.returncode,
            "peak_process_mib": round(peak_one / 1024), "peak_all_processes_mib": round(peak_sum / 1024),
            "stderr_tail": err[-300:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=1000)
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--fix", action="store_true", help="also fix a copy in place")
    args = ap.parse_args()
    path = make_input(args.size_mb)
    size_mb = os.path.getsize(path) / 1_000_000
    print(f"input: {path} ({size_mb:.0f} MB)")
    results = {"input_mb": round(size_mb), "jobs": args.jobs}
    check = measure([tool("cleanup"), "check", "-j", args.jobs, "--format", "json", path])
    results["check"] = check
    print(f"check: {check['seconds']} s ({size_mb / check['seconds']:.2f} MB/s), exit "
          f"{check['exit']}, peak {check['peak_process_mib']} MiB in one process, "
          f"{check['peak_all_processes_mib']} MiB in all (PSS)")
    if args.fix:
        copy = RESULTS / "large-input-fix.txt"
        subprocess.run(["cp", path, str(copy)], check=True)
        fixed = measure([tool("cleanup"), "fix", "-j", args.jobs, str(copy)])
        results["fix"] = fixed
        print(f"fix: {fixed['seconds']} s, exit {fixed['exit']}, peak {fixed['peak_process_mib']} "
              f"MiB in one process, {fixed['peak_all_processes_mib']} MiB in all")
        copy.unlink()
    print(f"written {save('large_input', results)}")


if __name__ == "__main__":
    main()
