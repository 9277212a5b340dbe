"""``python -m async_patterns``."""

from async_patterns.cli import run

run()
