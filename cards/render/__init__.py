"""Rendering: takes a `CardSpec` (everything one card shows) and gives a `Layout` (every
box, line and size, decided and explainable), then pixels (`paint`), then PNG bytes with
their metadata, alt text and file name. Pictures are read and prepared before layout;
layout and paint open no file."""
