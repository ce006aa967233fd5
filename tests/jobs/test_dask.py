"""`cards batch --scheduler`: the same rows on a Dask cluster (a LocalCluster of two
worker processes on 127.0.0.1), compared with the local path card for card."""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import distributed
import pytest
from click.testing import CliRunner

from cards.cli.main import main

ARTICLE = """---
title: The night market moves to the old tram depot
url: https://example.org/news/2026/05/night-market-depot
site: The Riverside Courier
author: Maren Holt
date: 2026-05-02
lang: en
---

The Friday night market will open in the old tram depot from June, the council said.

"The depot has a roof, a floor that drains and room for sixty stalls," said Aiko Brandt,
who runs the market's traders' association.

"We will keep the rails in the floor, because people like to walk along them," said
Jonas Weller, the council's architect for the project.

"Our customers follow the lights, not the address," said Priya Nair, who sells noodles.
"""

# Three rows of two cards each, and between them a row whose quote does not exist.
JOBS = """article,quote,sizes
article.md,1,landscape square
article.md,9,landscape square
article.md,2,landscape square
article.md,3,landscape square
"""


def bad_row(folder: Path) -> str:
    article = folder / "article.md"  # made absolute, so a worker in another folder finds it
    return (f"Error: jobs.csv:3: quote number 9 is out of range: {article} has 3 quotations"
            f" (see cards quotes {article})")


def summary(folder: Path, out: str, made: int = 6, there: int = 0) -> str:
    """What `cards batch` prints for JOBS: the bad row, then the counts."""
    return (f"{bad_row(folder)}\n{made} made, {there} already there, 1 row failed;"
            f" manifest: {out}/manifest.json\n")


