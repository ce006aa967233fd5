"""`cards info` and the notes other commands give about how an article was read."""

from __future__ import annotations

import json

from cards.cli.main import main

WINDOWS_1252 = (b"Caf\xe9 owners say the pier is busy\n\n\x93We have never seen so many"
                b" people on a Tuesday,\x94 said Ren\xe9e Dupont.\n")


def test_info_shows_a_guessed_language_and_how_the_text_was_decoded(runner, tmp_path):
    (tmp_path / "pier.txt").write_bytes(WINDOWS_1252)
    result = runner.invoke(main, ["info", "pier.txt"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "lang    en  [guessed from the text]" in lines
    assert lines[-2] == "body    1 paragraph, 13 words"
    assert lines[-1] == "text    not UTF-8: read as Windows-1252, detected"
    data = json.loads(runner.invoke(main, ["info", "pier.txt", "--json"]).stdout)
    assert data["encoding"] == "not UTF-8: read as Windows-1252, detected"
    assert data["fields"]["lang"] == {"value": "en", "from": "guessed from the text"}


def test_render_says_when_an_article_was_not_utf8(runner, tmp_path):
    (tmp_path / "pier.txt").write_bytes(WINDOWS_1252)
    result = runner.invoke(main, ["render", "pier.txt", "-q", "1", "--url",
                                  "https://example.org/pier", "-o", "card.png"])
    assert result.exit_code == 0
    assert "Warning: pier.txt: not UTF-8: read as Windows-1252, detected" in result.stderr
    assert (tmp_path / "card.png").is_file()


def test_a_host_name_given_as_an_article_gets_a_hint(runner):
    result = runner.invoke(main, ["info", "www.example.org/story"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: article not found: www.example.org/story (check the path;"
                             " for a web page, add https://)\n")
