"""The desk in a real browser: Debian's chromium, driven by Playwright, on the page the
installed `cards serve` gives, doing what a user does: paste a story, pick and type
quotes, change designs, download, copy the command and run it, and only the keyboard.

Times are printed (run with -s) and written to $CARDS_SERVE_TIMINGS, never asserted;
screenshots go to a temporary folder and to $CARDS_SERVE_SCREENSHOTS when it is set."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from cards.article.load import load_article
from cards.render.png import read_card_text
from tests.conftest import EXAMPLE
from tests.serve.browser import (
    VIEWPORT,
    chromium,
    grid_done,
    launch,
    read_story,
    redrawn,
    screenshot,
)
from tests.serve.test_command import Desk, start, stop

# Read before conftest's clean_environment takes every CARDS_* variable away.
SCREENSHOTS = os.environ.get("CARDS_SERVE_SCREENSHOTS")
TIMINGS = os.environ.get("CARDS_SERVE_TIMINGS")
CHROMIUM = chromium()
DESIGNS = 5  # the bundled designs, every one ticked when the page opens
# Not in the story, and near none of its quotations.
MADE_UP = "The library will be open on the moon every Tuesday, said nobody."
# Quote 5 of the story with one word changed.
NEARLY_5 = "Two years without it felt like a house with its lights off."


def test_ci_has_chromium_so_nothing_skips_silently():
    """Under CI the browser test runs: a missing chromium is a failure, not a skip."""
    if not os.environ.get("CI"):
        pytest.skip("only under CI, which installs Debian's chromium")
    assert CHROMIUM is not None, "apt-get install chromium"


# The desk and the browser, once for the module -------------------------------------------


def _stats() -> dict[int, tuple[str, int]]:
    """Each live process's state and parent, from /proc (none where there is no /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
            found[int(stat.parent.name)] = (state, int(parent))
        except (OSError, ValueError):
            continue
    return {pid: s for pid, s in found.items() if s[0] != "Z"}  # a zombie is gone


def _descendants(pid: int) -> set[int]:
    """The processes under `pid`: the desk's card workers."""
    parents = {child: parent for child, (_, parent) in _stats().items()}
    found, todo = set(), [pid]
    while todo:
        pid = todo.pop()
        children = {child for child, parent in parents.items() if parent == pid}
        found |= children
        todo += children
    return found


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """The installed command, started as a user starts it; stopped by Ctrl-C at the end,
    when its card workers must be gone and its private folder removed."""
    if CHROMIUM is None:  # no server without a browser to look at it
        if os.environ.get("CI"):
            pytest.fail("no chromium: under CI the browser test must run")
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("desk")
    served = start(folder)  # its TMPDIR is `folder`: its private folder is made there
    try:
        workers = _descendants(served.process.pid)
        assert len(workers) >= 2 or not Path("/proc/self").exists()  # --jobs 2
        assert len(list(folder.glob("cards-serve-*"))) == 1
        yield served
    finally:
        status, said = stop(served)  # even when the tests stopped short
    assert status == 130, said  # what a shell expects of a program stopped by Ctrl-C
    assert "Traceback" not in said
    assert list(folder.glob("cards-serve-*")) == []
    assert workers.isdisjoint(_stats())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None  # the desk fixture skipped (or failed) before
    with sync_playwright() as playwright:
        chrome = launch(playwright, CHROMIUM)
        yield chrome
        chrome.close()


