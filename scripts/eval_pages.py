"""Measure how well `cards` reads real news pages: titles, quotations and crashes, on a
corpus of saved pages with a ground-truth article body (../shared/corpus/scrapinghub).

    python scripts/eval_pages.py                   # the summary table, and every miss
    python scripts/eval_pages.py --show quotes     # also the quotations behind each figure
    python scripts/eval_pages.py --json            # machine-readable, per page and overall

Each page is gunzipped and written to a temporary `ID.html`, then read with
`cards.article.load.load_article`: the path `cards info page.html` takes, byte decoding
included. Its quotations are `cards.quotes.rank.rank_quotes`'s list.

The rules, all on text normalised the same way (NFKC; every double quotation mark as ",
every single one and the apostrophe as ', every dash as -, white space as one space; for
quotations also without the spaces and , . ; : at either end):

- **title**: the Article's title equals (case kept) one of the page's own `<h1>` texts,
  a JSON-LD `headline` (of a top-level or @graph object) or `og:title`. Pages with none
  of these are not scored; each miss is printed with every candidate. Since those often
  carry the site's name themselves, the titles that still end in " - " (or " | ", "｜",
  "_") and the page's `og:site_name` are counted too.
- **expected quotations**: in each paragraph (line) of the true `articleBody`, the text
  between “ ”, " ", « » or „ “ of four words or more (each text once). A curly and a
  straight double mark pair too (“…" and "…”), as pages that mix them mean: otherwise
  “A," he said, "B” reads as one quotation with the narration inside.
- **quote recall**: the share of expected quotations matched by a listed quote, where a
  listed quote matches if its text is contained in the expected one or the expected one
  in it. **reference recall**: the same rule with the quotations of trafilatura's
  default extraction (`trafilatura.extract(html)`, without favor_precision) found by
  the expected-quotation rule itself, which is what the default text alone offers.
- **precision**: the share of listed quotes whose text occurs in the true body; a quote
  joined from parts (“A,” she said, “B.”) counts too if the article's span it came from
  (attribution and marks included) occurs there.
- **runs past its closing mark**: the share of listed quotes that either contain a
  closing mark followed, within four words, by a verb of saying or "according" (in
  English, German, French, Spanish, Portuguese, Italian and Indonesian: ”, said Ana / »,
  sagte er), or are contained in no quoted text of the true body while they overlap an
  expected quotation (contain one, or share eight words in a row with one). "Quoted
  text" here is every quotation of the body, whatever its length, joined in order: an
  interrupted or multi-paragraph quote that cards joins is made of quoted words only.
  Quotes that overlap nothing came from page furniture: precision counts those.
- **crashes**: any exception from reading or ranking, with the page id.
- **time**: reading and ranking one page (not the reference extraction), median and p95.

The corpus is the publishers' text: this script reads it and prints what it finds, and
nothing of it is copied into the project. The marks here are the script's own on
purpose: a measuring rule should not change when the product's table does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
import traceback
import unicodedata
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cards.article.fetch import decode_page  # noqa: E402
from cards.article.load import load_article  # noqa: E402
from cards.quotes.rank import rank_quotes  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "scrapinghub"

_DOUBLE = '"“”„‟«»〝〞〟＂″'
_SINGLE = "'‘’‚‛‹›′`´"
_DASHES = "‐‑‒–—―−"
_NORMAL = str.maketrans({**{c: '"' for c in _DOUBLE}, **{c: "'" for c in _SINGLE},
                         **{c: "-" for c in _DASHES}})
# The pairs the corpus README names as quotations: “ ”, " ", « », „ “.
_EXPECTED_RE = re.compile(r"“([^“”\"\n]*)[”\"]|\"([^\"“”\n]*)[\"”]|«([^«»\n]*)»|„([^„“”\n]*)[“”]")
# Quoted text for "runs past": the same pairs, nested or not, and a quotation left open
# at a paragraph's end (continued in the next paragraph) up to that end.
_OPENERS = {"“": '”"', '"': '"”', "«": "»", "„": "“”"}
_SAYING = (
    r"said|says|say|told|tells|added|adds|asked|asks|explained|explains|wrote|writes|"
    r"noted|notes|stated|states|continued|replied|insisted|according|recalled|argued|"
    r"sagte|sagt|sagten|erklärte|betonte|fügte|meinte|so|dit|a-t-il|a-t-elle|ajoute|"
    r"ajouté|explique|déclare|dijo|dice|afirmó|explicó|añadió|según|disse|diz|afirmou|"
    r"segundo|ha detto|dichiarato|kata|ujar|ungkap|jelas"
)
_RUN_PAST_RE = re.compile(
    rf"[”\"»“]\s*[,.]?\s+(?:[\w’'.-]+\s+){{0,3}}?(?:{_SAYING})\b", re.IGNORECASE)


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_NORMAL)
    return re.sub(r"\s+", " ", text).strip()


def quote_key(text: str) -> str:
    return normalised(text).strip(" ,.;:")


# ---------------------------------------------------------------------------------------
# The page's own title candidates, read with the standard library's parser so that the
# measure does not share the product's reading of the page.


class _Candidates(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.og_title: list[str] = []
        self.site_name: list[str] = []
        self.json_ld: list[str] = []
        self._h1_depth = 0
        self._h1_text: list[str] = []
        self._script: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "h1":
            self._h1_depth += 1
            if self._h1_depth == 1:
                self._h1_text = []
        elif tag == "meta" and (a.get("property") or a.get("name") or "").lower() == "og:title":
            self.og_title.append(a.get("content", ""))
        elif tag == "meta" and (a.get("property") or "").lower() == "og:site_name":
            self.site_name.append(a.get("content", ""))
        elif tag == "script":
            self._skip += 1
            if a.get("type", "").strip().lower() == "application/ld+json":
                self._script = []
        elif tag == "style":
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._h1_depth:
            self._h1_depth -= 1
            if not self._h1_depth:
                self.h1.append("".join(self._h1_text))
        elif tag in ("script", "style") and self._skip:
            self._skip -= 1
            if tag == "script" and self._script is not None:
                self.json_ld.append("".join(self._script))
                self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        elif self._h1_depth and not self._skip:
            self._h1_text.append(data)


def _headlines(data: Any) -> list[str]:
    """The `headline` of each top-level (or @graph) object of one JSON-LD script."""
    items = data if isinstance(data, list) else [data]
    found: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("headline"), str):
            found.append(item["headline"])
        found.extend(_headlines(item.get("@graph", [])))
    return found


def title_candidates(html: str) -> dict[str, list[str]]:
    parser = _Candidates()
    parser.feed(html)
    headlines: list[str] = []
    for script in parser.json_ld:
        try:
            headlines.extend(_headlines(json.loads(script)))
        except ValueError:
            continue
    found = {"h1": parser.h1, "json-ld": headlines, "og:title": parser.og_title,
             "og:site_name": parser.site_name}
    return {k: [normalised(v) for v in vs if normalised(v)] for k, vs in found.items()}


def ends_with_site(title: str, sites: list[str]) -> bool:
    """Whether a title still carries the site's name (its og:site_name) after a separator."""
    title = normalised(title).casefold()
    return any(title.endswith(f"{sep}{site.casefold()}") for site in sites
               for sep in (" - ", " | ", "｜", "_", " _"))


