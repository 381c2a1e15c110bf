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

# --- markup-specific patterns --------------------------------------------------------------

_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>|<!--.*?-->|<![A-Za-z][^>]*>", re.S)
_HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_HTML_RAW_BODY = re.compile(
    r"<(script|style|pre|code|kbd|samp|var|textarea)\b[^>]*>.*?</\1\s*>", re.S | re.IGNORECASE
)

_MD_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.S | re.M)
_MD_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_MD_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_MD_INDENTED_CODE = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")

_TEX_MATH = re.compile(
    r"\$\$.*?\$\$|(?<!\\)\$.*?(?<!\\)\$|\\\(.*?\\\)|\\\[.*?\\\]"
    r"|\\begin\{(equation|align|gather|multline|eqnarray|math|displaymath|verbatim|lstlisting|minted)(\*?)\}"
    r".*?\\end\{\1\2\}",
    re.S,
)
_TEX_KEY_COMMAND = re.compile(
    r"\\(?:cite\w*|ref|eqref|autoref|cref|Cref|label|url|href|include|input|includegraphics"
    r"|bibliography|bibliographystyle|usepackage|documentclass|begin|end|newcommand|renewcommand"
    r"|pageref|nocite|hyperref|doi)\*?(?:\[[^\]]*\])*\{[^}]*\}"
)
_TEX_COMMAND = re.compile(r"\\(?:[A-Za-z@]+\*?|.)")
_TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")

_RST_LITERAL = re.compile(r"``.+?``|:[\w:+-]+:`[^`]+`|`[^`]+`_{0,2}")
_RST_DIRECTIVE = re.compile(r"^\.\. [^\n]*(?:\n(?:[ \t]+[^\n]*)?)*?(?=\n\S|\Z)", re.M)
_RST_LITERAL_BLOCK = re.compile(r"::[ \t]*\n(?:[ \t]*\n)*((?:[ \t]+[^\n]*\n?|[ \t]*\n)+)")


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
    spans = list(_urls(text))
    if filetype == "markdown":
        spans += _spans(_MD_FENCE, text, "code")
        spans += _spans(_MD_INDENTED_CODE, text, "code")
        spans += _spans(_MD_INLINE_CODE, text, "code")
        spans += _spans(_MD_LINK_TARGET, text, "link")
        spans += _spans(_HTML_RAW_BODY, text, "code")
        spans += _spans(_HTML_TAG, text, "tag")
        spans += _spans(_HTML_ENTITY, text, "entity")
    elif filetype == "html":
        spans += _spans(_HTML_RAW_BODY, text, "code")
        spans += _spans(_HTML_TAG, text, "tag")
        spans += _spans(_HTML_ENTITY, text, "entity")
    elif filetype == "latex":
        spans += _spans(_TEX_MATH, text, "math")
        spans += _spans(_TEX_KEY_COMMAND, text, "command")
        spans += _spans(_TEX_COMMAND, text, "command")
        spans += _spans(_TEX_COMMENT, text, "comment")
    elif filetype == "rst":
        spans += _spans(_RST_LITERAL, text, "code")
        spans += _spans(_RST_DIRECTIVE, text, "directive")
        spans += _spans(_RST_LITERAL_BLOCK, text, "code", group=1)
    elif filetype != "text":
        raise ValueError(f"unknown file type {filetype!r} (expected one of {', '.join(FILETYPES)})")
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
