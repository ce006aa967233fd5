"""The web app: Starlette routes over the `Desk`, the worker pool that draws the cards,
and the guard in front. Every handler reads the page's fields, calls the desk once, and
answers JSON (or a card's bytes); a `CardsError` becomes a one-line message naming the
page's field."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import io
import json
import re
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from msgspec import Struct
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from cards._version import __version__
from cards.article.limits import article_limit, article_limit_mb
from cards.design.brand import DEFAULT_KIT
from cards.design.model import PRESETS
from cards.errors import CardsError, internal_error
from cards.serve.desk import Desk, Made, Story, draw, page_error
from cards.serve.guard import CSRF_HEADER, Guard, guarded

# A card that takes longer than this is given up on: its tile says so.
CARD_SECONDS = 30.0
_KEY = re.compile(r"[a-z0-9][a-z0-9._-]{0,150}")
_STATIC = {"app.js": "text/javascript", "app.css": "text/css"}


class TooLarge(CardsError):
    """A request body over the desk's limit."""


class Workers(Struct):
    """The pool that draws cards, made again if a worker dies (a card that crashed the
    process, or the system's out-of-memory killer)."""

    make: Callable[[], Executor]
    pool: Executor | None = None

    def get(self) -> Executor:
        if self.pool is None:
            self.pool = self.make()
        return self.pool

    def broken(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


@functools.cache  # the package's own files: read once
def _static(name: str) -> str:
    return resources.files("cards.serve").joinpath("static", name).read_text("utf-8")


async def _body(request: Request, what: str, times: int = 1) -> bytes:
    """The request's body, refused once it passes `times` the article limit (the command
    line's, for a story or a picture alike), never read further."""
    limit = times * article_limit()
    declared = request.headers.get("content-length")
    too_large = TooLarge(f"the {what} is larger than {times * article_limit_mb():g} MB, the"
                         " most cards reads of one (cards serve --max-article-mb N reads"
                         " more)", field="story")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await _body(request, "request", times=2))
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested beyond reason too
        raise CardsError("the request is not JSON") from None
    if not isinstance(data, dict):
        raise CardsError("the request is not a JSON object")
    return data


def _answer(status: int = 200, **data: Any) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"cache-control": "no-store"})


Handler = Callable[[Request], Awaitable[Response]]


def _errors_answered(handler: Handler) -> Handler:
    """A handler whose `CardsError` is answered as the page shows it (400, one line)."""
    async def answered(request: Request) -> Response:
        try:
            return await handler(request)
        except TooLarge as e:
            return _answer(413, **page_error(e))
        except CardsError as e:
            return _answer(400, **page_error(e))
        except Exception as e:  # noqa: BLE001 - the boundary: one line, as the CLI's
            return _answer(500, error=internal_error(e), field=None)
    return answered


