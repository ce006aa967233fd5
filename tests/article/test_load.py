"""Reading an article's file: a path that was meant as a web address, and files that are
not UTF-8."""

from __future__ import annotations

import io
import sys

import pytest

from cards.article.load import load_article
from cards.errors import ArticleError


@pytest.mark.parametrize("given", ["www.example.org/story", "example.org/news/x",
                                   "www.example.org", "news.example.co.uk/2026/05/ferry"])
def test_a_missing_path_that_looks_like_an_address_says_to_add_https(given):
    with pytest.raises(ArticleError) as err:
        load_article(given)
    assert str(err.value) == f"article not found: {given} (check the path; for a web page, add https://)"


@pytest.mark.parametrize("given", ["story.md", "notes/story.txt", "nope.html", "example.org",
                                   "drafts.json/x", "./example.org/x"])
def test_a_missing_path_that_is_only_a_path_keeps_the_plain_message(given):
    with pytest.raises(ArticleError) as err:
        load_article(given)
    assert str(err.value) == f"article not found: {given} (check the path)"


def test_an_existing_file_named_like_a_host_is_read(tmp_path):
    folder = tmp_path / "example.org"
    folder.mkdir()
    (folder / "story").write_text("Ferry returns\n\nThe ferry sailed again today.\n",
                                  encoding="utf-8")
    assert load_article("example.org/story").paragraphs == ("The ferry sailed again today.",)



WESTERN = ("The Søby ferry returns to the quay\n\n"
           "The café on the quay reopened on Monday — after a winter in dry dock.\n\n"
           "“We missed the horn more than we expected,” said Jørgen Straße, the captain.\n")


def test_a_windows_1252_file_is_read_by_detection_with_a_note(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(WESTERN.encode("cp1252"))
    article = load_article(str(path))
    assert article.title == "The Søby ferry returns to the quay"
    assert article.paragraphs[1] == (
        "“We missed the horn more than we expected,” said Jørgen Straße, the captain.")
    assert article.origins["encoding"] == "not UTF-8: read as Windows-1252, detected"


def test_a_short_latin_1_file_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("Café news\n\nIt was good, très bien.".encode("latin-1"))
    article = load_article(str(path))
    assert article.paragraphs == ("It was good, très bien.",)
    assert article.origins["encoding"] == "not UTF-8: read as Windows-1252, detected"


def test_a_windows_1251_file_is_read_as_cyrillic(tmp_path):
    text = ("Паром снова ходит через пролив\n\n"
            "Паром между старым городом и островом снова ходит с понедельника. Всю зиму он"
            " стоял в сухом доке, где ему перекрасили корпус.\n\n"
            "«Нам не хватало гудка больше, чем мы думали», — сказал капитан парома.\n")
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("cp1251"))
    article = load_article(str(path))
    assert article.paragraphs[1] == "«Нам не хватало гудка больше, чем мы думали», — сказал капитан парома."
    assert article.origins["encoding"] == "not UTF-8: read as Windows-1251, detected"


def test_a_saved_page_without_a_charset_is_read_by_detection(tmp_path):
    page = ("<html><head><title>The Søby ferry returns to the quay</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in WESTERN.split("\n\n")[1:]) + "</article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    article = load_article(str(path))
    assert "said Jørgen Straße" in article.text
    assert article.origins["encoding"] == "not UTF-8: read as Windows-1252, detected"
    declared = path.with_name("declared.html")
    declared.write_bytes(page.replace("<head>", '<head><meta charset="windows-1252">')
                         .encode("cp1252"))
    article = load_article(str(declared))
    assert "said Jørgen Straße" in article.text
    assert "encoding" not in article.origins  # the page says what it is: nothing to note


def test_a_utf8_file_has_no_encoding_note(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(WESTERN, encoding="utf-8")
    assert "encoding" not in load_article(str(path)).origins


def test_stdin_that_is_not_utf8_is_read_by_detection(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WESTERN.encode("cp1252"))))
    article = load_article("-")
    assert article.title == "The Søby ferry returns to the quay"
    assert article.origins["encoding"] == "not UTF-8: read as Windows-1252, detected"
