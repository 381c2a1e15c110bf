"""Very large inputs in bounded memory: read, check and fix them in paragraph-aligned chunks.

A file of ``cleanup.files.STREAM_MIN_BYTES`` or more is never read whole by ``check`` and
``score``, nor one of ``cleanup.files.FIX_STREAM_MIN_BYTES`` or more by ``fix``. It is decoded
incrementally and cut into chunks of about ``CHUNK_CHARS`` characters, each ending after a blank
line (outside a Markdown code fence), the same places where :mod:`cleanup.parallel` cuts a
document; detectors look no further than a paragraph, so each chunk gives the raw findings the
whole file would.

``check`` and ``score`` then treat the file as one document: protected regions, suppression
comments (a ``cleanup: off`` carries over into the next chunk) and allow-lists are applied per
chunk, the document spin score and the garble gate are computed from the evidence of all
chunks, and the findings are reported with the file's own offsets, lines and columns. Of the raw evidence only what the gates could still
report is kept (pickled until the end, about 13 MB per gigabyte of prose), with counts of the
rest, so memory grows with what may be reported, not with the file.
``fix`` repairs chunk by chunk into a temporary file that replaces the input at the end
(atomically; on an error the input is left as it was); each chunk is fixed as a document of its
own, so the spin and garble gates of a fix look at a few megabytes at a time, but with the
unknown words of the rest of the file as context (:func:`file_unknown_words`, a first pass).

>>> import io
>>> text = "One.\\n\\nTwo.\\n\\n```\\ncode\\n\\nmore\\n```\\n\\nThree.\\n"
>>> [c.text for c in chunks(io.StringIO(text), "markdown", chunk_chars=1)]
['One.\\n\\n', 'Two.\\n\\n', '```\\ncode\\n\\nmore\\n```\\n\\n', 'Three.\\n']
"""

from __future__ import annotations

import codecs
import os
import pickle
from collections import Counter
import re
from dataclasses import dataclass, replace
from typing import Iterator, TextIO

from .checker import Analysis, Checker
from .files import SNIFF_BYTES, BinaryFile, InputError, looks_binary, lookup_encoding
from .findings import Finding, non_overlapping
from .markup import filetype_for_path
from .garble import confident_correction, gate_spelling, sign_of_garble
from .spindata import load_model
from .spinscore import evidence_counts, gate, score_of
from .suppress import Suppressions
from .detectors.spelling import combined_counts, repeat_key, unknown_words

#: About this many characters per chunk (``CLEANUP_STREAM_CHUNK_CHARS`` overrides it). Each
#: process holds its part's tokens and findings: with 250,000 (two parts of 125,000 with
#: ``-j 2``) 100 MB took 432 MiB in all against 475 MiB with 500,000 and 544 MiB with 1,000,000.
CHUNK_CHARS = 250_000
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


@dataclass
class Chunk:
    """A piece of the input: its text, its character offset and 1-based first line."""

    text: str
    offset: int
    line: int


def text_codec(path: str, encoding: str | None) -> str:
    """The codec to stream a file with: ``utf-8-sig`` for UTF-8 with a byte-order mark (kept
    when the file is written back). A file that looks binary is refused, as when read whole."""
    codec = lookup_encoding(encoding)
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if looks_binary(head, encoding):
        raise BinaryFile(f"{path}: binary file, skipped")
    if codecs.lookup(codec).name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return codec


def chunks(stream: TextIO, filetype: str, chunk_chars: int = CHUNK_CHARS) -> Iterator[Chunk]:
    """Paragraph-aligned chunks of a text stream, in order."""
    lines: list[str] = []
    size, offset, line_no, in_fence = 0, 0, 1, None
    previous_blank = False
    for line in stream:
        blank = not line.strip()
        if size >= chunk_chars and previous_blank and not blank:
            text = "".join(lines)
            yield Chunk(text, offset, line_no)
            offset += len(text)
            line_no += len(lines)
            lines, size = [], 0
        lines.append(line)
        size += len(line)
        if filetype == "markdown":
            fence = _FENCE.match(line)
            if fence and (in_fence is None or fence.group(1)[0] == in_fence):
                in_fence = None if in_fence else fence.group(1)[0]
        previous_blank = blank and in_fence is None
    if lines:
        yield Chunk("".join(lines), offset, line_no)


def _read(path: str, encoding: str | None, filetype: str, chunk_chars: int | None,
          progress=None) -> Iterator[Chunk]:
    """The file's chunks; ``progress`` (in MB, counted in characters) advances with them."""
    stream = open(path, encoding=text_codec(path, encoding), newline="")
    if progress is not None:
        progress.total = max(progress.total, os.path.getsize(path) / 1_000_000)
    try:
        for chunk in chunks(stream, filetype, chunk_chars or _chunk_chars()):
            yield chunk
            if progress is not None:
                progress.advance(len(chunk.text) / 1_000_000)
    except UnicodeDecodeError as exc:
        hint = "; pass --encoding to read it" if not encoding else ""
        raise InputError(f"{path}: not valid {encoding or 'UTF-8'} ({exc.reason}){hint}") from None
    finally:
        stream.close()


#: Distinct entries of a document count kept while streaming (about 100 bytes each); words
#: first seen after that are not counted, so memory stays bounded on any corpus.
MAX_COUNTED = 500_000


def _add_bounded(total: dict, part: dict) -> None:
    for key, counts in part.items():
        mine = total.setdefault(key, Counter())
        if len(mine) < MAX_COUNTED:
            mine.update(counts)
        else:
            for word, n in counts.items():
                if word in mine:
                    mine[word] += n


