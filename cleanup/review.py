"""Interactive review: walk a document's findings one by one and ask what to do with each.

For every finding the reviewer sees its line with the span marked, the rule, the reason, the
confidence and the numbered suggestions, and answers:

- ``a`` or Enter: accept the best suggestion;
- a number: accept that suggestion;
- ``e``: type a replacement;
- ``s``: skip this finding;
- ``r``: skip this finding and every later one of the same rule;
- ``q``: quit, keeping what was accepted so far;
- ``?``: show this help.

The review only decides; the caller applies the accepted edits (all at once, on the text the
findings were made on) and writes the file. Input and output are functions, so the same code
serves a terminal and a test.

>>> from cleanup.checker import Checker
>>> checker = Checker()
>>> doc = checker.document("It is one in every of the best.\\n", path="a.txt")
>>> answers = iter(["a"])
>>> result = review(doc, checker.findings(doc), lambda prompt: next(answers), lambda text: None)
>>> result.edits, result.quit
([Edit(start=6, end=21, text='one of')], False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from .document import Document
from .findings import Finding
from .rewriter import Edit, apply_edits

HELP = """  a, Enter  accept the best suggestion      1-9  accept that suggestion
  e         type a replacement              s    skip this finding
  r         skip every finding of this rule q    quit, keeping what was accepted
  ?         this help"""

PROMPT = "[a]ccept, [1-9] choose, [e]dit, [s]kip, skip [r]ule, [q]uit, [?] > "

Ask = Callable[[str], Optional[str]]  # prompt -> answer, or None at end of input
Say = Callable[[str], None]


@dataclass
class ReviewResult:
    """The accepted edits (in text order) and what happened to the rest."""

    edits: list[Edit] = field(default_factory=list)
    skipped: int = 0
    quit: bool = False

    def apply(self, text: str) -> str:
        return apply_edits(text, sorted(self.edits, key=lambda e: e.start))


def review(doc: Document, findings: list[Finding], ask: Ask, say: Say,
           mark: Callable[[str], str] = lambda span: f"»{span}«") -> ReviewResult:
    """Ask about each finding in turn; ``mark`` shows the span inside its line."""
    result = ReviewResult()
    skipped_rules: set[str] = set()
    total = len(findings)
    for number, f in enumerate(findings, 1):
        if f.rule in skipped_rules:
            result.skipped += 1
            continue
        say(describe(doc, f, number, total, mark))
        while True:
            answer = ask(PROMPT)
            if answer is None or answer.strip().lower() == "q":
                result.quit = True
                result.skipped += total - number + 1
                return result
            answer = answer.strip().lower()
            edit = _decide(f, answer, ask)
            if edit is not None:
                result.edits.append(edit)
                break
            if answer in ("s", "r"):
                result.skipped += 1
                if answer == "r":
                    skipped_rules.add(f.rule)
                break
            if answer == "e":  # end of input while typing the replacement
                result.quit = True
                result.skipped += total - number + 1
                return result
            say(HELP if answer == "?" else _unknown(answer, f))
    return result


def _decide(f: Finding, answer: str, ask: Ask) -> Edit | None:
    """The edit an answer asks for, or None (skip, help, unknown answer, end of input)."""
    if answer in ("a", "") and f.suggestions:
        return Edit(f.start, f.end, f.suggestions[0])
    if answer.isdigit() and 1 <= int(answer) <= len(f.suggestions):
        return Edit(f.start, f.end, f.suggestions[int(answer) - 1])
    if answer == "e":
        typed = ask(f"replace '{f.text}' with: ")
        if typed is None:
            return None
        return Edit(f.start, f.end, typed.rstrip("\r\n"))
    return None


def _unknown(answer: str, f: Finding) -> str:
    if answer in ("a", "") and not f.suggestions:
        return "  this finding has no suggestion: [e]dit, [s]kip or [q]uit"
    if answer.isdigit():
        return f"  there are {len(f.suggestions)} suggestions"
    return f"  unknown answer {answer!r}; ? shows the choices"


def describe(doc: Document, f: Finding, number: int, total: int,
             mark: Callable[[str], str] = lambda span: f"»{span}«") -> str:
    """The finding with its line, as the reviewer sees it.

    >>> from cleanup.checker import Checker
    >>> doc = Document("Intro.\\nIt is one in every of the best.\\n", path="a.txt")
    >>> print(describe(doc, Checker().findings(doc)[0], 1, 1))
    [1/1] a.txt:2:7  phrasebook/spinner-en  (confidence 0.90)
      'one in every of' is a known article-spinner substitution
      2 | It is »one in every of« the best.
      suggestions: 1) one of
    """
    text = doc.text
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.end)
    line_end = len(text) if line_end == -1 else line_end
    shown = (text[line_start:f.start] + mark(text[f.start:f.end]) + text[f.end:line_end])
    shown = shown.replace("\n", " ⏎ ")
    suggestions = "  ".join(f"{i}) {s if s else '(delete)'}" for i, s in enumerate(f.suggestions, 1))
    return (f"[{number}/{total}] {f.path}:{f.line}:{f.column}  {f.rule}  "
            f"(confidence {f.confidence:.2f})\n"
            f"  {f.message}\n"
            f"  {f.line} | {shown}\n"
            f"  suggestions: {suggestions or 'none (type one with e)'}")
