"""cards: turn a news article and a quote from it into PNG share cards.

The public API, in the order of one card's path: an article is loaded, a quote picked
and verified in it, a template loaded, and the card planned and drawn in memory.
This module only re-exports; each name lives in the stage it belongs to.
"""

from typing import TYPE_CHECKING

from cards._version import __version__

if TYPE_CHECKING:
    from cards.article.load import load_article, parse_article
    from cards.article.model import Article
    from cards.design.catalog import load_template
    from cards.design.model import PRESETS, Template
    from cards.design.parse import parse_template
    from cards.errors import CardsError
    from cards.pipeline import (
        CardOptions,
        RenderedCard,
        card_spec,
        make_cards,
        plan_cards,
        render_card,
    )
    from cards.quotes.find import Quote
    from cards.quotes.rank import Candidate, find_quotes, rank_quotes
    from cards.quotes.verify import pick_quote, unverified_quote, verify_quote
    from cards.render.layout import Layout
    from cards.render.spec import CardSpec

# Where each name lives, imported the first time it is asked for (PEP 562): the command
# line, which is in this package too, starts without loading every stage.
_HOME = {
    "load_article": "cards.article.load",
    "parse_article": "cards.article.load",
    "Article": "cards.article.model",
    "load_template": "cards.design.catalog",
    "PRESETS": "cards.design.model",
    "Template": "cards.design.model",
    "parse_template": "cards.design.parse",
    "CardsError": "cards.errors",
    "CardOptions": "cards.pipeline",
    "RenderedCard": "cards.pipeline",
    "card_spec": "cards.pipeline",
    "make_cards": "cards.pipeline",
    "plan_cards": "cards.pipeline",
    "render_card": "cards.pipeline",
    "Quote": "cards.quotes.find",
    "Candidate": "cards.quotes.rank",
    "find_quotes": "cards.quotes.rank",
    "rank_quotes": "cards.quotes.rank",
    "pick_quote": "cards.quotes.verify",
    "unverified_quote": "cards.quotes.verify",
    "verify_quote": "cards.quotes.verify",
    "Layout": "cards.render.layout",
    "CardSpec": "cards.render.spec",
}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module 'cards' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
