"""Reading and writing files without damaging them: encodings, BOMs, binary files, atomic writes.

Text is decoded without newline translation, so ``\\r\\n`` line ends survive a rewrite byte for
byte; the byte-order mark and encoding are remembered and restored on write; a write goes to a
temporary file in the same directory that replaces the original only once complete.

>>> src = decode_bytes(b"\\xef\\xbb\\xbfone in every of\\r\\n", "a.txt")
>>> src.text, src.encoding, src.bom
('one in every of\\r\\n', 'utf-8', b'\\xef\\xbb\\xbf')
>>> src.encode("one of\\r\\n")
b'\\xef\\xbb\\xbfone of\\r\\n'
>>> decode_bytes(b"caf\\xe9", "b.txt")
Traceback (most recent call last):
...
cleanup.files.InputError: b.txt: not valid UTF-8 (byte 0xe9 at offset 3); pass --encoding to read it
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import stat
from dataclasses import dataclass
from typing import Iterator

STDIN = "-"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SNIFF_BYTES = 8192

#: Directories never entered by --recursive.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv",
                       "node_modules", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})


class InputError(Exception):
    """An input that cannot be read as text; ``str()`` is one line naming the input."""


class BinaryFile(InputError):
    """An input that looks binary; it is skipped with a note, not an error."""

    def __init__(self, message: str, raw: bytes = b"") -> None:
        super().__init__(message)
        self.raw = raw


@dataclass(frozen=True)
class Source:
    """A decoded input and how to encode it back exactly."""

    path: str
    raw: bytes
    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """``text`` in this source's encoding, with its byte-order mark."""
        return self.bom + text.encode(self.encoding)


def lookup_encoding(encoding: str | None) -> str:
    """The encoding to decode with (UTF-8 unless one is given); InputError if unknown."""
    codec = encoding or "utf-8"
    try:
        codecs.lookup(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}") from None
    return codec


def looks_binary(head: bytes, encoding: str | None) -> bool:
    """Whether a file starting with ``head`` is binary (a NUL byte, no encoding given)."""
    return b"\0" in head[:SNIFF_BYTES] and not encoding


def decode_bytes(raw: bytes, path: str, encoding: str | None = None) -> Source:
    """Decode ``raw``: a BOM decides, else ``encoding``, else strict UTF-8."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return Source(path, raw, raw[len(bom):].decode(codec), codec, bom)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not valid {codec} after its byte-order mark "
                                 f"(offset {exc.start + len(bom)})") from None
    if looks_binary(raw, encoding):
        raise BinaryFile(f"{path}: binary file, skipped", raw)
    codec = lookup_encoding(encoding)
    try:
        return Source(path, raw, raw.decode(codec), codec)
    except UnicodeDecodeError as exc:
        hint = "; pass --encoding to read it" if not encoding else ""
        name = "UTF-8" if codec == "utf-8" else codec
        raise InputError(f"{path}: not valid {name} (byte 0x{raw[exc.start]:02x} at offset "
                         f"{exc.start}){hint}") from None


def read_source(path: str, encoding: str | None = None, stdin=None) -> Source:
    """Read and decode a file, or standard input for ``-``."""
    if path == STDIN:
        import sys

        raw = (stdin or sys.stdin.buffer).read()
        return decode_bytes(raw, STDIN, encoding)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory (use --recursive to check directories)") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    return decode_bytes(raw, path, encoding)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically, keeping its permission bits.

    The data goes to a temporary file beside the target, is flushed to disk, and then renamed
    over it; on any failure the temporary file is removed and the original is left untouched.
    """
    target = os.path.realpath(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    directory = os.path.dirname(target) or "."
    try:
        import tempfile  # when writing only: it slows every start-up

        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".cleanup-", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write beside the file ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"{path}: write failed, file left unchanged ({exc.strerror or exc})") from None
        raise


def is_excluded(path: str, patterns) -> bool:
    """True when ``path`` or any of its components matches an exclude glob.

    >>> is_excluded("docs/build/x.md", ["build"]), is_excluded("docs/a.md", ["*.txt"])
    (True, False)
    >>> is_excluded("docs/a.md", ["docs/*.md"])
    True
    """
    norm = os.path.normpath(path).replace(os.sep, "/")
    if norm.startswith("./"):
        norm = norm[2:]
    parts = norm.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(norm, pat) or any(fnmatch.fnmatch(p, pat) for p in parts):
            return True
    return False


def iter_inputs(paths, recursive: bool = False, exclude=()) -> Iterator[str]:
    """Expand the command line's paths into input files, in order.

    Directories are walked (sorted, skipping VCS and cache directories) only with
    ``recursive``; without it a directory is passed through so that reading it reports the
    error. Excluded paths are dropped, explicitly named ones included.
    """
    for path in paths:
        if path == STDIN:
            yield path
            continue
        if is_excluded(path, exclude):
            continue
        if recursive and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS
                                 and not is_excluded(os.path.join(root, d), exclude))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if not is_excluded(full, exclude) and not os.path.islink(full):
                        yield full
        else:
            yield path


#: ``check`` and ``score`` stream files from this size on (:mod:`cleanup.stream`) instead of
#: reading them whole: they find the same as for the whole file (but for the spelling
#: detector's per-chunk decisions in garbled text), from 4 MB on in no more time, and in about
#: half the memory (benchmarks/large_input.py and BENCHMARKS.md).
STREAM_MIN_BYTES = 4 * 1024 * 1024
#: ``fix`` streams files from this size on: a streamed fix repairs each chunk as a document of
#: its own, without the whole file's evidence (an unknown word the file writes again elsewhere
#: is a name, not a misspelling), so it waits for files too large to hold.
FIX_STREAM_MIN_BYTES = 64 * 1024 * 1024


def streamable(path: str, filetype: str | None = None, least: int = STREAM_MIN_BYTES) -> bool:
    """Whether a file is at least ``least`` bytes (``CLEANUP_STREAM_MIN_BYTES`` overrides it)
    and of a type (``filetype``, or the one its name implies) whose protected regions never
    cross a blank line outside a code fence (plain text and Markdown), so that it can be
    streamed. (Here, not in :mod:`cleanup.stream`, so that a run on small files does not
    import the streaming code.)"""
    from .markup import filetype_for_path

    try:
        least = int(os.environ.get("CLEANUP_STREAM_MIN_BYTES") or least)
        return (filetype or filetype_for_path(path)) in ("text", "markdown") \
            and os.path.getsize(path) >= least
    except OSError:
        return False
