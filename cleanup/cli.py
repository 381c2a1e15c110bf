"""The ``cleanup`` command line: ``check`` reports, ``fix`` repairs; both work as filters.

Exit codes: 0 nothing found (or everything fixed), 1 findings (``check``), unfixable findings
or a non-empty ``--diff`` (``fix``), 2 usage errors or unreadable input. Every error is one line
on standard error; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass

from . import __version__
from .checker import Checker
from .config import Config, ConfigError, find_config_file, load_config_file, read_allow_file
from .detectors import UnknownSelector
from .dictionary import DictionaryError
from .lm import LMError
from .files import (FIX_STREAM_MIN_BYTES, STDIN, BinaryFile, InputError, iter_inputs, read_source, streamable,
                    write_atomic)
from .markup import FILETYPES
from .options import DEFAULT_MIN_CONFIDENCE, Options
from .reporters import FORMATS, TEXT_FORMATS, FileReport, Summary, make_reporter
from .resources import DEFAULT_PHRASEBOOKS
from .parallel import available_cpus, map_in_order, prepare_for_long_texts
from .progress import Progress
from .rewriter import unified_diff


class UsageError(Exception):
    """A bad combination of options or configuration: exit 2 with one line."""


# --- options shared by check and fix -----------------------------------------------------------

def _split(values) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


class _Parser(argparse.ArgumentParser):
    """argparse with every usage error one line on standard error (:class:`UsageError`), not
    the usage text and a bare exit."""

    def error(self, message: str):
        raise UsageError(message)


def _between(parse, low, high, kind: str):
    """An argument type: ``parse(text)`` (a ``kind`` of number) from ``low`` to ``high``."""
    def check(text: str):
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not between {low} and {high}")
        return value
    return check


_fraction = _between(float, 0, 1, "a number")
_jobs = _between(int, 0, 256, "a whole number")


def _file(text: str) -> str:
    """A path that must not be a directory (it may not exist yet: its reader says so)."""
    if os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text!r} is a directory")
    return text


#: Options given as lists (repeatable, or several paths).
_REPEATED = ("paths", "select", "ignore", "dictionaries", "allow", "allow_file", "exclude")


def _add_common(parser: argparse.ArgumentParser) -> None:
    """The arguments and options every command takes."""
    add = parser.add_argument
    add("paths", nargs="*", metavar="PATH", help="Files or directories ('-' or none: standard input).")
    add("--select", action="append", metavar="IDS",
        help="Only these detectors or rules (comma-separated; repeatable).")
    add("--ignore", action="append", metavar="IDS",
        help="Skip these detectors or rules (comma-separated; repeatable).")
    add("--min-confidence", type=_fraction, default=None, metavar="P",
        help=f"Report findings at or above this confidence [default: {DEFAULT_MIN_CONFIDENCE}].")
    add("--dictionary", dest="dictionaries", action="append", type=_file, metavar="PATH",
        help="A user phrasebook (TSV), consulted before the built-in ones.")
    add("--no-builtin-dictionaries", action="store_true",
        help="Use only the phrasebooks given with --dictionary or in configuration.")
    add("--allow", action="append", metavar="WORDS", help="A word or phrase never to flag (repeatable).")
    add("--allow-file", action="append", type=_file, metavar="PATH",
        help="A file of words and phrases never to flag, one per line.")
    add("--lm", type=_file, default=None, metavar="PATH",
        help="Score spin candidates with this language model (ARPA, pocketsphinx or KenLM binary).")
    add("--type", dest="filetype", choices=FILETYPES, default=None,
        help="Treat input as this type (default: from the file extension; text for stdin).")
    add("--grammar", action="store_const", const=True, default=None,
        help="Also run the grammar detector (LanguageTool; needs a server).")
    add("--languagetool-url", default=None, metavar="URL",
        help="LanguageTool server for --grammar (or CLEANUP_LANGUAGETOOL_URL).")
    add("-j", "--jobs", type=_jobs, default=None, metavar="N",
        help="Processes for a large document (0: one per CPU) [default: 0].")
    add("-r", "--recursive", action="store_true", help="Descend into directories.")
    add("--exclude", action="append", metavar="GLOB",
        help="Skip paths matching this glob (repeatable; adds to configuration).")
    add("--encoding", default=None, help="Decode input with this encoding instead of UTF-8.")
    add("--config", dest="config_path", type=_file, default=None, metavar="PATH",
        help="Read this configuration file instead of searching for one.")
    add("--isolated", action="store_true", help="Ignore configuration files.")
    add("--color", choices=("auto", "always", "never"), default="auto",
        help="Colour in text output [default: auto].")
    add("-q", "--quiet", action="store_true", help="No notes on standard error.")


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
        print(f"cleanup: {message}", file=sys.stderr)


def _error(message: str) -> None:
    print(f"cleanup: error: {message}", file=sys.stderr)


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
            if path != STDIN and streamable(path, run.options.filetype):
                from . import stream  # only for a very large file: it slows every start-up

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
        print(f"{a.spin_score:.4f}\t{len(a.findings)}\t{a.words}\t{a.path}")
    _detector_notes(run, checker)
    if tally["error"]:
        return 2
    return 1 if above is not None and flagged else 0


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


def batch(output, fix_, text_field, id_field, scheduler, **kw) -> int:
    """Check or repair a corpus on Dask: text files or JSON Lines in, records or files out.

    Each document gives one JSON record with its findings and spin score, in input order, the
    same as a plain local run gives. Needs the 'dask' extra: pip install 'cleanup-text[dask]'.
    """
    from . import batch as batch_module  # only here: it slows every start-up

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
        sys.stdout.write(_style(prompt, bold=True) if run.color else prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None

    def mark(span: str) -> str:
        return _style(span, underline=True, bold=True) if run.color else f"»{span}«"

    from .review import review

    result = review(doc, findings, ask, print, mark)
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
        from . import stream  # only for a very large file: it slows every start-up

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
        if path != STDIN and not diff and streamable(path, run.options.filetype, FIX_STREAM_MIN_BYTES):
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

def _style(text: str, bold: bool = False, underline: bool = False) -> str:
    """``text`` in bold and/or underlined on an ANSI terminal."""
    codes = "1;" * bold + "4;" * underline
    return f"\x1b[{codes.rstrip(';')}m{text}\x1b[0m" if codes else text


DESCRIPTION = """Find and repair spun (article-spinner, paper-mill) and garbled text.

