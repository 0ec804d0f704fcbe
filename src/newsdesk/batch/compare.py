"""Compare batch results with each other and with a Desk: the equivalence checks' tools.

Story and storyline ids depend on how a store was filled (ids carry over between
ingests), so results are compared as partitions: which articles are duplicates of which,
which articles share a story, which stories share a storyline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.batch import rows
from newsdesk.batch.engines import read_table
from newsdesk.pipeline import Desk

Partition = frozenset[frozenset[str]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a run decided, independent of ids: articles, copies, stories, storylines."""

    articles: frozenset[str]
    duplicates: frozenset[tuple[str, str]]  # (copy, canonical)
    stories: Partition  # sets of article ids
    storylines: frozenset[Partition]  # sets of stories, each a set of article ids


def batch_outcome(out: str | Path) -> Outcome:
    """The outcome a batch run wrote under ``out``."""
    out = Path(out)
    stories = read_table(out / "stories", rows.STORIES).to_pylist()
    dups = read_table(out / "duplicates", rows.DUPLICATES).to_pylist()
    placed = read_table(out / "articles", rows.PLACED_ARTICLES).to_pylist()
    return _outcome(
        {r["id"] for r in placed},
        {(d["id"], d["duplicate_of"]) for d in dups},
        {s["id"]: (s["storyline"], s["article_ids"]) for s in stories},
    )


def desk_outcome(desk: Desk) -> Outcome:
    """The outcome a Desk holds."""
    ids = desk.store.all_article_ids()
    dups = {(a, c) for a, c in desk.store.duplicate_of(ids).items() if c}
    stories = {s.id: (s.storyline, list(s.article_ids)) for s in desk.stories()}
    return _outcome(set(ids), dups, stories)


def _outcome(
    ids: set[str], dups: set[tuple[str, str]], stories: dict[str, tuple[str, list[str]]]
) -> Outcome:
    members = {sid: frozenset(m) for sid, (_line, m) in stories.items()}
    lines: dict[str, set[frozenset[str]]] = {}
    for sid, (line, _m) in stories.items():
        lines.setdefault(line, set()).add(members[sid])
    return Outcome(
        articles=frozenset(ids),
        duplicates=frozenset(dups),
        stories=frozenset(members.values()),
        storylines=frozenset(frozenset(group) for group in lines.values()),
    )


def differences(a: Outcome, b: Outcome) -> dict[str, int]:
    """How many items each side has that the other lacks, per aspect (all 0: identical)."""
    return {
        "articles": len(a.articles ^ b.articles),
        "duplicates": len(a.duplicates ^ b.duplicates),
        "stories": len(a.stories ^ b.stories),
        "storylines": len(a.storylines ^ b.storylines),
    }
