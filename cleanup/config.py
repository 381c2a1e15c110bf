"""Configuration files: ``[tool.cleanup]`` in ``pyproject.toml`` or a ``.cleanup.toml``.

The nearest file found upwards from the working directory is used; in one directory
``.cleanup.toml`` wins over ``pyproject.toml``. In ``.cleanup.toml`` the options may sit at the
top level or under ``[tool.cleanup]``. Keys use dashes or underscores alike. Paths in the file
(``dictionaries``, ``allow-files``) are relative to the file's directory.

>>> cfg = parse_config({"min-confidence": 0.7, "allow": ["Bharat"]}, "/proj/.cleanup.toml")
>>> cfg.min_confidence, cfg.allow
(0.7, ('Bharat',))
>>> parse_config({"colour": "red"}, "/proj/.cleanup.toml")
Traceback (most recent call last):
...
cleanup.config.ConfigError: /proj/.cleanup.toml: unknown option 'colour' in [tool.cleanup]
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

CONFIG_NAMES = (".cleanup.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A configuration file that cannot be used; ``str()`` is one line naming the file."""


@dataclass
class Config:
    """Settings read from a configuration file; ``None`` means "not set there"."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    min_confidence: float | None = None
    dictionaries: tuple[str, ...] = ()
    phrasebooks: tuple[str, ...] | None = None
    allow: tuple[str, ...] = ()
    allow_files: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    format: str | None = None
    type: str | None = None
    encoding: str | None = None
    lm: str | None = None
    jobs: int | None = None
    grammar: bool | None = None
    languagetool_url: str | None = None


_LIST_KEYS = ("select", "ignore", "dictionaries", "phrasebooks", "allow", "allow_files", "exclude")
_STR_KEYS = ("format", "type", "encoding")
_PATH_KEYS = ("dictionaries", "allow_files")


def parse_config(table: dict, path: str) -> Config:
    """Validate a ``[tool.cleanup]`` table read from ``path``."""
    base = os.path.dirname(os.path.abspath(path))
    cfg = Config(path=path)
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key in _LIST_KEYS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: option {raw_key!r} must be a list of strings")
            if key in _PATH_KEYS:
                value = [os.path.join(base, os.path.expanduser(v)) for v in value]
            setattr(cfg, key, tuple(value))
        elif key == "min_confidence":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
                raise ConfigError(f"{path}: option {raw_key!r} must be a number from 0 to 1")
            cfg.min_confidence = float(value)
        elif key == "grammar":
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: option {raw_key!r} must be true or false")
            cfg.grammar = value
        elif key == "languagetool_url":
            if not isinstance(value, str):
                raise ConfigError(f"{path}: option {raw_key!r} must be a URL")
            cfg.languagetool_url = value
        elif key == "jobs":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 256:
                raise ConfigError(f"{path}: option {raw_key!r} must be a whole number from 0 to 256")
            cfg.jobs = value
        elif key == "lm":
            if not isinstance(value, str):
                raise ConfigError(f"{path}: option {raw_key!r} must be a path")
            cfg.lm = os.path.join(base, os.path.expanduser(value))
        elif key in _STR_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{path}: option {raw_key!r} must be a string")
            setattr(cfg, key, value)
        else:
            raise ConfigError(f"{path}: unknown option {raw_key!r} in [tool.cleanup]")
    return cfg


def load_config_file(path: str) -> Config:
    """Read one configuration file (``.cleanup.toml`` or ``pyproject.toml``)."""
    if sys.version_info >= (3, 11):  # imported here: a run without a configuration file
        import tomllib               # (most runs outside a project) does not need it
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    table = data.get("tool", {}).get("cleanup")
    if table is None:
        if os.path.basename(path) == "pyproject.toml":
            return Config(path=path)
        table = {k: v for k, v in data.items() if k != "tool"}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleanup] must be a table")
    return parse_config(table, path)


def find_config_file(start: str | None = None) -> str | None:
    """The nearest ``.cleanup.toml``, or ``pyproject.toml`` with ``[tool.cleanup]``, upwards."""
    directory = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(directory, ".cleanup.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _has_cleanup_table(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _has_cleanup_table(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"[tool.cleanup" in fh.read()
    except OSError:
        return False


def read_allow_file(path: str) -> list[str]:
    """Words and phrases from an allow-list file: one per line, ``#`` starts a comment."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read allow-list ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: allow-list is not UTF-8") from None
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
