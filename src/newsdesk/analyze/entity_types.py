"""The entity data: a mention (a span of one article) and an entity (merged mentions)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity: a span of ``article.text`` and what the text says it is."""

    article_id: str
    start: int
    end: int
    text: str
    kind: str  # "person" | "org" | "place"
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place, with every name variant and role the texts use."""

    id: str
    name: str
    kind: str
    variants: tuple[str, ...]
    roles: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: tuple[Mention, ...]
