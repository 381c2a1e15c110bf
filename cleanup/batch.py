"""Corpus runs on Dask: ``cleanup batch``.

A corpus is text files (each one document) or JSON Lines files (each line one document, its text
in a field such as ``text``). Every document becomes one output record, in input order::

    {"path": "news.jsonl", "record": 3, "id": "a17", "words": 412, "spin_score": 0.97,
     "findings": [...], "fixed": "..."}

(``record`` and ``id`` only for JSON Lines input, ``fixed`` only with ``--fix``). With ``--fix``
and text-file input the repaired files can instead be written into a directory.

The work runs on `Dask <https://www.dask.org>`_ (the optional extra ``cleanup-text[dask]``): a
``dask.bag`` of the inputs, mapped in partitions on a ``dask.distributed`` cluster, a
``LocalCluster`` with one single-threaded worker process per CPU unless ``--scheduler`` names an
existing one (``tcp://host:8786``), whose workers then need ``cleanup`` installed and the input
paths readable. ``--scheduler synchronous`` runs the same code in this process, without Dask.
Each worker builds its checker once per set of options; the client receives the records of one
partition at a time and writes them in order, so the output equals that of a plain local run.

>>> docs = [Document("It is one in every of the best.", path="a.txt")]
>>> record = process_documents(Options(), False, docs)[0]
>>> record["path"], [f["text"] for f in record["findings"]]
('a.txt', ['one in every of'])
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .checker import Checker
from .document import Document
from .files import InputError, iter_inputs, read_source
from .options import Options
from .parallel import prepare_for_long_texts


class BatchError(Exception):
    """A batch that cannot run (no Dask, bad input); ``str()`` is one line."""


@dataclass(frozen=True)
class Source:
    """Where documents come from: a text file, or a JSON Lines file's text field."""

    path: str
    jsonl: bool
    text_field: str = "text"
    id_field: str | None = None
    encoding: str | None = None


def sources(paths, recursive: bool, text_field: str, id_field: str | None,
            encoding: str | None) -> list[Source]:
    """The inputs of a batch: ``.jsonl``/``.ndjson`` files are JSON Lines, others text files."""
    out = []
    for path in iter_inputs(paths, recursive):
        jsonl = path.lower().endswith((".jsonl", ".ndjson"))
        out.append(Source(path, jsonl, text_field, id_field, encoding))
    return out


def read_documents(source: Source) -> list[tuple[Document, dict]]:
    """The documents of one input with their record metadata; runs on a worker."""
    if not source.jsonl:
        try:
            src = read_source(source.path, source.encoding)
        except InputError as exc:
            return [(Document("", path=source.path), {"error": str(exc)})]
        return [(Document(src.text, path=source.path), {})]
    out = []
    try:
        with open(source.path, encoding=source.encoding or "utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                meta: dict = {"record": number}
                try:
                    obj = json.loads(line)
                    text = obj[source.text_field]
                    if not isinstance(text, str):
                        raise TypeError
                except (ValueError, KeyError, TypeError):
                    meta["error"] = (f"{source.path}:{number}: not a JSON object with a text "
                                     f"field {source.text_field!r}")
                    out.append((Document("", path=source.path), meta))
                    continue
                if source.id_field is not None and source.id_field in obj:
                    meta["id"] = obj[source.id_field]
                out.append((Document(text, path=source.path), meta))
    except (OSError, UnicodeDecodeError) as exc:
        return [(Document("", path=source.path), {"error": f"{source.path}: cannot read ({exc})"})]
    return out


@lru_cache(maxsize=4)
def _checker(options: Options) -> Checker:
    """One checker per worker process and set of options (dictionaries load once)."""
    checker = Checker(options)
    checker.runner.jobs = 1  # Dask spreads the work; no second level of processes
    prepare_for_long_texts(checker.detectors)
    return checker


def process_documents(options: Options, fix: bool, docs) -> list[dict]:
    """The output records of some documents (``docs``: Documents, or (Document, meta) pairs)."""
    checker = _checker(options)
    records = []
    for item in docs:
        doc, meta = item if isinstance(item, tuple) else (item, {})
        record = {"path": doc.path, **{k: v for k, v in meta.items() if k != "error"}}
        if "error" in meta:
            record["error"] = meta["error"]
            records.append(record)
            continue
        fixed = checker.fix(doc.text, path=doc.path) if fix else None
        # The findings of the original text: those a fix started from, or a plain check's.
        analysis = fixed.analysis if fixed is not None else checker.analyse(doc)
        record.update(words=analysis.words, spin_score=round(analysis.spin_score, 4),
                      findings=[f.to_dict() for f in analysis.findings])
        if fixed is not None:
            record["fixed"] = fixed.text
        records.append(record)
    return records


def process_sources(options: Options, fix: bool, batch: list[Source]) -> list[dict]:
    """Read and process some inputs: what one Dask task does."""
    docs = [pair for source in batch for pair in read_documents(source)]
    return process_documents(options, fix, docs)


def run(srcs: list[Source], options: Options, fix: bool, scheduler: str | None,
        workers: int, partition_size: int = 8) -> Iterator[dict]:
    """Every output record, in input order, computed on Dask (or here, for ``synchronous``)."""
    batches = [srcs[i:i + partition_size] for i in range(0, len(srcs), partition_size)]
    if scheduler == "synchronous":
        for batch in batches:
            yield from process_sources(options, fix, batch)
        return
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise BatchError("cleanup batch needs Dask: pip install 'cleanup-text[dask]' "
                         "(or use --scheduler synchronous)") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
    except Exception as exc:  # distributed raises OSError, TimeoutError or RuntimeError
        where = f"the Dask scheduler {scheduler}" if scheduler else "a local Dask cluster"
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BatchError(f"cannot reach {where}: {message}") from None
    try:
        bag = db.from_sequence(batches, npartitions=max(1, len(batches)))
        parts = bag.map(lambda batch: process_sources(options, fix, batch)).to_delayed()
        futures = client.compute(parts)
        for future in futures:  # in order: the output does not depend on which worker ran
            for records in future.result():
                yield from records
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def write_fixed_files(records: Iterator[dict], srcs: list[Source], out_dir: str,
                      encoding: str | None) -> tuple[int, list[str]]:
    """Write each repaired text file under ``out_dir`` with its relative path; returns the
    number written and the error messages."""
    common = os.path.commonpath([os.path.abspath(s.path) for s in srcs]) if srcs else ""
    if len(srcs) == 1:
        common = os.path.dirname(os.path.abspath(srcs[0].path))
    written, errors = 0, []
    for record in records:
        if "error" in record:
            errors.append(record["error"])
            continue
        target = os.path.join(out_dir, os.path.relpath(os.path.abspath(record["path"]), common))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding=encoding or "utf-8", newline="") as fh:
            fh.write(record["fixed"])
        written += 1
    return written, errors
