"""`cards batch`: job files in three formats, failures that do not stop the rest, the
manifest, --resume, tracking links, and an interrupted run that leaves only whole files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from cards.cli.main import main
from cards.jobs.readers import read_jobs
from cards.pipeline import CardOptions
from tests.conftest import STORY, STORY_URL


def files(folder: Path) -> dict[str, str]:
    """Each PNG's name and SHA-256."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.png")}


def manifest(folder: Path) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["cards"]


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A desk's folder: the story and the three job files of the same plan."""
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "ferry.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "week.csv").write_text(
        "article,quote,sizes,template,network\n"
        "stories/ferry.md,1,landscape square,classic,facebook\n"
        'stories/ferry.md,2,"story, portrait",night,\n', encoding="utf-8")
    (tmp_path / "week.jsonl").write_text(
        '{"article": "stories/ferry.md", "quote": 1, "sizes": "landscape square",'
        ' "template": "classic", "network": "facebook"}\n'
        '{"article": "stories/ferry.md", "quote": "2", "sizes": ["story", "portrait"],'
        ' "template": "night"}\n', encoding="utf-8")
    (tmp_path / "week.yaml").write_text(
        "- article: stories/ferry.md\n  quote: 1\n  sizes: landscape square\n"
        "  template: classic\n  network: facebook\n"
        "- article: stories/ferry.md\n  quote: 2\n  sizes: [story, portrait]\n"
        "  template: night\n", encoding="utf-8")
    return tmp_path


def batch(runner, *args: str):
    return runner.invoke(main, ["batch", *args])


def test_csv_jsonl_and_yaml_give_the_same_cards(runner, desk):
    made = {}
    for kind in ("csv", "jsonl", "yaml"):
        result = batch(runner, f"week.{kind}", "--out", kind, "--jobs", "1")
        assert result.exit_code == 0, result.output
        made[kind] = files(desk / kind)
        assert result.stderr.splitlines()[-1] == (
            f"4 made, 0 already there, 0 rows failed; manifest: {kind}/manifest.json")
    assert made["csv"] == made["jsonl"] == made["yaml"]
    assert len(made["csv"]) == 4
    entries = manifest(desk / "csv")
    assert [(e["row"], e["preset"], e["template"]) for e in entries] == [
        ("week.csv:2", "landscape", "classic"), ("week.csv:2", "square", "classic"),
        ("week.csv:3", "portrait", "night"), ("week.csv:3", "story", "night")]
    first = entries[0]
    assert first["speaker"] == "Tomasz Nowak" and first["width"] == 1200
    png = (desk / "csv" / first["file"]).read_bytes()
    assert first["bytes"] == len(png) and first["sha256"] == hashlib.sha256(png).hexdigest()
    assert first["alt_text"].startswith("Quote card: “We missed the sound of the horn")


def test_two_workers_make_the_same_bytes(runner, desk):
    assert batch(runner, "week.csv", "--out", "one", "--jobs", "1").exit_code == 0
    assert batch(runner, "week.csv", "--out", "two", "--jobs", "2").exit_code == 0
    assert files(desk / "one") == files(desk / "two")


def test_bad_rows_are_reported_and_the_rest_are_made(runner, desk):
    (desk / "bad.csv").write_text(
        "article,quote,sizes,template\n"
        "stories/ferry.md,1,landscape,classic\n"
        "stories/missing.md,1,landscape,classic\n"
        "stories/ferry.md,We never said this at all,landscape,classic\n"
        "stories/ferry.md,2,landscape,clasic\n"
        "stories/ferry.md,2,square,classic\n", encoding="utf-8")
    result = batch(runner, "bad.csv", "--out", "out", "--jobs", "2")
    assert result.exit_code == 1
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("Error:"))
    assert errors[0] == (f"Error: bad.csv:3: article not found: {desk / 'stories/missing.md'}"
                         " (check the path)")
    assert errors[1].startswith(
        f"Error: bad.csv:4: quote not found in {desk / 'stories/ferry.md'}: “We never said this"
        " at all”")
    assert errors[2] == ('Error: bad.csv:5: no template "clasic" (did you mean "classic"?);'
                         " templates: bold, classic, minimal, night, photo")
    assert result.stderr.splitlines()[-1] == (
        "2 made, 0 already there, 3 rows failed; manifest: out/manifest.json")
    assert len(files(desk / "out")) == 2
    assert {e["row"] for e in manifest(desk / "out")} == {"bad.csv:2", "bad.csv:6"}


