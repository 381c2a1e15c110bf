"""Find the data files shipped in ``dictionaries/``, from a checkout, an editable or a wheel install.

The top-level ``dictionaries/`` directory is installed as the ``cleanup.dictionaries`` package
data, so ``importlib.resources`` finds it wherever cleanup is installed.

>>> "spinner-en" in builtin_dictionary_names()
True
>>> read_text("english-irregular-nouns.tsv").startswith("#")
True
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PACKAGE = "cleanup.dictionaries"

#: The phrasebooks a default run loads, in priority order.
DEFAULT_PHRASEBOOKS = ("spinner-en", "tortured-science")


def package_file(package: str, *parts: str) -> str | None:
    """The path of a file inside an installed package's directory, found without importing the
    package (nor ``importlib.resources``, which imports ``tempfile`` and more: a few
    milliseconds of every start-up); None when it is not a plain file there (a zipped install).

    >>> package_file("cleanup.dictionaries", "__init__.py").endswith("__init__.py")
    True
    >>> package_file("cleanup.dictionaries", "missing.tsv"), package_file("no_such_package", "x")
    (None, None)
    """
    try:
        spec = importlib.util.find_spec(package)
    except ModuleNotFoundError:
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, *parts)
        if os.path.isfile(path):
            return path
    return None


@lru_cache(maxsize=1)
def data_dir() -> "Traversable":
    """The directory holding the shipped dictionaries.

    Installed (wheel or editable), it is the ``cleanup.dictionaries`` package: a plain
    directory (:func:`package_file`), or whatever ``importlib.resources`` makes of a zipped
    install. Imported straight from a source checkout, it is the checkout's ``dictionaries/``.
    """
    marker = package_file(PACKAGE, "__init__.py")
    if marker is not None:
        return Path(marker).parent
    try:
        from importlib import resources

        return resources.files(PACKAGE)
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parent.parent / "dictionaries"
        if checkout.is_dir():
            return checkout
        raise


def data_file(name: str) -> "Traversable":
    """One shipped data file by name, e.g. ``spinner-en.tsv``."""
    return data_dir().joinpath(name)


def read_text(name: str) -> str:
    return data_file(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def builtin_dictionary_names() -> tuple[str, ...]:
    """Names (file stems) of the shipped phrasebooks."""
    return tuple(sorted(f.name[:-4] for f in data_dir().iterdir() if f.name.endswith(".tsv")
                        and not f.name.startswith("english-")))
