"""Put a batch result into a store, through the store's own methods.

The store then holds what an ingest of the same articles would: articles with their
features (so later ``newsdesk ingest`` runs extend the stories incrementally), duplicate
links, similarity edges, stories with storylines, and briefs in the brief cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsdesk.batch import rows
from newsdesk.batch.engines import read_table
from newsdesk.cluster import MAX_STORY_DAYS
from newsdesk.errors import ConfigError, StoreError
from newsdesk.ids import content_id
from newsdesk.model import Story
from newsdesk.pipeline import BRIEF_VERSION, STORY_DAYS_KEY
from newsdesk.store import Store

LOAD_CHUNK = 1000  # articles per transaction
DEFAULT_BRIEF = ("5", "None")  # the Desk's default brief options: 5 sentences, no word cap


@dataclass(frozen=True, slots=True)
class LoadReport:
    articles: int
    stories: int
    briefs: int


def load_batch(out: str | Path, db: str | Path) -> LoadReport:
    """Load the batch result in ``out`` into a new store file ``db``."""
    out = Path(out)
    if not (out / "stages" / "export" / "_DONE.json").exists():
        raise ConfigError(
            f"{out} holds no finished batch run; run `newsdesk batch ... --out {out}`"
        )
    store = Store(db)
    try:
        if store.article_count():
            raise StoreError(f"{db} already holds articles; load a batch into a new store file")
        return _load(out, store)
    finally:
        store.close()


def _load(out: Path, store: Store) -> LoadReport:
    stage = out / "stages"
    placement = {
        r["id"]: r["duplicate_of"]
        for r in read_table(stage / "stories" / "placement", rows.PLACEMENT).to_pylist()
    }
    articles = read_table(stage / "articles" / "articles", rows.ARTICLES).to_pylist()
    for i in range(0, len(articles), LOAD_CHUNK):
        with store.transaction():
            for row in articles[i : i + LOAD_CHUNK]:
                row["duplicate_of"] = placement.get(row["id"])
                store.add_article(
                    rows.article_of(row),
                    text_hash=row["text_hash"],
                    terms=rows.terms_of(row),
                    key_terms=row["key_terms"],
                    minhash=np.frombuffer(row["minhash"], dtype="<u8"),
                    bands=row["bands"],
                    dates=row["dates"] or (),
                )
    edges = read_table(stage / "edges" / "edges", rows.EDGES).to_pylist()
    stories = read_table(out / "stories", rows.STORIES).to_pylist()
    briefs = [b for b in read_table(out / "briefs", rows.BRIEFS).to_pylist() if b["brief_json"]]
    members = {s["id"]: s["article_ids"] for s in stories}
    manifest = json.loads((stage / "manifest.json").read_text(encoding="utf-8"))
    with store.transaction():
        # the store keeps the run's date window, so later ingests group the same way
        store.set_setting(STORY_DAYS_KEY, str(manifest.get("story_days", MAX_STORY_DAYS)))
        store.add_edges((e["a"], e["b"], e["sim"]) for e in edges)
        for s in stories:
            store.put_story(
                Story(s["id"], s["headline"], s["storyline"], tuple(s["article_ids"]),
                      s["first_published"], s["last_published"])
            )  # fmt: skip
        for b in briefs:
            sig = content_id("brief", BRIEF_VERSION, *DEFAULT_BRIEF, *members[b["story_id"]])
            store.put_brief(b["story_id"], sig, json.dumps(json.loads(b["brief_json"])))
    return LoadReport(len(articles), len(stories), len(briefs))