# ---------------------------------------------------------------------------------------
# Quotations


def expected_quotations(body: str) -> list[str]:
    """The texts between “ ”, " ", « », „ “ of four words or more, paragraph by
    paragraph, each once, in order."""
    seen: dict[str, None] = {}
    for paragraph in body.split("\n"):
        for match in _EXPECTED_RE.finditer(paragraph):
            text = next(g for g in match.groups() if g is not None)
            if len(text.split()) >= 4 and quote_key(text):
                seen.setdefault(quote_key(text), None)
    return list(seen)


def quoted_stream(body: str) -> str:
    """Every quoted word of the body, quotations in order joined by spaces: the text an
    interrupted or multi-paragraph quote may be joined from."""
    pieces: list[str] = []
    for paragraph in body.split("\n"):
        closer: str | None = None
        start = 0
        for i, ch in enumerate(paragraph):
            if closer is None and ch in _OPENERS:
                before = paragraph[i - 1] if i else " "
                if ch == '"' and before.isalnum():
                    continue
                closer, start = _OPENERS[ch], i + 1
            elif closer is not None and ch in closer:
                pieces.append(paragraph[start:i])
                closer = None
        if closer is not None:
            pieces.append(paragraph[start:])
    return " ".join(normalised(p) for p in pieces if normalised(p))


