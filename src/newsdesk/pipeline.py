"""The desk: ingest -> clean -> dedupe -> cluster, on a store. A straight line of stage calls.

>>> desk = Desk.open(None)                       # a throwaway in-memory store
>>> report = desk.ingest_paths(["examples/corpus"])
>>> [story.headline for story in desk.stories()]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from newsdesk.candidates import candidate_similarities, key_term_candidates
from newsdesk.cluster import MAX_STORY_DAYS, MIN_SHARED_KEY_TERMS, STORYLINE_SIM
from newsdesk.dedupe import (
    NEAR_DUP_JACCARD,
    band_keys,
    choose_canonicals,
    normalised_text_hash,
)
from newsdesk.errors import StoreError
from newsdesk.features import Features, features_of, minhash_jaccard
from newsdesk.ids import content_id
from newsdesk.model import Article, IngestReport, Problem, RawArticle, Story, Storyline
from newsdesk.regroup import regroup
from newsdesk.store import Store
from newsdesk.workers import PARALLEL_MIN, Ready, ordered_map, prepared

if TYPE_CHECKING:
    from newsdesk.brief import Brief

BRIEF_VERSION = "2"  # bump when brief output changes, so cached briefs are recomputed
CHUNK = 1000  # articles per transaction: a kill loses at most one uncommitted chunk

Progress = Callable[[int], None]
T = TypeVar("T")
STORY_DAYS_KEY = "story_days"


class Desk:
    """A store of articles grouped into stories, with the operations users call."""

    def __init__(
        self,
        store: Store,
        *,
        scratch: Path | None = None,
        workers: int = 0,
        story_days: int | None = None,
    ) -> None:
        self.store = store
        self._scratch = scratch
        self.workers = workers
        try:
            self.story_days = _story_days(store, story_days)
        except StoreError:
            store.close()
            raise

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, workers: int = 0, story_days: int | None = None
    ) -> Desk:
        """Open (or create) the store at ``path``; ``None`` gives a temporary one.

        A temporary store is a file in a scratch folder (removed on :meth:`close`) rather
        than ``:memory:``, so large digests do not hold every article in RAM. ``workers``
        processes prepare large inputs beside this one (``workers.default_workers()``: one
        per spare core; the CLI's default); results are the same either way. They are
        started with "spawn", so a script that asks for them needs the usual
        ``if __name__ == "__main__":`` guard.

        ``story_days``: articles published more than this many days apart report different
        events (default ``cluster.MAX_STORY_DAYS``). Stories depend on it, so a store keeps
        the value it was first filled with and refuses another.
        """
        if path is not None:
            return cls(Store(path), workers=workers, story_days=story_days)
        scratch = Path(tempfile.mkdtemp(prefix="newsdesk-"))
        store = Store(scratch / "desk.db")
        return cls(store, scratch=scratch, workers=workers, story_days=story_days)

    def close(self) -> None:
        self.store.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ----------------------------------------------------------------------------
    def ingest_paths(
        self, paths: Sequence[str], *, stdin: TextIO | None = None, progress: Progress | None = None
    ) -> IngestReport:
        """Read files, folders (recursively) and ``-`` (stdin), then :meth:`ingest` them."""
        from newsdesk.ingest import read_paths  # trafilatura loads only when files are read

        return self.ingest(read_paths(paths, stdin=stdin), progress=progress)

    def ingest(
        self, items: Iterable[RawArticle | Article | Problem], *, progress: Progress | None = None
    ) -> IngestReport:
        """Add articles; each chunk commits with its story updates, or not at all."""
        problems: list[Problem] = []
        totals = IngestReport()
        for chunk in _chunks(_prepared(items, problems, self.workers), CHUNK):
            report = self._ingest_chunk(chunk)
            totals = IngestReport(
                added=totals.added + report.added,
                unchanged=totals.unchanged + report.unchanged,
                duplicates=totals.duplicates + report.duplicates,
                changes=totals.changes + report.changes,
            )
            if progress is not None:
                progress(len(chunk))
        return IngestReport(
            added=totals.added,
            unchanged=totals.unchanged,
            duplicates=totals.duplicates,
            problems=tuple(problems),
            changes=totals.changes,
        )

    def _ingest_chunk(self, chunk: list[tuple[Article, Features | None]]) -> IngestReport:
        store = self.store
        with store.transaction():
            new: list[tuple[Article, Features | None]] = []
            seen: set[str] = set()
            for article, known in chunk:
                if article.id in seen or store.has_article(article.id):
                    continue
                seen.add(article.id)
                new.append((article, known))
            touched: set[str] = set()
            unhinted: list[tuple[Article, Features]] = []
            for article, known in new:
                feats = known or features_of(article)
                touched |= self._add(article, feats)
                if article.story_hint is None:
                    unhinted.append((article, feats))
            self._link_similar(unhinted)
            dup_count = sum(1 for d in store.duplicate_of([a.id for a, _ in new]).values() if d)
            if store.setting(STORY_DAYS_KEY) is None:
                store.set_setting(STORY_DAYS_KEY, str(self.story_days))
            changes = regroup(store, touched, self.story_days)
            store.record_changes(changes)
        return IngestReport(
            added=len(new),
            unchanged=len(chunk) - len(new),
            duplicates=dup_count,
            changes=tuple(changes),
        )

    def _add(self, article: Article, feats: Features) -> set[str]:
        """Store one article with its features, link duplicates; return the ids touched."""
        store = self.store
        text_hash = normalised_text_hash(article.text)
        bands = band_keys(feats.minhash)
        store.add_article(
            article,
            text_hash=text_hash,
            terms=feats.terms,
            key_terms=feats.key_terms,
            minhash=feats.minhash,
            bands=bands,
            dates=feats.dates,
        )
        touched = {article.id}
        dups = set(store.with_text_hash(text_hash))
        near = [c for c in store.band_matches(bands) if c not in dups]
        for other, signature in store.minhash_of(near).items():
            if minhash_jaccard(feats.minhash, signature) >= NEAR_DUP_JACCARD:
                dups.add(other)
        dups.discard(article.id)
        if dups:
            touched |= self._relink_duplicates(article.id, dups)
        return touched

    def _link_similar(self, added: Sequence[tuple[Article, Features]]) -> None:
        """Record similarity edges to the candidates that share key terms (no all-pairs).

        Every new article is stored before candidates are looked up, so two new articles
        find each other whatever their order; similarities come from one matrix product.
        """
        store = self.store
        if not added:
            return
        keys = {article.id: feats.key_terms for article, feats in added}
        postings = store.key_term_postings({t for ks in keys.values() for t in ks})
        found = key_term_candidates(keys, postings, MIN_SHARED_KEY_TERMS)
        hints = store.hint_of({c for cands in found.values() for c in cands})
        free = {c for c, h in hints.items() if h is None}
        found = {a: [c for c in cands if c in free] for a, cands in found.items()}
        terms: dict[str, dict[str, float]] = store.terms_of(free)
        terms.update((article.id, feats.terms) for article, feats in added)
        # the date gate applies per story, later
        store.add_edges(candidate_similarities(found, terms, STORYLINE_SIM))

    def _relink_duplicates(self, article_id: str, dups: set[str]) -> set[str]:
        store = self.store
        heads = {d if c is None else c for d, c in store.duplicate_of(dups).items()}
        group = {article_id} | dups | heads
        for copies in store.copies_of(heads).values():
            group.update(copies)
        canon = choose_canonicals([group], store.published_of(group))
        before = store.duplicate_of(group)
        for member, head in canon.items():
            if before.get(member) != head:
                store.set_duplicate_of(member, head)
        return group

    # -- reading ---------------------------------------------------------------------------
    def stories(self) -> list[Story]:
        """All stories, biggest first, then newest, then by id."""
        with self.store.snapshot():
            stories = self.store.stories()
        return sorted(
            stories,
            key=lambda s: (-len(s.article_ids), _neg_date(s.last_published), s.id),
        )

    def story(self, story_id: str) -> Story:
        with self.store.snapshot():
            return self.store.story(story_id)

    def storylines(self) -> list[Storyline]:
        groups: dict[str, list[Story]] = {}
        for story in self.stories():
            groups.setdefault(story.storyline, []).append(story)
        out = []
        for line_id, members in sorted(groups.items()):
            members.sort(key=lambda s: (s.first_published or "9999", s.id))
            out.append(Storyline(line_id, tuple(s.id for s in members)))
        return out

    def brief(
        self, story_id: str, *, max_sentences: int = 5, max_words: int | None = None
    ) -> Brief:
        """The story's brief: summary with citations, facts, quotes, entities, timeline."""
        from newsdesk.brief import build_brief

        story = self.story(story_id)
        return build_brief(
            self.articles(story.article_ids), max_sentences=max_sentences, max_words=max_words
        )

    def brief_dict(
        self, story_id: str, *, max_sentences: int = 5, max_words: int | None = None
    ) -> dict[str, Any]:
        """The brief as JSON-ready data, cached in the store until the story changes."""
        story = self.story(story_id)
        data = next(self.brief_dicts([story], max_sentences=max_sentences, max_words=max_words))
        assert data is not None  # without on_error a failure raises
        return data

    def briefs(
        self,
        stories: Sequence[Story],
        *,
        max_sentences: int = 5,
        max_words: int | None = None,
        on_error: BriefError | None = None,
    ) -> Iterator[Brief | None]:
        """Each story's brief, in order. With ``workers``, a digest-sized request is briefed
        by the worker processes and this one together (the same briefs, sooner).

        A brief that fails raises, unless ``on_error`` is given: it is then called with the
        story and the error's one-line text, and ``None`` stands for that brief.
        """
        build = _builder(max_sentences, max_words, on_error)
        args = (self.articles(story.article_ids) for story in stories)
        results = ordered_map(build, args, self._brief_workers(stories))
        for story, result in zip(stories, results, strict=True):
            yield _checked(story, result, on_error)

    def brief_dicts(
        self,
        stories: Sequence[Story],
        *,
        max_sentences: int = 5,
        max_words: int | None = None,
        on_error: BriefError | None = None,
    ) -> Iterator[dict[str, Any] | None]:
        """:meth:`brief_dict` of each story, in order; briefs are cached in the store until
        their story changes, and computed as :meth:`briefs` does (``on_error`` too)."""
        from newsdesk.brief import brief_to_dict

        signatures = [
            content_id("brief", BRIEF_VERSION, str(max_sentences), str(max_words), *s.article_ids)
            for s in stories
        ]

        def args() -> Iterator[list[Article] | Ready[Brief | BriefFailure | dict[str, Any]]]:
            for story, signature in zip(stories, signatures, strict=True):
                cached = self.store.cached_brief(story.id, signature)
                if cached is not None:
                    yield Ready(json.loads(cached))
                else:
                    yield self.articles(story.article_ids)

        build: Callable[[list[Article]], Brief | BriefFailure | dict[str, Any]]
        build = _builder(max_sentences, max_words, on_error)
        results = ordered_map(build, args(), self._brief_workers(stories))
        for story, signature, result in zip(stories, signatures, results, strict=True):
            if isinstance(result, dict):
                yield result
                continue
            brief = _checked(story, result, on_error)
            if brief is None:
                yield None
                continue
            data = brief_to_dict(brief)
            with self.store.transaction():
                self.store.put_brief(story.id, signature, json.dumps(data, ensure_ascii=False))
            yield data

    def storyline_briefs(
        self, stories: Sequence[Story], *, max_sentences: int = 5, max_words: int | None = None
    ) -> list[tuple[Story, dict[str, Any]]]:
        """:meth:`brief_dicts` of a storyline's stories, each with its story; a story whose
        brief fails is left out (where it is shown, its own failure is reported)."""
        found = self.brief_dicts(
            stories, max_sentences=max_sentences, max_words=max_words, on_error=_left_out
        )
        return [(s, b) for s, b in zip(stories, found, strict=True) if b is not None]

    def _brief_workers(self, stories: Sequence[Story]) -> int:
        """Worker processes for briefing ``stories``: none for a few small ones (a worker
        takes seconds to start and load spaCy)."""
        size = sum(len(story.article_ids) for story in stories)
        return self.workers if len(stories) > 1 and size >= PARALLEL_MIN else 0

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def articles(self, ids: Iterable[str]) -> list[Article]:
        return self.store.articles(ids)


BriefError = Callable[[Story, str], None]


@dataclass(frozen=True, slots=True)
class BriefFailure:
    """A brief that raised, as one line (it crosses process boundaries as plain data)."""

    message: str


def _builder(
    max_sentences: int, max_words: int | None, on_error: BriefError | None
) -> Callable[[list[Article]], Brief | BriefFailure]:
    """:func:`_build` with the brief's options, picklable for worker processes."""
    return functools.partial(
        _build, max_sentences=max_sentences, max_words=max_words, catch=on_error is not None
    )


def _build(
    articles: list[Article], *, max_sentences: int, max_words: int | None, catch: bool
) -> Brief | BriefFailure:
    """``build_brief``; with ``catch``, an exception comes back as a :class:`BriefFailure`
    so one story's failure costs only that brief (a worker process's too)."""
    from newsdesk.brief import build_brief

    try:
        return build_brief(articles, max_sentences=max_sentences, max_words=max_words)
    except Exception as e:  # any failure: reported per story by the caller's on_error
        if not catch:
            raise
        return BriefFailure(f"{type(e).__name__}: {e}".splitlines()[0])


def _left_out(story: Story, message: str) -> None:
    """``on_error`` of :meth:`Desk.storyline_briefs`: the brief is just left out."""


def _checked(
    story: Story, result: Brief | BriefFailure, on_error: BriefError | None
) -> Brief | None:
    if isinstance(result, BriefFailure):
        assert on_error is not None  # failures come back only when caught for on_error
        on_error(story, result.message)
        return None
    return result


def _neg_date(day: str | None) -> str:
    # newest first inside a sort ascending on this key; unknown dates last
    if not day:
        return "~"
    return "".join(chr(0x7E - ord(c) + 0x20) if c.isdigit() else c for c in day)


def _story_days(store: Store, wanted: int | None) -> int:
    """The store's date window; a different one for a filled store is an error."""
    stored = store.setting(STORY_DAYS_KEY)
    if stored is None:  # a new store, or one filled before the window was recorded
        if wanted is not None and wanted != MAX_STORY_DAYS and store.article_count():
            raise StoreError(
                f"{store.path} holds stories grouped with the default {MAX_STORY_DAYS}-day "
                f"window; use a new store for a {wanted}-day window"
            )
        return MAX_STORY_DAYS if wanted is None else wanted
    if wanted is not None and wanted != int(stored):
        raise StoreError(
            f"{store.path} groups stories with a {stored}-day window, not {wanted}, and its "
            "stories depend on it; leave the window out or use a new store"
        )
    return int(stored)


def _prepared(
    items: Iterable[RawArticle | Article | Problem], problems: list[Problem], workers: int
) -> Iterator[tuple[Article, Features | None]]:
    for item, feats in prepared(items, workers):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            yield item, feats


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