@pytest.fixture
def page(desk: Desk, browser: Browser) -> Iterator[Page]:
    """The desk's page in a fresh browser profile, whose JavaScript must not fail."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=desk.base)
    opened = context.new_page()
    failures: list[str] = []
    opened.on("pageerror", lambda error: failures.append(str(error)))
    opened.on("console", lambda m: failures.append(m.text) if m.type == "error"
              and not m.location["url"].endswith("/favicon.ico") else None)  # it has none
    opened.goto(desk.base + "/")
    opened.failures = failures  # type: ignore[attr-defined]  # a test may expect one
    yield opened
    context.close()
    assert failures == []


@pytest.fixture
def story_read(page: Page) -> Page:
    """The page with our example story read and the grid of its first quote drawn."""
    read_story(page, EXAMPLE.read_text(encoding="utf-8"))
    grid_done(page, DESIGNS)
    return page


def _keep(path: Path) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / path.name)


def _served(page: Page, tile: Locator) -> bytes:
    """What the address the tile shows its card from serves."""
    return page.request.get(tile.locator("img.card").evaluate("img => img.src")).body()


def _pick(page: Page, number: int) -> None:
    page.locator(f'input[name="pick"][value="{number}"]').check()


# Reading and picking ----------------------------------------------------------------------


def test_a_story_read_shows_its_fields_and_a_card_of_every_design(story_read, tmp_path):
    page = story_read
    article = load_article(str(EXAMPLE))
    expect(page.get_by_label("Headline", exact=True)).to_have_value(article.title)
    expect(page.locator("#f-title-from")).to_have_text("from front matter")
    expect(page.get_by_label("Site", exact=True)).to_have_value(article.site_name)
    expect(page.get_by_label("Story URL (the QR code's)")).to_have_value(article.url)
    expect(page.get_by_role("radio")).to_have_count(7)
    expect(page.get_by_role("radio").first).to_be_checked()
    _pick(page, 2)
    grid_done(page, DESIGNS)
    quote = page.locator('input[name="pick"][value="2"]').get_attribute("data-text")
    expect(page.get_by_label("The quote on the card")).to_have_value(quote)
    expect(page.locator("#quote-status")).to_have_text("Quote 2: in the story, word for word.")
    names = page.locator(".tile-name").all_text_contents()
    assert names == [f"{d} · landscape" for d in ("classic", "bold", "minimal", "night",
                                                  "photo")]
    for card in page.locator(".tile img.card").all():
        assert quote[:40] in (card.get_attribute("alt") or "")
        assert card.evaluate("img => img.naturalWidth") == 1200
    _keep(screenshot(page, tmp_path / "serve-read.png"))


def test_a_pick_redraws_the_grid_and_its_times_are_recorded(story_read):
    """Warm figures: after a warm-up pick, each pick of a quote not drawn yet, from the
    pick to the first card loaded and to all five (the page's own performance.now())."""
    page = story_read
    read = page.evaluate("({...window.cardsTimings})")  # the grid the story's reading drew
    redrawn(page, lambda: _pick(page, 2), DESIGNS)  # the warm-up
    runs = [redrawn(page, lambda n=n: _pick(page, n), DESIGNS) for n in (3, 4, 5, 6, 7)]
    assert all(r["picked"] is not None for r in runs)
    figures = {
        "designs": DESIGNS, "preset": "landscape", "picks": len(runs),
        "after_read_ms": {"first": round(read["first"]), "all": round(read["sincePick"])},
        "first_ms": [round(r["first"]) for r in runs],
        "all_ms": [round(r["sincePick"]) for r in runs],
        "first_median_ms": round(statistics.median(r["first"] for r in runs)),
        "all_median_ms": round(statistics.median(r["sincePick"] for r in runs)),
    }
    print(f"\ncards serve, the grid drawn on reading: first card {read['first']:.0f} ms,"
          f" every card {read['sincePick']:.0f} ms")
    print(f"cards serve, warm, {DESIGNS} designs × 1 preset: first card"
          f" {figures['first_median_ms']} ms, every card {figures['all_median_ms']} ms after"
          f" the pick (medians of {len(runs)}: {figures['first_ms']}, {figures['all_ms']})")
    if TIMINGS:
        Path(TIMINGS).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def test_the_grid_follows_the_designs_and_the_size(story_read):
    page = story_read
    redrawn(page, lambda: page.get_by_role("checkbox", name="night").uncheck(), 4)
    redrawn(page, lambda: page.get_by_role("checkbox", name="photo").uncheck(), 3)
    assert page.locator(".tile-name").all_text_contents() == [
        "classic · landscape", "bold · landscape", "minimal · landscape"]
    redrawn(page, lambda: page.get_by_role("checkbox", name="square").check(), 6)
    assert page.locator(".tile-name").all_text_contents() == [
        "classic · landscape", "bold · landscape", "minimal · landscape",
        "classic · square", "bold · square", "minimal · square"]
    redrawn(page, lambda: page.get_by_role("checkbox", name="landscape").uncheck(), 3)
    assert page.locator(".tile-name").all_text_contents() == [
        "classic · square", "bold · square", "minimal · square"]
    for card in page.locator(".tile img.card").all():
        assert card.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1080, 1080]
    for design in ("classic", "bold", "minimal"):
        page.get_by_role("checkbox", name=design, exact=True).uncheck()
    expect(page.locator("#grid-status")).to_have_text("Choose a design.")
    expect(page.locator(".tile")).to_have_count(0)
    expect(page.get_by_role("link", name="Download all (ZIP)")).to_have_attribute(
        "aria-disabled", "true")


# What a card gives ------------------------------------------------------------------------


