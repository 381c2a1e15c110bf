"""JSON reporters: ``json`` prints one object at the end, ``jsonl`` one finding per line.

The ``json`` object is ``{"version": 1, "findings": [...], "summary": {...}}``.

>>> import io
>>> from cleanup.findings import Finding
>>> f = Finding("a.txt", 1, 7, 6, 21, "one in every of", "phrasebook", "phrasebook/spinner-en",
...             "spinner signature", ("one of",), 0.95)
>>> out = io.StringIO()
>>> rep = JsonLinesReporter(out); rep.file(FileReport("a.txt", None, [f]))
>>> out.getvalue().count("\\n"), '"rule": "phrasebook/spinner-en"' in out.getvalue()
(1, True)
"""

from __future__ import annotations

import json

from . import FileReport, Reporter, Summary

SCHEMA_VERSION = 1


class JsonReporter(Reporter):
    name = "json"

    def __init__(self, stream, color: bool = False) -> None:
        super().__init__(stream, color)
        self.findings: list[dict] = []

    def file(self, report: FileReport) -> None:
        self.findings.extend(f.to_dict() for f in report.findings)

    def finish(self, summary: Summary) -> None:
        obj = {"version": SCHEMA_VERSION, "findings": self.findings, "summary": summary.to_dict()}
        json.dump(obj, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


class JsonLinesReporter(Reporter):
    name = "jsonl"

    def file(self, report: FileReport) -> None:
        for f in report.findings:
            self.stream.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
