"""How much of an article cards reads: the same cap for a file, standard input and a page
fetched from the web, so that no input can make parsing take minutes. Raised for the
process with `--max-article-mb` (or CARDS_MAX_ARTICLE_MB)."""

from __future__ import annotations

import os

DEFAULT_MB = 10
_limit_mb: float | None = None


def max_article_mb(mb: float | None) -> None:
    """Set the cap for this process (and the workers it forks); None: the default."""
    global _limit_mb
    _limit_mb = mb


def article_limit_mb() -> float:
    """The cap in megabytes: as set, else CARDS_MAX_ARTICLE_MB, else 10."""
    mb = _limit_mb
    if mb is None:
        try:
            mb = float(os.environ.get("CARDS_MAX_ARTICLE_MB", "") or DEFAULT_MB)
        except ValueError:
            mb = DEFAULT_MB
    return max(mb, 0.0)


def article_limit() -> int:
    """The cap in bytes."""
    return int(article_limit_mb() * 1024 * 1024)