def test_the_download_the_zip_and_the_command_are_the_same_card(story_read, tmp_path):
    page = story_read
    tile = page.locator(".tile").first
    with page.expect_download() as loading:
        tile.get_by_role("link", name=re.compile("^Download PNG")).click()
    download = loading.value
    png = tmp_path / download.suggested_filename
    download.save_as(png)
    assert download.suggested_filename == tile.get_attribute("data-filename")
    assert png.read_bytes() == _served(page, tile)

    with page.expect_download() as loading:
        page.get_by_role("link", name="Download all (ZIP)").click()
    archive = tmp_path / "cards.zip"
    loading.value.save_as(archive)
    with zipfile.ZipFile(archive) as z:
        shown = page.locator(".tile").all()
        assert sorted(z.namelist()) == sorted(t.get_attribute("data-filename") for t in shown)
        for t in shown:
            assert z.read(t.get_attribute("data-filename")) == _served(page, t)

    command = tile.locator(".command").text_content()
    tile.get_by_role("button", name=re.compile("^Copy command")).click()
    expect(tile.get_by_role("button", name=re.compile("^Copy command"))).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == command
    run = tmp_path / "run"
    run.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARDS_")}
    env.update(HOME=str(run), PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")
    assert shutil.which("cards", path=env["PATH"]) == str(Path(sys.executable).parent / "cards")
    done = subprocess.run(["bash", "-c", command], cwd=run, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (run / download.suggested_filename).read_bytes() == png.read_bytes()

    source = read_card_text(png)["Source"]
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(png).convert("RGB"))]
    assert decoded == [source]
    assert source.split("?")[0] == load_article(str(EXAMPLE)).url


# Quotes the story does not hold ------------------------------------------------------------


def test_a_quote_not_in_the_story_is_flagged_and_its_cards_marked(story_read, tmp_path):
    page = story_read
    page.get_by_label("The quote on the card").fill(MADE_UP)
    status = page.locator("#quote-status")
    expect(status).to_contain_text("Not in the story.")
    # The closest passage, once (in the message, or after it).
    expect(status).to_contain_text("“The library will be open seven days a week")
    assert status.text_content().count("open seven days a week") == 1
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    expect(page.locator("#grid-status")).to_contain_text("The quote is not in the story")
    expect(page.locator(".tile")).to_have_count(0)
    unverified = page.get_by_label("Make cards of it even if it is not in the story")
    redrawn(page, unverified.check, DESIGNS)
    expect(page.locator("#grid-status")).to_have_text(
        "5 cards made of a quote that is not in the story.")
    expect(page.locator(".tile.unverified")).to_have_count(DESIGNS)
    for tile in page.locator(".tile").all():
        expect(tile.locator(".tile-status")).to_contain_text("UNVERIFIED")
        assert "--unverified" in tile.locator(".command").text_content()
    _keep(screenshot(page, tmp_path / "serve-unverified.png"))


def test_a_quote_nearly_a_listed_one_offers_that_one(story_read):
    page = story_read
    page.get_by_label("The quote on the card").fill(NEARLY_5)
    use = page.get_by_role("button", name="Use quote 5")
    expect(page.locator("#quote-status")).to_contain_text("Not in the story.")
    redrawn(page, use.click, DESIGNS)
    expect(page.locator('input[name="pick"][value="5"]')).to_be_checked()
    expect(page.locator("#quote-status")).to_have_text("Quote 5: in the story, word for word.")
    expect(page.locator(".tile.unverified")).to_have_count(0)
    assert "--quote 5 " in page.locator(".tile .command").first.text_content()


# The keyboard alone ------------------------------------------------------------------------

# Every control a user can act on, as the keyboard pass names it: radios by their group
# (Tab stops once in a group), a tile's controls by the tile.
_NAME = """e => {
  if (!e || e === document.body) return null;
  const tile = e.closest(".tile");
  const where = tile ? tile.dataset.key + " " : "";
  if (e.type === "radio") return "radios " + e.name;
  const tag = e.tagName.toLowerCase();
  if (e.id) return where + "#" + e.id;
  return where + (e.name ? `${tag}[${e.name}=${e.value}]` : `${tag}.${e.className}`);
}"""
_CONTROLS = f"""() => {{
  const name = {_NAME};
  const all = document.querySelectorAll(
    "a[href]:not([aria-disabled=true]), button:not([disabled]), input:not([disabled]),"
    + " select:not([disabled]), textarea:not([disabled]), summary");
  return [...all].filter((e) => e.checkVisibility()).map(name);
}}"""


def _tab_through(page: Page, until: str | None = None) -> list[str]:
    """Press Tab from the top of the page (the skip link) until focus leaves the page or
    comes back round, or reaches `until`: what was focused, in order."""
    page.locator("a.skip").focus()
    reached = [page.evaluate(f"({_NAME})(document.activeElement)")]
    for _ in range(300):
        page.keyboard.press("Tab")
        now = page.evaluate(f"({_NAME})(document.activeElement)")
        if now is None or now == reached[0]:
            break
        reached.append(now)
        if now == until:
            break
    return reached


