"""Text whose encoding nobody states: a local article or job file, a saved page that
declares no character set. A byte order mark is taken at its word; UTF-8 is tried next;
otherwise charset-normalizer guesses, and the guess is named in a note the reader can be
shown (`Article.origins["encoding"]`, a batch's note about its job file)."""

from __future__ import annotations

import re

from cards.errors import CardsError

# What a file's first bytes say it is. UTF-32's marks come first: they begin as UTF-16's.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_file(data: bytes, name: str, error: type[CardsError]) -> tuple[str, str | None]:
    """The text of a file that does not declare its encoding, and a note when it is not
    UTF-8: a byte order mark's encoding (UTF-8, or the UTF-16 of Excel's "Unicode text"),
    else UTF-8, else the encoding detected (Windows-1252 for a Western file). Bytes that
    read as no text, or not as their mark says, are an `error` naming `name`."""
    bom, codec = next(((mark, codec) for mark, codec in BOMS if data.startswith(mark)),
                      (b"", None))
    try:
        text = data.decode(codec or "utf-8")
    except UnicodeDecodeError as exc:
        if codec is None:
            found = detect_encoding(data)
            if found:
                return data.decode(found, "replace"), detected_note(found)
        told = encoding_name(codec or "utf-8").removesuffix("-SIG")
        offset = exc.start + (len(bom) if codec == "utf-8-sig" else 0)
        raise error(f"{name} is not {told} text (invalid byte 0x{data[offset]:02x} at offset"
                    f" {offset}); save it as UTF-8") from None
    if codec in (None, "utf-8-sig"):
        return text, None
    return text, f"not UTF-8: read as {encoding_name(codec)}, by its byte order mark"


def detect_encoding(data: bytes) -> str | None:
    """The codec `data` is most plausibly written in, or None when it reads as no text.

    Windows-1252 wins whenever it reads the bytes at all and fits as well as the best
    guess, or the best guess is another Latin-script code page: in a short text the
    Latin code pages (1250, 1252, 1257, Baltic 775, Mac Central European…) cannot be
    told apart by their statistics, so detection alone would read a French café with a
    Polish or Baltic table (a "€2" in curly quotes came out as 775's "Ć2" in ō…ö); 1252
    is what Western newsroom tools write, and what browsers assume. A text in another
    script (Cyrillic, Greek…) keeps its guess."""
    from charset_normalizer import from_bytes  # lazy: only for files that are not UTF-8

    best = from_bytes(data).best()
    if best is None:
        return None
    western = from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None and (western.chaos <= best.chaos or all(
            "Latin" in block or block in _NOT_A_SCRIPT for block in best.alphabets)):
        return "cp1252"
    return str(best.encoding)


# Unicode blocks whose characters every Latin code page has too: no sign of a script.
_NOT_A_SCRIPT = {"Control character", "General Punctuation", "Currency Symbols",
                 "Letterlike Symbols", "Spacing Modifier Letters", "Box Drawing",
                 "Mathematical Operators", "Number Forms", "Block Elements"}


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
