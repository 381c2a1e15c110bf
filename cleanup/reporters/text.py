"""Plain-text reporter: ``path:line:col: rule message → suggestion``.

On a terminal it adds colour and the offending line with the span underlined.

>>> import io
>>> from cleanup.document import Document
>>> from cleanup.findings import Finding
>>> doc = Document("It is one in every of the best.", path="a.txt")
>>> f = doc.finding(6, 21, detector="phrasebook", rule="phrasebook/spinner-en",
...                 message="spinner signature", suggestions=("one of",), confidence=0.9)
>>> out = io.StringIO()
>>> TextReporter(out, color=False).file(FileReport("a.txt", doc, [f]))
>>> print(out.getvalue(), end="")
a.txt:1:7: phrasebook/spinner-en spinner signature → one of
"""

from __future__ import annotations

from . import FileReport, Reporter, Summary

_RESET = "\033[0m"
_STYLES = {"path": "\033[1m", "error": "\033[31m", "warning": "\033[33m", "info": "\033[36m",
           "suggestion": "\033[32m", "dim": "\033[2m"}


class TextReporter(Reporter):
    name = "text"

    def _c(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color else text

    def file(self, report: FileReport) -> None:
        write = self.stream.write
        for f in report.findings:
            where = self._c("path", f"{f.path}:{f.line}:{f.column}:")
            line = f"{where} {self._c(f.severity, f.rule)} {f.message}"
            if f.suggestions:
                line += " → " + self._c("suggestion", f.suggestions[0])
                if len(f.suggestions) > 1:
                    line += self._c("dim", " (or: " + ", ".join(f.suggestions[1:]) + ")")
            write(line + "\n")
            if self.color and report.document is not None:
                self._context(report.document, f)

    def _context(self, doc, f) -> None:
        src = doc.line_text(f.line).expandtabs(1)
        width = max(1, min(f.end - f.start, len(src) - f.column + 1))
        self.stream.write(f"    {src}\n    {' ' * (f.column - 1)}{self._c(f.severity, '^' + '~' * (width - 1))}\n")

    def finish(self, summary: Summary) -> None:
        if self.color:
            files = f"{summary.files} file" + ("" if summary.files == 1 else "s")
            found = f"{summary.findings} finding" + ("" if summary.findings == 1 else "s")
            self.stream.write(self._c("dim", f"{found} in {files}") + "\n")
