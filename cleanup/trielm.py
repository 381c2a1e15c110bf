"""Pocketsphinx's binary trigram model ("Trie Language Model"), read without pocketsphinx.

Loading ``en-us.lm.bin`` through pocketsphinx takes 40-50 ms of every start-up (importing the
module, then reading 26 MB into its own structures). This module unpacks the file's bit-packed
tables once into plain arrays (:func:`unpack`), which :mod:`cleanup.cache` keeps on disk and
maps into memory on later runs, so a run opens the model in well under a millisecond and reads
only the pages it touches (shared between forked workers). :class:`TrieTables` scores exactly
as pocketsphinx does: the same quantised values, float32 sums and truncation to whole units of
log base 1.0001, and the same search in the few ranges that are not sorted.

The file, all little-endian: ``b"Trie Language Model"``; the order (one byte; 3 here); a uint32
row count per order; an int32 (always 1); for each order from 2 a table of 65,536 float32
probability centres, and for orders below the highest one of back-off centres; the unigrams,
each (float32 log-probability, float32 back-off, uint32 first bigram row), plus one closing
record; the bigram rows, each 70 bits packed low bit first (word id 17 bits, back-off bin 16,
probability bin 16, first trigram row 21), plus one closing row; the trigram rows (word id 17
bits, probability bin 16); then an int32 byte count and the words, each ending in a NUL byte.
The trie runs backwards: the bigram rows under unigram ``w`` hold the words seen before ``w``,
and the trigram rows under bigram row "h w" the words seen before "h w". Values are in log base
1.0001. (Facts about the format, learnt from the file and the published sphinxbase sources.)

>>> from cleanup.lm import default_model_path
>>> tables = TrieTables(unpack(open(default_model_path(), "rb").read()))
>>> the, of = tables.word_id("the"), tables.word_id("of")
>>> int(tables.raw([of, the])) > int(tables.raw([the, of]))   # "of the" > "the of"
True
>>> tables.word_id("qxzvbw")
-1
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from itertools import compress
from operator import ge

MAGIC = b"Trie Language Model"
QUANT_BITS = 16
#: log10 of one unit of pocketsphinx's log base 1.0001.
LOG10_UNIT = math.log10(1.0001)


class TrieError(ValueError):
    """A file this reader does not handle (another format or order); pocketsphinx may."""


def is_trie_file(path: str) -> bool:
    """Whether ``path`` starts like a trie binary model."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def unpack(data: bytes) -> dict[str, array]:
    """The model in ``data`` (a whole trie file of order 3) as named flat arrays, the form
    :class:`TrieTables` reads and :mod:`cleanup.cache` stores. Takes about half a second."""
    if data[:len(MAGIC)] != MAGIC:
        raise TrieError("not a trie language model")
    if sys.byteorder != "little":
        raise TrieError("the trie reader needs a little-endian machine")
    pos = len(MAGIC)
    order = data[pos]
    if order != 3:
        raise TrieError(f"the trie reader handles trigram models, not order {order}")
    n1, n2, n3 = struct.unpack_from("<3I", data, pos + 1)
    pos += 1 + 12 + 4
    centres = array("f")
    centres.frombytes(data[pos:pos + 3 * 4 * (1 << QUANT_BITS)])  # bigram prob, back-off; trigram
    pos += len(centres) * 4
    records = data[pos:pos + 12 * (n1 + 1)]
    floats, ints = array("f"), array("I")
    floats.frombytes(records)
    ints.frombytes(records)
    pos += len(records)
    ug_next = ints[2::3]
    word_bits = n1.bit_length()
    tables = {"ug_prob": floats[0:3 * n1:3], "ug_bo": floats[1:3 * n1:3], "ug_next": ug_next,
              "centres": centres}
    bigrams = ug_next[-1]  # rows in use (the header counts allocated ones)
    bits = word_bits + 2 * QUANT_BITS + n3.bit_length()
    tables["bg_w1"] = _field(data, pos, bigrams, bits, 0, word_bits)
    tables["bg_bo"] = array("H", _field(data, pos, bigrams, bits, word_bits, QUANT_BITS))
    tables["bg_prob"] = array("H", _field(data, pos, bigrams, bits, word_bits + QUANT_BITS,
                                          QUANT_BITS))
    tables["bg_next"] = _field(data, pos, bigrams + 1, bits, word_bits + 2 * QUANT_BITS,
                               n3.bit_length())
    pos += ((n2 + 1) * bits + 7) // 8 + 8
    trigrams = tables["bg_next"][-1]
    bits = word_bits + QUANT_BITS
    tables["tg_w1"] = _field(data, pos, trigrams, bits, 0, word_bits)
    tables["tg_prob"] = array("H", _field(data, pos, trigrams, bits, word_bits, QUANT_BITS))
    pos += ((n3 + 1) * bits + 7) // 8 + 8
    size = struct.unpack_from("<i", data, pos)[0]
    words = bytes(data[pos + 4:pos + 4 + size]).split(b"\0")[:n1]
    if len(words) != n1:
        raise TrieError("the model's word list is truncated")
    tables.update(_word_index(words))
    tables["unsorted_ug"] = array("I", sorted(_unsorted(tables["bg_w1"], ug_next)))
    tables["unsorted_bg"] = array("I", sorted(_unsorted(tables["tg_w1"], tables["bg_next"])))
    return tables