def make_app(desk: Desk, guard: Guard, workers: Workers) -> Any:
    """The app, behind its guard. `workers` draws the cards; it is closed when the app
    stops, and the desk's folder is the caller's to remove."""
    page = Template(_static("index.html"))

    async def index(request: Request) -> Response:
        designs = "\n".join(
            f'<label><input type="checkbox" name="design" value="{html.escape(t)}" checked>'
            f" {html.escape(t)}</label>" for t in desk.templates)
        presets = "\n".join(
            f'<label><input type="checkbox" name="preset" value="{p}"'
            f'{" checked" if p == "landscape" else ""}> {p} <span class="hint">{w} × {h}'
            "</span></label>" for p, (w, h) in PRESETS.items())
        kit = str(DEFAULT_KIT) if DEFAULT_KIT.is_file() else None
        brands = "\n".join(
            [f'<option value="">{"(none)" if kit is None else f"{kit} (the default)"}</option>']
            + [f'<option value="{html.escape(b)}">{html.escape(b)}</option>'
               for b in desk.brands if b != kit])
        body = page.substitute(csrf=html.escape(guard.csrf), csrf_header=CSRF_HEADER,
                               designs=designs, presets=presets, brands=brands,
                               version=html.escape(__version__),
                               limit=f"{article_limit_mb():g}")
        return HTMLResponse(body, headers={"cache-control": "no-store"})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return Response("not found\n", 404, media_type="text/plain")
        return Response(_static(name), media_type=_STATIC[name],
                        headers={"cache-control": "no-cache"})

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)  # browsers ask; the desk has none

    @_errors_answered
    async def read_story(request: Request) -> Response:
        data = await _json(request)
        if isinstance(data.get("url"), str) and data["url"].strip():
            story = await run_in_threadpool(desk.read_url, data["url"])
        elif isinstance(data.get("text"), str):
            story = await run_in_threadpool(desk.read_text, data["text"])
        else:
            raise CardsError("give the story's text or its URL", field="story")
        return _answer(**desk.summary(story))

    @_errors_answered
    async def read_file(request: Request) -> Response:
        name = request.query_params.get("name", "")
        data = await _body(request, "story file")
        story = await run_in_threadpool(desk.read_file, data, name)
        return _answer(**desk.summary(story))

    @_errors_answered
    async def add_picture(request: Request) -> Response:
        name = request.query_params.get("name", "")
        field = request.query_params.get("for", "photo")
        data = await _body(request, "picture")
        picture = await run_in_threadpool(desk.add_picture, data, name, field)
        return _answer(id=picture.id, name=picture.name)

    def story_of(data: dict[str, Any]) -> Story:
        ident = data.get("story")
        story = desk.stories.get(ident) if isinstance(ident, str) else None
        if story is None:
            raise CardsError("that story is no longer on the desk; read it again",
                             field="story")
        return story

    @_errors_answered
    async def check(request: Request) -> Response:
        data = await _json(request)
        quote = data.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            raise CardsError("pick a quote or type one", field="quote")
        return _answer(**desk.check(story_of(data), quote.strip()))

    @_errors_answered
    async def card(request: Request) -> Response:
        data = await _json(request)
        story = story_of(data)
        template, preset = data.get("template"), data.get("preset")
        if not isinstance(template, str) or not isinstance(preset, str):
            raise CardsError("say which design and size", field="template")
        made, shown = desk.options(data)
        try:
            spec, verified = desk.plan(story, made, template, preset)
        except CardsError as e:  # this card's alone: its tile says why
            return _answer(template=template, preset=preset, **page_error(e))
        loop = asyncio.get_running_loop()
        job = (spec, verified, data.get("guides") is True)
        try:
            result = await asyncio.wait_for(
                loop.run_in_executor(workers.get(), draw, *job), CARD_SECONDS)
        except TimeoutError:
            return _answer(template=template, preset=preset, error=(
                f"this card took longer than {CARD_SECONDS:g} s and was given up on"))
        except BrokenProcessPool:
            workers.broken()
            return _answer(template=template, preset=preset, error=(
                "the worker drawing this card stopped (out of memory?); try again"))
        if len(result) == 1:
            return _answer(template=template, preset=preset, error=result[0])
        png, guides, alt, notes, filename = result
        key = filename.rsplit(".", 1)[0]
        desk.keep(key, Made(png, guides, filename))
        command, marker = desk.command(story, shown, template, preset, filename)
        return _answer(
            template=template, preset=preset, key=key, filename=filename, alt=alt,
            verified=verified, notes=list(notes), bytes=len(png),
            width=spec.template.size(preset).width, height=spec.template.size(preset).height,
            url=f"/cards/{key}.png", guides=f"/cards/{key}.guides.png" if guides else None,
            command=command, heredoc=marker)

    def card_bytes(request: Request, guides: bool) -> Response:
        """/cards/KEY.png (?download=1 to save it) or /cards/KEY.guides.png."""
        key = request.path_params["key"]
        made = desk.cards.get(key) if _KEY.fullmatch(key) else None
        data = None if made is None else (made.guides if guides else made.png)
        if made is None or data is None:
            return Response("that card is no longer on the desk; make it again\n", 404,
                            media_type="text/plain")
        headers = {"cache-control": "private, max-age=3600"}
        if request.query_params.get("download") and not guides:
            headers["content-disposition"] = f'attachment; filename="{made.filename}"'
        return Response(data, media_type="image/png", headers=headers)

    async def card_file(request: Request) -> Response:
        return card_bytes(request, guides=False)

    async def guides_file(request: Request) -> Response:
        return card_bytes(request, guides=True)

    async def archive(request: Request) -> Response:
        keys = [k for k in request.query_params.get("keys", "").split(",") if k]
        made = [desk.cards.get(k) for k in keys[:100] if _KEY.fullmatch(k)]
        found = [m for m in made if m is not None]
        if not found or len(found) < len(keys):
            return Response("some of those cards are no longer on the desk; make them"
                            " again\n", 404, media_type="text/plain")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
            for m in dict.fromkeys(found):  # PNGs are compressed already
                entry = zipfile.ZipInfo(m.filename, date_time=(2020, 2, 2, 0, 0, 0))
                entry.external_attr = 0o644 << 16  # readable once unpacked, as a file is
                z.writestr(entry, m.png)
        # Named for the quote, as each card is: the first card's name without its design.
        stem = found[0].filename.rsplit("-", 3)[0]
        return Response(buffer.getvalue(), media_type="application/zip", headers={
            "content-disposition": f'attachment; filename="{stem}-cards.zip"',
            "cache-control": "no-store"})

    routes = [
        Route("/", index),
        Route("/static/{name}", static),
        Route("/favicon.ico", no_icon),
        Route("/api/story", read_story, methods=["POST"]),
        Route("/api/story/file", read_file, methods=["POST"]),
        Route("/api/picture", add_picture, methods=["POST"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/card", card, methods=["POST"]),
        Route("/cards/{key}.guides.png", guides_file),  # before the plain card's
        Route("/cards/{key}.png", card_file),
        Route("/cards.zip", archive),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            workers.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    return guarded(app, guard)


def private_folder() -> Path:
    """A folder only this user can read, for the desk's uploads."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="cards-serve-"))
