"""The routes: each parses its parameters, calls one page builder, and renders.

Every page answers at its path (HTML, or JSON for ``Accept: application/json``) and at the
same path with ``.json``. All routes are GET and change nothing a user can see.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from newsdesk.web import pages, present
from newsdesk.web.app import cached, desk_of, remember, render
from newsdesk.web.schemas import (
    ArticlePage,
    EntityPage,
    ErrorBody,
    SearchPage,
    StatePage,
    StoriesPage,
    StoryPage,
)

router = APIRouter()

_HTML_OR_JSON = {"content": {"text/html": {}}, "description": "HTML, or JSON on request"}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "a bad parameter (named in the message)"},
    404: {"model": ErrorBody, "description": "no such id"},
}

Order = Annotated[str, Query(description="newest, biggest or corroborated (distinct outlets)")]
DateFrom = Annotated[str | None, Query(description="latest report on or after (YYYY-MM-DD)")]
DateTo = Annotated[str | None, Query(description="latest report on or before (YYYY-MM-DD)")]
Outlet = Annotated[str | None, Query(description="stories with an article from this outlet")]
Entity = Annotated[str | None, Query(description="stories naming this entity (any variant)")]
Storyline = Annotated[str | None, Query(description="only the stories of this storyline")]
After = Annotated[str | None, Query(description="the `next` cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=pages.MAX_PAGE_SIZE, description="stories per page")]
Highlight = Annotated[str | None, Query(description="START-END: the sentence to highlight")]
SearchText = Annotated[str, Query(max_length=500, description="words to find (all must match)")]


def _filters(
    order: Order = "newest",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    outlet: Outlet = None,
    entity: Entity = None,
    storyline: Storyline = None,
    after: After = None,
    limit: Limit = pages.PAGE_SIZE,
) -> pages.StoryFilters:
    """The stories page's query parameters (a dependency shared by the page and its twin)."""
    return pages.StoryFilters(
        order=order,
        date_from=date_from or None,
        date_to=date_to or None,
        outlet=outlet or None,
        entity=entity or None,
        storyline=storyline or None,
        after=after or None,
        limit=limit,
    )


Filters = Annotated[pages.StoryFilters, Depends(_filters)]


@router.get("/", response_model=StoriesPage, responses={200: _HTML_OR_JSON, **_ERRORS})
async def stories(request: Request, query: Filters) -> Response:
    """The stories: newest, biggest or most corroborated; filtered; keyset-paged."""

    def build() -> Response:
        data = pages.stories_page(desk_of(request), query, remember(request))
        return render(request, "stories.html", data)

    return await cached(request, build)


@router.get("/stories.json", response_model=StoriesPage, responses=_ERRORS)
async def stories_json(request: Request, query: Filters) -> Response:
    """The stories page as JSON: ``{"stories": [{"id", "headline", ...}], "next", ...}``."""

    def build() -> Response:
        return JSONResponse(pages.stories_page(desk_of(request), query, remember(request)))

    return await cached(request, build)


@router.get("/state.json", response_model=StatePage)
async def state_json(request: Request) -> Response:
    """Counters that change when articles arrive (the stories page polls this)."""
    return JSONResponse(pages.state_page(desk_of(request)))


@router.get("/stories/{story_id}.json", response_model=StoryPage, responses=_ERRORS)
async def story_json(request: Request, story_id: str) -> Response:
    """One story with its brief, as JSON."""
    return await cached(request, lambda: JSONResponse(pages.story_page(desk_of(request), story_id)))


@router.get(
    "/stories/{story_id}", response_model=StoryPage, responses={200: _HTML_OR_JSON, **_ERRORS}
)
async def story(request: Request, story_id: str) -> Response:
    """One story: its brief with citations, outlet x fact matrix, quotes, entities, timeline."""

    def build() -> Response:
        data = pages.story_page(desk_of(request), story_id)
        names = {a["id"]: a["outlet"] or a["source"] for a in data["articles"]}
        return render(request, "story.html", data, names=names)

    return await cached(request, build)


@router.get("/articles/{article_id}.json", response_model=ArticlePage, responses=_ERRORS)
async def article_json(request: Request, article_id: str) -> Response:
    """One article's cleaned text, sentence offsets, removed lines, copies and story."""

    def build() -> Response:
        return JSONResponse(pages.article_page(desk_of(request), article_id))

    return await cached(request, build)


@router.get(
    "/articles/{article_id}",
    response_model=ArticlePage,
    responses={200: _HTML_OR_JSON, **_ERRORS},
)
async def article(request: Request, article_id: str, hl: Highlight = None) -> Response:
    """One article; ``?hl=START-END`` highlights the cited sentence (``#s-START-END``)."""

    def build() -> Response:
        data = pages.article_page(desk_of(request), article_id)
        span = present.parse_hl(hl)
        parts = present.paragraphs(data["text"], data["sentences"], span)
        return render(request, "article.html", data, paragraphs=parts, hl=span)

    return await cached(request, build)


@router.get("/entities/{name}.json", response_model=EntityPage, responses=_ERRORS)
async def entity_json(request: Request, name: str) -> Response:
    """An entity by name or variant: variants, roles and stories over time."""
    return await cached(request, lambda: JSONResponse(pages.entity_page(desk_of(request), name)))


@router.get(
    "/entities/{name}", response_model=EntityPage, responses={200: _HTML_OR_JSON, **_ERRORS}
)
async def entity(request: Request, name: str) -> Response:
    """An entity by name or variant: variants, roles and stories over time."""
    return await cached(
        request, lambda: render(request, "entity.html", pages.entity_page(desk_of(request), name))
    )


@router.get("/search.json", response_model=SearchPage, responses=_ERRORS)
async def search_json(request: Request, q: SearchText = "") -> Response:
    """Full-text search over articles (and entity names), grouped by story."""
    return await cached(request, lambda: JSONResponse(pages.search_page(desk_of(request), q)))


@router.get("/search", response_model=SearchPage, responses={200: _HTML_OR_JSON, **_ERRORS})
async def search(request: Request, q: SearchText = "") -> Response:
    """Full-text search over articles (and entity names), grouped by story."""
    return await cached(
        request, lambda: render(request, "search.html", pages.search_page(desk_of(request), q))
    )
