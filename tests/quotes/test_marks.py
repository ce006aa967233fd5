"""Quotations as real pages print them: mixed mark styles, a space after the opening mark,
an opening ellipsis, a nested single mark at the start. Our own sentences."""

from __future__ import annotations

import pytest

from cards.article.model import Article
from cards.quotes.marks import quotations
from cards.quotes.rank import find_quotes


def listed(*paragraphs: str) -> list[tuple[str, str | None]]:
    article = Article(None, None, None, None, None, "en", paragraphs, "a.md",
                      language_given=True)
    return [(q.text, q.speaker) for q in find_quotes(article)]


@pytest.mark.parametrize("paragraph", [
    "“We will open the pier on time this year,\" Ana Ruiz said. Then she left the hall.",
    "\"We will open the pier on time this year,” Ana Ruiz said. Then she left the hall.",
    "“We will open the pier on time this year,’’ Ana Ruiz said. Then she left the hall.",
])
def test_a_quotation_closes_where_its_words_end_whatever_the_mark_style(paragraph):
    assert listed(paragraph) == [("We will open the pier on time this year", "Ana Ruiz")]


def test_a_closing_mark_of_another_style_ends_the_quote_before_the_narration():
    [(text, _)] = listed("“The ferry is late again,\" said Omar Haddad, who takes it daily"
                         " with his two daughters.")
    assert "who takes it" not in text


@pytest.mark.parametrize("paragraph,text", [
    ("“ I love this town and I am not leaving it,” said Grace Okafor.",
     "I love this town and I am not leaving it"),
    ("“…prevent the flooding of the lower harbour every spring,” said Grace Okafor.",
     "…prevent the flooding of the lower harbour every spring"),
    ("“‘Glasgow’ is what everyone here calls the old pier,” said Grace Okafor.",
     "‘Glasgow’ is what everyone here calls the old pier"),
    ("“… and the pier stays open all through the winter,” said Grace Okafor.",
     "… and the pier stays open all through the winter"),
])
def test_quotations_that_start_unusually_are_found(paragraph, text):
    assert listed(paragraph) == [(text, "Grace Okafor")]


def test_a_nested_straight_quotation_still_nests():
    paragraph = "“He said \"no\" to the plan twice, and then yes,” said Jonas Berg."
    [q] = quotations(paragraph)
    assert paragraph[q.start : q.end] == "He said \"no\" to the plan twice, and then yes,"


def test_a_single_quotation_left_open_closes_with_its_double_one():
    paragraph = ("“The survey found, in the words of the report, ‘no damage to the old pier at"
                 " all,\" said Jonas Berg on Friday.")
    assert listed(paragraph) == [
        ("The survey found, in the words of the report, ‘no damage to the old pier at all",
         "Jonas Berg")]
