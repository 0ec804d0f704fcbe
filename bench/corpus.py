"""Build a corpus of >= 10,000 real articles from ../shared/eval, at run time, outside the repo.

    python bench/corpus.py OUT.jsonl

Texts stay third-party: the corpus is written to a path you choose (e.g. /tmp), never into
the project. Each line is newsdesk JSONL (`id`, `text`, optional `title`) plus `label`, the
gold event where the data set has one.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _neus(split: str) -> Iterator[dict[str, str]]:
    path = EVAL / "summaries" / "neus-dev" / f"{split}.source"
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            for k, part in enumerate(line.split("[SEP]")):
                title, _, body = part.partition("ARTICLE=>")
                title = title.replace("TITLE=>", "").strip().rstrip(".")
                if body.strip():
                    yield {"id": f"neus-{split}-{n}-{k}", "title": title, "text": body.strip(),
                           "label": f"neus-{split}-{n}"}  # fmt: skip


def _multinews() -> Iterator[dict[str, str]]:
    path = EVAL / "summaries" / "multinews-dev" / "validation.jsonl"
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            for k, doc in enumerate(json.loads(line)["documents"]):
                if doc.strip():
                    yield {"id": f"mn-{n}-{k}", "text": doc, "label": f"mn-{n}"}


def _ecbplus() -> Iterator[dict[str, str]]:
    path = EVAL / "clustering" / "ecbplus-dev" / "docs.jsonl"
    with path.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            sents = doc["sentences"]
            if doc["subtopic"] == "ecbplus" and sents and sents[0].lower().startswith("http"):
                sents = sents[1:]
            text = "\n\n".join(sents)
            yield {"id": f"ecb-{doc['doc_name']}", "text": text, "label": doc["cluster"]}


def _polnear() -> Iterator[dict[str, str]]:
    root = EVAL / "quotes" / "polnear-dev"
    for path in sorted(root.glob("*/text/**/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.strip():
            yield {"id": f"polnear-{path.stem}", "text": text}


def _story_chains() -> Iterator[dict[str, str]]:
    name = "gedikli-business_energy_news_dataset-2021-06-29-article_texts.csv"
    path = EVAL / "clustering" / "news-story-chains" / name
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("text", "").strip():
                yield {"id": row["url"], "title": row.get("title", ""), "text": row["text"]}


def build(out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for source in (_multinews(), _ecbplus(), _polnear(), _story_chains(),
                       _neus("train"), _neus("val")):  # fmt: skip
            for item in source:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
                n += 1
    return n


if __name__ == "__main__":
    if not EVAL.exists():
        print(f"skipped: {EVAL} not found")
        sys.exit(0)
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newsdesk-bench.jsonl")
    print(f"{build(target)} articles written to {target}")
