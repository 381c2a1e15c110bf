"""The ``html`` reporter: one self-contained page for a reviewer to look at.

Each document is shown whole, with every finding highlighted in its detector's colour; hovering
over a highlight, or moving to it with the Tab key, shows the suggestion, the reason and the
confidence; so does a link to a highlight (``report.html#f-1-3``: document 1, finding 3).
A summary gives the counts per detector and each document's spin score, and with
several documents an index lists them by spin score, most likely spun first. The page has no
external resources (no scripts, fonts or images), so it can be mailed or archived as one file.

>>> import io
>>> from cleanup.document import Document
>>> from cleanup.findings import Finding
>>> doc = Document("It is one in every of the best.")
>>> f = Finding("a.txt", 1, 7, 6, 21, "one in every of", "phrasebook", "phrasebook/spinner-en",
...             "spinner signature", ("one of",), 0.95)
>>> out = io.StringIO()
>>> rep = HtmlReporter(out); rep.file(FileReport("a.txt", doc, [f]))
>>> rep.finish(Summary.of([[f]], files=1))
>>> page = out.getvalue()
>>> '<mark class="finding det-phrasebook"' in page, "It is <mark" in page, "</html>" in page
(True, True, True)
"""

from __future__ import annotations

from html import escape

from . import FileReport, Reporter, Summary

#: Highlight colours per detector (background), chosen to stay readable with black text.
COLOURS = {"phrasebook": "#ffd166", "spin": "#f4a6c6", "spelling": "#9ad0f5",
           "unicode": "#b8e0a8", "grammar": "#d7c4f2"}

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .7rem;text-align:left;
border-bottom:1px solid #eee}td.num,th.num{text-align:right}
pre.doc{white-space:pre-wrap;word-wrap:break-word;font:15px/1.6 ui-monospace,monospace;
background:#fafafa;border:1px solid #ddd;padding:1rem}
mark.finding{position:relative;border-radius:3px;padding:0 1px;cursor:help;outline-offset:1px}
mark.finding:hover::after,mark.finding:focus::after,mark.finding:target::after{content:attr(data-tip);position:absolute;
left:0;top:1.6em;z-index:10;width:max-content;max-width:28rem;white-space:normal;
background:#222;color:#fff;font:13px/1.4 system-ui,sans-serif;padding:.4rem .6rem;border-radius:4px}
.legend span{display:inline-block;padding:0 .5rem;margin-right:.4rem;border-radius:3px}
.score{font-weight:bold}
"""


def _css() -> str:
    colours = "".join(f".det-{name}{{background:{colour}}}" for name, colour in COLOURS.items())
    return STYLE + colours


class HtmlReporter(Reporter):
    name = "html"

    def __init__(self, stream, color: bool = False) -> None:
        super().__init__(stream, color)
        self.reports: list[FileReport] = []

    def file(self, report: FileReport) -> None:
        self.reports.append(report)

    def finish(self, summary: Summary) -> None:
        scores = summary.spin_score or {}
        out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               f'<title>cleanup report</title>\n<style>{_css()}</style>\n</head>\n<body>\n'
               '<h1>cleanup report</h1>\n']
        out.append(f'<p id="totals">{summary.files} document{"s" if summary.files != 1 else ""}, '
                   f'{summary.findings} finding{"s" if summary.findings != 1 else ""}.</p>\n')
        out.append(self._summary_table(summary))
        out.append('<p class="legend">' + "".join(
            f'<span class="det-{name}">{name}</span>' for name in COLOURS) + "</p>\n")
        numbered = list(enumerate(self.reports, 1))
        if len(numbered) > 1:
            out.append(self._index(numbered, scores))
        for number, report in numbered:
            out.append(self._document(number, report, scores.get(report.path)))
        out.append("</body>\n</html>\n")
        self.stream.write("".join(out))

    @staticmethod
    def _summary_table(summary: Summary) -> str:
        if not summary.by_detector:
            return ""
        rows = "".join(f'<tr><td><span class="det-{escape(d)}">{escape(d)}</span></td>'
                       f'<td class="num">{n}</td></tr>' for d, n in summary.by_detector.items())
        return (f'<table id="by-detector"><tr><th>detector</th><th class="num">findings</th></tr>'
                f"{rows}</table>\n")

    @staticmethod
    def _index(numbered, scores: dict) -> str:
        ranked = sorted(numbered, key=lambda item: (-scores.get(item[1].path, 0.0), item[0]))
        rows = "".join(
            f'<tr><td class="num score">{scores.get(r.path, 0.0):.3f}</td>'
            f'<td class="num">{len(r.findings)}</td>'
            f'<td><a href="#doc-{n}">{escape(r.path)}</a></td></tr>' for n, r in ranked)
        return ('<h2>Documents by spin score</h2>\n<table id="index"><tr><th class="num">spin score'
                f'</th><th class="num">findings</th><th>document</th></tr>{rows}</table>\n')

    @staticmethod
    def _document(number: int, report: FileReport, score: float | None) -> str:
        counts: dict[str, int] = {}
        for f in report.findings:
            counts[f.detector] = counts.get(f.detector, 0) + 1
        detail = ", ".join(f"{d} {n}" for d, n in sorted(counts.items())) or "no findings"
        score_attr = score_text = ""
        if score is not None:
            score_attr = f' data-spin-score="{score:.4f}"'
            score_text = f'spin score <span class="score">{score:.3f}</span> · '
        n = len(report.findings)
        head = (f'<section class="document" id="doc-{number}" data-path="{escape(report.path)}"'
                f"{score_attr}>\n<h2>{escape(report.path)}</h2>\n<p>{score_text}"
                f"{n} finding{'s' if n != 1 else ''}: {escape(detail)}</p>\n")
        if report.document is None:  # only findings known: list them
            items = "".join(f"<li>{_mark(f, escape(f.text), f'f-{number}-{i}')}</li>"
                            for i, f in enumerate(report.findings, 1))
            return head + f"<ul>{items}</ul>\n</section>\n"
        text = report.document.text
        parts, pos = [], 0
        ordered = sorted(report.findings, key=lambda f: f.start)
        for i, f in enumerate(ordered, 1):
            if f.start < pos:
                continue  # overlapping findings are resolved before reporting; be safe anyway
            parts.append(escape(text[pos:f.start]))
            parts.append(_mark(f, escape(text[f.start:f.end]), f"f-{number}-{i}"))
            pos = f.end
        parts.append(escape(text[pos:]))
        return head + f'<pre class="doc">{"".join(parts)}</pre>\n</section>\n'


def _mark(f, inner: str, ident: str) -> str:
    suggestion = f"→ {f.best}" if f.best is not None else "no suggestion"
    if f.best == "":
        suggestion = "→ (delete)"
    tip = f"{suggestion} · {f.message} · {f.rule}, confidence {f.confidence:.2f}"
    return (f'<mark class="finding det-{escape(f.detector)}" id="{ident}" tabindex="0" '
            f'data-detector="{escape(f.detector)}" data-rule="{escape(f.rule)}" '
            f'data-suggestion="{escape(f.best or "")}" data-confidence="{f.confidence:.2f}" '
            f'data-tip="{escape(tip)}" aria-label="{escape(tip)}">{inner}</mark>')
