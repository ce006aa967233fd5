"""The command line: takes what a user typed and gives files, listings and one-line
errors. The Click group holds the one error boundary; each command has a module, parses
its options into `CardOptions` or plain values, calls one library function, and reports."""

from cards.cli.main import main

__all__ = ["main"]
