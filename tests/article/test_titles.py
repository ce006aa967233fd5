"""A page's headline: from the article's own schema.org item (never an item nested in it),
Open Graph, the <title> without the site's name, or the <h1> when the rest is site-wide.
Every page here is our own."""

from __future__ import annotations

import pytest

from cards.article.load import parse_article
from cards.article.titles import is_generic, without_site

BODY = """<p>The harbour's tide mill ground its first sack of flour in ninety years on Saturday,
watched by a crowd that filled the quay from the bridge to the lifeboat station.</p>
<p>“We had to learn the stones again from the millwright's notebooks,” said Ruth Okafor, who
led the volunteers through four winters of work on the wheel and the sluices.</p>
<p>The mill will open to visitors every weekend from April, and its flour goes on sale in
the village shop.</p>"""


def page(head: str = "", body_top: str = "", html_attrs: str = ' lang="en"') -> str:
    return (f"<!doctype html><html{html_attrs}><head>{head}</head><body>{body_top}"
            f"<article>{BODY}</article></body></html>")


def read(html: str):
    return parse_article(html, "page.html")


# Microdata and JSON-LD: the article's own item only.

def test_a_breadcrumb_page_named_home_is_not_the_headline():
    html = page(body_top="""
      <ol itemscope itemtype="https://schema.org/BreadcrumbList">
        <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
          <a itemprop="item" itemscope itemtype="https://schema.org/WebPage" itemid="/" href="/">
            <span itemprop="name">Home</span></a></li></ol>
      <div itemscope itemtype="https://schema.org/NewsArticle">
        <h1 itemprop="headline">Tide mill grinds flour again after ninety years</h1>
        <div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
          <span itemprop="name">Estuary Media</span></div></div>""")
    article = read(html)
    assert (article.title, article.origins["title"]) == (
        "Tide mill grinds flour again after ninety years", "microdata")
    assert article.site_name == "Estuary Media"


def test_a_link_marked_as_headline_is_neither_the_title_nor_its_address():
    html = page(body_top="""
      <div itemscope itemtype="https://schema.org/WebPage">
        <strong><a href="https://estuary.example/" itemprop="headline">Blog - Latest News</a></strong>
        <main itemscope itemtype="https://schema.org/Blog">
          <div itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">
            <h1 itemprop="headline">Tide mill grinds flour again after ninety years</h1>
            <a itemprop="author" href="/people/ruth-okafor">Ruth Okafor</a>
          </div></main></div>""")
    article = read(html)
    assert article.title == "Tide mill grinds flour again after ninety years"
    assert article.author == "Ruth Okafor"  # a link's text, not the address of the profile


def test_json_ld_items_nested_in_the_article_are_not_its_headline():
    html = page(head="""<script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
        {"@type": "NewsArticle", "headline": "Ferry timetable changes for the winter"}]}
      </script><script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "WebPage", "name": "Estuary News",
       "breadcrumb": {"@type": "BreadcrumbList", "itemListElement": [
         {"@type": "ListItem", "position": 1, "item": {"@type": "WebPage", "name": "Home"}}]},
       "mainEntity": {"@type": "NewsArticle",
         "headline": "Tide mill grinds flour again after ninety years",
         "isPartOf": {"@type": "CreativeWorkSeries", "headline": "Our rivers"},
         "publisher": {"@type": "Organization", "name": "Estuary Media"}}}
      </script>""")
    article = read(html)
    assert (article.title, article.origins["title"]) == (
        "Tide mill grinds flour again after ninety years", "JSON-LD")


# Site names and site-wide titles.

@pytest.mark.parametrize("title", ["News Headlines", "Home", "Estuary News",
                                   "Startseite - Estuary News", "estuary.example"])
