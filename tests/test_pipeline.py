"""The desk: stories, storylines, duplicates, idempotence, order and batch independence."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import STORYLINES, make_corpus
from newsdesk import Desk, NotFoundError
from newsdesk.errors import StoreError
from newsdesk.ids import content_id
from newsdesk.model import Article
from newsdesk.store import MIGRATIONS

ARTICLES, GOLD = make_corpus()


def partition(desk: Desk) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in desk.stories()}


def gold_partition(articles: list[Article]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a in articles:
        groups.setdefault(GOLD.get(a.id, GOLD.get(a.duplicate_of or "", "")), set()).add(a.id)
    return {frozenset(g) for g in groups.values()}


def test_stories_match_the_events_and_storylines_link_related_ones() -> None:
    desk = Desk.open(None)
    desk.ingest(ARTICLES)
    assert partition(desk) == gold_partition(ARTICLES)
    line_of = {GOLD[s.article_ids[0]]: s.storyline for s in desk.stories()}
    assert line_of["harbour-grounding"] == line_of["harbour-refloat"]
    assert line_of["orchard-fire"] != line_of["harbour-grounding"]
    assert {STORYLINES[e] for e in line_of} == {"harbour", "fire"}


def test_every_article_is_in_exactly_one_story() -> None:
    desk = Desk.open(None)
    desk.ingest(ARTICLES)
    members = [a for s in desk.stories() for a in s.article_ids]
    assert sorted(members) == sorted(a.id for a in ARTICLES)


def test_reingest_adds_nothing_and_keeps_story_ids() -> None:
    desk = Desk.open(None)
    desk.ingest(ARTICLES)
    before = [(s.id, s.article_ids) for s in desk.stories()]
    report = desk.ingest(ARTICLES)
    assert report.added == 0 and report.unchanged == len(ARTICLES)
    assert [(s.id, s.article_ids) for s in desk.stories()] == before
    assert desk.store.article_count() == len(ARTICLES)


@settings(max_examples=15, deadline=None)
@given(st.permutations(ARTICLES), st.integers(min_value=1, max_value=len(ARTICLES) - 1))
def test_order_and_batching_do_not_change_stories(order: list[Article], cut: int) -> None:
    one = Desk.open(None)
    one.ingest(ARTICLES)
    two = Desk.open(None)
    two.ingest(order[:cut])
    two.ingest(order[cut:])
    assert partition(two) == partition(one)
    lines_one = {frozenset(line.story_ids) for line in one.storylines()}
    ids_one = {s.id: frozenset(s.article_ids) for s in one.stories()}
    ids_two = {s.id: frozenset(s.article_ids) for s in two.stories()}
    lines_two = {frozenset(line.story_ids) for line in two.storylines()}
    as_members = lambda lines, ids: {frozenset(ids[s] for s in line) for line in lines}  # noqa: E731
    assert as_members(lines_two, ids_two) == as_members(lines_one, ids_one)


def test_exact_and_syndicated_copies_point_at_one_canonical() -> None:
    original = ARTICLES[0]
    exact = dataclasses.replace(
        original, id=content_id("exact", original.text), source="mirror/copy.txt", outlet="Mirror"
    )
    wire = dataclasses.replace(
        original,
        id=content_id("wire", original.text),
        source="wire.txt",
        outlet="Wire Daily",
        title="A different headline",
        text=original.text.replace("Monday", "Monday morning") + "\n\nFollow us for more news.",
    )
    desk = Desk.open(None)
    report = desk.ingest([wire, exact, *ARTICLES])
    assert report.duplicates == 2
    canonical = {a.id: a.duplicate_of for a in desk.articles([original.id, exact.id, wire.id])}
    heads = {h for h in canonical.values() if h}
    assert len(heads) == 1 and canonical[next(iter(heads))] is None
    story = next(s for s in desk.stories() if original.id in s.article_ids)
    assert {exact.id, wire.id} <= set(story.article_ids)


def test_copy_arriving_first_gives_the_same_canonical() -> None:
    original = ARTICLES[0]
    copy = dataclasses.replace(original, id=content_id("c", original.text), source="copy.txt")
    first = Desk.open(None)
    first.ingest([original, copy])
    second = Desk.open(None)
    second.ingest([copy])
    second.ingest([original])
    pick = lambda d: d.articles([original.id, copy.id])  # noqa: E731
    assert [a.duplicate_of for a in pick(first)] == [a.duplicate_of for a in pick(second)]


def test_new_article_joins_story_and_change_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with Desk.open(db) as desk:
        desk.ingest(ARTICLES[:2])
        old = {s.id for s in desk.stories()}
        report = desk.ingest(ARTICLES[2:3])
        assert {c.kind for c in report.changes} <= {"grew", "new", "merged"}
        grown = next(s for s in desk.stories() if ARTICLES[2].id in s.article_ids)
        assert grown.id in old
        assert desk.store.story_changes()


def test_store_survives_reopen_and_records_migrations(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with Desk.open(db) as desk:
        desk.ingest(ARTICLES)
        stories = partition(desk)
    with Desk.open(db) as desk:
        assert partition(desk) == stories
        versions = [v for v, _ in desk.store.migrations()]
        assert versions == list(range(1, len(MIGRATIONS) + 1))
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_failed_chunk_leaves_nothing_half_written(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with Desk.open(db) as desk:
        desk.ingest(ARTICLES[:3])
        before = desk.store.article_count(), partition(desk)

        def exploding() -> object:
            yield from ARTICLES[3:6]
            raise KeyboardInterrupt  # a kill mid-ingest

        with pytest.raises(KeyboardInterrupt):
            desk.ingest(exploding())  # type: ignore[arg-type]
        assert (desk.store.article_count(), partition(desk)) == before


def test_unknown_ids_raise_not_found_with_a_hint() -> None:
    desk = Desk.open(None)
    with pytest.raises(NotFoundError, match="newsdesk stories"):
        desk.story("nope")
    with pytest.raises(NotFoundError):
        desk.article("nope")


def test_user_grouping_skips_clustering() -> None:
    hinted = [dataclasses.replace(a, story_hint="all-in-one") for a in ARTICLES]
    desk = Desk.open(None)
    desk.ingest(hinted)
    assert partition(desk) == {frozenset(a.id for a in hinted)}


def test_worker_processes_store_exactly_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large inputs are prepared in worker processes; the store must not notice."""
    from newsdesk import workers
    from newsdesk.model import RawArticle

    raw = [
        RawArticle(
            source=a.source, text=a.text, title=a.title, outlet=a.outlet, published=a.published
        )
        for a in ARTICLES
    ]
    monkeypatch.setattr(workers, "PARALLEL_MIN", 5)
    monkeypatch.setattr(workers, "BATCH", 3)

    def snapshot(desk: Desk) -> object:
        stories = [(s.id, s.article_ids, s.storyline, s.headline) for s in desk.stories()]
        ids = [a for s in desk.stories() for a in s.article_ids]
        return stories, [(a.id, a.text, a.duplicate_of) for a in desk.articles(sorted(ids))]

    with Desk.open(tmp_path / "parallel.db", workers=1) as desk:
        report = desk.ingest(raw)
        parallel = snapshot(desk)
    with Desk.open(tmp_path / "serial.db", workers=0) as desk:
        assert desk.ingest(raw) == report
        assert snapshot(desk) == parallel
    assert report.added == len(ARTICLES)