# A scheduler serves HTTP even without a dashboard (dashboard_address=None), on 8787,
# which another cluster or test run may hold: any free port instead.
HTTP = ":0"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """One cluster for the whole file: starting one takes about a second."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=HTTP) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def jobs(tmp_path: Path) -> Path:
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "jobs.csv"
    path.write_text(JOBS, encoding="utf-8")
    return path


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.png"))}


def manifest(folder: Path) -> list[dict[str, object]]:
    cards: list[dict[str, object]] = json.loads(
        (folder / "manifest.json").read_text(encoding="utf-8"))["cards"]
    return cards


def batch(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["batch", "jobs.csv", "--quiet", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def local(runner: CliRunner, jobs: Path) -> Path:
    """The cards the local path makes, in one process."""
    assert batch(runner, "--out", "local", "--jobs", "1") == (1, summary(jobs.parent, "local"))
    return Path("local")


def test_scheduler_makes_the_same_cards_as_the_local_path(
        runner: CliRunner, scheduler: str, local: Path, tmp_path: Path) -> None:
    threads = set(threading.enumerate())
    assert batch(runner, "--out", "dask", "--scheduler", scheduler) == (
        1, summary(tmp_path, "dask"))
    assert len(digests(local)) == 6
    assert digests(Path("dask")) == digests(local)
    assert manifest(Path("dask")) == manifest(local)
    # The client is closed: its event-loop thread does not outlive the batch. (Dask keeps
    # one "Dask-Offload" thread a process for good, started the first time it is needed.)
    left = {t for t in threading.enumerate() if not t.name.startswith("Dask-Offload")}
    assert left <= threads


def test_write_on_workers_writes_the_same_cards_from_the_workers(
        runner: CliRunner, scheduler: str, local: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Path] = []
    monkeypatch.setattr("cards.jobs.run.write_atomic",
                        lambda path, data, clobber=True: written.append(path))
    assert batch(runner, "--out", "shared", "--scheduler", scheduler,
                 "--write-on-workers") == (1, summary(tmp_path, "shared"))
    assert written == []  # this process wrote no card: the workers did
    assert digests(Path("shared")) == digests(local)
    assert manifest(Path("shared")) == manifest(local)


def test_resume_on_a_cluster_keeps_the_cards_this_machine_has(
        runner: CliRunner, scheduler: str, local: Path, tmp_path: Path) -> None:
    """The workers' current folder is not this one, so only this process can tell which
    cards are in --out already."""
    args = ("--out", "dask", "--scheduler", scheduler, "--resume")
    assert batch(runner, *args)[0] == 1
    (Path("dask") / min(digests(local))).unlink()
    assert batch(runner, *args) == (1, summary(tmp_path, "dask", made=1, there=5))
    assert digests(Path("dask")) == digests(local)
    assert manifest(Path("dask")) == manifest(local)


def test_scheduler_stops_at_the_first_failure_with_fail_fast(
        runner: CliRunner, scheduler: str, jobs: Path) -> None:
    code, output = batch(runner, "--out", "dask", "--scheduler", scheduler, "--fail-fast")
    assert code == 1
    assert bad_row(jobs.parent) in output.splitlines()
    # Whatever finished before the failure is written and listed, and nothing else.
    assert sorted(e["file"] for e in manifest(Path("dask"))) == sorted(digests(Path("dask")))


def test_a_scheduler_lost_midway_is_one_line_and_the_manifest_lists_what_was_made(
        runner: CliRunner, jobs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cards.jobs.run

    take = cards.jobs.run._take
    # Its own cluster, in this process (quick to start), to be closed after the first row.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=HTTP) as cluster:

        def take_then_lose_the_cluster(*args: Any) -> None:
            take(*args)
            cluster.close()

        monkeypatch.setattr(cards.jobs.run, "_take", take_then_lose_the_cluster)
        # Rows enough that some are still waiting when the cluster goes.
        more = "".join(f"article.md,{1 + n % 3},landscape,more-{n}\n" for n in range(12))
        jobs.write_text(JOBS.replace(",sizes\n", ",sizes,output\n") + more, encoding="utf-8")
        code, output = batch(runner, "--out", "lost", "--scheduler", cluster.scheduler_address)
    last = output.splitlines()[-1]  # the bad row's error may come first
    assert code == 1
    assert last.startswith(f"Error: --scheduler: lost {cluster.scheduler_address}: ")
    assert last.endswith(" cards made, 0 already there; every file written is whole and in"
                         " the manifest; run the same command with --resume to finish")
    assert sorted(e["file"] for e in manifest(Path("lost"))) == sorted(digests(Path("lost")))
    assert digests(Path("lost"))


def test_unreachable_scheduler_is_one_line_at_once(runner: CliRunner, jobs: Path) -> None:
    started = time.monotonic()
    code, output = batch(runner, "--scheduler", "tcp://127.0.0.1:1")
    assert time.monotonic() - started < 3
    assert (code, output) == (
        1, "Error: --scheduler: cannot reach tcp://127.0.0.1:1 (Connection refused)\n")


def test_a_server_that_is_no_scheduler_is_given_up_on(
        runner: CliRunner, jobs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Dask client waits for ever on a port that takes the connection and says
    nothing, as the dashboard's does."""
    monkeypatch.setattr("cards.jobs.pool._CONNECT", 0.5)
    with socket.create_server(("127.0.0.1", 0)) as silent:
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        code, output = batch(runner, "--scheduler", address)
        assert time.monotonic() - started < 3
    assert (code, output) == (
        1, f"Error: --scheduler: {address} does not answer as a Dask scheduler in 0.5 s (is"
           " that the dashboard's port? The scheduler's is 8786 unless it was given another)\n")


def test_scheduler_address_without_a_port(runner: CliRunner, jobs: Path) -> None:
    assert batch(runner, "--scheduler", "tcp://127.0.0.1") == (
        1, "Error: --scheduler: missing port number in address '127.0.0.1'; expected"
           " tcp://HOST:PORT\n")


def test_scheduler_without_dask_says_how_to_install_it(
        runner: CliRunner, jobs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    assert batch(runner, "--scheduler", "tcp://127.0.0.1:8786") == (
        1, "Error: --scheduler needs Dask: pip install 'cards[dask]'\n")


def test_write_on_workers_needs_a_scheduler(runner: CliRunner, jobs: Path) -> None:
    assert batch(runner, "--write-on-workers") == (
        1, "Error: --write-on-workers goes with --scheduler\n")
    assert not Path("cards-out").exists()
