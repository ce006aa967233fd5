"""A page's story text: trafilatura's precise reading, or its default one when the
precise one keeps under half of it; words a precise paragraph lost restored; and the
furniture around the story (teasers, "Read more" and "Related" blocks, captions, credits,
slideshow counters) left out. The pages here are our own."""

from __future__ import annotations

from lxml import html as lxml_html

from cards.article.body import _restored, body_paragraphs
from cards.article.furniture import Furniture, no_furniture
from cards.article.load import load_article, parse_article
from tests.conftest import PAGES


def test_a_story_the_precise_reading_cuts_short_is_read_whole():
    # A table layout: trafilatura's precise reading keeps only the first paragraph.
    article = load_article(str(PAGES / "table-layout.html"))
    assert [p[:40] for p in article.paragraphs] == [
        "The tide mill on Saltmarsh Creek ground ",
        "“We had to learn the stones again from t",
        "Volunteers rebuilt the wheel from oak fe",
        "“The tide does the work, and it has neve",
        "The trust hopes to sell enough flour to ",
    ]  # without the caption, "Photograph: Dan Hale", "2 of 9" and the links after it


STORY = [
    "The tide mill on Saltmarsh Creek ground its first sack of flour in ninety years on"
    " Saturday, watched by a crowd that filled the quay from the bridge to the lifeboat station.",
    "“We will <span class=\"link\"><a href=\"https://estuary.example/mill/plans\">never let the"
    " wheel stand idle</a></span> again,” said Ruth Okafor, who led the volunteers.",
    "Volunteers rebuilt the wheel from oak felled on the estate, and a blacksmith in the next"
    " village forged the new axle, which weighs almost a tonne.",
    "The trust hopes to sell enough flour to pay for the upkeep of the building, which was"
    " roofed again two years ago with slate from the old chapel.",
]


def test_a_paragraph_the_precise_reading_took_a_link_out_of_keeps_its_words():
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>"
    article = parse_article(page, "page.html")
    assert article.paragraphs[1] == (
        "“We will never let the wheel stand idle again,” said Ruth Okafor, who led the volunteers.")
    assert len(article.paragraphs) == 4


def test_paragraphs_the_default_reading_ran_together_are_not_doubled():
    precise = ["The first paragraph, which ends here.", "The second one, which lost a word."]
    default = ["The first paragraph, which ends here.The second one, which lost a word."]
    assert _restored(precise, default) == precise
    assert _restored(["It lost words of the link."], ["It lost the linked words of the link."]) == [
        "It lost the linked words of the link."]


PAGE_LINKS = lxml_html.document_fromstring("""<html><body>
  <a href="/a">Ferry timetable changes for the winter months</a>
  <a href="/b">Lifeboat crew rescues two walkers</a>
  <a href="/c">Village bakery wins a prize</a>
  <a href="/d">Your relationship with the people you attract</a>
  <a href="/e">Okafor</a><a href="/f">a</a>
  <figure><figcaption>The wheel turns for the first time since 1934.</figcaption></figure>
  <p class="image-credit">Dan Hale for the Courier</p></body></html>""")


def test_the_furniture_a_page_shows_around_its_story():
    furniture = Furniture.of(PAGE_LINKS)
    for line in ["Lifeboat crew rescues two walkers",  # a link alone: a teaser
                 "Read more: Ferry timetable changes for the winter months",
                 "Lesen Sie auch: Lifeboat crew rescues two walkers",
                 "- Village bakery wins a prize The judges praised its crust",
                 "The wheel turns for the first time since 1934.",  # the page's caption
                 "Dan Hale for the Courier",  # its credit
                 "Visitors on the quay on Saturday. (Photo: Dan Hale/Estuary Courier)",
                 "The crowd at the sluice gate. Dan Hale/Getty Images",
                 "Image copyright Dan Hale", "Photo 3 of 12", "2 / 9", "Next"]:
        assert furniture.is_furniture(line), line
    for line in ["“The tide does the work,” said Okafor.",  # a link on one word of it
                 "- Your relationship with the people you attract grows day by day",
                 "Read more about the mill in the trust’s yearbook, which is free.",
                 "The volunteers met every Saturday (photos of their work are in the shop)."]:
        assert not furniture.is_furniture(line), line


def test_a_related_block_goes_with_its_heading():
    furniture = Furniture.of(PAGE_LINKS)
    lines = ["The mill opens in April.", "Related", "- Bridge repairs start in March",
             "Lifeboat crew rescues two walkers and their dog on Sunday",
             "The trust thanked the volunteers."]
    assert furniture.without(lines) == ["The mill opens in April.",
                                        "The trust thanked the volunteers."]


def test_text_without_a_page_keeps_what_only_links_would_show():
    assert no_furniture().without(["Lifeboat crew rescues two walkers", "Photo 3 of 12"]) == [
        "Lifeboat crew rescues two walkers"]


def test_a_page_of_links_only_gives_no_paragraphs():
    page = "<html><body><div><a href='/'>Home</a> <a href='/news'>News</a></div></body></html>"
    assert body_paragraphs(page, "p", lxml_html.document_fromstring(page)) == []
