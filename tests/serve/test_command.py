"""`cards serve` as a user starts it: the installed command in its own process, on
loopback by default, with a token beyond it; what it prints, how it refuses, how it stops;
and 50 cards asked for at once over loopback."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from cards.cli.main import main
from tests.conftest import STORY

ADDRESS = re.compile(r"the desk is at (http://\S+)")


class Desk:
    """A `cards serve` process: its address, and how to ask it things."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process, self.url = process, url
        self.base = url.split("?")[0].rstrip("/")
        self.cookie = ""

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read().decode(), dict(answer.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), dict(e.headers)

    def csrf(self, headers: dict[str, str] | None = None) -> str:
        status, page, _ = self.get("/", headers)
        assert status == 200, page
        found = re.search(r'content="([^"]+)" data-header', page)
        assert found
        return found.group(1)

    def post(self, path: str, body: dict, csrf: str,
             headers: dict[str, str] | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + path, data=json.dumps(body).encode(), method="POST",
            headers={"content-type": "application/json", "x-cards-csrf": csrf,
                     **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, json.load(answer)
        except urllib.error.HTTPError as e:
            return e.code, {"error": e.read().decode()}


def start(tmp_path: Path, *args: str, **variables: str) -> Desk:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARDS_")} | variables
    env["TMPDIR"] = str(tmp_path)  # its private folder is made here, to check it goes
    process = subprocess.Popen(
        [sys.executable, "-m", "cards", "serve", "--port", "0", "--jobs", "2", *args],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        found = ADDRESS.search(line)
        if found:
            return Desk(process, found.group(1))
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"cards serve did not start: {process.stderr.read()}")


def stop(desk: Desk, how: int = signal.SIGINT) -> tuple[int, str]:
    """Stop it as Ctrl-C (or `how`) does: its exit status and what it said meanwhile."""
    desk.process.send_signal(how)
    try:
        _, said = desk.process.communicate(timeout=30)
        return desk.process.returncode, said
    finally:
        if desk.process.poll() is None:
            desk.process.kill()


@pytest.fixture
def served(tmp_path):
    desk = start(tmp_path)
    yield desk
    if desk.process.poll() is None:
        stop(desk)


def test_it_listens_on_loopback_and_stops_cleanly_removing_its_uploads(served, tmp_path):
    assert served.url.startswith("http://127.0.0.1:")
    assert "token" not in served.url
    csrf = served.csrf()
    status, story = served.post("/api/story", {"text": STORY}, csrf)
    assert status == 200, story
    folders = list(tmp_path.glob("cards-serve-*"))
    assert len(folders) == 1 and folders[0].stat().st_mode & 0o777 == 0o700
    with (Path(__file__).parents[2] / "examples" / "speaker.jpg").open("rb") as f:
        request = urllib.request.Request(served.base + "/api/picture?name=face.jpg",
                                         data=f.read(), method="POST",
                                         headers={"x-cards-csrf": csrf})
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200
    assert len(list(folders[0].iterdir())) == 1
    status, made = served.post("/api/card", {"story": story["story"], "quote": "1",
                                             "template": "photo", "preset": "square"}, csrf)
    assert status == 200 and made["width"] == 1080, made
    status, said = stop(served)
    assert status == 130  # what a shell expects of a program stopped by Ctrl-C
    assert "Traceback" not in said
    assert not folders[0].exists()


def test_a_service_manager_stops_it_with_sigterm(served, tmp_path):
    served.csrf()
    status, said = stop(served, signal.SIGTERM)
    assert status in (0, 143), said
    assert "Traceback" not in said
    assert list(tmp_path.glob("cards-serve-*")) == []


def test_beyond_loopback_every_request_needs_the_printed_token(tmp_path):
    desk = start(tmp_path, "--host", "0.0.0.0")
    try:
        token = re.search(r"\?token=(\S+)", desk.url)
        assert token and len(token.group(1)) >= 24
        port = desk.base.rsplit(":", 1)[1]
        desk.base = f"http://127.0.0.1:{port}"
        status, body, _ = desk.get("/")
        assert status == 403 and "needs its token" in body
        csrf = desk.csrf({"authorization": f"Bearer {token.group(1)}"})
        status, _ = desk.post("/api/story", {"text": STORY}, csrf)
        assert status == 403  # the CSRF secret alone is not the token
        status, story = desk.post("/api/story", {"text": STORY}, csrf,
                                  {"authorization": f"Bearer {token.group(1)}"})
        assert status == 200, story
    finally:
        stop(desk)


def test_the_token_may_be_set_once_in_the_environment_or_cards_toml(tmp_path):
    desk = start(tmp_path, "--host", "0.0.0.0", CARDS_TOKEN="kept-for-the-desk-2026")
    try:
        assert desk.url.endswith("/?token=kept-for-the-desk-2026")
    finally:
        stop(desk)
    (tmp_path / "cards.toml").write_text('[serve]\ntoken = "from-the-file-of-the-desk"\n',
                                         encoding="utf-8")
    desk = start(tmp_path, "--host", "0.0.0.0")
    try:
        assert desk.url.endswith("/?token=from-the-file-of-the-desk")
    finally:
        stop(desk)


def test_a_port_in_use_is_one_line_naming_it(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == (f"Error: --host 127.0.0.1 --port {port}: cannot listen there:"
                             " Address already in use; choose another with --port\n")


def test_a_short_token_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--token", "abc"], prog_name="cards")
    assert result.exit_code == 2
    assert result.output == ("Error: --token: use at least 16 characters (or leave it out"
                             " for a new one) (see cards serve --help)\n")


def test_a_brand_kit_that_cannot_be_used_is_said_before_it_starts(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--brand", "nowhere.toml"])
    assert result.exit_code != 0
    assert "nowhere.toml" in result.output and "Traceback" not in result.output


def test_without_its_extra_it_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert result.output == ("Error: cards serve needs its web server (uvicorn is not"
                             " installed); install it with: pip install 'cards[serve]'\n")


def test_fifty_cards_asked_at_once_are_all_made(served):
    """The load test: 50 preview requests at once on loopback (5 designs × 2 presets × 5
    quotes' worth of edits), each answered with a card, none with an error; the p95 is
    printed (run with -s to see it), never asserted."""
    csrf = served.csrf()
    status, story = served.post("/api/story", {"text": STORY}, csrf)
    assert status == 200
    designs = ("classic", "bold", "minimal", "night", "photo")
    jobs = [{"story": story["story"], "quote": str(1 + i % 2), "template": designs[i % 5],
             "preset": ("landscape", "square")[i // 25], "kicker": f"Take {i // 10}"}
            for i in range(50)]

    def ask(body: dict) -> tuple[float, int, dict]:
        began = time.perf_counter()
        status, answer = served.post("/api/card", body, csrf)
        return time.perf_counter() - began, status, answer

    began = time.perf_counter()
    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(ask, jobs))
    wall = time.perf_counter() - began
    assert [status for _, status, _ in results] == [200] * 50
    assert [a.get("error") for _, _, a in results] == [None] * 50
    assert len({a["key"] for _, _, a in results}) == 50
    times = sorted(t for t, _, _ in results)
    print(f"\n50 concurrent cards: p50 {times[24] * 1000:.0f} ms, p95 {times[47] * 1000:.0f} ms,"
          f" all in {wall:.2f} s")
