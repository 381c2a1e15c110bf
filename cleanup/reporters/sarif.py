"""SARIF 2.1.0 reporter, for code-scanning dashboards.

Each finding becomes a result with its rule, level, region and a fix (the replacement of the
region by the best suggestion).

>>> import io, json
>>> from cleanup.findings import Finding
>>> f = Finding("a.txt", 1, 7, 6, 21, "one in every of", "phrasebook", "phrasebook/spinner-en",
...             "spinner signature", ("one of",), 0.95)
>>> out = io.StringIO(); rep = SarifReporter(out); rep.file(FileReport("a.txt", None, [f]))
>>> rep.finish(None); doc = json.loads(out.getvalue())
>>> doc["version"], doc["runs"][0]["results"][0]["ruleId"]
('2.1.0', 'phrasebook/spinner-en')
"""

from __future__ import annotations

import json

from . import FileReport, Reporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _region(f) -> dict:
    end_line, end_col = f.end_line_column
    return {"startLine": f.line, "startColumn": f.column, "endLine": end_line,
            "endColumn": end_col, "charOffset": f.start, "charLength": f.end - f.start,
            "snippet": {"text": f.text}}


class SarifReporter(Reporter):
    name = "sarif"

    def __init__(self, stream, color: bool = False) -> None:
        super().__init__(stream, color)
        self.results: list[dict] = []
        self.rules: dict[str, dict] = {}

    def file(self, report: FileReport) -> None:
        for f in report.findings:
            self.rules.setdefault(f.rule, {
                "id": f.rule,
                "name": f.rule.replace("/", "-"),
                "shortDescription": {"text": f"{f.detector} finding"},
                "properties": {"detector": f.detector},
            })
            uri = f.path if f.path != "-" else "stdin"
            location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(f)}}
            result = {
                "ruleId": f.rule,
                "level": _LEVELS.get(f.severity, "warning"),
                "message": {"text": f.message + (f" → {f.suggestions[0]}" if f.suggestions else "")},
                "locations": [location],
                "properties": {"confidence": round(f.confidence, 4),
                               "suggestions": list(f.suggestions)},
            }
            if f.suggestions:
                result["fixes"] = [{
                    "description": {"text": f"Replace with '{f.suggestions[0]}'"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{"deletedRegion": _region(f),
                                          "insertedContent": {"text": f.suggestions[0]}}],
                    }],
                }]
            self.results.append(result)

    def finish(self, summary) -> None:
        from .. import __version__

        doc = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "cleanup",
                    "version": __version__,
                    "informationUri": "https://pypi.org/project/cleanup-text/",
                    "rules": sorted(self.rules.values(), key=lambda r: r["id"]),
                }},
                "results": self.results,
            }],
        }
        json.dump(doc, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
