"""The six eval folders of ../shared/eval as newsdesk.evaluate cases (read-only, never copied)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from bench.adapters.common import EVAL, Dataset, require

from newsdesk.evaluate.formats import (
    ExtractionCase,
    GoldQuote,
    LabelledArticle,
    QuoteCase,
    SummaryCase,
)
from newsdesk.model import RawArticle

_URL_LINE = re.compile(r"^\s*(https?\s*:|www\s*\.)", re.IGNORECASE)
_QUOTE_MARK = re.compile('["“”]')


def load_scrapinghub() -> Dataset[ExtractionCase]:
    """181 pages (gzipped HTML) with their gold article bodies."""
    folder = require(EVAL / "extraction" / "scrapinghub")
    truth_file = folder / "ground-truth.json"
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    cases, files = [], [truth_file]
    for key in sorted(truth):
        page = folder / "html" / f"{key}.html.gz"
        files.append(page)
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        cases.append(ExtractionCase(id=key, html=html, body=truth[key]["articleBody"]))
    source = "ScrapingHub article-extraction-benchmark (181 pages)"
    return Dataset("scrapinghub", cases, tuple(files), len(cases), source)


def load_ecbplus() -> Dataset[LabelledArticle]:
    """ECB+ topics in docs.jsonl; gold story = topic + sub-topic; URL first lines dropped."""
    path = require(EVAL / "clustering" / "ecbplus-dev") / "docs.jsonl"
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        sents = list(doc["sentences"])
        if doc["subtopic"] == "ecbplus" and sents and _URL_LINE.match(sents[0]):
            sents = sents[1:]  # the page URL, as the folder's README says
        raw = RawArticle(source=doc["doc_name"], text="\n".join(sents))
        cases.append(LabelledArticle(raw=raw, label=doc["cluster"]))
    topics = len({c.label.split("_")[0] for c in cases})
    source = f"ECB+ docs.jsonl ({len(cases)} docs, {topics} topics x 2 look-alike events)"
    return Dataset("ecbplus", cases, (path,), len(cases), source)


@dataclass(frozen=True, slots=True)
class StoryChains:
    """The 100 articles and the pairs coder 1 marked as one story chain."""

    articles: tuple[LabelledArticle, ...]  # label = connected component of the gold pairs
    gold_pairs: frozenset[frozenset[str]]


def load_story_chains() -> Dataset[StoryChains]:
    """news-story-chains: articles by URL, gold pairs from coder 1 (the released labels)."""
    folder = require(EVAL / "clustering" / "news-story-chains")
    texts = folder / "gedikli-business_energy_news_dataset-2021-06-29-article_texts.csv"
    pairs_file = folder / "hand_coded" / "story_pairs-2021-06-29-coder1-gedikli.csv"
    with texts.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    raws = {
        row["url"]: RawArticle(
            source=row["url"],
            text=row["text"],
            title=row["title"] or None,
            url=row["url"],
            published=(row["date"] or "")[:10] or None,
        )
        for row in rows
    }
    gold = set()
    for line in pairs_file.read_text(encoding="utf-8-sig").splitlines():
        url1, url2, label = line.strip().split(";")
        if label == "1" and url1 in raws and url2 in raws:
            gold.add(frozenset((url1, url2)))
    labels = _components(list(raws), gold)
    cases = tuple(LabelledArticle(raw=raws[u], label=labels[u]) for u in sorted(raws))
    source = "news-story-chains (100 energy-news articles, 4,950 pairs, coder 1)"
    data = StoryChains(cases, frozenset(gold))
    return Dataset("story-chains", [data], (texts, pairs_file), len(cases), source)


def _components(items: list[str], pairs: set[frozenset[str]]) -> dict[str, str]:
    parent = {item: item for item in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        a, b = sorted(pair)
        parent[find(a)] = find(b)
    return {item: find(item) for item in items}


def load_polnear(*, direct_only: bool = True, split: str = "dev") -> Dataset[QuoteCase]:
    """PolNeAR brat files: Content = quote span, Source = speaker; one annotator per article.

    ``direct_only`` keeps the attributions whose Content holds a quotation mark.
    """
    folder = require(EVAL / "quotes" / "polnear-dev" / split)
    cases, files = [], []
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)  # first annotator's file
    for name, ann in sorted(chosen.items()):
        text_file = folder / "text" / f"{name}.txt"
        text = text_file.read_text(encoding="utf-8")
        quotes = _brat_quotes(ann.read_text(encoding="utf-8"), text, direct_only)
        cases.append(QuoteCase(id=name, text=text, quotes=quotes))
        files += [text_file, ann]
    kind = "direct quotes" if direct_only else "all attributions"
    source = f"PolNeAR {split} ({len(cases)} articles, {kind}, first annotator)"
    return Dataset(f"polnear-{split}", cases, tuple(files), len(cases), source)


def _brat_quotes(ann: str, text: str, direct_only: bool) -> tuple[GoldQuote, ...]:
    spans: dict[str, tuple[int, int]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if re.fullmatch(r"T\d+", parts[0]) and len(parts) >= 2:
            offsets = [int(n) for n in re.findall(r"\d+", parts[1].split(" ", 1)[1])]
            spans[parts[0]] = (min(offsets), max(offsets))
        elif re.fullmatch(r"E\d+", parts[0]) and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    quotes = set()
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        start, end = spans[rel["Content"]]
        if direct_only and not _QUOTE_MARK.search(text[start:end]):
            continue
        source = spans.get(rel.get("Source", ""))
        speaker = text[source[0] : source[1]] if source else None
        quotes.add(GoldQuote(start=start, end=end, speaker=speaker))
    return tuple(sorted(quotes, key=lambda q: (q.start, q.end, q.speaker or "")))


def load_multinews(split: str = "validation") -> Dataset[SummaryCase]:
    """Multi-News sample: documents + Newser editor summary."""
    path = require(EVAL / "summaries" / "multinews-dev") / f"{split}.jsonl"
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs = tuple(doc.strip() for doc in row["documents"] if doc.strip())
        cases.append(SummaryCase(id=row["id"], documents=docs, summary=row["summary"]))
    n_docs = sum(len(c.documents) for c in cases)
    source = f"Multi-News {split} sample ({len(cases)} clusters, {n_docs} documents)"
    return Dataset(f"multinews-{split}", cases, (path,), n_docs, source)


def _neus_part(part: str) -> tuple[str, str]:
    title, _, body = part.partition("ARTICLE=>")
    return title.replace("TITLE=>", "").strip(), body.strip()


def load_neus(split: str = "val") -> Dataset[SummaryCase]:
    """NeuS/AllSides roundups: 2-3 source snippets (headline + lead) and the neutral roundup."""
    folder = require(EVAL / "summaries" / "neus-dev")
    sources = (folder / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = (folder / f"{split}.target").read_text(encoding="utf-8").splitlines()
    cases = []
    for n, (src, tgt) in enumerate(zip(sources, targets, strict=True)):
        docs = []
        for part in src.split("[SEP]"):
            title, body = _neus_part(part)
            if body:
                docs.append(f"{title}\n\n{body}" if title else body)
        summary = _neus_part(tgt)[1]  # the roundup body, as the folder's baselines score it
        cases.append(SummaryCase(id=f"neus-{split}-{n}", documents=tuple(docs), summary=summary))
    n_docs = sum(len(c.documents) for c in cases)
    files = (folder / f"{split}.source", folder / f"{split}.target")
    source = f"NeuS/AllSides {split} ({len(cases)} roundups, {n_docs} source snippets)"
    return Dataset(f"neus-{split}", cases, files, n_docs, source)
