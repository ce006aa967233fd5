"""Bundled fonts: licensed, documented, within budget; uncovered characters refused."""

from __future__ import annotations

import pytest

from cards.errors import FontError
from cards.fonts import bundled_fonts, check_coverage, coverage
from cards.resources import bundled_dir

FONTS = bundled_dir("fonts")


def test_bundled_fonts_stay_under_25_mb():
    total = sum(p.stat().st_size for p in FONTS.rglob("*") if p.is_file())
    assert total < 25 * 1024 * 1024


def test_every_family_has_a_license_and_a_readme_line():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    families = {path.parent for path in bundled_fonts().values()}
    assert families
    for family in families:
        assert (family / "OFL.txt").is_file(), family
        assert "SIL Open Font License" in (family / "OFL.txt").read_text(encoding="utf-8")
        assert f"`{family.name}/" in readme, family.name


@pytest.mark.parametrize("name", sorted(bundled_fonts()))
def test_bundled_fonts_cover_latin_punctuation_used_on_cards(name):
    needed = "AZaz09 “”‘’—–…·•€£$%&?!«»„‚àéîõüçñßøåæœłşğ"
    missing = [c for c in needed if ord(c) not in coverage(name)]
    assert missing == []


def test_a_character_no_font_covers_is_named():
    with pytest.raises(FontError) as info:
        check_coverage("Rain \u2603 again", "Vollkorn-Regular", "quote")
    assert str(info.value) == (
        "the quote has U+2603 SNOWMAN ('☃'), which font \"Vollkorn-Regular\" cannot draw;"
        " remove or replace that character"
    )


@pytest.mark.parametrize("name", sorted(bundled_fonts()))
def test_shipped_coverage_matches_the_fonts_cmap(name):
    """fonts/coverage.json must say what fontTools reads (python scripts/font_coverage.py)."""
    from cards.fonts import read_cmap

    assert coverage(name) == read_cmap(bundled_fonts()[name])
    assert len(coverage(name)) > 1000