def test_fail_fast_stops_at_the_first_failure(runner, desk):
    (desk / "bad.csv").write_text(
        "article,quote\nstories/missing.md,1\nstories/ferry.md,1\n", encoding="utf-8")
    result = batch(runner, "bad.csv", "--out", "out", "--jobs", "1", "--fail-fast")
    assert result.exit_code == 1
    assert not list((desk / "out").glob("*.png"))


def test_a_mistake_in_the_job_file_names_its_row(runner, desk):
    (desk / "typo.csv").write_text("article,qoute\nstories/ferry.md,1\n", encoding="utf-8")
    result = batch(runner, "typo.csv")
    assert result.exit_code == 1
    assert result.stderr == 'Error: typo.csv:1: no quote column: "qoute" (did you mean "quote"?)\n'
    (desk / "rows.jsonl").write_text('{"article": "stories/ferry.md", "quote": 1}\n'
                                     '{"article": "stories/ferry.md", "qute": 1}\n{oops\n',
                                     encoding="utf-8")
    result = batch(runner, "rows.jsonl", "--out", "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors[0] == ('Error: rows.jsonl:2: no quote; every row needs an article and a quote'
                         ' ("qute": did you mean "quote"?)')
    assert errors[1].startswith("Error: rows.jsonl:3: not valid JSON: ")
    assert len(files(desk / "out")) == 1
    assert batch(runner, "plan.txt").stderr == (
        "Error: plan.txt: cannot tell the format from the name; use .csv, .jsonl or .yaml,"
        " or pass --jobs-format\n")


def test_resume_remakes_exactly_the_missing_cards(runner, desk):
    assert batch(runner, "week.csv", "--out", "out", "--jobs", "1").exit_code == 0
    before = files(desk / "out")
    kept = sorted(before)[2:]
    times = {name: (desk / "out" / name).stat().st_mtime_ns for name in kept}
    for name in sorted(before)[:2]:
        (desk / "out" / name).unlink()
    result = batch(runner, "week.csv", "--out", "out", "--jobs", "1", "--resume")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "2 made, 2 already there, 0 rows failed; manifest: out/manifest.json")
    assert files(desk / "out") == before
    assert {n: (desk / "out" / n).stat().st_mtime_ns for n in kept} == times
    again = batch(runner, "week.csv", "--out", "out", "--resume")
    assert again.stderr.splitlines()[-1].startswith("0 made, 4 already there, 0 rows failed")
    assert len(manifest(desk / "out")) == 4


def test_utm_per_network_keeps_the_urls_own_query_and_fragment(runner, desk):
    (desk / "utm.csv").write_text(
        "article,quote,sizes,url,network\n"
        f"stories/ferry.md,1,landscape story,{STORY_URL}?ref=home#top,bluesky\n"
        "stories/ferry.md,1,square,,\n", encoding="utf-8")
    result = batch(runner, "utm.csv", "--out", "out", "--utm", "--campaign", "spring",
                   "--manifest-csv")
    assert result.exit_code == 0, result.output
    urls = {(e["row"], e["preset"]): e["url"] for e in manifest(desk / "out")}
    landscape = urlsplit(urls[("utm.csv:2", "landscape")])
    assert landscape.fragment == "top"
    assert parse_qs(landscape.query) == {"ref": ["home"], "utm_source": ["bluesky"],
                                         "utm_medium": ["social"], "utm_campaign": ["spring"]}
    assert parse_qs(urlsplit(urls[("utm.csv:2", "story")]).query)["utm_source"] == ["stories"]
    assert parse_qs(urlsplit(urls[("utm.csv:3", "square")]).query)["utm_source"] == ["social"]
    assert (desk / "out" / "manifest.csv").read_text(encoding="utf-8-sig").startswith(
        "row,file,preset,template,quote,speaker,url,alt_text,width,height,bytes,sha256,"
        "verified\n")


