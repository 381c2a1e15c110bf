"""Protected regions: spans of a document that no detector may flag or rewrite.

URLs and e-mail addresses are protected in every file type. Markdown adds code fences,
indented code blocks, inline code, HTML tags and link targets; HTML adds tags with their
attributes, comments, entities and the bodies of ``script``, ``style``, ``pre`` and ``code``;
LaTeX adds commands, their key-like arguments, comments and mathematics; reStructuredText adds
inline literals, roles, directives and literal blocks.

>>> text = "See `one in every of` at https://example.com/one-in-every-of now."
>>> [text[s:e] for s, e, _ in protected_regions(text, "markdown")]
['`one in every of`', 'https://example.com/one-in-every-of']
>>> filetype_for_path("notes.md"), filetype_for_path("page.HTM"), filetype_for_path("x.tex")
('markdown', 'html', 'latex')
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

FILETYPES = ("text", "markdown", "html", "latex", "rst")

_EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".mdx": "markdown", ".qmd": "markdown", ".rmd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "html", ".svg": "html",
    ".tex": "latex", ".latex": "latex", ".sty": "latex", ".cls": "latex", ".bib": "latex",
    ".rst": "rst", ".rest": "rst",
}


def filetype_for_path(path: str | None) -> str:
    """The file type implied by a path's extension; ``text`` when unknown."""
    if not path:
        return "text"
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


# --- patterns shared by every type ---------------------------------------------------------

_URL = re.compile(
    r"""(?:\b(?:https?|ftp|file)://|\bwww\.)[^\s<>"'`]+|\b(?:mailto|doi):[^\s<>"'`]+""",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_TRAILING_PUNCT = ".,;:!?)]}'\""

# --- markup-specific patterns ----------------------------------------------------------------
# (pattern, flags), compiled when a document of that type first needs them: plain text, the
# common case, never does, and compiling them all would be a millisecond or two of every start-up.

_HTML_TAG = (r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>|<!--.*?-->|<![A-Za-z][^>]*>", re.S)
_HTML_ENTITY = (r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);", 0)
_HTML_RAW_BODY = (r"<(script|style|pre|code|kbd|samp|var|textarea)\b[^>]*>.*?</\1\s*>",
                  re.S | re.IGNORECASE)

_MD_FENCE = (r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.S | re.M)
_MD_INLINE_CODE = (r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_MD_LINK_TARGET = (r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_MD_INDENTED_CODE = (r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+", 0)

_TEX_MATH = (
    r"\$\$.*?\$\$|(?<!\\)\$.*?(?<!\\)\$|\\\(.*?\\\)|\\\[.*?\\\]"
    r"|\\begin\{(equation|align|gather|multline|eqnarray|math|displaymath|verbatim|lstlisting|minted)(\*?)\}"
    r".*?\\end\{\1\2\}",
    re.S,
)
_TEX_KEY_COMMAND = (
    r"\\(?:cite\w*|ref|eqref|autoref|cref|Cref|label|url|href|include|input|includegraphics"
    r"|bibliography|bibliographystyle|usepackage|documentclass|begin|end|newcommand|renewcommand"
    r"|pageref|nocite|hyperref|doi)\*?(?:\[[^\]]*\])*\{[^}]*\}", 0
)
_TEX_COMMAND = (r"\\(?:[A-Za-z@]+\*?|.)", 0)
_TEX_COMMENT = (r"(?<!\\)%[^\n]*", 0)

_RST_LITERAL = (r"``.+?``|:[\w:+-]+:`[^`]+`|`[^`]+`_{0,2}", 0)
_RST_DIRECTIVE = (r"^\.\. [^\n]*(?:\n(?:[ \t]+[^\n]*)?)*?(?=\n\S|\Z)", re.M)
_RST_LITERAL_BLOCK = (r"::[ \t]*\n(?:[ \t]*\n)*((?:[ \t]+[^\n]*\n?|[ \t]*\n)+)", 0)

_HTML = ((_HTML_RAW_BODY, "code", 0), (_HTML_TAG, "tag", 0), (_HTML_ENTITY, "entity", 0))
#: Per file type, what it protects, in order: (pattern, kind, group).
_MARKUP = {
    "text": (),
    "markdown": ((_MD_FENCE, "code", 0), (_MD_INDENTED_CODE, "code", 0),
                 (_MD_INLINE_CODE, "code", 0), (_MD_LINK_TARGET, "link", 0)) + _HTML,
    "html": _HTML,
    "latex": ((_TEX_MATH, "math", 0), (_TEX_KEY_COMMAND, "command", 0),
              (_TEX_COMMAND, "command", 0), (_TEX_COMMENT, "comment", 0)),
    "rst": ((_RST_LITERAL, "code", 0), (_RST_DIRECTIVE, "directive", 0),
            (_RST_LITERAL_BLOCK, "code", 1)),
}


@lru_cache(maxsize=None)
def _markup_patterns(filetype: str) -> tuple[tuple[re.Pattern, str, int], ...]:
    return tuple((re.compile(*pattern), kind, group) for pattern, kind, group in _MARKUP[filetype])


def _spans(pattern: re.Pattern, text: str, kind: str, group: int = 0):
    for m in pattern.finditer(text):
        if m.end(group) > m.start(group):
            yield m.start(group), m.end(group), kind


# Where a URL may start, in lowercased text.
_URL_START = re.compile(r"https?://|ftp://|file://|www\.|mailto:|doi:")
_SCHEMES = ("https", "http", "ftp", "file")


def _url_starts(lowered: str) -> list[int]:
    """The offsets at which _URL_START matches in ``lowered``, found with ``str.find`` (a
    regular expression of alternatives tries each at every character: ten times slower).

    >>> _url_starts("see https://a.b, www.c.d and sftp://e or doi:10.1/x")
    [4, 17, 30, 41]
    """
    starts = set()
    for mark in ("www.", "mailto:", "doi:", "://"):
        pos = lowered.find(mark)
        while pos != -1:
            if mark != "://":
                starts.add(pos)
            else:
                starts.update(pos - len(s) for s in _SCHEMES
                              if pos >= len(s) and lowered.startswith(s, pos - len(s)))
            pos = lowered.find(mark, pos + 1)
    return sorted(starts)


def _urls(text: str):
    lowered = text.lower()
    if len(lowered) == len(text):
        matches = (_URL.match(text, start) for start in _url_starts(lowered))
    else:  # lowercasing changed offsets ("İ"): search the text itself
        matches = _URL.finditer(text)
    last = 0
    for m in matches:
        if m is None or m.start() < last:
            continue
        end = last = m.end()
        while end > m.start() and text[end - 1] in _TRAILING_PUNCT:
            end -= 1
        yield m.start(), end, "url"
    if "@" in text:  # most prose holds no e-mail address
        yield from _spans(_EMAIL, text, "email")


def protected_regions(text: str, filetype: str = "text") -> list[tuple[int, int, str]]:
    """Sorted, merged ``(start, end, kind)`` spans of ``text`` that must not be touched."""
    if filetype not in _MARKUP:
        raise ValueError(f"unknown file type {filetype!r} (expected one of {', '.join(FILETYPES)})")
    spans = list(_urls(text))
    for pattern, kind, group in _markup_patterns(filetype):
        spans += _spans(pattern, text, kind, group=group)
    return _merge(spans)


def _merge(spans) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            if end > last[1]:
                merged[-1] = (last[0], end, last[2])
        else:
            merged.append((start, end, kind))
    return merged
