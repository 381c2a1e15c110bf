"""The ``cleanup`` command line: ``check`` reports, ``fix`` repairs; both work as filters.

Exit codes: 0 nothing found (or everything fixed), 1 findings (``check``), unfixable findings
or a non-empty ``--diff`` (``fix``), 2 usage errors or unreadable input. Every error is one line
on standard error; no traceback reaches the user.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass

import click

from . import __version__
from . import batch as batch_module
from .checker import Checker
from .config import Config, ConfigError, find_config_file, load_config_file, read_allow_file
from .detectors import UnknownSelector
from .dictionary import DictionaryError
from .lm import LMError
from .files import STDIN, BinaryFile, InputError, iter_inputs, read_source, write_atomic
from . import stream
from .markup import FILETYPES
from .options import DEFAULT_MIN_CONFIDENCE, Options
from .reporters import FORMATS, TEXT_FORMATS, FileReport, Summary, make_reporter
from .resources import DEFAULT_PHRASEBOOKS
from .parallel import available_cpus, map_in_order, prepare_for_long_texts
from .progress import Progress
from .review import review
from .rewriter import unified_diff


class UsageError(Exception):
    """A bad combination of options or configuration: exit 2 with one line."""


# --- options shared by check and fix -----------------------------------------------------------

def _split(values) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _common(f):
    decorators = [
        click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True)),
        click.option("--select", multiple=True, metavar="IDS",
                     help="Only these detectors or rules (comma-separated; repeatable)."),
        click.option("--ignore", multiple=True, metavar="IDS",
                     help="Skip these detectors or rules (comma-separated; repeatable)."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     help=f"Report findings at or above this confidence [default: {DEFAULT_MIN_CONFIDENCE}]."),
        click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(dir_okay=False),
                     metavar="PATH", help="A user phrasebook (TSV), consulted before the built-in ones."),
        click.option("--no-builtin-dictionaries", is_flag=True,
                     help="Use only the phrasebooks given with --dictionary or in configuration."),
        click.option("--allow", multiple=True, metavar="WORDS",
                     help="A word or phrase never to flag (repeatable)."),
        click.option("--allow-file", multiple=True, type=click.Path(dir_okay=False), metavar="PATH",
                     help="A file of words and phrases never to flag, one per line."),
        click.option("--lm", type=click.Path(dir_okay=False), default=None, metavar="PATH",
                     help="Score spin candidates with this language model (ARPA, pocketsphinx or KenLM binary)."),
        click.option("--type", "filetype", type=click.Choice(FILETYPES), default=None,
                     help="Treat input as this type (default: from the file extension; text for stdin)."),
        click.option("--grammar", is_flag=True, default=None,
                     help="Also run the grammar detector (LanguageTool; needs a server)."),
        click.option("--languagetool-url", default=None, metavar="URL",
                     help="LanguageTool server for --grammar (or CLEANUP_LANGUAGETOOL_URL)."),
        click.option("-j", "--jobs", type=click.IntRange(0, 256), default=None, metavar="N",
                     help="Processes for a large document (0: one per CPU) [default: 0]."),
        click.option("-r", "--recursive", is_flag=True, help="Descend into directories."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip paths matching this glob (repeatable; adds to configuration)."),
        click.option("--encoding", default=None, help="Decode input with this encoding instead of UTF-8."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                     help="Read this configuration file instead of searching for one."),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
                     show_default=True, help="Colour in text output."),
        click.option("-q", "--quiet", is_flag=True, help="No notes on standard error."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


@dataclass
class Run:
    """Everything one invocation needs, from configuration and flags merged."""

    options: Options
    paths: tuple[str, ...]
    recursive: bool
    exclude: tuple[str, ...]
    encoding: str | None
    format: str
    color: bool
    quiet: bool


def _build_run(kw: dict, fmt_flag: str | None = None) -> Run:
    cfg = Config()
    if not kw["isolated"]:
        path = kw["config_path"] or find_config_file()
        if path:
            cfg = load_config_file(path)
    select = _split(kw["select"]) or cfg.select
    ignore = _split(kw["ignore"]) or cfg.ignore or ()
    min_conf = kw["min_confidence"]
    if min_conf is None:
        min_conf = cfg.min_confidence if cfg.min_confidence is not None else DEFAULT_MIN_CONFIDENCE
    allow = list(cfg.allow) + list(kw["allow"])
    for allow_file in list(cfg.allow_files) + list(kw["allow_file"]):
        allow += read_allow_file(allow_file)
    phrasebooks = cfg.phrasebooks if cfg.phrasebooks is not None else DEFAULT_PHRASEBOOKS
    if kw["no_builtin_dictionaries"]:
        phrasebooks = ()
    filetype = kw["filetype"] or cfg.type
    if filetype is not None and filetype not in FILETYPES:
        raise UsageError(f"unknown file type {filetype!r} (choose from {', '.join(FILETYPES)})")
    options = Options(
        select=select, ignore=tuple(ignore), min_confidence=min_conf,
        dictionaries=tuple(cfg.dictionaries) + tuple(kw["dictionaries"]),
        phrasebooks=tuple(phrasebooks), allow=tuple(allow), filetype=filetype,
        lm=kw["lm"] or cfg.lm,
        jobs=kw["jobs"] if kw["jobs"] is not None else (cfg.jobs or 0),
        enable=("grammar",) if (kw["grammar"] or cfg.grammar) else (),
        languagetool_url=kw["languagetool_url"] or cfg.languagetool_url,
    )
    fmt = fmt_flag or cfg.format or "text"
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    color = kw["color"] == "always" or (
        kw["color"] == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    return Run(options, tuple(kw["paths"]) or (STDIN,), kw["recursive"],
               tuple(cfg.exclude) + tuple(kw["exclude"]), kw["encoding"] or cfg.encoding,
               fmt, color, kw["quiet"])


def _note(run: Run, message: str) -> None:
    if not run.quiet:
        click.echo(f"cleanup: {message}", err=True)


def _error(message: str) -> None:
    click.echo(f"cleanup: error: {message}", err=True)


def _binary_note(run: Run, path: str, exc: BinaryFile) -> int:
    """Note a skipped binary file named on the command line; return 1 for one found by a
    directory walk, which is only counted (see :func:`_binary_summary`)."""
    if path in run.paths:
        _note(run, str(exc))
        return 0
    return 1


def _binary_summary(run: Run, walked: int) -> None:
    if walked:
        _note(run, f"skipped {walked} binary file{'s' if walked != 1 else ''} found in directories")


def _detector_notes(run: Run, checker: Checker) -> None:
    for note in checker.notes():
        _note(run, note)


def _stdin_alone(paths: tuple[str, ...]) -> None:
    if STDIN in paths and len(paths) > 1:
        raise UsageError("'-' (standard input) cannot be combined with other paths")


# --- the commands ----------------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="cleanup",
                      message="%(prog)s %(version)s")
def cli() -> None:
    """Find and repair spun (article-spinner, paper-mill) and garbled text.

    Reads standard input when no PATH (or '-') is given.
    """


@cli.command()
@_common
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format [default: text].")
def check(fmt, **kw) -> int:
    """Report spun and garbled spans; exit 1 when any is found."""
    run = _build_run(kw, fmt)
    _stdin_alone(run.paths)
    checker = _checker(run.options)
    reporter = make_reporter(run.format, sys.stdout, run.color)
    tally: Counter[str] = Counter()
    results, scores = [], {}
    for a in _analyses(run, checker, tally):
        results.append(a.findings)
        scores[a.path] = round(a.spin_score, 4)
        doc = checker.document(a.text, path=a.path) if a.text is not None else None
        reporter.file(FileReport(a.path, doc, a.findings))
    summary = Summary.of(results, files=len(results), skipped=tally["skipped"],
                         errors=tally["error"])
    summary.spin_score = scores
    reporter.finish(summary)
    _detector_notes(run, checker)
    if tally["error"]:
        return 2
    return 1 if summary.findings else 0


@dataclass
class _Analysed:
    """What a (possibly forked) worker sends back about one input: small, picklable."""

    path: str
    kind: str = "ok"            # ok, binary or error
    message: str = ""           # for binary and error
    findings: list = None
    spin_score: float = 0.0
    words: int = 0
    text: str | None = None     # only when the reporter shows context (colour)


def _analyses(run: Run, checker: Checker, tally: Counter):
    """The analysis of every input, in order; several files are checked in parallel processes
    (``-j``), a single large one is split among them (:mod:`cleanup.parallel`). Errors and
    binaries are noted and counted, and a progress bar runs on a terminal."""
    def analyse(path: str) -> _Analysed:
        try:
            if path != STDIN and stream.streamable(path, run.options.filetype):
                result, words = stream.analyse_file(checker, path, run.encoding,
                                                    progress=checker.runner.progress)
                return _Analysed(path, findings=result.findings, spin_score=result.spin_score,
                                 words=words)
            src = read_source(path, run.encoding)
        except BinaryFile as exc:
            return _Analysed(path, "binary", str(exc))
        except InputError as exc:
            return _Analysed(path, "error", str(exc))
        doc = checker.document(src.text, path=path)
        result = checker.analyse(doc)
        return _Analysed(path, findings=result.findings, spin_score=result.spin_score,
                         words=result.words,
                         text=src.text if run.color or run.format in TEXT_FORMATS else None)

    for a, bar in _each_input(run, checker, analyse):
        if a.kind == "binary":
            tally["skipped"] += 1
            tally["walked_binary"] += _binary_note(run, a.path, BinaryFile(a.message))
        elif a.kind == "error":
            bar.close()
            _error(a.message)
            tally["error"] += 1
        else:
            yield a
    _binary_summary(run, tally["walked_binary"])


def _each_input(run: Run, checker: Checker, work):
    """``(work(path), progress bar)`` for every input, in order. Several files are spread
    over ``-j`` forked processes (each checks its files whole) after loading what they share;
    a single large one is split among them by the checker. The bar counts files, or the
    megabytes of a single input, and is erased at the end."""
    paths = list(iter_inputs(run.paths, run.recursive, run.exclude))
    bar = Progress(len(paths), "files", enabled=not run.quiet and len(paths) > 1)
    if len(paths) == 1:
        checker.runner.progress = Progress(0, "MB", enabled=not run.quiet)
    else:
        checker.runner.jobs = 1  # in the workers: files are spread, not paragraphs
        prepare_for_long_texts(checker.detectors)
    jobs = run.options.jobs or available_cpus()
    try:
        for result in map_in_order(work, paths, jobs, on_result=lambda _: bar.advance()):
            yield result, bar
    finally:
        bar.close()
        if checker.runner.progress is not None:
            checker.runner.progress.close()


@cli.command()
@_common
@click.option("--above", type=click.FloatRange(0, 1), default=None, metavar="P",
              help="Only print documents whose spin score is at least P; exit 1 if any.")
def score(above, **kw) -> int:
    """Print each document's spin score: the probability that it was machine-spun.

    One line per document, 'SCORE<TAB>FINDINGS<TAB>WORDS<TAB>PATH', so that
    'cleanup score -r corpus/ | sort -rn' lists the most likely spun documents first.
    """
    run = _build_run(kw)
    _stdin_alone(run.paths)
    checker = _checker(run.options)
    tally: Counter[str] = Counter()
    flagged = 0
    for a in _analyses(run, checker, tally):
        if above is not None and a.spin_score < above:
            continue
        flagged += 1
        click.echo(f"{a.spin_score:.4f}\t{len(a.findings)}\t{a.words}\t{a.path}")
    _detector_notes(run, checker)
    if tally["error"]:
        return 2
    return 1 if above is not None and flagged else 0


@cli.command()
@_common
@click.option("--diff", is_flag=True, help="Print a unified diff instead of writing; exit 1 if non-empty.")
@click.option("-i", "--interactive", is_flag=True,
              help="Review one file's findings one by one on a terminal, then write what was accepted.")
def fix(diff, interactive, **kw) -> int:
    """Repair spun and garbled spans.

    With no PATH or '-', read standard input and write the repaired text to standard output.
    With paths, rewrite the files in place, atomically.
    """
    run = _build_run(kw)
    _stdin_alone(run.paths)
    if interactive:
        return _review_interactively(run, diff)
    checker = _checker(run.options)
    tally: Counter[str] = Counter()
    for fixed, bar in _each_input(run, checker, lambda path: _fix_one(run, checker, path, diff)):
        if fixed.messages:
            bar.close()
        for message in fixed.messages:
            if message.startswith("error: "):
                _error(message.removeprefix("error: "))
            else:
                _note(run, message)
        if fixed.diff:
            sys.stdout.write(fixed.diff)
        tally.update(fixed.counts)
    _detector_notes(run, checker)
    _binary_summary(run, tally["walked_binary"])
    if tally["error"]:
        return 2
    if tally["unfixable"] or (diff and tally["changed"]):
        return 1
    return 0


@cli.command()
@_common
@click.option("-o", "--output", required=True, metavar="PATH",
              help="JSON Lines file for the records ('-' for standard output), or with --fix and "
                   "text files a directory for the repaired files.")
@click.option("--fix", "fix_", is_flag=True, help="Repair the documents (records get 'fixed').")
@click.option("--text-field", default="text", show_default=True, metavar="NAME",
              help="The field holding the text in JSON Lines input.")
@click.option("--id-field", default=None, metavar="NAME",
              help="A field of JSON Lines input copied into each record as 'id'.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler (tcp://host:8786); default: a local cluster with one worker "
                   "process per CPU (-j); 'synchronous' runs without Dask.")
def batch(output, fix_, text_field, id_field, scheduler, **kw) -> int:
    """Check or repair a corpus on Dask: text files or JSON Lines in, records or files out.

    Each document gives one JSON record with its findings and spin score, in input order, the
    same as a plain local run gives. Needs the 'dask' extra: pip install 'cleanup-text[dask]'.
    """
    run = _build_run(kw)
    if STDIN in run.paths:
        raise UsageError("batch reads files, not standard input")
    srcs = batch_module.sources(run.paths, run.recursive, text_field, id_field, run.encoding)
    to_files = not (output == "-" or output.lower().endswith((".jsonl", ".ndjson", ".json")))
    if to_files and (not fix_ or any(s.jsonl for s in srcs)):
        raise UsageError("a directory output takes repaired text files (--fix, no JSON Lines "
                         "input); name a .jsonl file for records")
    workers = run.options.jobs or available_cpus()
    bar = Progress(len(srcs), "inputs", enabled=not run.quiet)
    records = batch_module.run(srcs, run.options, fix_, scheduler, workers)
    errors = []
    try:
        if to_files:
            written, errors = batch_module.write_fixed_files(records, srcs, output, run.encoding)
            count = written
        else:
            count = 0
            out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
            try:
                done_paths = set()
                for record in records:
                    if "error" in record:
                        errors.append(record["error"])
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
                    if record["path"] not in done_paths:
                        done_paths.add(record["path"])
                        bar.advance()
            finally:
                if out is not sys.stdout:
                    out.close()
    except batch_module.BatchError as exc:
        bar.close()
        raise UsageError(str(exc)) from None
    finally:
        bar.close()
    for message in errors:
        _error(message)
    _note(run, f"{count} document{'s' if count != 1 else ''} → {output}")
    return 2 if errors else 0


def _review_interactively(run: Run, diff: bool) -> int:
    """``fix --interactive FILE``: ask about each finding, then write the accepted edits."""
    if diff or len(run.paths) != 1 or run.paths[0] == STDIN or run.recursive:
        raise UsageError("--interactive takes exactly one file (not standard input, a "
                         "directory or --diff)")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("--interactive needs a terminal to ask on")
    path = run.paths[0]
    src = read_source(path, run.encoding)
    checker = _checker(run.options)
    doc = checker.document(src.text, path=path)
    findings = checker.findings(doc)
    if not findings:
        _note(run, f"{path}: nothing to review")
        return 0

    def ask(prompt: str) -> str | None:
        click.echo(click.style(prompt, bold=True) if run.color else prompt, nl=False)
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None

    def mark(span: str) -> str:
        return click.style(span, underline=True, bold=True) if run.color else f"»{span}«"

    result = review(doc, findings, ask, click.echo, mark)
    if result.edits:
        try:
            write_atomic(path, src.encode(result.apply(src.text)))
        except UnicodeEncodeError as exc:
            raise InputError(f"{path}: the repaired text cannot be encoded as {src.encoding} "
                             f"({exc.reason}); file left unchanged") from None
    n = len(result.edits)
    _note(run, f"{path}: applied {n} of {len(findings)} finding{'s' if len(findings) != 1 else ''}"
               f"{' (quit)' if result.quit else ''}")
    return 0


@dataclass
class _Fixed:
    """What fixing one input did, sent back from a worker: counts (``changed``, ``unfixable``,
    ``error``, ``walked_binary``), one-line messages ("error: ..." for errors) and a diff."""

    counts: Counter
    messages: list
    diff: str = ""


def _fix_streamed(run: Run, checker: Checker, path: str) -> _Fixed:
    """Fix a very large file chunk by chunk (:mod:`cleanup.stream`)."""
    try:
        applied, remaining, changed = stream.fix_file(checker, path, run.encoding,
                                                      progress=checker.runner.progress)
    except UnicodeEncodeError as exc:
        return _Fixed(Counter(error=1), [f"error: {path}: the repaired text cannot be encoded "
                                         f"({exc.reason}); file left unchanged"])
    messages = [f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message} (no fix)" for f in remaining]
    if changed:
        messages.append(f"{path}: fixed {applied} finding{'s' if applied != 1 else ''}")
    return _Fixed(Counter(unfixable=len(remaining), changed=int(changed)), messages)


def _fix_one(run: Run, checker: Checker, path: str, diff: bool) -> _Fixed:
    """Fix one input: a file in place (atomically), standard input to standard output, or as
    a diff. Nothing is printed here except the repaired standard input; messages and the diff
    go back to the caller, which prints them in input order."""
    try:
        if path != STDIN and not diff and stream.streamable(path, run.options.filetype):
            return _fix_streamed(run, checker, path)
        src = read_source(path, run.encoding)
        result = checker.fix(src.text, path=path)
        data = src.encode(result.text) if result.changed else src.raw
    except BinaryFile as exc:
        if path == STDIN and not diff:
            sys.stdout.buffer.write(exc.raw)
        walked = path not in run.paths
        return _Fixed(Counter(walked_binary=int(walked)), [] if walked else [str(exc)])
    except InputError as exc:
        return _Fixed(Counter(error=1), [f"error: {exc}"])
    except UnicodeEncodeError as exc:
        return _Fixed(Counter(error=1), [
            f"error: {path}: the repaired text cannot be encoded as {src.encoding} "
            f"({exc.reason}); file left unchanged"])
    messages = [f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message} (no fix)"
                for f in result.remaining]
    outcome = Counter(unfixable=len(result.remaining), changed=int(result.changed))
    if diff:
        return _Fixed(outcome, messages, unified_diff(src.text, result.text, path) if result.changed else "")
    if path == STDIN:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif result.changed:
        try:
            write_atomic(path, data)
        except InputError as exc:
            return _Fixed(Counter(error=1), messages + [f"error: {exc}"])
        n = len(result.applied)
        messages.append(f"{path}: fixed {n} finding{'s' if n != 1 else ''}")
    return _Fixed(outcome, messages)


def _checker(options) -> Checker:
    """The checker for a run. Its dictionaries and models live until the process ends, so they
    are moved out of the garbage collector's sight (gc.freeze): a full collection would
    otherwise walk their millions of objects again and again."""
    checker = Checker(options)
    gc.freeze()
    return checker


# --- entry point -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Run the CLI; translate every failure into one line on stderr and an exit code."""
    try:
        code = cli.main(args=argv, prog_name="cleanup", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
        code = 2
    except click.ClickException as exc:
        _error(exc.format_message())
        code = 2
    except (ConfigError, DictionaryError, UnknownSelector, UsageError, InputError, LMError,
            ValueError) as exc:
        _error(str(exc))
        code = 2
    except click.Abort:
        _error("aborted")
        code = 130
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        code = 1
    if code is None:
        code = 0
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return code


def run() -> None:
    """The console script: :func:`main`, then a quick exit. Tearing down the loaded
    dictionaries and models object by object would take a third of a second; the exit
    handlers still run (worker pools close) and the output streams are flushed first."""
    # Collections are rarer than by default: a run allocates many small objects (tokens,
    # findings) that are not garbage, and each collection walks them.
    gc.set_threshold(50_000, 20, 20)
    code = main()
    atexit._run_exitfuncs()
    for output in (sys.stdout, sys.stderr):
        try:
            output.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