def _moved(f: Finding, chunk: Chunk) -> Finding:
    return replace(f, start=f.start + chunk.offset, end=f.end + chunk.offset,
                   line=f.line + chunk.line - 1)


def _chunk_chars() -> int:
    return int(os.environ.get("CLEANUP_STREAM_CHUNK_CHARS") or CHUNK_CHARS)


def analyse_file(checker: Checker, path: str, encoding: str | None = None,
                 chunk_chars: int | None = None, progress=None) -> tuple[Analysis, int]:
    """The analysis of a large file read chunk by chunk, and its word count: the same
    findings and spin score as :meth:`Checker.analyse` of the whole file.

    Only the findings that some outcome of the document-level gates could report are kept;
    of the rest (most of the raw evidence) only the counts the gates need: memory grows with
    the report, not with the file."""
    filetype = checker.options.filetype or filetype_for_path(path)
    checker.runner.progress = None  # progress is counted here, per chunk
    model = load_model()
    opts = checker.options
    lowest = {"spin": min(model.report_at, model.spun_report_at)}
    # The findings kept, pickled chunk by chunk: a gigabyte of prose keeps some 70,000 (spin
    # findings the document gate may still report), about 13 MB pickled and several times that
    # as objects; they are unpacked once the workers are gone.
    kept: list[bytes] = []
    counts = None
    # Confident spelling corrections: of words (counted per word, since combining drops those
    # the whole file writes twice) and others.
    confident_words: Counter = Counter()
    confident_other = signs = 0
    document: dict = {}  # the detectors' document counts, summed over the chunks
    words = 0
    carried = None
    for chunk in _read(path, encoding, filetype, chunk_chars, progress):
        doc = checker.document(chunk.text, path=path, filetype=filetype)
        doc.suppressions = Suppressions.parse(chunk.text, carried)  # "off" goes on across chunks
        carried = doc.suppressions.open_at_end
        found, count, part_counts = checker.part_evidence(doc)
        words += count
        if "spelling" in part_counts:  # (its decision counts serve only parts of one chunk)
            part_counts = {**part_counts, "spelling": combined_counts(part_counts["spelling"])}
        _add_bounded(document, part_counts)
        counts = evidence_counts(found, model, counts)
        signs += sum(map(sign_of_garble, found))
        for f in filter(confident_correction, found):
            key = repeat_key(f)
            if key is None:
                confident_other += 1
            elif len(confident_words) < MAX_COUNTED:
                confident_words[key] += 1
        possible = [f for f in found if f.confidence >= opts.min_confidence
                    and f.confidence >= lowest.get(f.detector, 0.0)
                    and opts.keeps(f.detector, f.rule)]
        kept.append(pickle.dumps([_moved(f, chunk) for f in checker.placed(doc, possible)],
                                 pickle.HIGHEST_PROTOCOL))
    # The workers' memory goes before the findings of the whole file are combined and reported.
    checker.runner.close()
    score = score_of(counts or evidence_counts([], model), words, model)
    findings = checker.combine([f for packed in kept for f in pickle.loads(packed)], document)
    del kept
    repeated = document.get("spelling", Counter())
    confident = confident_other + sum(n for word, n in confident_words.items() if repeated[word] < 2)
    gated = gate_spelling(gate(findings, score, model), words, (confident, signs))
    final = [f for f in gated if f.confidence >= opts.min_confidence]
    return Analysis(non_overlapping(final), score, words), words


def file_unknown_words(checker: Checker, path: str, encoding: str | None, filetype: str,
                       chunk_chars: int | None) -> dict | None:
    """{"spelling": how often the whole file writes each word the word list does not know}
    (the first MAX_COUNTED distinct ones), read chunk by chunk: the ``file_counts`` of
    :meth:`Checker.fix`; None when ``spelling`` does not run."""
    if not any(det.id == "spelling" for det in checker.detectors):
        return None
    total: dict = {"spelling": Counter()}
    for chunk in _read(path, encoding, filetype, chunk_chars):
        _add_bounded(total, {"spelling": unknown_words(checker.document(chunk.text, path, filetype))})
    return total


def fix_file(checker: Checker, path: str, encoding: str | None = None,
             chunk_chars: int | None = None, progress=None) -> tuple[int, list[Finding], bool]:
    """Fix a large file in place, chunk by chunk, through a temporary file in its directory;
    returns the number of repairs, the findings left without a fix, and whether it changed.

    Each chunk is fixed with the rest of the file's unknown words as context (a first pass
    counts them), so that a rare word the file writes again in another chunk is taken for a
    name or a term, as when the file is fixed whole, not corrected."""
    filetype = checker.options.filetype or filetype_for_path(path)
    checker.runner.progress = None  # progress is counted here, per chunk
    file_counts = file_unknown_words(checker, path, encoding, filetype, chunk_chars)
    directory = os.path.dirname(os.path.abspath(path))
    import tempfile  # when writing only: it slows every start-up

    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".cleanup-", suffix=".tmp")
    applied, remaining, changed = 0, [], False
    try:
        codec = text_codec(path, encoding)
        with os.fdopen(fd, "w", encoding=codec, newline="") as out:
            for chunk in _read(path, encoding, filetype, chunk_chars, progress):
                result = checker.fix(chunk.text, path=path, filetype=filetype, file_counts=file_counts)
                out.write(result.text)
                applied += len(result.applied)
                remaining += [_moved(f, chunk) for f in result.remaining]
                changed = changed or result.changed
        checker.runner.close()
        if changed:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
            os.replace(tmp, path)
        else:
            os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return applied, remaining, changed
