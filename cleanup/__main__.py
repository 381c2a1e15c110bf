"""``python -m cleanup`` runs the command line."""

from .cli import run

if __name__ == "__main__":  # not when a worker process re-imports the main module
    run()
