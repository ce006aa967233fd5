"""Quotes: takes an `Article` and gives its quotations as `Quote`s (found, attributed to a
speaker, ranked for a card), or verifies a quote an editor typed against it. Also the
one table of quotation marks, and the marks and emphasis a quote is shown with."""
