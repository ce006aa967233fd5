"""What the batch tests share: a desk with one story and a two-row job file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import STORY


@pytest.fixture
def week(tmp_path: Path) -> Path:
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    path = tmp_path / "week.csv"
    path.write_text("article,quote,sizes\nferry.md,1,landscape square\nferry.md,2,square\n",
                    encoding="utf-8")
    return path