def test_options_are_every_rows_defaults(runner, desk):
    (desk / "plain.csv").write_text("article,quote\nstories/ferry.md,1\n"
                                    "stories/ferry.md,2\n", encoding="utf-8")
    result = batch(runner, "plain.csv", "--out", "out", "-t", "minimal", "-s", "square",
                   "--site", "The Desk")
    assert result.exit_code == 0, result.output
    entries = manifest(desk / "out")
    assert {(e["template"], e["preset"]) for e in entries} == {("minimal", "square")}
    assert all("The Desk" in e["alt_text"] for e in entries)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_an_interrupted_batch_leaves_whole_files_and_a_true_manifest(desk, stop):
    rows = "".join(f"stories/ferry.md,{1 + i % 2},all,{('classic', 'night', 'bold')[i % 3]}\n"
                   for i in range(40))
    (desk / "long.csv").write_text("article,quote,sizes,template\n" + rows, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The output folder given whole, so that its workers can be told from those of the
    # same test running elsewhere (another worktree, another pytest worker), and first,
    # so that an older copy of this test, which killed "cards batch long.csv", spares it.
    command = ["batch", "--out", str(desk / "out"), "--jobs", "2", "long.csv"]
    process = subprocess.Popen(
        [sys.executable, "-m", "cards", *command],
        cwd=desk, stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((desk / "out").glob("*.png"))) < 8:
        time.sleep(0.05)
    process.send_signal(stop)
    if stop == signal.SIGINT:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert stderr.splitlines()[-1].startswith("Error: interrupted: ")
    else:
        assert process.wait(timeout=60) == -signal.SIGKILL
        # Its orphaned workers still hold the pipes; they go too.
        subprocess.run(["pkill", "-KILL", "-f", re.escape(" ".join(command))], check=False)
        process.communicate(timeout=60)
        # Killed, it left its journal unfolded (and its lock file, no longer held): the
        # next batch into the folder folds it first, even one that makes nothing.
        assert (desk / "out" / ".manifest.jsonl").is_file()
        (desk / "gone.csv").write_text("article,quote\nstories/gone.md,1\n", encoding="utf-8")
        following = subprocess.run(
            [sys.executable, "-m", "cards", "batch", "gone.csv", "--out", "out", "--quiet"],
            cwd=desk, capture_output=True, text=True, env=env, timeout=60)
        assert following.returncode == 1, following.stderr
        assert "Error: gone.csv:2: article not found" in following.stderr
        assert not (desk / "out" / ".manifest.jsonl").exists()
    on_disk = set(files(desk / "out"))
    assert 8 <= len(on_disk) < 200
    assert {e["file"] for e in manifest(desk / "out")} == on_disk
    for name in on_disk:
        with Image.open(desk / "out" / name) as image:
            image.verify()  # whole: a cut PNG fails here
    if stop == signal.SIGINT:  # a killed process cannot tidy its temporary files
        assert not [p for p in (desk / "out").iterdir() if p.name.startswith(".")]


def test_sigterm_to_the_process_group_is_one_line_and_no_worker_survives(desk):
    """A service manager stops a batch by signalling its whole process group: the batch
    says one line, its workers print nothing, and none is left running."""
    rows = "".join(f"stories/ferry.md,{1 + i % 2},all,{('classic', 'night', 'bold')[i % 3]}\n"
                   for i in range(40))
    (desk / "long.csv").write_text("article,quote,sizes,template\n" + rows, encoding="utf-8")
    command = ["batch", "--out", str(desk / "out-term"), "--jobs", "2", "long.csv"]
    process = subprocess.Popen([sys.executable, "-m", "cards", *command], cwd=desk,
                               stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((desk / "out-term").glob("*.png"))) < 4:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1].startswith("Error: interrupted: ")
    survivors = subprocess.run(["pgrep", "-f", re.escape(" ".join(command))],
                               capture_output=True, text=True).stdout.split()
    assert survivors == []


