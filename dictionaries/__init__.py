"""Data shipped with cleanup: phrasebooks and word tables (see README.md here)."""