def _matches(found: str, expected: str) -> bool:
    return bool(found) and (found in expected or expected in found)


def _overlaps(found: str, expected: str, run: int = 8) -> bool:
    if expected in found:
        return True
    words, target = found.split(), f" {expected} "
    return any(f" {' '.join(words[k:k + run])} " in target
               for k in range(len(words) - run + 1))


def default_extraction_quotes(html: str) -> list[str]:
    import trafilatura

    text = trafilatura.extract(html) or ""
    return expected_quotations(text)


# ---------------------------------------------------------------------------------------


@dataclass
class PageResult:
    id: str
    crash: str | None = None
    seconds: float | None = None
    title: str | None = None
    title_ok: bool | None = None  # None: the page has no candidate to compare with
    title_with_site: bool = False  # the title still ends with " - " and its og:site_name
    candidates: dict[str, list[str]] = field(default_factory=dict)
    expected: int = 0
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    reference_missed: list[str] = field(default_factory=list)
    not_in_body: list[str] = field(default_factory=list)
    run_past: list[str] = field(default_factory=list)
    language: str | None = None
    language_origin: str | None = None


def evaluate(page_id: str, html_bytes: bytes, truth: dict[str, Any], folder: Path,
             reference: bool, debug: bool = False) -> PageResult:
    result = PageResult(page_id)
    html = decode_page(html_bytes, None)  # as a saved page is decoded, for the candidates
    result.candidates = title_candidates(html)
    body = truth.get("articleBody", "")
    expected = expected_quotations(body)
    result.expected = len(expected)
    if reference:
        ref = [quote_key(q) for q in default_extraction_quotes(html)]
        result.reference_missed = [e for e in expected if not any(_matches(r, e) for r in ref)]
    path = folder / f"{page_id}.html"
    path.write_bytes(html_bytes)
    start = time.perf_counter()
    try:
        article = load_article(str(path))
        ranked = rank_quotes(article)
    except Exception as exc:  # a crash of any kind is what this counts
        result.crash = f"{type(exc).__name__}: {exc}".splitlines()[0]
        result.missed = expected
        if debug:
            traceback.print_exc()
        return result
    result.seconds = time.perf_counter() - start
    result.title = article.title
    result.language = article.language
    result.language_origin = article.origins.get("language")
    sites = result.candidates.pop("og:site_name")
    result.title_with_site = ends_with_site(article.title or "", sites)
    if any(result.candidates.values()):
        want = {c for cs in result.candidates.values() for c in cs}
        result.title_ok = normalised(article.title or "") in want
    true_body, stream = normalised(body), quoted_stream(body)
    found_keys = []
    for candidate in ranked:
        key = quote_key(candidate.quote.text)
        found_keys.append(key)
        result.found.append(candidate.quote.text)
        span = candidate.quote.span
        source = normalised(article.text[span[0]:span[1]]) if span else ""
        if key not in true_body and not (source and source in true_body):
            result.not_in_body.append(candidate.quote.text)
        if _RUN_PAST_RE.search(candidate.quote.text) or (
            key not in stream and any(_overlaps(key, e) for e in expected)
        ):
            result.run_past.append(candidate.quote.text)
    result.missed = [e for e in expected if not any(_matches(f, e) for f in found_keys)]
    return result


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summarise(results: list[PageResult], reference: bool) -> dict[str, Any]:
    scored = [r for r in results if r.title_ok is not None or r.crash]
    expected = sum(r.expected for r in results)
    listed = sum(len(r.found) for r in results)
    times = sorted(r.seconds for r in results if r.seconds is not None)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] if times else None
    summary: dict[str, Any] = {
        "pages": len(results),
        "title": _share(sum(bool(r.title_ok) for r in scored), len(scored)),
        "title_scored_pages": len(scored),
        "titles_ending_in_site_name": sum(r.title_with_site for r in results),
        "expected_quotations": expected,
        "quote_recall": _share(expected - sum(len(r.missed) for r in results), expected),
        "listed_quotes": listed,
        "precision": _share(listed - sum(len(r.not_in_body) for r in results), listed),
        "runs_past_closing_mark": _share(sum(len(r.run_past) for r in results), listed),
        "crashes": sum(r.crash is not None for r in results),
        "median_seconds": round(statistics.median(times), 3) if times else None,
        "p95_seconds": round(p95, 3) if p95 is not None else None,
    }
    if reference:
        missed = sum(len(r.reference_missed) for r in results)
        summary["reference_recall"] = _share(expected - missed, expected)
    return summary


