"""The JSON twins' shapes, for the OpenAPI document at ``/openapi.json`` (documentation only:
responses are built by :mod:`newsdesk.web.pages` and are not re-validated on the way out).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class StoryRow(_Open):
    id: str
    headline: str
    storyline: str
    storyline_stories: int
    articles: int
    outlets: int
    first_published: str | None
    last_published: str | None


class OutletCount(_Open):
    name: str
    articles: int


class StoriesPage(_Open):
    """One page of stories; follow ``next`` (as ``after=``) for the following page."""

    stories: list[StoryRow]
    total: int
    query: dict[str, str]
    next: str | None
    outlets: list[OutletCount]
    state: dict[str, int]


class StatePage(_Open):
    """Counters that change when an ingest commits: poll them to know when to reload."""

    state: dict[str, int]


class StoryPage(_Open):
    """The story document of ``docs/schemas/digest.schema.json`` (with its brief), plus the
    outlet x fact ``matrix``, the storyline's other stories (``storyline_stories``) and, for
    a storyline of up to 12 stories, its merged timeline (each entry with its ``story``) and
    recurring actors (``storyline_timeline``, ``storyline_actors``)."""

    id: str
    headline: str
    storyline: str
    first_published: str | None
    last_published: str | None
    outlets: list[str]
    articles: list[dict[str, Any]]
    summary: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    single_source: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    discrepancies: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    matrix: dict[str, Any]
    storyline_stories: list[dict[str, Any]]
    storyline_timeline: list[dict[str, Any]] = []
    storyline_actors: list[dict[str, Any]] = []


class ArticlePage(_Open):
    """A cleaned article: ``sentences`` are ``{start, end}`` offsets into ``text``."""

    id: str
    source: str
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    duplicate_of: str | None
    text: str
    removed: list[dict[str, str]]
    sentences: list[dict[str, int]]
    copies: list[dict[str, Any]]
    story: dict[str, Any] | None


class EntityPage(_Open):
    name: str
    kinds: list[str]
    variants: list[str]
    roles: list[str]
    stories: list[dict[str, Any]]


class SearchPage(_Open):
    """Matching articles grouped by story (snippets as ``[{text, match}]`` parts)."""

    query: str
    stories: list[dict[str, Any]]
    names: list[dict[str, Any]]
    hits: int


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorBody(BaseModel):
    """The one error shape of every JSON response."""

    error: ErrorDetail