def test_a_site_wide_title_gives_way_to_the_h1(title):
    html = page(head=f'<title>{title}</title><meta property="og:site_name" content="Estuary News">'
                     '<link rel="canonical" href="https://estuary.example/mill">',
                body_top="<h1>Estuary News</h1><h1>Tide mill grinds flour again after ninety years</h1>")
    article = read(html)
    assert (article.title, article.origins["title"]) == (
        "Tide mill grinds flour again after ninety years", "<h1>")


def test_a_site_wide_og_title_gives_way_to_the_title():
    html = page(head='<meta property="og:title" content="Estuary News">'
                     '<meta property="og:site_name" content="Estuary News">'
                     "<title>Tide mill grinds flour again | Estuary News</title>")
    article = read(html)
    assert (article.title, article.origins["title"]) == ("Tide mill grinds flour again", "<title>")


@pytest.mark.parametrize("head,title", [
    ('<title>潮汐磨坊九十年来首次磨出面粉 - 新华网</title>', "潮汐磨坊九十年来首次磨出面粉"),
    ('<title>潮汐磨坊九十年来首次磨出面粉_新华网</title>', "潮汐磨坊九十年来首次磨出面粉"),
    ('<title>潮汐磨坊九十年来首次磨出面粉｜新华网</title>', "潮汐磨坊九十年来首次磨出面粉"),
    ('<title>Tide mill grinds flour again — Estuary News</title>', "Tide mill grinds flour again"),
    ('<title>Tide mill grinds flour again – Estuary News</title>', "Tide mill grinds flour again"),
    ('<meta property="og:title" content="Tide mill grinds flour again | Estuary News">'
     '<meta property="og:site_name" content="Estuary News">', "Tide mill grinds flour again"),
    ('<meta property="og:title" content="Estuary News: Tide mill grinds flour again">'
     '<meta property="og:site_name" content="Estuary News">',
     "Estuary News: Tide mill grinds flour again"),  # no separator: the words are kept
    ('<meta property="og:title" content="Mill reopens - and the bakers are back">'
     '<meta property="og:site_name" content="Estuary News">',
     "Mill reopens - and the bakers are back"),  # a dash that is the headline's own
])
def test_the_site_name_after_a_separator_is_stripped_in_every_language(head, title):
    assert read(page(head=head)).title == title


def test_the_suffix_that_is_the_site_name_the_tool_reports():
    html = page(head="""<meta property="og:site_name" content="Estuary News">
      <script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebPage",
        "name": "Tide mill grinds flour again after ninety years - Estuary News"}</script>""")
    article = read(html)
    assert (article.title, article.site_name) == (
        "Tide mill grinds flour again after ninety years", "Estuary News")


def test_a_title_that_is_the_h1_with_the_site_before_it_gives_the_h1():
    html = page(head="<title>The Estuary Review: Tide mill grinds flour again</title>",
                body_top="<h1>The Estuary Review</h1><h1>Tide mill grinds flour again</h1>")
    article = read(html)
    assert (article.title, article.origins["title"]) == ("Tide mill grinds flour again", "<h1>")


def test_the_site_comes_from_the_title_after_the_headline_and_a_section():
    html = page(head="<title>潮汐磨坊九十年来首次磨出面粉 _探索者 _光明网</title>",
                body_top="<h1>潮汐磨坊九十年来首次磨出面粉</h1>")
    article = read(html)
    assert (article.title, article.site_name) == ("潮汐磨坊九十年来首次磨出面粉", "光明网")
    assert article.origins["site_name"] == "<title> (after the headline)"


def test_without_site_and_is_generic():
    assert without_site("Headline here today | Politics | The Courier", ["The Courier"]) == (
        "Headline here today | Politics", "The Courier")
    assert without_site("Courier | Headline here today", ["The Courier"]) == (
        "Headline here today", "Courier")
    assert without_site("Ferry back - soon", [], guess=True) == ("Ferry back - soon", None)
    assert is_generic("Latest News | The Courier", ["The Courier"])
    assert not is_generic("Latest ferry news from the island", ["The Courier"])
