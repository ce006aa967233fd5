"""Reading an article's file: a path that was meant as a web address, and files that are
not UTF-8."""

from __future__ import annotations

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

