"""The HTML report, loaded in a real headless browser (Debian's chromium): the highlighted
spans are in the DOM with their suggestions, a focused highlight shows its tooltip, documents
are indexed by spin score, and a screenshot is taken (kept in the test's temporary folder)."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import ROOT

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no chromium: apt-get install chromium "
                                                           "(.ci/run installs it)")


def _browser(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-dev-shm-usage", "--hide-scrollbars", *args],
                          capture_output=True, timeout=120)


class _Marks(HTMLParser):
    """The highlighted spans (with their text), the index links and <body>'s attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict] = []
        self.index: list[str] = []
        self.body: dict = {}
        self._in_mark = False
        self._in_index = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            self.marks.append({**attrs, "text": ""})
            self._in_mark = True
        elif tag == "table" and attrs.get("id") == "index":
            self._in_index = True
        elif tag == "a" and self._in_index:
            self.index.append(attrs["href"])
        elif tag == "body":
            self.body = attrs

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False
        elif tag == "table":
            self._in_index = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1]["text"] += data


def _parse(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    return parser


@needs_browser
def test_report_in_headless_chromium(run_cli, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The river ran high after the rain, and the bridge held.\n", encoding="utf-8")
    spun = ROOT / "examples" / "spun-article.md"
    r = run_cli(["check", "--format", "html", str(clean), str(spun)])
    assert r.returncode == 1 and r.stdout.startswith(b"<!DOCTYPE html>")
    page = tmp_path / "report.html"
    page.write_bytes(r.stdout)
    assert b"http" not in r.stdout.split(b"<body>")[0]  # self-contained: nothing to fetch

    dom = _browser("--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-500:]
    parsed = _parse(dom.stdout.decode("utf-8"))
    marks = parsed.marks
    assert len(marks) >= 20
    first = next(m for m in marks if m["text"] == "One in every of")
    assert first["data-detector"] == "phrasebook" and first["data-suggestion"] == "One of"
    assert first["tabindex"] == "0" and "One of" in first["data-tip"]
    assert {m["data-detector"] for m in marks} >= {"phrasebook", "spin"}
    assert parsed.index == ["#doc-2", "#doc-1"]  # the spun article first: higher spin score

    # A linked highlight shows its tooltip (CSS ::after, as on hover and focus; the report
    # itself has no script: the probe adds one to read the computed style).
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>addEventListener('load', () => {for (const m of "
        "document.querySelectorAll('mark')) m.dataset.shown = getComputedStyle(m, '::after')"
        ".content;});</script></body>"),
        encoding="utf-8")
    target = first["id"]
    shown = _parse(_browser("--virtual-time-budget=2000", "--dump-dom",
                            probe.as_uri() + "#" + target).stdout.decode("utf-8"))
    tips = {m["id"]: m["data-shown"] for m in shown.marks}
    assert "→ One of" in tips[target] and "spinner" in tips[target], tips[target]
    assert all(tip == "none" for ident, tip in tips.items() if ident != target)

    shot = tmp_path / "report.png"
    taken = _browser("--window-size=1200,1600", f"--screenshot={shot}", page.as_uri())
    assert taken.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    print(f"screenshot: {shot}")
