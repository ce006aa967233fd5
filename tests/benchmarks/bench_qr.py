"""The QR code of a story URL, as `cards` makes it, against qrcode making the same code
(in the same run), for URLs of a short link's length, a news story's and a long one's.
Every URL is new, as every story's is in a week of posts. Run:

    pytest tests/benchmarks/bench_qr.py --benchmark-columns=median,rounds -s

The mask is scored on bits (`cards.render.qrmask`); everything else is qrcode's.
"""

from __future__ import annotations

import itertools

import pytest
import qrcode
import qrcode.constants

from cards.render.qr import qr_matrix

URLS = {
    "26 characters": "https://example.org/week/",
    "66 characters": "https://www.example-news.org/2026/12/07/city-council-budget-story-",
    "150 characters": "https://www.example-news.org/2026/12/07/" + "a-long-headline-slug-" * 5
                      + "?utm_source=share&utm_medium=social&id=",
}


def _qrcodes_own(url: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url, optimize=0)
    code.make(fit=True)
    return code.get_matrix()


@pytest.mark.parametrize("length", URLS)
@pytest.mark.parametrize("maker", ["cards", "qrcode"])
def test_a_new_story_urls_code(benchmark, length, maker):
    counter = itertools.count()
    base = URLS[length]
    if maker == "cards":
        benchmark(lambda: qr_matrix(f"{base}{next(counter)}"))
    else:
        benchmark(lambda: _qrcodes_own(f"{base}{next(counter)}"))