def _print_report(results: list[PageResult], summary: dict[str, Any], show: set[str]) -> None:
    for r in results:
        if r.crash:
            print(f"CRASH {r.id}: {r.crash}")
    for r in results:
        if r.title_ok is False:
            print(f"\nTITLE MISS {r.id}\n  cards:    {r.title!r}")
            for kind, values in r.candidates.items():
                for value in values:
                    print(f"  {kind + ':':<9} {value!r}")
    for r in results:
        lines = []
        if r.missed:
            lines += [f"  missed:       {q!r}" for q in r.missed]
        if r.not_in_body:
            lines += [f"  not in body:  {q!r}" for q in r.not_in_body]
        if r.run_past:
            lines += [f"  runs past:    {q!r}" for q in r.run_past]
        if "quotes" in show and r.reference_missed:
            lines += [f"  ref. missed:  {q!r}" for q in r.reference_missed]
        if lines:
            print(f"\nQUOTES {r.id} (lang {r.language} from {r.language_origin})")
            print("\n".join(lines))
    print("\n" + "=" * 60)
    rows = [
        ("pages", summary["pages"]),
        ("title accuracy", f"{summary['title']} of {summary['title_scored_pages']} pages"),
        ("  titles ending in the site's name", summary["titles_ending_in_site_name"]),
        ("quote recall", f"{summary['quote_recall']} of {summary['expected_quotations']}"),
    ]
    if "reference_recall" in summary:
        rows.append(("  reference (trafilatura default)", summary["reference_recall"]))
    rows += [
        ("precision", f"{summary['precision']} of {summary['listed_quotes']} listed"),
        ("runs past its closing mark", summary["runs_past_closing_mark"]),
        ("crashes", summary["crashes"]),
        ("time per page, median / p95", f"{summary['median_seconds']} s /"
                                         f" {summary['p95_seconds']} s"),
    ]
    for name, value in rows:
        print(f"{name:<34} {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the corpus folder (html/ID.html.gz and ground-truth.json)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--page", action="append", default=[],
                        help="only this page id (or its start); repeatable")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip trafilatura's default extraction (faster)")
    parser.add_argument("--show", action="append", default=[], choices=["quotes"],
                        help="also print the reference's misses")
    parser.add_argument("--debug", action="store_true", help="print crashes' tracebacks")
    args = parser.parse_args(argv)
    truth = json.loads((args.corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((args.corpus / "html").glob("*.html.gz"))
    if args.page:
        pages = [p for p in pages if any(p.name.startswith(x) for x in args.page)]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for path in pages:
            page_id = path.name.removesuffix(".html.gz")
            results.append(evaluate(page_id, gzip.decompress(path.read_bytes()),
                                    truth.get(page_id, {}), Path(folder),
                                    not args.no_reference, args.debug))
    summary = summarise(results, not args.no_reference)
    if args.json:
        print(json.dumps({"summary": summary, "pages": [asdict(r) for r in results]},
                         ensure_ascii=False, indent=2))
    else:
        _print_report(results, summary, set(args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
