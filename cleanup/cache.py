"""A cache of compiled data on disk, so that start-up does not re-parse the same dictionaries.

Building the phrase trie from 8,000 dictionary entries, or the lexicon's indexes from 54,000
terms, takes longer than loading the result. The first run stores the compiled object as a
pickle in the user's cache directory (``$XDG_CACHE_HOME/cleanup`` or ``~/.cache/cleanup``); later
runs load it. The key covers the cleanup version and the size and modification time of every
source file, so an edited user dictionary or an upgraded package never reads a stale entry.

The cache is an optimisation only: if the directory cannot be written, or an entry cannot be
read, the data is built as if there were no cache. ``CLEANUP_NO_CACHE=1`` turns it off. Only
the newest few entries of each kind are kept, so upgrades and edited dictionaries do not make
the directory grow.

>>> import tempfile, os
>>> os.environ["CLEANUP_CACHE_DIR"] = tempfile.mkdtemp()
>>> cached("demo", [], lambda: {"built": True})
{'built': True}
>>> cached("demo", [], lambda: {"built": "again"})   # loaded from disk
{'built': True}
>>> del os.environ["CLEANUP_CACHE_DIR"]
"""

from __future__ import annotations

import gc
import marshal
import mmap
import os
import pickle
import sys
import zlib
from array import array
from itertools import count
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
#: Bumped when the layout of a cached object changes.
FORMAT = 1


def cache_dir() -> Path | None:
    if os.environ.get("CLEANUP_NO_CACHE"):
        return None
    explicit = os.environ.get("CLEANUP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleanup"


def writable() -> bool:
    """Whether entries can be stored: there is a cache directory and it can be written (a
    read-only home, or ``CLEANUP_NO_CACHE``, means every run builds its data afresh)."""
    directory = cache_dir()
    if directory is None:
        return False
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK)


def _key(name: str, sources: Iterable) -> str:
    from . import __version__

    parts = [f"{FORMAT}:{__version__}:{sys.version}:{name}"]
    for source in sources:
        try:
            st = os.stat(source)
            parts.append(f"|{source}:{st.st_size}:{st.st_mtime_ns}")
        except (OSError, TypeError):
            parts.append(f"|{source}:?")
    # Two 32-bit checksums, not hashlib: importing hashlib loads OpenSSL, 3 ms of start-up.
    data = "".join(parts).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data) % 4096:03x}"


#: Entries kept per name: the newest, for a few installations side by side; older ones (from
#: edited dictionaries or earlier versions) are deleted when a new one is written.
KEEP = 3


