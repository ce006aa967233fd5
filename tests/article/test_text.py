"""Loading articles: Markdown with front matter, browser copies, stdin, and every error."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.article.load import load_article, parse_article
from cards.errors import ArticleError
from tests.conftest import FIXTURES


def test_front_matter_fills_the_metadata() -> None:
    article = load_article(str(FIXTURES / "garden.md"))
    assert article.title == "Community garden wins city grant"
    assert article.url == "https://example.org/garden"
    assert article.site_name == "The Eastside Ledger"
    assert article.author == "Sam Ortiz"
    assert article.published == "2023-09-14"  # YAML reads it as a date; we keep ISO text
    assert article.language == "en"
    assert article.image == "https://example.org/garden.jpg"
    assert article.source == str(FIXTURES / "garden.md")


def test_markdown_body_loses_its_markup_and_repeated_title() -> None:
    article = load_article(str(FIXTURES / "garden.md"))
    assert article.paragraphs == (
        ("The Maple Street community garden will get new raised beds after winning a $12,000 "
         "grant from the city parks fund."),
        "What the money buys",
        ("“Every family on the waiting list will have a plot by next spring,” said Rosa Kim, "
         "who has run the garden since 2015."),
    )
    assert article.text == "\n\n".join(article.paragraphs)


def test_markdown_heading_is_the_title_without_front_matter() -> None:
    article = parse_article("# Big news\n\nSomething *happened* at __noon__ today.\n", "x.md")
    assert article.title == "Big news"
    assert article.paragraphs == ("Something happened at noon today.",)
    assert article.language == "en"


def test_markdown_keeps_underscores_inside_words() -> None:
    article = parse_article("Run snake_case_name and 2*3*4 now.", "x.md")
    assert article.paragraphs == ("Run snake_case_name and 2*3*4 now.",)


def test_front_matter_date_time_and_missing_keys() -> None:
    text = "---\ntitle: T\ndate: 2024-05-01 10:30:00\n---\nBody text here.\n"
    article = parse_article(text, "a.md")
    assert article.published == "2024-05-01T10:30:00"
    assert (article.url, article.author, article.site_name, article.image) == (None,) * 4


def test_a_front_matter_key_that_looks_misspelt_is_warned_about_or_refused() -> None:
    article = parse_article("---\ntitel: T\nTags: x\n---\nBody.\n", "notes/story.md")
    assert article.title is None and article.ignored == ("titel", "Tags")
    assert article.warnings == (
        'notes/story.md: ignored front matter key "titel" (did you mean "title"?)',)
    with pytest.raises(ArticleError) as err:
        parse_article("---\ntitel: T\n---\nBody.\n", "notes/story.md", strict=True)
    assert str(err.value) == 'notes/story.md: unknown front matter key "titel" (did you mean "title"?)'


def test_front_matter_keys_cards_does_not_use_are_ignored_quietly() -> None:
    article = parse_article("---\nTitle: T\ntags: news\ncategory: Local\n---\nBody.\n", "s.md",
                            strict=True)
    assert article.title == "T"
    assert (article.ignored, article.warnings) == (("tags", "category"), ())


def test_invalid_yaml_names_the_file_line() -> None:
    with pytest.raises(ArticleError) as err:
        parse_article("---\ntitle: ok\nauthor: Jane\nurl: a: b\n---\nBody.\n", "s.md")
    assert str(err.value) == (
        "s.md, line 4: invalid YAML in the front matter (mapping values are not allowed here); "
        "write it as 'key: value' lines"
    )


def test_unclosed_front_matter() -> None:
    with pytest.raises(ArticleError) as err:
        parse_article("---\ntitle: T\nBody.\n", "s.md")
    assert str(err.value) == (
        "s.md: the front matter opened on line 1 is never closed; add a line '---' after it"
    )


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(ArticleError) as err:
        parse_article("---\n- a\n- b\n---\nBody.\n", "s.md")
    assert str(err.value) == "s.md: the front matter must be 'key: value' lines, not a list"


@pytest.mark.parametrize(("line", "field", "value"), [
    ("title: 10:30", "title", "10:30"),  # YAML 1.1: 630 (base 60)
    ("title: 017", "title", "017"),  # 15 (octal)
    ("title: 1_000 days", "title", "1_000 days"),
    ("title: .5", "title", ".5"),  # 0.5
    ("title: Yes", "title", "Yes"),  # true
    ("author: No", "author", "No"),  # false
    ("lang: NO", "language", "NO"),  # Norwegian, not false
    ("author: ~", "author", None),
    ("author: null", "author", None),
    ("author:", "author", None),
    ("date: 2024-05-01", "published", "2024-05-01"),
])
def test_front_matter_values_are_the_text_they_show(line, field, value) -> None:
    """Every key cards reads is text: a value YAML 1.1 would read as a number or a truth
    is the text the writer typed, so a headline is never changed; nothing is still
    nothing, and a date still a date."""
    article = parse_article(f"---\n{line}\nurl: https://example.org/a\n---\nBody.\n", "a.md")
    assert getattr(article, field) == value


def test_a_date_no_calendar_has_is_refused_on_its_line() -> None:
    with pytest.raises(ArticleError) as err:
        parse_article("---\ntitle: T\ndate: 2024-13-45\n---\nBody.\n", "s.md")
    assert str(err.value) == ("s.md, line 3: a date in the front matter is not a real date"
                              " (month must be in 1..12); write it as YYYY-MM-DD, or in"
                              " quotes to keep it as text")
    with pytest.raises(ArticleError) as err:
        parse_article("---\ntitle: !!int ten\n---\nBody.\n", "s.md")
    assert str(err.value).startswith("s.md: a value in the front matter cannot be read (")


def test_front_matter_value_must_be_text() -> None:
    with pytest.raises(ArticleError) as err:
        parse_article("---\nauthor: [A, B]\n---\nBody.\n", "s.md")
    assert str(err.value) == 's.md: front matter key "author" must be text, not a list'


def test_browser_copy_drops_page_furniture() -> None:
    article = load_article(str(FIXTURES / "harbor-ferry.txt"))
    assert article.title == "Harbor ferry returns to service after a winter of repairs"
    assert article.author == "Tom Reyes"
    assert article.published == "2025-03-03"
    assert article.language == "en"
    assert article.url is None
    text = article.text
    for furniture in (
        "Skip to main content", "Share this story", "Advertisement", "Read more",
        "Photo by", "Sign in", "Local · Harbor", "A new schedule for the spring",
    ):  # fmt: skip
        assert furniture not in text
    assert article.paragraphs[0].startswith("The Bayline ferry carried")
    assert article.paragraphs[-1] == "Fares stay at $2.50, and the first boat leaves Pier 9 at 6:10 a.m."
    assert len(article.paragraphs) == 6  # the pull quote stays: it is the article's text


def test_plain_text_tidies_white_space_but_keeps_nbsp() -> None:
    text = "A headline of some length\r\n\r\nFirst   line\twith  gaps and 10\u00a0km.\r\n"
    article = parse_article(text, "a.txt")
    assert article.title == "A headline of some length"
    assert article.paragraphs == ("First line with gaps and 10\u00a0km.",)


def test_plain_text_rejoins_hard_wrapped_paragraphs() -> None:
    text = (
        "Council approves the new bus routes\n\n"
        "The council voted on Tuesday to approve three new bus routes that\n"
        "will connect the eastern suburbs to downtown.\n\n"
        "The routes start in June.\n"
    )
    article = parse_article(text, "a.txt")
    assert article.paragraphs == (
        ("The council voted on Tuesday to approve three new bus routes that will connect the "
         "eastern suburbs to downtown."),
        "The routes start in June.",
    )


def test_plain_text_without_a_headline_is_all_body() -> None:
    text = "The council voted on Tuesday to approve three new bus routes downtown.\n"
    article = parse_article(text, "a.txt")
    assert article.title is None
    assert article.paragraphs == (text.strip(),)


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xef\xbb\xbfFerry returns after winter repairs\n\nIt sailed today.\n")
    assert load_article(str(path)).title == "Ferry returns after winter repairs"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"Ferry returns after winter repairs\n\nIt sailed today.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = load_article("-")
    assert article.source == "<stdin>"
    assert article.paragraphs == ("It sailed today.",)


def test_stdin_errors_name_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Share\n\n")))
    with pytest.raises(ArticleError, match=r"^article is empty: <stdin>$"):
        load_article("-")


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArticleError) as err:
        load_article("notes/story.txt")
    assert str(err.value) == "article not found: notes/story.txt (check the path)"


def test_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    with pytest.raises(ArticleError) as err:
        load_article("notes/")
    assert str(err.value) == "cannot read article notes/: Is a directory"


def test_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    # Bytes that read as no text in any encoding (a Windows-1252 file loads: test_load.py).
    (tmp_path / "notes" / "story.txt").write_bytes(b"A" * 1234 + b"\xff" + bytes(range(256)) * 4)
    with pytest.raises(ArticleError) as err:
        load_article("notes/story.txt")
    assert str(err.value) == (
        "notes/story.txt is not UTF-8 text (invalid byte 0xff at offset 1234); save it as UTF-8"
    )


def test_not_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes(b"\xef\xbb\xbfab\xe9")  # Latin-1 é after a UTF-8 BOM
    with pytest.raises(ArticleError, match=r"invalid byte 0xe9 at offset 5\)"):
        load_article(str(path))


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n  \n", b"Skip to main content\n\nShare this story\n\nAdvertisement\n"],
)
def test_empty_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "story.txt").write_bytes(content)
    with pytest.raises(ArticleError) as err:
        load_article("notes/story.txt")
    assert str(err.value) == "article is empty: notes/story.txt"


# Pieces of front matter lines, many of them what YAML reads specially: indicators, a
# comment, a colon and a space, words it reads as true or nothing, numbers and dates,
# characters it refuses or breaks lines at, and letters of other scripts.
_PIECES = ["title", "Title", "url", "a", "é", "Ω", "x1", "_", "-", " ", "  ", ":", ": ", "#",
           " #", "yes", "No", "ON", "off", "null", "NULL", "y", "~", "1", "3.5", "1e3",
           ".inf", "0x1F", "2026-12-07", "12:30", "<<", "=", "'", '"', "[", "]", "{", "}",
           ",", "&a", "*a", "!", "!!str", "|", ">", "%", "@", "`", "?", "\t", "\xa0",
           "\u2028", "\x85", "\ufeff", "\r", "…", "“", "Ærø", "هذا", "日本", "https://x.org/a?b=c#d"]


_PIECE = st.sampled_from(_PIECES)
_WORD = st.sampled_from(["title", "Site", "Ærø", "yes", "On", "null", "Null", "n", "a"])
# A line as a person writes one (a key, a colon, spaces, a value), or as anything at all.
_LINE = st.one_of(
    st.tuples(st.lists(st.one_of(_WORD, _PIECE), min_size=1, max_size=3).map("".join),
              st.sampled_from([": ", ":  ", ":", " : ", ":\t"]),
              st.lists(st.one_of(_WORD, _PIECE), min_size=1, max_size=5).map("".join),
              st.sampled_from(["", " ", "  "])).map("".join),
    st.lists(_PIECE, min_size=1, max_size=7).map("".join))


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LINE, max_size=4))
def test_front_matter_read_without_pyyaml_is_what_pyyaml_reads(lines: list[str]) -> None:
    """Front matter lines simple enough to be read without PyYAML (importing it is the
    largest cost of a cold card) are read exactly as PyYAML reads them; anything else is
    left to PyYAML."""
    import yaml

    from cards.article.text import _plain_front_matter, front_matter_loader

    plain = _plain_front_matter(lines)
    if plain is not None:
        assert plain == (yaml.load("\n".join(lines), Loader=front_matter_loader()) or {})


@pytest.mark.parametrize("line", [
    "title: a: b", "title: a #b", "title: ab:", "title: a\tb", "title: a\xa0b", "title: a\rb",
    "title: a\u2028b", "title: a\x85b", "title: a\ufeffb", "title: yes", "title: Null",
    "on: x", "y: x", "title: 2026-12-07", "title: 3 things", "title: .inf", "title: ~",
    "title: &a x", "title: *a", "title: !x", "title: |", "title: >", "title:x", "title :x",
    " title: x", "# title: x", "- title: x", "title: x  ", "title: a:b", "title: C#",
    "title: it's", 'title: say "hi"', "title: a, b [c] {d}", "title: é", "title: 日本",
    "url: https://x.org/a?b=c#d", "Titel_2-x: Ærø", "date: 2024-05-01", "date: 2024-02-29",
    "date: 2023-02-29", "date: 2024-5-1", "date: 2024-05-01 10:30", "date: 2024-05-01x",
    "date: ２０２４-05-01", "date: 2024-05-01 ",
])
def test_front_matter_lines_yaml_reads_specially_are_left_to_it(line: str) -> None:
    """Each line either read as PyYAML reads it, or left to PyYAML (which may refuse it)."""
    import yaml

    from cards.article.text import _plain_front_matter, front_matter_loader

    plain = _plain_front_matter([line])
    if plain is not None:
        assert plain == yaml.load(line, Loader=front_matter_loader())


def test_plain_front_matter_is_read_without_pyyaml_and_the_rest_with_it(tmp_path) -> None:
    """Run as a user runs it: a story whose front matter is plain `key: value` lines (a
    date among them) is read without importing PyYAML; one with a quoted value with it,
    and both give the metadata front matter gives."""
    import subprocess

    probe = ("import sys; from cards.article.load import load_article;"
             " a = load_article(sys.argv[1]);"
             " print(a.title, a.published, 'yaml' in sys.modules, sep='|')")
    body = "\n\nThe council met on Tuesday.\n"
    plain = tmp_path / "plain.md"
    plain.write_text("---\ntitle: Council votes\nurl: https://example.org/a\n"
                     "date: 2026-12-07\nlang: en\n---" + body, encoding="utf-8")
    quoted = tmp_path / "quoted.md"
    quoted.write_text('---\ntitle: "Council votes"\ndate: 2026-12-07\n---' + body,
                      encoding="utf-8")
    seen = [subprocess.run([sys.executable, "-c", probe, str(path)], check=True,
                           capture_output=True, text=True).stdout.strip()
            for path in (plain, quoted)]
    assert seen == ["Council votes|2026-12-07|False", "Council votes|2026-12-07|True"]


def test_front_matter_without_body_is_empty() -> None:
    with pytest.raises(ArticleError, match=r"^article is empty: s\.md$"):
        parse_article("---\ntitle: Only a title\n---\n\n", "s.md")


def test_browser_copy_without_blank_lines() -> None:
    text = (
        "Skip to main content\n"
        "Ferry returns to the harbor after a long winter of repairs\n"
        "By Tom Reyes\n"
        "Mar 3, 2025\n"
        "Share\n"
        "The ferry carried its first passengers on Monday, four months after a cracked shaft\n"
        "forced the city to pull it from service.\n"
        "“We did not want to patch it and hope,” Luis Carver said.\n"
    )
    article = parse_article(text, "x.txt")
    assert article.title == "Ferry returns to the harbor after a long winter of repairs"
    assert article.author == "Tom Reyes"
    assert article.published == "2025-03-03"
    assert article.paragraphs == (
        ("The ferry carried its first passengers on Monday, four months after a cracked shaft "
         "forced the city to pull it from service."),
        "“We did not want to patch it and hope,” Luis Carver said.",
    )


def test_markdown_block_quotes_images_and_subheadings() -> None:
    text = (
        "---\ntitle: T\n---\n"
        "![A ferry](ferry.jpg)\n\n"
        "Intro with a [link](https://example.org) and ***strong*** words.\n"
        "## Later\n"
        "> “A pull quote from the story,” said Ana Ruiz.\n"
    )
    assert parse_article(text, "s.md").paragraphs == (
        "Intro with a link and strong words.",
        "Later",
        "“A pull quote from the story,” said Ana Ruiz.",
    )


# A story as text copied on a Mac often has it: each accent typed after its letter
# (decomposed, NFD). Names, headlines and quotes are read with the letters composed.
_DECOMPOSED = (
    "---\ntitle: Cafe\u0301 reopens on the pier\nauthor: Zoe\u0308 Bronte\u0308\n"
    "site: Le Petit Journal\n---\n\n"
    "\u201cThe cafe\u0301 on the pier never closed once this winter,\u201d said Rene\u0301 "
    "Dubois, who runs it.\n\n"
    "\u201cWe kept the coffee hot for every crew that came in,\u201d Dubois said.\n"
)


def test_letters_typed_with_their_accents_after_them_are_read_composed() -> None:
    from cards.quotes.find import all_quotations

    article = parse_article(_DECOMPOSED, "story.md")
    assert article.title == "Café reopens on the pier"
    assert article.author == "Zoë Brontë"
    assert "said René Dubois" in article.paragraphs[0]
    speakers = [found.quote.speaker for found in all_quotations(article, speech_only=True)]
    assert speakers == ["René Dubois", "René Dubois"]


def test_only_letters_with_accents_after_them_are_composed() -> None:
    # A CJK compatibility ideograph and the angstrom sign would become other characters
    # under NFC; the article keeps them as written.
    article = parse_article("---\ntitle: T\n---\n\nKeep \uf900 and \u212b, compose o\u0302.\n",
                            "s.md")
    assert article.paragraphs == ("Keep \uf900 and \u212b, compose \u00f4.",)
