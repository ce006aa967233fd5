"""The exception hierarchy. Every expected failure is a `CardsError` whose message says
what was wrong, where, and what to do; the CLI prints it on one line and exits non-zero."""

from __future__ import annotations


class CardsError(Exception):
    """An expected failure with a message meant for the user."""

    exit_code = 1


class ArticleError(CardsError):
    """The article is missing, unreadable, empty, not UTF-8 or malformed."""


class FetchError(ArticleError):
    """A page or image could not be read from the web: a bad address, no answer, an
    error status, the wrong kind of file or one too large."""


class QuoteError(CardsError):
    """The chosen quote is not in the article, or its number is out of range."""


class TemplateError(CardsError):
    """A template is unknown or invalid."""


class ContrastError(TemplateError):
    """A colour does not read against what is behind it. Carries the colour roles, so a
    brand kit that brought the colours can be named as the place to fix it."""

    def __init__(self, message: str, role: str, grounds: tuple[str, ...], ratio: float,
                 needed: float, element: str, preset: str) -> None:
        super().__init__(message)
        self.role, self.grounds, self.ratio, self.needed = role, grounds, ratio, needed
        self.element, self.preset = element, preset


class LogoContrastError(TemplateError):
    """A logo does not stand out from the background."""

    def __init__(self, message: str, ratio: float, ink: tuple[int, int, int]) -> None:
        super().__init__(message)
        self.ratio, self.ink = ratio, ink


class FontError(CardsError):
    """A font is missing, or no font covers a character."""


class LayoutError(CardsError):
    """The content does not fit the template (for example a quote too long)."""


class OptionError(CardsError):
    """A command-line value is invalid (URL, size preset, output path)."""


class OutputError(CardsError):
    """The card could not be written."""
