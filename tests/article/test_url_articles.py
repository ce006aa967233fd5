"""`cards render URL` and `cards info URL` against a local server (never the network):
the page's metadata and canonical URL on the card, its lead image under the photo design."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from cards.cli.main import main
from tests.conftest import PAGES

QUOTE = "The millwright’s notes were so precise that we could cut every paddle to the old measurements"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        super().do_GET()


SEEN: list[str] = []  # what the server was asked for, in this test


@pytest.fixture
def site(served: str, private_hosts: None) -> str:
    """The server, reached as an intranet server is: with private hosts allowed."""
    return served


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The server on 127.0.0.1, with the address policy as it starts (refusing it)."""
    root = tmp_path / "www"
    root.mkdir()
    page = (PAGES / "jsonld.html").read_text(encoding="utf-8")
    (root / "story.html").write_text(page, encoding="utf-8")
    # The same story whose lead image is served here, and one whose image is missing.
    local = page.replace("https://estuary.example/media/tide-mill-wide.jpg", "/media/mill.png")
    (root / "pictured.html").write_text(local, encoding="utf-8")
    (root / "broken.html").write_text(local.replace("mill.png", "gone.png"), encoding="utf-8")
    (root / "media").mkdir()
    Image.new("RGB", (900, 600), (40, 90, 140)).save(root / "media" / "mill.png")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    SEEN.clear()
    server.seen = SEEN  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_card_from_a_url_has_the_pages_headline_and_canonical_url(runner, site):
    result = runner.invoke(main, ["render", f"{site}/story.html", "-q", QUOTE, "--explain",
                                  "-o", "card.png"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    layout = card["layout"]
    assert layout["qr"]["url"] == "https://estuary.example/news/2026/03/tide-mill-flour"
    texts = {t["role"]: t["text"] for t in layout["texts"]}
    assert texts["headline"] == "Tide mill grinds flour again after ninety years"
    assert texts["site"] == "Estuary Media Group"
    assert texts["attribution"] == "— Miriam Thorne"
    assert card["verified"] is True


def test_info_reads_a_url(runner, site):
    result = runner.invoke(main, ["info", f"{site}/story.html", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == f"{site}/story.html"
    assert data["fields"]["url"] == {
        "value": "https://estuary.example/news/2026/03/tide-mill-flour", "from": "JSON-LD"}


def test_the_photo_design_uses_the_pages_lead_image(runner, site, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = runner.invoke(main, ["render", f"{site}/pictured.html", "-q", QUOTE, "-t", "photo",
                                  "--explain", "-o", "card.png"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    photo = json.loads(result.stdout)[0]["layout"]["photo"]["path"]
    assert Path(photo).parent == tmp_path / "cache" / "cards" / "images"
    with Image.open(photo) as image:
        assert image.size == (900, 600)


def test_a_lead_image_that_cannot_be_read_is_a_warning(runner, site):
    result = runner.invoke(main, ["render", f"{site}/broken.html", "-q", QUOTE, "-t", "photo",
                                  "-o", "card.png"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Warning: the article's image was not used: {site}/media/gone.png: the server answered"
        " 404 File not found; check the address",
        'Note: "photo" set the quote over its own stand-in picture; pass --image FILE to use'
        " the story's picture instead",
    ]


def test_a_url_that_is_not_there(runner, site):
    result = runner.invoke(main, ["render", f"{site}/missing.html", "-q", "1"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {site}/missing.html: the server answered 404 File not found;"
                             " check the address\n")
    assert not list(Path().glob("*.png"))


# The address policy, as the command line words it


def test_a_private_address_is_refused_and_the_flag_to_allow_it_named(runner, served):
    result = runner.invoke(main, ["render", f"{served}/story.html", "-q", QUOTE])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {served}/story.html: refused: 127.0.0.1 is a loopback address; cards fetches"
        " only public addresses (pass --allow-private-hosts for an intranet server)\n")
    assert SEEN == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_allow_private_hosts_is_taken_anywhere_on_the_line(runner, served, where):
    args = ["info", f"{served}/story.html", "--json"]
    args = ["--allow-private-hosts", *args] if where == "before" else [*args, "--allow-private-hosts"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == f"{served}/story.html"
    assert SEEN == ["/story.html"]


def test_the_environment_allows_private_hosts(runner, served):
    result = runner.invoke(main, ["info", f"{served}/story.html", "--json"],
                           env={"CARDS_ALLOW_PRIVATE_HOSTS": "1"})
    assert result.exit_code == 0, result.output
    assert SEEN == ["/story.html"]


def test_an_articles_image_url_goes_through_the_policy(runner, served, tmp_path):
    story = (tmp_path / "www" / "story.md")
    story.write_text(f"""---
title: Tide mill grinds flour again
url: https://estuary.example/news/tide-mill
image: {served}/media/mill.png
---

"{QUOTE}," said Miriam Thorne.
""", encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "photo",
                                  "-o", "card.png"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"Warning: the article's image was not used: {served}/media/mill.png: refused:"
        " 127.0.0.1 is a loopback address; cards fetches only public addresses (pass"
        " --allow-private-hosts for an intranet server)")
    assert SEEN == []


def test_forked_batch_workers_inherit_allow_private_hosts(runner, served, tmp_path):
    (tmp_path / "jobs.csv").write_text(
        "article,quote,template\n"
        f"{served}/pictured.html,1,photo\n"
        f"{served}/pictured.html,1,classic\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", "jobs.csv", "--jobs", "2", "--quiet", "--out", "out",
                                  "--allow-private-hosts"])
    assert result.exit_code == 0, result.output
    assert "/media/mill.png" in SEEN
    assert len(list((tmp_path / "out").glob("*.png"))) == 2


def test_a_batch_row_names_the_flag_not_a_column(runner, served, tmp_path):
    (tmp_path / "jobs.csv").write_text(f"article,quote\n{served}/story.html,1\n",
                                       encoding="utf-8")
    result = runner.invoke(main, ["batch", "jobs.csv", "--jobs", "1", "--quiet"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: jobs.csv:2: {served}/story.html: refused: 127.0.0.1 is a loopback address;"
        " cards fetches only public addresses (pass --allow-private-hosts for an intranet"
        " server)")
    assert SEEN == []
