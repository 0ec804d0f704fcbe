"""The data newsdesk passes between stages: plain, frozen dataclasses.

Imports nothing of ours. Every stage takes and returns these; the store persists them.
Offsets (``start``/``end``) always index an :class:`Article`'s cleaned ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Removed:
    """A line that cleaning took out of an article, and why."""

    line: str
    reason: str


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One item as a reader found it, before cleaning.

    ``source`` names the item for people: the file path as given, or for a JSONL line its
    ``id`` (else its ``url``, else ``FILE:LINE``). Exactly one of ``text``/``html`` is set.
    Metadata fields are ``None`` when unknown; nothing is invented.
    ``published`` is an ISO 8601 date (``2021-07-09``) or date-time string.
    ``story`` is a grouping the user brings (clustering is skipped for those articles).
    """

    source: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None
    story: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """An input item with a problem: which item, and what is wrong with it.

    ``skipped`` is False for a warning: the item was read without the bad part (say, an
    unusable date in its metadata).
    """

    source: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. ``id`` derives from its source and content, never arrival order."""

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None
    story_hint: str | None = None
    removed: tuple[Removed, ...] = ()
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world event: its articles (canonical ones and their copies)."""

    id: str
    headline: str
    storyline: str
    article_ids: tuple[str, ...]
    first_published: str | None = None
    last_published: str | None = None


@dataclass(frozen=True, slots=True)
class Storyline:
    """Stories about the same actors and subject at different times, oldest first."""

    id: str
    story_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryChange:
    """A change to the story map recorded by an ingest: new, grew, merged or split."""

    kind: str
    story_id: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did: counts, the problems it skipped, and story changes."""

    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    problems: tuple[Problem, ...] = ()
    changes: tuple[StoryChange, ...] = field(default_factory=tuple)
