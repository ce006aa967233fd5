"""Typesetting: takes text, a language and a font chain, and gives lines of measured
runs that fit a box: faces and glyph coverage, system fonts through fontconfig, line
breaking, the size search with an even rag, and the languages and scripts behind them."""