def test_every_control_is_reached_with_tab_and_labelled(story_read):
    page = story_read
    reached = _tab_through(page)
    controls = page.evaluate(_CONTROLS)
    assert len(controls) > 40  # the story's boxes, the quotes, the choices and five tiles
    assert reached == list(dict.fromkeys(controls))  # each once, in the page's order
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        "input, select, textarea")].filter((e) => e.checkVisibility()
        && !e.labels.length && !e.getAttribute("aria-label")).map((e) => e.outerHTML)""")
    assert unlabelled == []
    for control in page.locator("a[href], button, input, select, textarea, summary").all():
        if control.is_visible():
            expect(control).to_have_accessible_name(re.compile(r"\S"))


def test_a_quote_is_picked_with_the_arrow_keys(story_read):
    page = story_read
    assert _tab_through(page, until="radios pick")[-1] == "radios pick"
    expect(page.locator('input[name="pick"][value="1"]')).to_be_focused()
    redrawn(page, lambda: page.keyboard.press("ArrowDown"), DESIGNS)
    second = page.locator('input[name="pick"][value="2"]')
    expect(second).to_be_checked()
    expect(second).to_be_focused()
    quote = second.get_attribute("data-text")
    expect(page.get_by_label("The quote on the card")).to_have_value(quote)
    for card in page.locator(".tile img.card").all():
        assert quote[:40] in (card.get_attribute("alt") or "")


# What a new user's trial found -----------------------------------------------------------


def test_a_paste_with_its_address_beside_it_reads_the_paste_and_links_the_address(page):
    """The address box is the natural place to give a pasted story its link: the paste is
    read, and the address goes on the cards (as `cards render - --url`)."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "url: https://example.org/news/2024/05/riverside-library-reopens\n", "")
    page.get_by_label("Paste the story").fill(text)
    page.get_by_label("or its web address").fill("https://example.org/desk/library")
    page.get_by_role("button", name="Read the story").click()
    grid_done(page, DESIGNS)
    assert page.locator("#f-url").input_value() == "https://example.org/desk/library"
    expect(page.locator("#f-url-from")).to_have_text("typed here")
    command = page.locator(".tile .command").first.text_content()
    assert "--url https://example.org/desk/library" in command


def test_a_story_without_a_link_says_so_once(page):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "url: https://example.org/news/2024/05/riverside-library-reopens\n", "")
    read_story(page, text)
    expect(page.locator("#grid-status")).to_have_text(re.compile(
        r"^No card could be made: the pasted story has no story URL for the QR code; set"
        r" “Story URL”, or “No QR code” for a card without one"))
    expect(page.locator(".tile")).to_have_count(0)
    expect(page.locator("#f-url")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("No QR code").check()
    grid_done(page, DESIGNS)


def test_a_picture_that_cannot_be_used_is_said_beside_its_box(story_read, tmp_path):
    page = story_read
    bad = tmp_path / "face.jpg"
    bad.write_bytes(b"not a picture at all")
    page.get_by_label("Speaker photo").set_input_files(str(bad))
    expect(page.locator("#photo-status")).to_have_text(
        "“Speaker photo”: 'face.jpg' is not a picture cards can read (PNG, JPEG or WebP)")
    # The browser logs the refusal (a 400) as an error: this one is expected.
    page.failures.remove("Failed to load resource: the server responded with a status of"
                         " 400 (Bad Request)")
    assert page.get_by_label("Speaker photo").input_value() == ""
    page.get_by_label("Speaker photo").set_input_files(str(EXAMPLE.parent / "speaker.jpg"))
    expect(page.locator("#photo-status")).to_have_text("Using speaker.jpg.")
    expect(page.locator(".tile .command").first).to_contain_text("--photo speaker.jpg")


def test_a_story_file_dropped_on_the_page_is_read_by_its_name(page):
    """Drag a saved story onto the page: it is read as `cards render` reads that file,
    and the copied command names it."""
    from tests.conftest import STORY

    dropped = page.evaluate_handle(
        """text => {
            const files = new DataTransfer();
            files.items.add(new File([text], "harbour ferry.md", {type: "text/markdown"}));
            return files;
        }""", STORY)
    page.dispatch_event("#drop", "dragover", {"dataTransfer": dropped})
    page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
    expect(page.locator("#story-status")).to_have_text("Read 3 paragraphs and 2 quotations.")
    grid_done(page, DESIGNS)
    assert page.locator("#f-title").input_value() == (
        "The harbour ferry returns after a winter in dry dock")
    command = page.locator(".tile .command").first.text_content()
    assert command.startswith("cards render 'harbour ferry.md' --quote 1 -t classic")
