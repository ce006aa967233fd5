"""Smart quotes, dashes, ellipses and the normal form quotes are matched in."""

from __future__ import annotations

import pytest

from cards.typography import (
    QUOTE_MARKS,
    enclose,
    normalise_for_match,
    normalise_with_map,
    smarten,
    strip_outer_marks,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('"Hi," she said.', "“Hi,” she said."),
        ('He said "no" (and "yes").', "He said “no” (and “yes”)."),
        ('It was—"finally"—over', "It was—“finally”—over"),
        ("\"She told me 'never' again\"", "“She told me ‘never’ again”"),
        ("don't, it's, O'Brien", "don’t, it’s, O’Brien"),
        ("back in the '90s", "back in the ’90s"),
        ("rock 'n' roll", "rock ’n’ roll"),
        ("let 'em in", "let ’em in"),
        ("the students' union", "the students’ union"),
        ("'Quiet,' he said", "‘Quiet,’ he said"),
        ("wait -- what", "wait — what"),
        ("wait--what", "wait—what"),
        ("and then...", "and then…"),
    ],
)
def test_smarten_curls_quotes_dashes_and_ellipses(typed: str, expected: str) -> None:
    assert smarten(typed) == expected


@pytest.mark.parametrize(
    "text",
    ["“Already curly,” she said — it’s ’90s rock ’n’ roll…", '"x" -- \'y\' ... don\'t'],
)
def test_smarten_is_idempotent(text: str) -> None:
    once = smarten(text)
    assert smarten(once) == once


def test_smarten_leaves_curly_text_alone() -> None:
    text = "„Ja“, sagte sie. «\u202fNon\u202f» — ‘fine’"
    assert smarten(text) == text


def test_smarten_uses_the_language_marks() -> None:
    assert smarten('Er sagte "nein"', "de") == "Er sagte „nein“"
    assert smarten('Il a dit "non"', "fr") == "Il a dit «\u202fnon\u202f»"
    assert smarten("'Hallo' sagte er", "de-AT") == "‚Hallo‘ sagte er"


def test_quote_marks_per_language() -> None:
    assert QUOTE_MARKS["en"] == ("“", "”", "‘", "’")
    assert QUOTE_MARKS["de"] == ("„", "“", "‚", "‘")
    assert QUOTE_MARKS["fr"] == ("«", "»", "‹", "›")
    assert QUOTE_MARKS["es"] == QUOTE_MARKS["it"] == QUOTE_MARKS["pt"] == ("«", "»", "“", "”")
    assert QUOTE_MARKS["nl"] == ("“", "”", "‘", "’")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Hi.", "en", "“Hi.”"),
        ("“Hi.”", "en", "“Hi.”"),
        ('"Hi."', "en", "“Hi.”"),
        ("'Hi.'", "en", "“Hi.”"),
        ("‘It’s fine’", "en", "“It’s fine”"),
        ('He called it "a disgrace".', "en", "“He called it ‘a disgrace’.”"),
        ("He called it “a disgrace”.", "en", "“He called it ‘a disgrace’.”"),
        ('"She said “no” twice"', "en", "“She said ‘no’ twice”"),
        ('Er sagte "nein"', "de", "„Er sagte ‚nein‘“"),
        ("„Ja“", "de", "„Ja“"),
        ("Non", "fr", "«\u202fNon\u202f»"),
        ("«\u202fNon\u202f»", "fr", "«\u202fNon\u202f»"),
        ('Il a dit "non"', "fr", "«\u202fIl a dit ‹\u202fnon\u202f›\u202f»"),
        ('dijo "no"', "es", "«dijo “no”»"),
        ("Hi", "sv", "“Hi”"),  # no marks for Swedish yet: English, not an error
    ],
)
def test_enclose(text: str, lang: str, expected: str) -> None:
    assert enclose(text, lang) == expected


def test_enclose_does_not_strip_marks_of_two_quotations() -> None:
    # Starts and ends with marks, but the marks belong to two different quotations.
    assert strip_outer_marks("“A,” she said, “B.”") == "“A,” she said, “B.”"
    assert enclose("“A,” she said, “B.”") == "“‘A,’ she said, ‘B.’”"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Hi,” she said", '"Hi," she said'),
        ("„Ja“ «\u202fNon\u202f» ‹x› 「y」 ″z″", '"Ja" " Non " \'x\' "y" "z"'),
        ("it’s ‘fine’ ‚so‘ ′", "it's 'fine' 'so' '"),
        ("a — b – c ‐ d ‑ e ‒ f ― g -- h", "a - b - c - d - e - f - g - h"),
        ("wait…", "wait..."),
        ("  a\u00a0 b\u202fc\u3000d\n\ne\t ", "a b c d e"),
        ("Café CAFÉ café", "Café CAFÉ café"),
    ],
)
def test_normalise_for_match(text: str, expected: str) -> None:
    assert normalise_for_match(text) == expected


def test_normalise_composes_but_never_changes_letters() -> None:
    assert normalise_for_match("Cafe\u0301") == "Café"
    assert normalise_for_match("Don’t") != normalise_for_match("don't")


def test_normalise_with_map_points_back_at_the_original() -> None:
    text = "“Go…” —  now"
    norm, starts, ends = normalise_with_map(text)
    assert norm == '"Go..." - now'
    k = norm.index("now")
    assert text[starts[k] : ends[k + 2]] == "now"
    dots = norm.index("...")
    assert text[starts[dots] : ends[dots + 2]] == "…"
