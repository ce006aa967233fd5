"""The desk as the API tests use it: the app with its guard, in process (Starlette's
TestClient), drawing cards in threads rather than processes so each test starts at once.
The browser test and the load test run the real command instead."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from cards.design.catalog import available_templates
from cards.serve.app import Workers, make_app
from cards.serve.desk import Desk, end_marker
from cards.serve.guard import CSRF_HEADER, Guard

DESIGNS = ("classic", "bold", "minimal", "night", "photo")


def heredoc(command: str, text: str, marker: str | None = None) -> str:
    """A copied command as the page's script composes it: `command` with `text` (each
    line ended) on its stdin, as a quoted here-document whose end marker the text does
    not hold."""
    marker = marker or end_marker(text)
    return f"{command} <<'{marker}'\n{text}{marker}"


def templates() -> tuple[str, ...]:
    names = {e.name for e in available_templates()}
    return tuple(n for n in DESIGNS if n in names)


def make_client(folder: Path, guard: Guard | None = None, brands: tuple[str, ...] = (),
                workers: Workers | None = None) -> TestClient:
    guard = guard or Guard(token=None, hosts=())
    desk = Desk(folder, brands, templates())
    pool = workers or Workers(lambda: ThreadPoolExecutor(2))
    client = TestClient(make_app(desk, guard, pool))
    client.headers[CSRF_HEADER] = guard.csrf
    client.desk = desk  # type: ignore[attr-defined]
    client.guard = guard  # type: ignore[attr-defined]
    return client


@pytest.fixture
def desk_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def client(desk_folder: Path) -> Iterator[TestClient]:
    with make_client(desk_folder) as c:
        yield c
