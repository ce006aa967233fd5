"""The desk's API as the page uses it: reading stories, checking quotes, making cards that
the copied command makes again byte for byte, and every refusal (token, host, CSRF, the
request limit, sizes, addresses, paths)."""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from cards.article import limits
from cards.cli.main import main
from cards.render.png import read_card_text
from cards.serve import app as app_module
from cards.serve.app import Workers
from cards.serve.guard import CSP, CSRF_HEADER, Guard, host_names
from tests.conftest import EXAMPLE, STORY, STORY_URL
from tests.serve.conftest import heredoc, make_client

NOWAK = "We missed the sound of the horn more than we expected"


def read(client, text=STORY):
    answer = client.post("/api/story", json={"text": text})
    assert answer.status_code == 200, answer.text
    return answer.json()


def card(client, story, **choices):
    body = {"story": story, "quote": "1", "template": "classic", "preset": "landscape",
            **choices}
    answer = client.post("/api/card", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def run_command(command: str, folder: Path) -> Path:
    """Run a copied `cards render` command as a shell would, in `folder`: its stdin is
    the here-document, when it has one."""
    import shlex

    first, _, rest = command.partition("\n")
    words = shlex.split(first)
    stdin = None
    if words[-1].startswith("<<"):
        marker = words.pop()[2:].strip("'")
        stdin = rest[: rest.rindex(marker)]
    assert words[:2] == ["cards", "render"]
    here = folder / "run"
    here.mkdir()
    os.chdir(here)  # the test's own folder (conftest's clean_environment restores it)
    result = CliRunner().invoke(main, words[1:], input=stdin)
    assert result.exit_code == 0, result.output
    return Path(shutil.copy(here / words[words.index("-o") + 1], folder / "copy.png"))


# The page ---------------------------------------------------------------------------------


def test_the_page_carries_its_csrf_secret_and_a_strict_csp(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert page.headers["x-frame-options"] == "DENY"
    assert f'content="{client.guard.csrf}"' in page.text
    for design in ("classic", "bold", "minimal", "night", "photo"):
        assert f'value="{design}"' in page.text
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/../desk.py").status_code == 404
    assert client.get("/static/index.html").status_code == 404


# Reading a story --------------------------------------------------------------------------


def test_a_pasted_story_shows_what_was_read_and_where_and_its_ranked_quotes(client):
    data = read(client)
    fields = data["fields"]
    assert fields["title"] == {"value": "The harbour ferry returns after a winter in dry dock",
                               "from": "front matter"}
    assert fields["site_name"]["value"] == "The Harbour Gazette"
    assert fields["url"]["value"] == STORY_URL
    assert [q["number"] for q in data["quotes"]] == [1, 2]
    assert {q["speaker"] for q in data["quotes"]} == {"Tomasz Nowak", "Lena Fischer"}
    assert all(q["reason"] for q in data["quotes"])
    assert data["given"] == "-"


def test_an_empty_paste_names_the_story_box(client):
    answer = client.post("/api/story", json={"text": "  \n "})
    assert answer.status_code == 400
    assert answer.json() == {"error": "“Story”: nothing was pasted", "field": "story"}


def test_a_story_file_is_read_by_its_own_name_only(client):
    answer = client.post("/api/story/file", params={"name": "../../secret/harbour.md"},
                         content=STORY.encode())
    assert answer.status_code == 200, answer.text
    assert answer.json()["given"] == "harbour.md"


def test_a_file_that_is_no_story_is_refused(client):
    answer = client.post("/api/story/file", params={"name": "run.sh"}, content=b"echo hi")
    assert answer.status_code == 400
    assert "is not a story file cards reads" in answer.json()["error"]


def test_a_story_over_the_article_limit_is_refused_before_it_is_read(client, monkeypatch):
    monkeypatch.setattr(limits, "_limit_mb", 0.001)  # what --max-article-mb 0.001 sets
    answer = client.post("/api/story/file", params={"name": "big.md"},
                         content=b"x" * 2000)
    assert answer.status_code == 413
    assert answer.json()["error"] == (
        "the story file is larger than 0.001 MB, the most cards reads of one"
        " (cards serve --max-article-mb N reads more)")
    pasted = client.post("/api/story", json={"text": "y" * 1500})
    assert pasted.status_code == 400
    assert "larger than 0.001 MB" in pasted.json()["error"]


@pytest.mark.parametrize(("url", "why"), [
    ("http://127.0.0.1:9/story", "127.0.0.1 is a loopback address"),
    ("http://10.0.0.8/story", "10.0.0.8 is a private address"),
    ("http://[::1]/story", "::1 is a loopback address"),
])
def test_a_private_story_address_is_refused_as_the_command_line_refuses_it(client, url, why):
    answer = client.post("/api/story", json={"url": url})
    assert answer.status_code == 400
    assert answer.json()["error"] == (
        f"{url}: refused: {why}; cards fetches only public addresses (pass cards serve"
        " --allow-private-hosts for an intranet server)")


def test_a_link_local_story_address_is_never_fetched(client):
    answer = client.post("/api/story", json={"url": "http://169.254.169.254/latest"})
    assert answer.status_code == 400
    assert "169.254.169.254 is a link-local address; cards never fetches from one" in \
        answer.json()["error"]


def test_only_web_addresses_are_fetched(client):
    for url in ("file:///etc/passwd", "ftp://example.org/x", "/etc/passwd"):
        answer = client.post("/api/story", json={"url": url})
        assert answer.status_code == 400
        assert answer.json()["field"] == "story_url"


# Checking a quote -------------------------------------------------------------------------


def test_a_quote_is_checked_as_it_is_typed(client):
    story = read(client)["story"]
    found = client.post("/api/check", json={"story": story, "quote": NOWAK}).json()
    assert found["verified"] is True and found["speaker"] == "Tomasz Nowak"
    near = client.post("/api/check", json={
        "story": story, "quote": "We missed the sound of the horn more than we thought"}).json()
    assert near["verified"] is False
    assert near["field"] == "quote"
    assert near["passage"].startswith("We missed the sound of the horn")
    assert near["meant"] == 1
    assert near["error"] == (
        "quote not found in the pasted story: “We missed the sound of the horn more than we"
        " thought”; quote 1 reads “We missed the sound of the horn more than we expected”;"
        " did you mean quote 1? Pick it in the list.")
    typed = client.post("/api/check", json={"story": story, "quote": "Nothing like it"})
    assert typed.json()["error"].endswith("(use “Make cards of it even if it is not in the"
                                          " story” to render it anyway)")


def test_an_edited_quote_that_verifies_shows_the_storys_own_words(client):
    """Brackets may stand for the story's words: the page shows which, so "[the boat]"
    for "the sound of the horn" is read against what was said."""
    story = read(client)["story"]
    found = client.post("/api/check", json={
        "story": story, "quote": "We missed [the boat] more than we expected"}).json()
    assert found["verified"] is True
    assert found["story_words"] == "We missed the sound of the horn more than we expected"
    plain = client.post("/api/check", json={"story": story, "quote": NOWAK}).json()
    assert plain["story_words"] is None


def test_a_story_no_longer_on_the_desk_says_so(client):
    answer = client.post("/api/check", json={"story": "gone", "quote": "1"})
    assert answer.status_code == 400
    assert answer.json()["error"] == "that story is no longer on the desk; read it again"


# Making cards -----------------------------------------------------------------------------


@pytest.mark.parametrize("design", ["classic", "night"])
def test_the_copied_command_makes_the_same_bytes(client, tmp_path, design):
    story = read(client)["story"]
    made = card(client, story, template=design, quote="2", speaker="L. Fischer",
                headline="Edited on the desk", kicker="Interview")
    assert made["verified"] is True
    png = client.get(made["url"]).content
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    command = made["command"]
    assert command.startswith(f"cards render - --quote 2 -t {design} -s landscape"
                              " --speaker 'L. Fischer' --headline 'Edited on the desk'"
                              " --kicker Interview -o ")
    assert made["heredoc"] == "STORY"
    full = heredoc(command, read(client)["stdin"], made["heredoc"])
    assert run_command(full, tmp_path).read_bytes() == png
    image = Image.open(io.BytesIO(png))
    assert image.size == (1200, 630)
    assert [r.text for r in zxingcpp.read_barcodes(image.convert("RGB"))] == [STORY_URL]
    assert read_card_text(tmp_path / "copy.png")["Title"] == "Edited on the desk"


def test_a_story_file_and_a_photo_are_named_in_the_command_as_given(client, tmp_path):
    story = client.post("/api/story/file", params={"name": "ferry.md"},
                        content=STORY.encode()).json()["story"]
    photo = client.post("/api/picture", params={"name": "C:\\Users\\me\\nowak.jpg",
                                                "for": "photo"},
                        content=(EXAMPLE.parent / "speaker.jpg").read_bytes())
    assert photo.status_code == 200, photo.text
    assert photo.json()["name"] == "nowak.jpg"
    made = card(client, story, template="classic", photo=photo.json()["id"])
    assert "error" not in made, made
    assert made["command"].startswith("cards render ferry.md --quote 1 -t classic")
    assert "--photo nowak.jpg" in made["command"]
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    shutil.copy(EXAMPLE.parent / "speaker.jpg", tmp_path / "nowak.jpg")
    import shlex

    os.chdir(tmp_path)
    result = CliRunner().invoke(main, shlex.split(made["command"])[1:])
    assert result.exit_code == 0, result.output
    assert (tmp_path / made["filename"]).read_bytes() == client.get(made["url"]).content


def test_a_picture_is_kept_only_in_the_desk_folder_under_its_own_name(client, desk_folder):
    answer = client.post("/api/picture", params={"name": "../../../../tmp/evil.png"},
                         content=(EXAMPLE.parent / "speaker.jpg").read_bytes())
    assert answer.status_code == 200
    kept = list(desk_folder.iterdir())
    assert len(kept) == 1 and kept[0].name == f"{answer.json()['id']}.png"
    assert answer.json()["name"] == "evil.png"


def test_the_desk_folder_keeps_only_the_last_64_pictures(client, desk_folder):
    """A desk open all day (or a client uploading without end) does not fill the disk:
    the oldest picture's file goes when the 65th arrives."""
    face = (EXAMPLE.parent / "speaker.jpg").read_bytes()
    ids = [client.post("/api/picture", params={"name": f"face{i}.jpg"}, content=face
                       ).json()["id"] for i in range(66)]
    kept = sorted(p.stem for p in desk_folder.iterdir())
    assert kept == sorted(ids[2:])


def test_a_picture_that_does_not_decode_is_refused_and_not_kept(client, desk_folder):
    answer = client.post("/api/picture", params={"name": "face.jpg", "for": "image"},
                         content=b"not a picture at all")
    assert answer.status_code == 400
    assert answer.json() == {"field": "image", "error": (
        "“Picture”: 'face.jpg' is not a picture cards can read (PNG, JPEG or WebP)")}
    assert list(desk_folder.iterdir()) == []


def test_a_picture_over_the_limit_is_refused(client, monkeypatch, desk_folder):
    monkeypatch.setattr(limits, "_limit_mb", 0.01)
    answer = client.post("/api/picture", params={"name": "face.jpg"}, content=b"\0" * 20_000)
    assert answer.status_code == 413
    assert list(desk_folder.iterdir()) == []


def test_a_design_or_kit_that_is_not_on_the_desk_is_refused(client, tmp_path):
    story = read(client)["story"]
    (tmp_path / "evil").mkdir()
    for design in ("../../templates/classic", str(tmp_path / "evil"), "nonesuch"):
        made = card(client, story, template=design)
        assert made["field"] == "template"
        assert "no design" in made["error"]
    answer = client.post("/api/card", json={"story": story, "quote": "1", "template": "classic",
                                            "preset": "landscape", "brand": "/etc/kit.toml"})
    assert answer.status_code == 400
    assert answer.json()["field"] == "brand"


def test_an_unverified_quote_is_refused_unless_asked_and_then_marked(client):
    story = read(client)["story"]
    typed = "The ferry is the best thing that ever happened to this town"
    refused = card(client, story, quote=typed)
    assert refused["field"] == "quote"
    assert refused["error"].startswith(f"quote not found in the pasted story: “{typed}”")
    made = card(client, story, quote=typed, unverified=True, mark_unverified=True)
    assert made["verified"] is False
    assert made["filename"].startswith("unverified-")
    assert "--unverified --mark-unverified" in made["command"]


def test_a_card_that_cannot_be_made_says_why_in_its_tile(client):
    story = read(client)["story"]
    long = " ".join(["The ferry keeps coming back every single winter"] * 30)
    made = card(client, story, quote=long, unverified=True, template="minimal")
    assert "error" in made and "characters" in made["error"]
    assert made["template"] == "minimal"


def test_a_slow_card_is_given_up_on_in_its_tile(desk_folder, monkeypatch):
    monkeypatch.setattr(app_module, "CARD_SECONDS", 0.2)
    monkeypatch.setattr(app_module, "draw", lambda *job: time.sleep(1.0))
    with make_client(desk_folder) as client:
        made = card(client, read(client)["story"])
    assert made["error"] == "this card took longer than 0.2 s and was given up on"


def test_a_worker_that_dies_is_replaced(desk_folder):
    from concurrent.futures.process import BrokenProcessPool

    class Broken(ThreadPoolExecutor):
        def submit(self, *args, **kwargs):
            raise BrokenProcessPool("gone")

    made_pools = []

    def make():
        made_pools.append(Broken(1) if not made_pools else ThreadPoolExecutor(1))
        return made_pools[-1]

    with make_client(desk_folder, workers=Workers(make)) as client:
        story = read(client)["story"]
        first = card(client, story)
        assert first["error"].startswith("the worker drawing this card stopped")
        assert "key" in card(client, story)
    assert len(made_pools) == 2


def test_guides_are_a_second_picture_and_the_download_is_the_plain_card(client):
    story = read(client)["story"]
    made = card(client, story, guides=True)
    plain = client.get(made["url"])
    guided = client.get(made["guides"])
    assert guided.status_code == 200 and guided.content != plain.content
    download = client.get(made["url"], params={"download": "1"})
    assert download.content == plain.content
    assert download.headers["content-disposition"] == \
        f'attachment; filename="{made["filename"]}"'


def test_the_zip_holds_every_card_shown(client):
    story = read(client)["story"]
    made = [card(client, story, template=t) for t in ("classic", "bold", "night")]
    answer = client.get("/cards.zip", params={"keys": ",".join(m["key"] for m in made)})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="{made[0]["filename"].rsplit("-", 3)[0]}-cards.zip"')
    with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
        assert sorted(z.namelist()) == sorted(m["filename"] for m in made)
        assert {info.external_attr >> 16 for info in z.infolist()} == {0o644}
        for m in made:
            assert z.read(m["filename"]) == client.get(m["url"]).content
    assert client.get("/cards.zip", params={"keys": "nope"}).status_code == 404
    assert client.get("/cards/..%2F..%2Fetc.png").status_code == 404


# The guard --------------------------------------------------------------------------------


def test_a_change_without_the_csrf_secret_is_refused(client):
    del client.headers[CSRF_HEADER]
    answer = client.post("/api/story", json={"text": STORY})
    assert answer.status_code == 403
    assert "CSRF" in answer.text
    wrong = client.post("/api/story", json={"text": STORY}, headers={CSRF_HEADER: "guess"})
    assert wrong.status_code == 403


def test_a_change_from_another_site_is_refused_even_with_the_secret(client):
    for headers in ({"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"},
                    {"origin": "null"}):
        answer = client.post("/api/story", json={"text": STORY}, headers=headers)
        assert answer.status_code == 403, headers
    same = client.post("/api/story", json={"text": STORY},
                       headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"})
    assert same.status_code == 200


def test_a_desk_with_a_token_refuses_every_request_without_it(desk_folder):
    token = "a-token-of-twenty-four-ch"
    with make_client(desk_folder, Guard(token=token, hosts=())) as client:
        assert client.get("/").status_code == 403
        assert client.get("/static/app.js").status_code == 403
        assert client.post("/api/story", json={"text": STORY}).status_code == 403
        assert client.get("/", params={"token": "wrong-token-of-24-chars"}).status_code == 403
        first = client.get("/", params={"token": token}, follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/"
        assert first.headers["set-cookie"] == (
            f"cards_token={token}; Path=/; HttpOnly; SameSite=Strict")
        assert client.get("/").status_code == 200
        # The cookie it set carries the token from then on.
        assert client.post("/api/story", json={"text": STORY}).status_code == 200
    with make_client(desk_folder, Guard(token=token, hosts=())) as other:
        bearer = other.get("/", headers={"authorization": f"Bearer {token}"})
        assert bearer.status_code == 200


def test_a_loopback_desk_answers_only_to_loopback_names(desk_folder):
    with make_client(desk_folder, Guard(token=None, hosts=host_names("127.0.0.1"))) as client:
        assert client.get("/", headers={"host": "localhost:8040"}).status_code == 200
        assert client.get("/", headers={"host": "127.0.0.1:8040"}).status_code == 200
        assert client.get("/", headers={"host": "[::1]:8040"}).status_code == 200
        rebound = client.get("/", headers={"host": "attacker.example:8040"})
        assert rebound.status_code == 421


def test_a_client_over_the_request_limit_is_told_to_wait(desk_folder):
    with make_client(desk_folder, Guard(token=None, hosts=(), rate=0.0, burst=3)) as client:
        answers = [client.get("/static/app.css").status_code for _ in range(5)]
        assert answers == [200, 200, 200, 429, 429]
        limited = client.get("/static/app.css")
        assert limited.headers["retry-after"] == "1"


def test_the_request_limit_refills(desk_folder):
    now = [0.0]
    guard = Guard(token=None, hosts=(), rate=10.0, burst=2)
    assert [guard.take("a", now[0]) for _ in range(3)] == [True, True, False]
    assert guard.take("b", 0.0)  # another client has its own
    assert guard.take("a", 0.15)  # 1.5 requests' worth later


def test_a_body_that_is_not_a_json_object_is_refused(client):
    answer = client.post("/api/story", content=b"[1, 2]",
                         headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"] == "the request is not a JSON object"
    garbage = client.post("/api/card", content=b"\xff\xfe{", headers={})
    assert garbage.status_code == 400


def test_json_nested_beyond_reason_is_refused_in_one_line(client):
    answer = client.post("/api/story", content=b"[" * 200_000,
                         headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"] == "the request is not JSON"


def test_a_fault_of_the_desk_is_one_line_not_a_traceback(client, monkeypatch):
    from cards.serve.desk import Desk

    def broken(self, story):
        raise RuntimeError("the summary broke")

    monkeypatch.setattr(Desk, "summary", broken)
    answer = client.post("/api/story", json={"text": STORY})
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal error: RuntimeError: the summary broke"
                                      " (please report it)", "field": None}


def test_a_layout_note_names_the_box_that_answers_it(client):
    """A quote no one is found to have said: the card's note names the page's Speaker box,
    never the field's internal mark."""
    story = read(client, "---\ntitle: Memo\nurl: https://example.org/memo\n---\n\n"
                         "The memo ended: “We will not renew the ferry contract after"
                         " March.”\n")["story"]
    made = card(client, story)
    assert ("no speaker was found for the quote, so the card has no attribution; name one"
            " with “Speaker”") in made["notes"]
    assert not any("⟦" in note for note in made["notes"])
