"""cards: turn a news article and a quote from it into PNG share cards.

The public API, in the order of one card's path: an article is loaded, a quote picked
and verified in it, a template loaded, and the card planned and drawn in memory.
This module only re-exports; each name lives in the stage it belongs to.
"""

from cards._version import __version__
from cards.article.load import load_article, parse_article
from cards.article.model import Article
from cards.design.catalog import load_template
from cards.design.model import PRESETS, Template
from cards.design.parse import parse_template
from cards.errors import CardsError
from cards.pipeline import CardOptions, RenderedCard, card_spec, make_cards, plan_cards, render_card
from cards.quotes.find import Quote
from cards.quotes.rank import Candidate, find_quotes, rank_quotes
from cards.quotes.verify import pick_quote, unverified_quote, verify_quote
from cards.render.layout import Layout
from cards.render.spec import CardSpec

__all__ = [
    "PRESETS",
    "Article",
    "Candidate",
    "CardOptions",
    "CardSpec",
    "CardsError",
    "Layout",
    "Quote",
    "RenderedCard",
    "Template",
    "__version__",
    "card_spec",
    "find_quotes",
    "load_article",
    "load_template",
    "make_cards",
    "parse_article",
    "parse_template",
    "pick_quote",
    "plan_cards",
    "rank_quotes",
    "render_card",
    "unverified_quote",
    "verify_quote",
]