def test_briefs_from_worker_processes_equal_one_process_briefs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A digest's briefs are shared between worker processes and this one; same output."""
    from newsdesk import pipeline
    from newsdesk.views import digest_json

    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 2)  # the examples are below the real one
    out = []
    for workers in (0, 1):
        desk = Desk.open(None, workers=workers)
        desk.ingest(ARTICLES)
        assert desk._brief_workers(desk.stories()) == workers  # the pool really runs
        out.append("".join(digest_json(desk)))
        assert "".join(digest_json(desk)) == out[-1]  # and the cached briefs read back
    assert out[0] == out[1]


def test_the_date_window_is_a_setting_each_store_keeps(tmp_path: Path) -> None:
    grounding = {a.id for a in ARTICLES if GOLD[a.id] == "harbour-grounding"}
    refloat = {a.id for a in ARTICLES if GOLD[a.id] == "harbour-refloat"}
    with Desk.open(tmp_path / "wide.db", story_days=30) as desk:
        desk.ingest(ARTICLES)
        # eight days apart: one event for a 30-day window (the default keeps them apart,
        # see test_stories_match_the_events_and_storylines_link_related_ones)
        assert any(grounding | refloat <= set(s.article_ids) for s in desk.stories())
    with Desk.open(tmp_path / "wide.db") as desk:
        assert desk.story_days == 30  # kept by the store
    with pytest.raises(StoreError, match="30-day window, not 4"):
        Desk.open(tmp_path / "wide.db", story_days=4)
