"""The `lotkeeper` command line: thin, over the same workflows as the application."""

from desktop.cli.main import main

__all__ = ["main"]
