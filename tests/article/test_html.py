"""Articles from saved web pages and CMS exports: metadata in order of trust, each field's
origin, and the body without the page's furniture. The pages in tests/pages are our own."""

from __future__ import annotations

import json
import re

import pytest

from cards.article.load import load_article, parse_article
from cards.cli.main import main
from cards.errors import ArticleError
from tests.conftest import PAGES, ROOT

SAMPLES = ROOT.parent / "shared" / "samples" / "pages"


def page(name: str):
    return load_article(str(PAGES / name))


def test_json_ld_wins_over_open_graph_and_the_title():
    article = page("jsonld.html")
    assert (article.title, article.url, article.site_name, article.author, article.published,
            article.language, article.image) == (
        "Tide mill grinds flour again after ninety years",
        "https://estuary.example/news/2026/03/tide-mill-flour",
        "Estuary Media Group",
        "Ruth Okafor",
        "2026-03-14T08:30:00Z",
        "en-GB",
        "https://estuary.example/media/tide-mill-wide.jpg",
    )
    assert dict(article.origins) == {
        "title": "JSON-LD", "url": "JSON-LD", "author": "JSON-LD", "published": "JSON-LD",
        "site_name": "JSON-LD", "image": "JSON-LD", "language": "<html lang>"}


def test_the_body_leaves_the_page_furniture_out():
    article = page("jsonld.html")
    text = article.text
    assert article.paragraphs[0].startswith("The tide mill on Saltmarsh Creek")
    assert len(article.paragraphs) == 5
    for furniture in ("Share on", "Home", "Photograph:", "Related stories", "Oyster beds",
                      "morning briefing", "All rights reserved", "By Ruth Okafor"):
        assert furniture not in text, furniture


def test_open_graph_and_meta_tags_without_json_ld():
    article = page("opengraph.html")
    assert (article.title, article.url, article.site_name, article.author, article.published,
            article.language, article.image) == (
        "Stadtbibliothek verlängert Öffnungszeiten",
        # The canonical link, not og:url with its ?ref=share.
        "https://rheinbote.example/lokales/bibliothek-oeffnungszeiten",
        "Rheinbote",
        "Jonas Weber",  # article:author is a profile URL: the name comes from <meta name=author>
        "2026-02-02T06:00:00+01:00",
        "de",
        "https://rheinbote.example/bilder/bibliothek.jpg",
    )
    assert article.origins["url"] == '<link rel="canonical">'
    assert article.origins["author"] == '<meta name="author">'
    assert "Das könnte Sie auch interessieren" not in article.text
    assert article.language_given


def test_a_page_with_neither_falls_back_to_its_title_and_lang():
    article = page("bare.html")
    assert (article.title, article.site_name, article.url, article.language) == (
        "Le marché couvert rouvre ses portes", "La Gazette du Port", None, "fr")
    assert article.origins["title"] == "<title>"
    assert article.origins["site_name"] == "<title> (after the headline)"
    assert [p[:20] for p in article.paragraphs] == [
        "Après dix-huit mois ", "« Nous avons gardé c", "Vingt-quatre commerç"]


def test_relative_links_resolve_against_the_page_address():
    html = (PAGES / "jsonld.html").read_text(encoding="utf-8").replace(
        '"image": {"@type": "ImageObject", "url": "https://estuary.example/media/tide-mill-wide.jpg"}',
        '"inLanguage": "en"')
    article = parse_article(html, "page", page_url="https://estuary.example/news/x")
    assert article.image == "https://estuary.example/media/tide-mill.jpg"  # og:image, resolved


def test_a_cms_json_export():
    article = page("export.json")
    assert (article.title, article.url, article.site_name, article.author, article.published,
            article.language, article.image, article.kicker) == (
        "Night buses return to the harbour line", "https://harbour.example/transport/night-buses",
        "The Harbour Gazette", "Ines Duarte", "2026-11-02", "en",
        "https://harbour.example/img/night-bus.jpg", "Transport")
    assert len(article.paragraphs) == 3
    assert set(article.origins.values()) == {"JSON"}