def test_each_article_and_template_is_loaded_once_per_worker(desk, monkeypatch):
    from cards.jobs import run as engine

    loads = {"article": 0, "template": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            loads[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(engine, "load_article", counted("article", engine.load_article))
    monkeypatch.setattr(engine, "load_template", counted("template", engine.load_template))
    engine._article.cache_clear()
    engine._template.cache_clear()
    read = read_jobs(str(desk / "week.csv"), None, CardOptions())
    jobs, bad = read.jobs, read.bad
    assert bad == []
    state = engine.run_batch(jobs * 3, desk / "out", workers=1)
    assert (state.made, state.repeated) == (4, 8)  # the same rows thrice: each card once
    assert loads == {"article": 1, "template": 2}  # one story; classic and night


def test_progress_lines_off_a_terminal_and_none_with_quiet(runner, desk):
    result = batch(runner, "week.csv", "--out", "out", "--jobs", "1")
    lines = result.stderr.splitlines()
    assert lines[-2].startswith("4/4 cards · 0 failed · ") and lines[-2].endswith(" left")
    quiet = batch(runner, "week.csv", "--out", "out", "--jobs", "1", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_progress_bar_on_a_terminal(monkeypatch, capsys):
    from cards.cli.batch import BatchDisplay
    from cards.jobs.progress import Progress

    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")  # colour has its own tests
    display = BatchDisplay(quiet=False)
    display.progress(Progress(total=10, made=5))
    display.failed("week.csv:3", "article not found: x.md (check the path)")
    err = capsys.readouterr().err
    assert err.startswith("\r[##############--------------] 5/10 cards · 0 failed · ")
    assert err.endswith("\r\x1b[KError: week.csv:3: article not found: x.md (check the path)\n")


def test_help(runner):
    for command in ("batch", "preview"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_a_bad_line_fails_only_its_row_and_mistakes_are_named_together(runner, desk):
    (desk / "rows.jsonl").write_text(
        '{"article": "stories/ferry.md", "quote": 1}\n{oops\n'
        '{"article": "stories/ferry.md", "quote": 2, "sizes": "sqaure"}\n'
        '{"article": "stories/ferry.md", "quote": 3, "speaker": NaN}\n', encoding="utf-8")
    result = batch(runner, "rows.jsonl", "--out", "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: rows.jsonl:2: not valid JSON: Expecting property name enclosed in double quotes"
        " (column 2)",
        'Error: rows.jsonl:3: sizes: no preset "sqaure" (did you mean "square"?)',
        "Error: rows.jsonl:4: not valid JSON: NaN is not a JSON value"]
    assert result.stderr.splitlines()[-1] == (
        "1 made, 0 already there, 3 rows failed; manifest: out/manifest.json")
    (desk / "typo.csv").write_text("atricle,qoute,templat\nstories/ferry.md,1,classic\n",
                                   encoding="utf-8")
    assert batch(runner, "typo.csv").stderr == (
        'Error: typo.csv:1: no article and quote columns: "atricle" (did you mean "article"?),'
        ' "qoute" (did you mean "quote"?)\n')


def test_one_failed_row_is_one_row(runner, desk):
    (desk / "one.csv").write_text("article,quote\nstories/ferry.md,1\nstories/gone.md,1\n",
                                  encoding="utf-8")
    result = batch(runner, "one.csv", "--out", "out")
    assert result.stderr.splitlines()[-1] == (
        "1 made, 0 already there, 1 row failed; manifest: out/manifest.json")


def test_workers_are_dealt_runs_of_rows_from_one_article(tmp_path):
    """A worker given several rows of one story loads it once and draws them with its
    words already measured: rows go out in runs of one article, in order, each holding
    at most half of a worker's share of the cards not yet dealt (a row of every size
    counts five), never fewer than a row."""
    from cards.jobs.rows import Job
    from cards.jobs.run import _runs

    def row(article: str, sizes: tuple[str, ...] = ("landscape",)) -> Job:
        return Job(f"jobs.csv:{article}", article, CardOptions(quote="1", sizes=sizes))

    rows = [row("a"), row("a"), row("a"), row("b"), row("a"), row("c", ("all",)), row("c")]
    # 11 cards for 2 workers: runs of at most 11 // 4 = 2 cards, then fewer as they go.
    runs = list(_runs(rows, 2))
    assert [[job.article for job in run] for run in runs] == [
        ["a", "a"], ["a"], ["b"], ["a"], ["c"], ["c"]]
    assert [job for run in runs for job in run] == rows  # every row, in order, once
    assert [len(run) for run in _runs(rows[:3], 1)] == [1, 1, 1]
    assert [len(run) for run in _runs(rows[:3] * 4, 1)] == [6, 3, 1, 1, 1]


def test_a_batch_leaves_the_garbage_collector_as_it_found_it(desk):
    """A batch freezes what is loaded when it starts, so the collector does not walk it
    for every card; a program that runs batches one after another (the web page, a
    script) gets every object back to collect once the batch is over."""
    import gc

    from cards.jobs import run as engine
    from cards.jobs.progress import Reporter

    class Watching(Reporter):
        frozen: list[int] = []

        def progress(self, state):
            self.frozen.append(gc.get_freeze_count())

    read = read_jobs(str(desk / "week.csv"), None, CardOptions())
    before = gc.get_freeze_count()
    watching = Watching()
    engine.run_batch(read.jobs, desk / "out", workers=1, reporter=watching)
    assert watching.frozen and all(count > 0 for count in watching.frozen)
    assert gc.get_freeze_count() == before == 0


@pytest.mark.parametrize("sizes,rows", [(("landscape",), 400), (("all",), 400), (("landscape",), 12)])
def test_workers_are_dealt_short_runs_however_long_the_batch(monkeypatch, sizes, rows):
    """Progress moves a run at a time: however long the batch, no run holds more than
    64 cards (or one row of more), and a short batch is split for both workers. Runs
    grow shorter as the cards left do, down to a row, so that both workers finish
    together."""
    from concurrent.futures import ThreadPoolExecutor

    from cards.jobs import run as engine
    from cards.jobs.rows import Job

    dealt: list[int] = []

    def recorded(run, *args):
        dealt.append(sum(engine._card_count(job) for job in run))
        return ()

    monkeypatch.setattr(engine, "run_jobs", recorded)
    jobs = [Job(f"long.csv:{i}", "ferry.md", CardOptions(quote="1", sizes=sizes))
            for i in range(rows)]
    with ThreadPoolExecutor(1) as pool:
        assert list(engine._as_completed(pool, jobs, ("out", False, None, False, True), 2)) == []
    per_row = 5 if sizes == ("all",) else 1
    assert sum(dealt) == rows * per_row
    most = max(1, min(64, rows * per_row // 4))  # half of a worker's share, to 64
    assert dealt[0] == max(dealt) == per_row * max(1, most // per_row)
    assert dealt == sorted(dealt, reverse=True)  # one article: never longer than the last
    assert dealt[-1] == per_row
    left = rows * per_row
    for cards in dealt:  # each at most half of a worker's share of what was left
        assert cards <= max(per_row, left // 4)
        left -= cards
