"""The command line: takes what a user typed and gives files, listings and one-line
errors. The Click group holds the one error boundary; each command has a module, parses
its options into `CardOptions` or plain values, calls one library function, and reports."""

import gc

# Importing the command line makes some hundred thousand objects and no garbage: the
# collector, which would walk them all a few times over, waits until it is done. The
# command line's own process then sets them aside for good (`CardsGroup.main`).
gc.disable()
try:
    from cards.cli.main import main
finally:
    gc.enable()

__all__ = ["main"]
