"""The ``grammar`` detector: LanguageTool matches, through language-tool-python.

Off unless enabled (``--grammar``, ``grammar = true`` in configuration, or ``--select grammar``).
It uses the server the user names (``--languagetool-url``, ``languagetool-url`` in
configuration, or ``CLEANUP_LANGUAGETOOL_URL``), or else a LanguageTool that is already installed
where language-tool-python keeps it (``$LTP_PATH`` or ``~/.cache/language_tool_python``) and Java
to run it. Nothing is downloaded. When no LanguageTool is reachable the detector reports one
note, which the command line prints as one line, and finds nothing; the other detectors go on.

Protected regions (code, URLs, markup) are blanked out before the text is sent, keeping every
offset, and long texts are sent in parts of at most ``MAX_PART`` characters cut at blank lines.
Each match becomes a finding ``grammar/<RULE_ID>`` with LanguageTool's message and replacements.

>>> GrammarDetector.default_enabled
False
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..document import Document
from ..findings import Finding
from ..options import Options
from . import Detector, register

ENV_URL = "CLEANUP_LANGUAGETOOL_URL"
MAX_PART = 20_000
#: Confidence by LanguageTool issue type: its rules do not say how sure they are.
CONFIDENCE = {"misspelling": 0.6, "grammar": 0.7, "typographical": 0.55, "style": 0.5,
              "duplication": 0.7, "inconsistency": 0.6, "locale-violation": 0.5}
DEFAULT_CONFIDENCE = 0.6


class GrammarUnavailable(RuntimeError):
    """No LanguageTool server could be used; ``str()`` is one line."""


def installed_languagetool() -> Path | None:
    """A LanguageTool that language-tool-python downloaded earlier, if any (never downloads)."""
    base = Path(os.environ.get("LTP_PATH", Path.home() / ".cache" / "language_tool_python"))
    found = sorted(base.glob("LanguageTool-*")) if base.is_dir() else []
    return found[-1] if found else None


def connect(url: str | None, language: str):
    """A language-tool-python client for ``url``, or for an installed local LanguageTool."""
    try:
        import language_tool_python
    except ImportError as exc:  # pragma: no cover - a dependency
        raise GrammarUnavailable(f"language-tool-python is not installed ({exc})") from None
    import shutil  # here, not at the top: it slows every start-up

    if url is None and (installed_languagetool() is None or shutil.which("java") is None):
        raise GrammarUnavailable(
            "no LanguageTool server: give --languagetool-url URL (or set "
            f"{ENV_URL}); a local LanguageTool must be installed with Java, cleanup does not "
            "download it")
    try:
        if url is None:
            return language_tool_python.LanguageTool(language)
        return language_tool_python.LanguageTool(language, remote_server=url)
    except Exception as exc:  # connection refused, bad JSON, unknown language...
        where = url or "the local LanguageTool"
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise GrammarUnavailable(f"cannot use {where}: {reason}") from None


def _masked(doc: Document) -> str:
    """The text with protected regions blanked (newlines kept), so offsets are unchanged."""
    text = doc.text
    if not doc.protected:
        return text
    chars = list(text)
    for start, end, _ in doc.protected:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _parts(text: str) -> Iterator[tuple[int, str]]:
    """(offset, part) pieces of at most MAX_PART characters, cut after blank lines if possible."""
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_PART)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut > start:
                end = cut + 2
        yield start, text[start:end]
        start = end


@register
class GrammarDetector(Detector):
    id = "grammar"
    description = "LanguageTool matches (off unless enabled; needs a LanguageTool server)"
    default_enabled = False

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.url = options.languagetool_url or os.environ.get(ENV_URL) or None
        self.language = options.language
        self.notes: list[str] = []
        self._client = None
        self._failed = False

    def client(self):
        if self._client is None and not self._failed:
            try:
                self._client = connect(self.url, self.language)
            except GrammarUnavailable as exc:
                self._failed = True
                self.notes.append(f"grammar: {exc}; grammar checks skipped")
        return self._client

    def detect(self, doc: Document) -> Iterator[Finding]:
        client = self.client()
        if client is None or not doc.text.strip():
            return
        for offset, part in _parts(_masked(doc)):
            if not part.strip():
                continue
            try:
                matches = client.check(part)
            except Exception as exc:
                self._failed, self._client = True, None
                reason = " ".join(str(exc).split())[:160] or type(exc).__name__
                self.notes.append(f"grammar: LanguageTool failed ({reason}); grammar checks skipped")
                return
            for m in matches:
                start = offset + m.offset
                end = start + m.error_length
                if not (0 <= start < end <= len(doc.text)):
                    continue
                yield doc.finding(
                    start, end, detector=self.id, rule=f"grammar/{m.rule_id}",
                    message=" ".join(m.message.split()), suggestions=tuple(m.replacements[:3]),
                    confidence=CONFIDENCE.get(m.rule_issue_type, DEFAULT_CONFIDENCE),
                )
