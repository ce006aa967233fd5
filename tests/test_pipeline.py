"""The pipeline's card names: they follow every byte that decides the card, and nothing
else (not the spelling of a path)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from cards.cli.main import main
from tests.conftest import EXAMPLE


def picture(path: Path, color: tuple[int, int, int]) -> Path:
    Image.new("RGB", (600, 400), color).save(path)
    return path


def test_the_same_card_has_the_same_name_from_render_and_batch(runner, tmp_path):
    picture(tmp_path / "pier.png", (30, 80, 120))
    (tmp_path / "story.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "rows.csv").write_text("article,quote,template,image\nstory.md,1,photo,pier.png\n",
                                       encoding="utf-8")
    rendered = runner.invoke(main, ["render", "story.md", "-q", "1", "-t", "photo", "--image",
                                    "pier.png", "-o", "one/"])
    assert rendered.exit_code == 0, rendered.output
    batched = runner.invoke(main, ["batch", "rows.csv", "--jobs", "1", "--quiet", "--out", "many"])
    assert batched.exit_code == 0, batched.output
    [one] = [p.name for p in (tmp_path / "one").glob("*.png")]
    [many] = [p.name for p in (tmp_path / "many").glob("*.png")]
    assert one == many


def test_a_picture_that_changed_gives_a_new_name_so_resume_remakes_the_card(runner, tmp_path):
    pier = picture(tmp_path / "pier.png", (30, 80, 120))
    (tmp_path / "story.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "rows.csv").write_text("article,quote,template,image\nstory.md,1,photo,pier.png\n",
                                       encoding="utf-8")
    args = ["batch", "rows.csv", "--jobs", "1", "--quiet", "--resume", "--out", "out"]
    assert runner.invoke(main, args).exit_code == 0
    size = pier.stat().st_size
    picture(pier, (120, 30, 80))  # the same size of file, other pixels
    assert pier.stat().st_size == size
    assert runner.invoke(main, args).exit_code == 0
    assert len(list((tmp_path / "out").glob("*.png"))) == 2


def test_the_headline_is_typeset_like_the_quote(runner, tmp_path):
    import json

    (tmp_path / "s.md").write_text(
        "---\ntitle: Mayor's \"final\" word -- the pier opens...\nurl: https://example.org/p\n"
        "---\n\n“We will open the pier on time this year,” said Ana Ruiz.\n", encoding="utf-8")
    result = runner.invoke(main, ["render", "s.md", "-q", "1", "--explain"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    [block] = [t for t in card["layout"]["texts"] if t["role"] == "headline"]
    shown = " ".join(line["text"] for line in block["lines"])
    assert shown == "Mayor’s “final” word — the pier opens…"