def _field(data: bytes, start: int, rows: int, row_bits: int, offset: int, width: int) -> array:
    """One bit field (``width`` bits at bit ``offset`` of each row) of ``rows`` rows packed low
    bit first from byte ``start``, as an array of uint32. No loop over rows: every
    ``group``-th row starts at the same bit of a byte, so the bytes holding that row's field are
    gathered for all of them at once by an extended slice, and one big-integer shift and mask
    cuts the field out of every 4-byte slot together."""
    group = 8 // math.gcd(row_bits, 8)
    group_bytes = group * row_bits // 8
    groups = -(-rows // group)
    data = data[start:start + group_bytes * groups + 4]
    data += bytes(group_bytes * groups + 4 - len(data))
    out = array("I", bytes(4 * groups * group))
    mask = int.from_bytes(((1 << width) - 1).to_bytes(4, "little") * groups, "little")
    for k in range(group):
        bit = k * row_bits + offset
        first, shift = bit >> 3, bit & 7
        slots = bytearray(4 * groups)
        stop = first + group_bytes * (groups - 1) + 1
        for j in range((shift + width + 7) >> 3):
            slots[j::4] = data[first + j:stop + j:group_bytes]
        part = array("I")
        part.frombytes(((int.from_bytes(slots, "little") >> shift) & mask)
                       .to_bytes(4 * groups, "little"))
        out[k::group] = part
    del out[rows:]
    return out


def _word_index(words: list[bytes]) -> dict[str, array]:
    """The words as one block with their start offsets, and an open-addressing hash table
    (crc32, linear probing) of word id + 1 per slot, 0 for an empty one."""
    starts = array("I", [0])
    for w in words:
        starts.append(starts[-1] + len(w) + 1)
    size = 1 << (2 * len(words)).bit_length()
    slots = array("I", bytes(4 * size))
    mask = size - 1
    for i, w in enumerate(words):
        h = zlib.crc32(w) & mask
        while slots[h]:
            h = (h + 1) & mask
        slots[h] = i + 1
    return {"words": array("B", b"\0".join(words) + b"\0"), "word_starts": starts,
            "word_slots": slots}


def _unsorted(keys: array, starts: array) -> set[int]:
    """Parents whose child range (``keys[starts[p]:starts[p + 1]]``) is not strictly increasing."""
    first_rows = set(starts)
    descents = compress(range(1, len(keys)), map(ge, keys, keys[1:]))
    return {bisect_right(starts, x) - 1 for x in descents if x not in first_rows}


class TrieTables:
    """Look-ups in the arrays :func:`unpack` makes (arrays or memoryviews of a mapped file)."""

    def __init__(self, tables: dict) -> None:
        self._t = tables
        self._ids: dict[str, int] = {}
        (self._ug_prob, self._ug_bo, self._ug_next, self._bg_w1, self._bg_prob, self._bg_bo,
         self._bg_next, self._tg_w1, self._tg_prob) = (tables[name] for name in (
            "ug_prob", "ug_bo", "ug_next", "bg_w1", "bg_prob", "bg_bo", "bg_next", "tg_w1", "tg_prob"))
        quant = 1 << QUANT_BITS
        centres = tables["centres"]
        self._bg_prob_c = centres[:quant]
        self._bg_bo_c = centres[quant:2 * quant]
        self._tg_prob_c = centres[2 * quant:3 * quant]
        self._unsorted_ug = frozenset(tables["unsorted_ug"])
        self._unsorted_bg = frozenset(tables["unsorted_bg"])
        self._vocabulary = len(tables["ug_next"]) - 1
        self._f32 = array("f", [0.0])

    def word_id(self, word: str) -> int:
        """The id of ``word`` (case as written), or -1 when the model lacks it."""
        found = self._ids.get(word)
        if found is None:
            if len(self._ids) > 200_000:
                self._ids.clear()
            found = self._ids[word] = self._find(word.encode("utf-8", "surrogateescape"))
        return found

    def _find(self, word: bytes) -> int:
        t = self._t
        slots, starts, block = t["word_slots"], t["word_starts"], t["words"]
        mask = len(slots) - 1
        h = zlib.crc32(word) & mask
        while True:
            slot = slots[h]
            if not slot:
                return -1
            i = slot - 1
            if bytes(block[starts[i]:starts[i + 1] - 1]) == word:
                return i
            h = (h + 1) & mask

    def _row(self, keys, key: int, lo: int, hi: int, unsorted: bool) -> int:
        """The row of ``key`` in ``keys[lo:hi]``, or -1."""
        if unsorted:
            return _interpolation_find(keys, key, lo, hi, self._vocabulary)
        i = bisect_left(keys, key, lo, hi)
        return i if i < hi and keys[i] == key else -1

    def raw(self, ids: list[int]) -> float:
        """log P(last | the others) in units of log base 1.0001 (a float32 value; pocketsphinx
        reports ``int()`` of it); ``ids`` are known word ids, oldest first, at most three."""
        w = ids[-1]
        if len(ids) == 1:
            return self._ug_prob[w]
        ug_next, bg_w1, f32 = self._ug_next, self._bg_w1, self._f32
        h0 = ids[-2]
        i = self._row(bg_w1, h0, ug_next[w], ug_next[w + 1], w in self._unsorted_ug)
        if len(ids) == 2:
            if i >= 0:
                return self._bg_prob_c[self._bg_prob[i]]
            f32[0] = self._ug_prob[w] + self._ug_bo[h0]
            return f32[0]
        h1 = ids[-3]
        j = self._row(bg_w1, h1, ug_next[h0], ug_next[h0 + 1], h0 in self._unsorted_ug)
        history_bo = self._bg_bo_c[self._bg_bo[j]] if j >= 0 else 0.0
        if i < 0:  # float32 sums, as pocketsphinx adds
            f32[0] = self._ug_prob[w] + self._ug_bo[h0]
            f32[0] = f32[0] + history_bo
            return f32[0]
        bg_next = self._bg_next
        k = self._row(self._tg_w1, h1, bg_next[i], bg_next[i + 1], i in self._unsorted_bg)
        if k >= 0:
            return self._tg_prob_c[self._tg_prob[k]]
        f32[0] = self._bg_prob_c[self._bg_prob[i]] + history_bo
        return f32[0]


def _interpolation_find(keys, key: int, lo: int, hi: int, vocabulary: int) -> int:
    """pocketsphinx's search of a range (interpolation between virtual keys 0 before ``lo`` and
    ``vocabulary`` at ``hi``, pivot computed in uint32), for the few ranges that are not sorted,
    where a binary search would find other rows than pocketsphinx does."""
    if key > vocabulary:
        return -1
    below, below_key, above, above_key = lo - 1, 0, hi, vocabulary
    while above - below > 1:
        pivot = below + 1 + (((key - below_key) * (above - below - 1)) & 0xFFFFFFFF) \
            // (above_key - below_key + 1)
        found = keys[pivot]
        if found < key:
            below, below_key = pivot, found
        elif found > key:
            above, above_key = pivot, found
        else:
            return pivot
    return -1