def test_a_json_export_with_html_body(tmp_path):
    path = tmp_path / "story.json"
    path.write_text(json.dumps({
        "title": "Quay lights", "html": "<p>The quay lights were switched on.</p>"
        "<p>“It feels like a town again,” said Ada Park, who lives on the front.</p>"}),
        encoding="utf-8")
    article = load_article(str(path))
    assert article.paragraphs == ("The quay lights were switched on.",
                                  "“It feels like a town again,” said Ada Park, who lives on the"
                                  " front.")


@pytest.mark.parametrize("body,message", [
    ('{"title": "x", "bdy": "text"}',
     'no "body" or "html" with the article\'s text ("bdy": did you mean "body"?)'),
    ('{"title": "x"}', 'no "body" or "html" with the article\'s text'),
    ('{"title": "x", "body": 3}', '"body" must be text or a list of paragraphs'),
    ('{"title": ["x"], "body": "t"}', '"title" must be text, not ["x"]'),
    ('["x"]', "expected one JSON object for the article, got a list"),
    ('{"title": "x", "body": "t",}', "not valid JSON: "),
    # Python's json reads these as numbers; a site named NaN would be set as "nan".
    ('{"title": "x", "site": NaN, "body": "t"}', "not valid JSON: NaN is not a JSON value"),
    ('{"title": -Infinity, "body": "t"}', "not valid JSON: -Infinity is not a JSON value"),
])
def test_json_export_mistakes(tmp_path, body, message):
    path = tmp_path / "s.json"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        load_article(str(path))
    assert str(info.value).startswith(f"{path}: {message}")


def test_info_shows_each_field_and_where_it_came_from(runner):
    result = runner.invoke(main, ["info", str(PAGES / "opengraph.html")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "title   Stadtbibliothek verlängert Öffnungszeiten  [<meta property=\"og:title\">]"
    assert lines[1] == ("url     https://rheinbote.example/lokales/bibliothek-oeffnungszeiten"
                        '  [<link rel="canonical">]')
    assert lines[-2] == "kicker  -"
    assert lines[-1] == "body    4 paragraphs, 89 words"
    data = json.loads(runner.invoke(main, ["info", str(PAGES / "jsonld.html"), "--json"]).stdout)
    assert data["fields"]["author"] == {"value": "Ruth Okafor", "from": "JSON-LD"}
    assert data["fields"]["lang"] == {"value": "en-GB", "from": "<html lang>"}
    assert data["paragraphs"] == 5


def test_info_on_a_missing_file(runner):
    result = runner.invoke(main, ["info", "nope.html"])
    assert result.exit_code == 1
    assert result.stderr == "Error: article not found: nope.html (check the path)\n"


def test_a_card_from_a_saved_page_uses_its_metadata(runner, tmp_path):
    result = runner.invoke(main, ["render", str(PAGES / "jsonld.html"), "-q",
                                  "The millwright’s notes were so precise", "--unverified",
                                  "--explain", "-o", "c.png"])
    assert result.exit_code == 0, result.output
    layout = json.loads(result.stdout)[0]["layout"]
    assert layout["qr"]["url"] == "https://estuary.example/news/2026/03/tide-mill-flour"
    headline = next(t for t in layout["texts"] if t["role"] == "headline")
    assert headline["text"] == "Tide mill grinds flour again after ninety years"


def _normal(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u3000", " ")
    text = re.sub(r"[’‘`´]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


SAMPLE_INDEX = json.loads((SAMPLES / "index.json").read_text()) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the project")
@pytest.mark.parametrize("entry", SAMPLE_INDEX, ids=[e["file"] for e in SAMPLE_INDEX])
def test_real_pages_give_their_headline_url_site_and_quotes(entry):
    article = load_article(str(SAMPLES / entry["file"]))
    expected = entry["expected"]
    assert article.title == expected["title"]
    assert article.url == expected["url"]
    assert article.site_name == expected["site_name"]
    body = _normal(article.text)
    for quote in entry["quotes"]:
        assert _normal(quote["text"]) in body, quote["text"]
    # And `cards quotes` lists each (a quotation of one to three words is taken for a
    # scare quote, by design, and left out).
    from cards.quotes.rank import find_quotes

    found = [_normal(q.text) for q in find_quotes(article)]
    for quote in entry["quotes"]:
        text = _normal(quote["text"]).rstrip(",")
        spaced = " " in text
        if (spaced and len(text.split()) >= 4) or (not spaced and len(text) >= 6):
            assert any(text in f for f in found), quote["text"]
