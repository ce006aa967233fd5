"""The real article in ../shared/samples: a browser copy as editors paste it.

The sample is not ours to ship, so it stays outside the repository; these tests run only
where it is present (the development machines) and say so when it is not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.article.load import load_article
from cards.article.model import Article
from cards.errors import QuoteError
from cards.quotes.rank import find_quotes
from cards.quotes.verify import verify_quote
from tests.conftest import ROOT

SAMPLES = ROOT.parent / "shared" / "samples"
ICE_LETTER = SAMPLES / "microsoft-ice-letter.txt"

pytestmark = [
    pytest.mark.samples,
    pytest.mark.skipif(
        not SAMPLES.is_dir(), reason=f"the real samples are not here: {SAMPLES} is absent"
    ),
]


@pytest.fixture(scope="module")
def letter() -> Article:
    return load_article(str(ICE_LETTER))


def test_headline(letter: Article) -> None:
    assert letter.title == (
        "The employee letter denouncing Microsoft’s ICE contract now has over 300 signatures"
    )
    assert letter.paragraphs[0].startswith("Microsoft’s attempts to downplay")
    for furniture in ("Skip to main content", "Share this story", "Illustration by"):
        assert furniture not in letter.text
    # The subhead is the editor's, not a speaker's: it stays out of the body.
    assert "Employees denounced working with ICE in an open letter" not in letter.text


def test_quotations_and_speakers(letter: Article) -> None:
    found = [(q.text[:40], q.speaker) for q in sorted(find_quotes(letter), key=lambda q: q.span)]
    assert found == [
        ("help employees make more informed decisi", "The company"),
        ("enabling them to process data on edge de", "The company"),
        ("As the people who build the technologies", "the letter"),
        ("supporting legacy mail, calendar, messag", "Satya Nadella"),
        ("engagement with any government has been ", "Satya Nadella"),
        ("Right now, statements are being made, bu", "a Microsoft employee"),
        ("I think that working with ICE in any sor", "an employee"),
        ("There are a lot of people even beyond th", "one employee"),
        ("In a week they managed to wipe away all ", "the employee"),
    ]


def test_interrupted_quotation_is_joined(letter: Article) -> None:
    last = max(find_quotes(letter), key=lambda q: q.span or (0, 0))
    assert last.text == (
        "In a week they managed to wipe away all the goodwill in a second, and I think that’s "
        "what really stands out to me and makes me worried, for lots of reasons."
    )
    assert last.span is not None
    between = letter.text[last.span[0] : last.span[1]]
    assert "the employee said" in between  # the span covers both parts and the attribution


def test_scare_quote_and_pull_quote(letter: Article) -> None:
    texts = [q.text for q in find_quotes(letter)]
    assert "proud" not in texts
    assert sum(t.startswith("I think that working with ICE") for t in texts) == 1
    # The pull quote is still in the article, so it can be chosen and verified.
    assert "I think that working with ICE in any sort of way — we shouldn’t." in letter.text


def test_every_listed_quote_verifies(letter: Article) -> None:
    for quote in find_quotes(letter):
        checked = verify_quote(letter, quote.text)
        assert checked.speaker == quote.speaker


def test_verify_typed_with_straight_quotes_and_double_hyphen(letter: Article) -> None:
    quote = verify_quote(
        letter,
        "\"I think that working with ICE in any sort of way -- we shouldn't, we should pull "
        'out of that contract"',
    )
    assert quote.text == (
        "I think that working with ICE in any sort of way — we shouldn’t, we should pull out "
        "of that contract"
    )
    assert quote.speaker == "an employee"
    assert quote.span is not None
    assert letter.text[quote.span[0] : quote.span[1]] == quote.text


def test_verify_ellipsis(letter: Article) -> None:
    quote = verify_quote(letter, "There are a lot of people … very, very upset with what’s happening")
    assert quote.speaker == "one employee"
    assert quote.span is not None
    assert letter.text[quote.span[0] : quote.span[1]].endswith("upset with what’s happening")


def test_verify_rejects_one_changed_word(letter: Article) -> None:
    with pytest.raises(QuoteError) as err:
        verify_quote(letter, "Right now, statements are being made, but there is no action behind it")
    assert str(err.value) == (
        f"quote not found in {ICE_LETTER}: “Right now, statements are being made, but there "
        "is no…”; quote 2 reads “Right now, statements are being made, but there is not "
        "action behind it”; did you mean quote 2? set \"quote\" to 2"
    )


def test_cards_quotes_lists_them_numbered(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cards.cli.main import main

    result = CliRunner().invoke(main, ["quotes", str(ICE_LETTER)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # Ranked: whole sentences first (all five by described speakers), then Nadella's
    # fragments, then the company's.
    assert lines[0].startswith(" 1. “As the people who build the technologies")
    assert lines[1] == "    — the letter"
    assert lines[2] == "    complete sentence · 95 characters · speaker described"
    assert lines[15].startswith(" 6. “supporting legacy mail")
    assert lines[17] == "    fragment · 77 characters · speaker named"
    assert sum(line[:3].strip().endswith(".") for line in lines) == 9


def test_a_card_from_the_sample_at_every_size(tmp_path: Path) -> None:
    import json

    import zxingcpp
    from click.testing import CliRunner
    from PIL import Image

    from cards.cli.main import main

    url = "https://www.example.com/2018/6/21/microsoft-ice-letter"
    result = CliRunner().invoke(main, [
        "render", str(ICE_LETTER), "-q", "2", "--url", url, "-s", "all", "-o", str(tmp_path),
        "--explain",
    ])
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert len(cards) == 5
    for card in cards:
        texts = {t["role"]: t["text"] for t in card["layout"]["texts"]}
        assert texts["quote"] == (
            "“Right now, statements are being made, but there is not action behind it”"
        )
        assert texts["attribution"] == "— A Microsoft employee"
        assert texts["site"] == "example.com"
        with Image.open(card["file"]) as image:
            assert image.size == (card["layout"]["width"], card["layout"]["height"])
            # A story leaves its code's place to the app's link sticker.
            codes = [] if card["layout"]["preset"] == "story" else [url]
            assert [r.text for r in zxingcpp.read_barcodes(image.convert("RGB"))] == codes


def test_the_sample_has_no_url_so_a_card_needs_one(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cards.cli.main import main

    result = CliRunner().invoke(main, ["render", str(ICE_LETTER), "-q", "1", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {ICE_LETTER} has no story URL for the QR code; set --url, or --no-qr for a"
        " card without one\n"
    )
    assert list(tmp_path.iterdir()) == []
