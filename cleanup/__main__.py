"""``python -m cleanup`` runs the command line."""

from .cli import run

run()
