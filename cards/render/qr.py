"""The QR code for a story URL: its module matrix, sized to whole pixels per module."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from msgspec import Struct

from cards.errors import LayoutError, OptionError, named

# ISO/IEC 18004 asks for a quiet zone of four modules around the symbol.
QUIET_MODULES = 4
# Below 3 px a module, phones start to miss a code shown on a screen (DESIGN.md).
MIN_MODULE_PX = 3


class QRMatrix(Struct, frozen=True):
    url: str
    modules: int  # modules on a side, without the quiet zone
    rows: tuple[bytes, ...]  # 1 = dark module

    @property
    def size(self) -> int:
        """Modules on a side with the quiet zone."""
        return self.modules + 2 * QUIET_MODULES

    def plate_px(self, module_px: int) -> int:
        return self.size * module_px


@lru_cache(maxsize=64)
def qr_matrix(url: str) -> QRMatrix:
    """Encode the URL exactly, with error correction M (15% of the code can be lost)."""
    import qrcode.constants  # lazy: keeps start-up fast
    import qrcode.exceptions  # lazy: keeps start-up fast

    from cards.render.qrmask import QRCode  # lazy: keeps start-up fast

    code = QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url, optimize=0)
    try:
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError) as e:
        raise OptionError(
            f"the story URL is {len(url)} characters, more than a QR code holds at error"
            " correction M; use a shorter URL"
        ) from e
    rows = tuple(bytes(1 if cell else 0 for cell in row) for row in code.get_matrix())
    return QRMatrix(url=url, modules=len(rows), rows=rows)


def module_px_for(matrix: QRMatrix, side: int, where: str) -> int:
    """The largest whole number of pixels per module that fits the code and its quiet zone."""
    px = side // (matrix.modules + 2 * QUIET_MODULES)
    if px < MIN_MODULE_PX:
        raise LayoutError(
            f"the URL is too long for the QR code of {where}: it needs "
            f"{matrix.modules + 2 * QUIET_MODULES} modules with its quiet zone, and {side} px"
            " gives "
            f"{px} px a module (at least {MIN_MODULE_PX} are needed); use a shorter URL"
        )
    return px


def check_url(url: str, where: str = named("url")) -> str:
    """The story URL as given, refused unless it is an absolute http(s) address."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise OptionError(
            f"{where}: {url!r} is not an http or https URL; give the story's full address,"
            " such as https://example.org/story"
        )
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise OptionError(
            f"{where}: {url!r} has a space or control character; percent-encode it"
            " (a space is %20)"
        )
    return url