def _prune(directory: Path, name: str, codec: str, keep: int = KEEP) -> None:
    entries = sorted(directory.glob(f"{name}-*.{codec}"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[keep:]:
        try:
            old.unlink()
        except OSError:
            pass


class PackedRows:
    """A read-only table of byte strings by key, kept as one block of bytes with an index: it
    loads without making an object per row, and from the disk cache it is mapped into memory,
    not read (the ``rows`` codec of :func:`cached`; forked workers share the mapped pages).

    >>> table = PackedRows.loads(PackedRows.dumps({"a": b"xy", "b": b""}))
    >>> table.get("a"), table.get("b"), table.get("c"), len(table), sorted(table), "a" in table
    (b'xy', b'', None, 2, ['a', 'b'], True)
    """

    __slots__ = ("_index", "_offsets", "_data", "_base")

    def __init__(self, index: dict[str, int], offsets: array, data, base: int) -> None:
        self._index = index  # key -> row number
        self._offsets = offsets  # row i is data[base + offsets[i]:base + offsets[i + 1]]
        self._data = data
        self._base = base

    @staticmethod
    def dumps(rows: dict[str, bytes]) -> bytes:
        offsets = array("Q", [0])
        for row in rows.values():
            offsets.append(offsets[-1] + len(row))
        head = marshal.dumps((tuple(rows), offsets.tobytes()))
        return len(head).to_bytes(8, "little") + head + b"".join(rows.values())

    @classmethod
    def loads(cls, data) -> "PackedRows":
        """The table in ``data`` (bytes, or an mmap of a file :meth:`dumps` wrote)."""
        size = int.from_bytes(data[:8], "little")
        keys, raw = marshal.loads(data[8:8 + size])
        offsets = array("Q")
        offsets.frombytes(raw)
        if len(offsets) != len(keys) + 1 or 8 + size + offsets[-1] != len(data):
            raise ValueError("truncated table")
        return cls(dict(zip(keys, count())), offsets, data, 8 + size)

    @classmethod
    def open(cls, path) -> "PackedRows":
        with open(path, "rb") as fh:
            return cls.loads(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))

    def get(self, key: str, default=None):
        i = self._index.get(key)
        if i is None:
            return default
        base, offsets = self._base, self._offsets
        return self._data[base + offsets[i]:base + offsets[i + 1]]

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def dump_arrays(arrays: dict[str, array]) -> bytes:
    """Named arrays as one block: a marshalled index, then each array's bytes at an offset
    that is a multiple of 8 (the ``arrays`` codec of :func:`cached`)."""
    index, offset = {}, 0
    for name, values in arrays.items():
        index[name] = (values.typecode, offset, len(values) * values.itemsize)
        offset += -(-len(values) * values.itemsize // 8) * 8
    head = marshal.dumps(index)
    head += bytes(-len(head) % 8)
    body = bytearray(offset)
    for name, values in arrays.items():
        _, start, size = index[name]
        body[start:start + size] = values.tobytes()
    return len(head).to_bytes(8, "little") + head + bytes(body)


def load_arrays(data) -> dict[str, memoryview]:
    """The arrays :func:`dump_arrays` wrote, as typed views of ``data`` (bytes or an mmap): no
    copy, so a mapped file is read only where it is used.

    >>> views = load_arrays(dump_arrays({"a": array("I", [1, 2]), "b": array("f", [0.5])}))
    >>> list(views["a"]), list(views["b"])
    ([1, 2], [0.5])
    """
    size = int.from_bytes(data[:8], "little")
    index = marshal.loads(data[8:8 + size])
    whole = memoryview(data)
    base = 8 + size
    views = {}
    for name, (typecode, start, length) in index.items():
        if base + start + length > len(data):
            raise ValueError("truncated arrays")
        views[name] = whole[base + start:base + start + length].cast(typecode)
    return views


def open_arrays(path) -> dict[str, memoryview]:
    with open(path, "rb") as fh:
        return load_arrays(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))


class Unpacking(dict):
    """``packed``'s values (marshalled) unpacked on first look-up, and None for the keys it
    lacks; both are remembered, so looking a key up again is a plain dict subscript (C speed).
    After ``limit`` remembered keys (most of them absent words) it starts afresh: bounded
    memory on a corpus.

    >>> d = Unpacking({"a": marshal.dumps([1])})
    >>> d["a"], d["b"], d["a"] is d["a"], sorted(k for k, _ in d.items())
    ([1], None, True, ['a'])
    """

    __slots__ = ("packed", "limit")

    def __init__(self, packed: dict[str, bytes], limit: int = 200_000) -> None:
        super().__init__()
        self.packed = packed
        self.limit = limit

    def __missing__(self, key: str):
        if len(self) >= self.limit:
            self.clear()
        raw = self.packed.get(key)
        value = self[key] = None if raw is None else marshal.loads(raw)
        return value

    def items(self):
        """Every packed key with its value (unpacks them all)."""
        return ((key, self[key]) for key in self.packed)


def _reading(loads: Callable[[bytes], T]) -> Callable[[Path], T]:
    def read(path: Path) -> T:
        with open(path, "rb") as fh:
            data = fh.read()
        return without_gc(loads, data)
    return read


#: codec -> (dumps, read a file)
_CODECS = {"pickle": (pickle.dumps, _reading(pickle.loads)),
           "marshal": (marshal.dumps, _reading(marshal.loads)),
           "rows": (PackedRows.dumps, PackedRows.open),
           "arrays": (dump_arrays, open_arrays)}


def without_gc(function: Callable[..., T], *args) -> T:
    """``function(*args)`` with the cyclic garbage collector paused: loading a cached object
    makes hundreds of thousands of objects and no garbage, and the collector would otherwise
    walk them again and again while they are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()


def cached(name: str, sources: Iterable, build: Callable[[], T], codec: str = "pickle",
           keep: int = KEEP) -> T:
    """The object ``build()`` returns, from the disk cache when its sources are unchanged.
    ``codec="marshal"`` is faster for plain dicts, sets, tuples and strings; ``codec="rows"``
    stores a dict of byte strings and loads it as a :class:`PackedRows`; ``codec="arrays"``
    stores named arrays and maps them back as memoryviews (:func:`load_arrays`). ``keep``
    entries of the name are kept (the newest), fewer for a large one."""
    directory = cache_dir()
    if directory is None:
        return build()
    dumps, read = _CODECS[codec]
    path = directory / f"{name}-{_key(name, sources)}.{codec}"
    try:
        return read(path)
    except Exception:  # missing, unreadable or from another version: rebuild
        pass
    value = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: a few milliseconds of every start-up otherwise

        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(dumps(value))
        os.replace(tmp, path)
        _prune(directory, name, codec, keep)
    except Exception:  # read-only home, full disk: run without a cache
        try:
            os.unlink(tmp)
        except Exception:
            pass
    return value
