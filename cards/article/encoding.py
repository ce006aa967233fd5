"""Text whose encoding nobody states: a local file that is not UTF-8, a saved page that
declares no character set. charset-normalizer guesses it, and the guess is named in a
note the reader can be shown (`Article.origins["encoding"]`)."""

from __future__ import annotations

import re


def detect_encoding(data: bytes) -> str | None:
    """The codec `data` is most plausibly written in, or None when it reads as no text.

    Windows-1252 wins whenever it fits as well as the best guess: in a short text the
    Latin code pages (1250, 1252, 1257, Mac Central European…) cannot be told apart by
    their statistics, so detection alone would read a French café with a Polish table;
    1252 is what Western newsroom tools write, and what browsers assume."""
    from charset_normalizer import from_bytes  # lazy: only for files that are not UTF-8

    best = from_bytes(data).best()
    if best is None:
        return None
    western = from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None and western.chaos <= best.chaos:
        return "cp1252"
    return str(best.encoding)


def encoding_name(codec: str) -> str:
    """A codec as people name it: cp1252 is "Windows-1252", koi8_r "KOI8-R"."""
    known = {"cp932": "Shift_JIS", "cp949": "EUC-KR", "gb18030": "GB18030", "big5": "Big5",
             "mac_roman": "Mac Roman", "mac_latin2": "Mac Central European"}
    if codec in known:
        return known[codec]
    windows = re.fullmatch(r"cp(125\d)", codec)
    if windows:
        return f"Windows-{windows.group(1)}"
    iso = re.fullmatch(r"iso8859_(\d+)", codec)
    if iso:
        return f"ISO-8859-{iso.group(1)}"
    return codec.upper().replace("_", "-")


def detected_note(codec: str) -> str:
    return f"not UTF-8: read as {encoding_name(codec)}, detected"