Reads standard input when no PATH (or '-') is given."""


def _check_options(add) -> None:
    add("--format", dest="fmt", choices=FORMATS, default=None, help="Output format [default: text].")


def _score_options(add) -> None:
    add("--above", type=_fraction, default=None, metavar="P",
        help="Only print documents whose spin score is at least P; exit 1 if any.")


def _fix_options(add) -> None:
    add("--diff", action="store_true", help="Print a unified diff instead of writing; exit 1 if non-empty.")
    add("-i", "--interactive", action="store_true",
        help="Review one file's findings one by one on a terminal, then write what was accepted.")


def _batch_options(add) -> None:
    add("-o", "--output", required=True, metavar="PATH",
        help="JSON Lines file for the records ('-' for standard output), or with --fix and text "
             "files a directory for the repaired files.")
    add("--fix", dest="fix_", action="store_true", help="Repair the documents (records get 'fixed').")
    add("--text-field", default="text", metavar="NAME",
        help="The field holding the text in JSON Lines input [default: text].")
    add("--id-field", default=None, metavar="NAME",
        help="A field of JSON Lines input copied into each record as 'id'.")
    add("--scheduler", default=None, metavar="ADDRESS",
        help="Dask scheduler (tcp://host:8786); default: a local cluster with one worker process "
             "per CPU (-j); 'synchronous' runs without Dask.")


#: The commands: name -> (function, its own options).
COMMANDS = {"check": (check, _check_options), "fix": (fix, _fix_options),
            "score": (score, _score_options), "batch": (batch, _batch_options)}


def _summary(function) -> str:
    return (function.__doc__ or "").strip().splitlines()[0]


def _top_help() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: cleanup [-h] [-V] COMMAND [OPTIONS] [PATH ...]", "", DESCRIPTION, "",
             "commands:"]
    lines += [f"  {name:<{width}}  {_summary(function)}" for name, (function, _) in COMMANDS.items()]
    lines += ["", "options:", "  -h, --help     show this help and exit",
              "  -V, --version  print the version and exit", "",
              "Run 'cleanup COMMAND --help' for a command's options."]
    return "\n".join(lines) + "\n"


def command_parser(name: str) -> argparse.ArgumentParser:
    """The argument parser of one command (its help is the command's docstring)."""
    function, own_options = COMMANDS[name]
    parser = _Parser(prog=f"cleanup {name}", description=function.__doc__,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    own_options(parser.add_argument)
    _add_common(parser)
    return parser


def _parse(argv: list[str]):
    """``(command function, its keyword arguments)``, or an exit code when the arguments only
    asked for help or the version."""
    if not argv or argv[0] in ("-h", "--help"):
        (sys.stdout if argv else sys.stderr).write(_top_help())
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        print(f"cleanup {__version__}")
        return 0
    if argv[0] not in COMMANDS:
        raise UsageError(f"no such command {argv[0]!r} (choose from {', '.join(COMMANDS)})")
    try:
        kw = vars(command_parser(argv[0]).parse_intermixed_args(argv[1:]))
    except SystemExit as exc:  # --help printed
        return exc.code if isinstance(exc.code, int) else 0
    for name in _REPEATED:
        kw[name] = tuple(kw[name] or ())
    return COMMANDS[argv[0]][0], kw


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; translate every failure into one line on stderr and an exit code."""
    try:
        parsed = _parse(sys.argv[1:] if argv is None else list(argv))
        if isinstance(parsed, int):
            code = parsed
        else:
            function, kw = parsed
            code = function(**kw)
    except (ConfigError, DictionaryError, UnknownSelector, UsageError, InputError, LMError,
            ValueError) as exc:
        _error(str(exc))
        code = 2
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
