"""What the inspect and audit tests share: a story of our own with three quotations, the
same story after a correction, and a way to make its cards."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cards.cli.main import main

PIER_URL = "https://example.net/local/2026/03/old-pier-reopens"
STORM = ("The storm took out eleven pilings in one night, and we replaced every one of them"
         " by hand")
GRANDFATHER = ("My grandfather fished from this pier and so did I, so the first cast this"
               " morning felt like coming home")
SUMMER = "We expect the pier to stay open all summer"

PIER = f"""---
title: Old pier reopens to anglers after storm repairs
url: {PIER_URL}
site: The Bayside Post
author: Ruth Okafor
date: 2026-03-02
lang: en
---

The old wooden pier at the end of Shore Road reopened on Saturday after four months of
repairs.

"{STORM}," said Dev Malhotra, the harbour engineer.

"{GRANDFATHER}," said Agnes Byrne, who was waiting at the gate before dawn.

"{SUMMER} unless the council finds more damage," Malhotra added.
"""

# The correction: a word changed inside the first quotation, the second one taken out,
# the third left as it was.
CORRECTED = PIER.replace("eleven pilings", "twelve pilings").replace(
    f'"{GRANDFATHER}," said Agnes Byrne, who was waiting at the gate before dawn.\n\n', "")


@pytest.fixture
def pier(tmp_path: Path) -> Path:
    path = tmp_path / "pier.md"
    path.write_text(PIER, encoding="utf-8")
    return path


def make(runner: CliRunner, *args: str) -> list[Path]:
    """`cards render ARGS`, and the cards it wrote (the paths it printed)."""
    result = runner.invoke(main, ["render", *args])
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.stdout.splitlines()]
