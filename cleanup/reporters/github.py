"""GitHub Actions reporter: workflow commands that annotate the pull request.

>>> import io
>>> from cleanup.findings import Finding
>>> f = Finding("a.txt", 1, 7, 6, 21, "one in every of", "phrasebook", "phrasebook/spinner-en",
...             "50% spun, a, b", ("one of",), 0.95)
>>> out = io.StringIO(); GithubReporter(out).file(FileReport("a.txt", None, [f]))
>>> print(out.getvalue(), end="")
::error file=a.txt,line=1,col=7,endLine=1,endColumn=22,title=phrasebook/spinner-en::50%25 spun, a, b → one of
"""

from __future__ import annotations

from . import FileReport, Reporter

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    name = "github"

    def file(self, report: FileReport) -> None:
        for f in report.findings:
            end_line, end_col = f.end_line_column
            props = (f"file={_escape_property(f.path)},line={f.line},col={f.column},"
                     f"endLine={end_line},endColumn={end_col},title={_escape_property(f.rule)}")
            msg = f.message + (f" → {f.suggestions[0]}" if f.suggestions else "")
            self.stream.write(f"::{_LEVELS.get(f.severity, 'warning')} {props}::{_escape_data(msg)}\n")
