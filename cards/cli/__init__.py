"""The `cards` command line: the Click group with the one error boundary, and one module
per command. Each command parses options into `CardOptions` or plain values, calls one
library function, and reports."""

from cards.cli.main import main

__all__ = ["main"]
