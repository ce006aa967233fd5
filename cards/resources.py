"""Where the bundled fonts and templates live, in a wheel and in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def bundled_dir(name: str) -> Path:
    """The bundled folder `name` ("fonts" or "templates").

    A wheel carries them inside the package (see pyproject's force-include); a source
    checkout or editable install keeps them at the repository's top level.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name
