"""On 10,000 real articles, ingesting in chunks gives the stories and storylines of one ingest.

The small hand-written corpora never grow blocks past ``MAX_BLOCK`` nor make storylines fall
apart when a story merges away; real news does both (the bugs this caught: a new story id
landing on a story outside the regrouped part, and storylines left joined after their link
went). Runs where ../shared is present (CI); about two minutes.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import ROOT, need_shared
from newsdesk import pipeline
from newsdesk.pipeline import Desk


def _state(desk: Desk) -> tuple[set[frozenset[str]], set[frozenset[frozenset[str]]]]:
    stories = {s.id: frozenset(s.article_ids) for s in desk.stories()}
    lines = {frozenset(stories[s] for s in line.story_ids) for line in desk.storylines()}
    return set(stories.values()), lines


def test_chunks_equal_one_ingest_on_real_news(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_shared("eval")
    # bench/corpus.py, loaded by path: tests/corpus.py already owns the module name
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    bench_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_corpus)
    build = bench_corpus.build

    corpus = tmp_path / "corpus.jsonl"
    assert build(corpus) >= 10_000
    monkeypatch.setattr(pipeline, "CHUNK", 100_000)
    with Desk.open(tmp_path / "one.db") as desk:
        desk.ingest_paths([str(corpus)])
        one = _state(desk)
    monkeypatch.setattr(pipeline, "CHUNK", 1000)
    with Desk.open(tmp_path / "chunked.db") as desk:
        desk.ingest_paths([str(corpus)])
        chunked = _state(desk)
    assert chunked[0] == one[0]
    assert chunked[1] == one[1]
