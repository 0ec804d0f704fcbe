"""docs/benchmarks.md from one run of bench/run_eval.py: local tables, then cited baselines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.tasks import Task

COUNT_METRICS = {"n_pred", "removed_lines", "removed_in_gold"}

# Baselines quoted from the data folders' READMEs in ../shared/eval (which cite their sources).
PUBLISHED: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "extraction.scrapinghub": (
        "scrapinghub/article-extraction-benchmark README, 'Results of the latest evaluation' "
        "(same 181 pages, same metric)",
        [
            ("trafilatura 2.0.0", "F1 0.958 (P 0.938 / R 0.978)", "published"),
            ("rs_trafilatura 9261e08", "F1 0.970 (P 0.951 / R 0.990)", "published"),
            ("AutoExtract (commercial, 2019)", "F1 0.970", "published"),
            ("newspaper4k 0.9.3.1", "F1 0.949", "published"),
            ("readability-lxml 0.8.4.1", "F1 0.922", "published"),
            ("goose3 3.1.20", "F1 0.896", "published"),
            ("justext 3.0.2", "F1 0.804", "published"),
            ("html-text 0.7.0 (all visible text)", "F1 0.665", "published"),
        ],
    ),
    "clustering.ecbplus": (
        "ECB+ (Cybulska & Vossen, LREC 2014); no published document-clustering score exists "
        "(ECB+ is a coreference benchmark), so only the data README's local reference is given",
        [
            ("TF-IDF + agglomerative, gold k, all 982 docs", "B3 F1 0.858, ARI 0.795", "local"),
            ("same, distance threshold 0.9 (no k)", "B3 F1 0.781, ARI 0.697", "local"),
        ],
    ),
    "clustering.story-chains": (
        "Gedikli et al., INRA @ RecSys 2021 (dataset); numbers from the data README",
        [
            ("TF-IDF cosine, threshold tuned on the same data", "pair F1 0.955", "local"),
            ("coder 2 against coder 1 (human agreement)", "pair F1 0.828", "local"),
        ],
    ),
    "quotes.polnear-dev": (
        "Newell, Margolin & Ruths, LREC 2018 (corpus); no system baseline verified",
        [
            ("quote-mark regex, test split, spans only", "P 0.979 / R 0.922", "local"),
            ("human agreement (attribution-wise)", "92.3 %", "published"),
        ],
    ),
    "summaries.multinews": (
        "Fabbri et al., ACL 2019, full test set of 5,622 clusters (this sample: 250 validation)",
        [
            ("Hi-MAP", "R1 43.47 / R2 14.89", "published"),
            ("LexRank", "R1 38.27 / R2 12.70 (recalled by the data README)", "published"),
            ("First-3", "R1 39.41 / R2 11.77 (recalled by the data README)", "published"),
            ("PRIMERA (Xiao et al. 2022)", "R1 49.9 / R2 21.1 / RL 25.9 (recalled)", "published"),
            ("lead round-robin, 260 words, test", "R1 42.56 / R2 13.83 / RLsum 37.91", "local"),
        ],
    ),
    "summaries.neus": (
        "Lee et al., NAACL 2022 (NeuS); their ROUGE tables were not verified, so none are quoted",
        [
            ("body of the 2nd source (test, n=307)", "R1 37.59 / R2 15.56 / RLsum 29.44", "local"),
            ("all source bodies concatenated (test)", "R1 34.81 / R2 16.91 / RLsum 26.95", "local"),
        ],
    ),
}  # fmt: skip

NOTES = """\
## How the numbers are computed

- **Extraction**: the ScrapingHub benchmark's metric (`\\w+` tokens, 4-token shingle multisets,
  per-page P/R averaged, F1 of the averages; pages with an empty prediction are left out of the
  precision mean). Our scorer reproduces the published table from the bundled system outputs
  (tested in `tests/test_metrics.py`). `removed_lines` = lines newsdesk's cleaner removed after
  extraction (beyond what trafilatura already dropped); `removed_in_gold` = those whose words
  appear in the gold body (removed by mistake).
- **Clustering**: B-cubed P/R/F1 over articles, ARI, pairwise P/R/F1 over same-story pairs.
  newsdesk is *not* told the number of stories; the TF-IDF peer is given the gold k.
  chronicle-events runs in its own venv with the MiniLM weights loaded from a local package
  (offline it would silently fall back to TF-IDF); it dedupes on titles, so each article's
  first line is given as its title when the data have none; HDBSCAN noise counts as singletons.
  Plain MinHash LSH (Jaccard 0.5 on word 3-shingles) is a near-duplicate detector, shown to
  make clear that near-duplicate detection is not story clustering.
- **Story chains**: the pairs in one predicted story against the 88 pairs coder 1 linked.
- **Quotes**: gold = PolNeAR Content spans that contain a quotation mark (first annotator per
  article), speaker = the Source span. Exact match after trimming quote marks, spaces and end
  punctuation on both sides; overlap = any shared character. `speaker_accuracy` = right speaker
  among gold quotes some found quote overlaps (names match when one's words contain the other's,
  titles aside); `speaker_recall` = right speaker among all gold quotes with a Source. Gold
  Sources are often pronouns or descriptions ("he", "a source"), which a resolved name misses.
- **Summaries**: rouge-score F1 with stemming (R1/R2/RL; RLsum with one sentence per line),
  mean over clusters, each system under the same word budget. `citation_validity` = cited
  documents that carry the summary sentence verbatim (whitespace aside) / all citations;
  `verbatim_rate` = summary sentences carried verbatim by some document they cite. newsdesk
  cites every article whose own sentence states the same fact, so a citation to a paraphrase
  counts against `citation_validity` here. lede (its default backend) has no citations and no
  multi-document mode (it gets the documents joined). newsdesk's time covers the whole brief
  (facts, entities, quotes, discrepancies, timeline), not only the summary.
- **Speed**: input articles (documents) per second of wall time for the whole scoring call,
  and peak RSS of the process that ran it (`resource.getrusage`), each system in its own
  process. Ratios are the peer's value over newsdesk's on this run and machine. chronicle's
  time and memory are its own process's, loading MiniLM included. Timings on a shared 2-core
  machine vary up to 2x between runs; compare the ratios, not the absolute values.
"""


def _fmt(name: str, value: float) -> str:
    return f"{value:.0f}" if name in COUNT_METRICS else f"{value:.3f}"


def _row(task: Task, system: str, run: dict[str, Any], ours: dict[str, Any]) -> str:
    if "error" in run:
        return f"| {system} | failed: {run['error']} |" + " |" * (len(task.shown) + 3)
    metrics = run["metrics"]
    cells = [_fmt(m, metrics[m]) if m in metrics else "n/a" for m in task.shown]
    speed = run["articles"] / run["seconds"] if run["seconds"] else float("inf")
    cells += [f"{speed:.1f}", f"{run['peak_rss_mb']:.0f}"]
    if system == "newsdesk" or "metrics" not in ours:
        cells += ["1", "1"] if system == "newsdesk" else ["", ""]
    else:
        base_q = ours["metrics"].get(task.main, 0.0)
        base_s = ours["articles"] / ours["seconds"] if ours["seconds"] else 0.0
        cells.append(f"{metrics.get(task.main, 0.0) / base_q:.2f}" if base_q else "")
        cells.append(f"{speed / base_s:.2f}" if base_s else "")
    label = f"{system} ({run['note']})" if run.get("note") else system
    return f"| {label} | " + " | ".join(cells) + " |"


def _task_section(item: dict[str, Any]) -> list[str]:
    task: Task = item["task"]
    lines = [f"## {task.title}", ""]
    if "skipped" in item:
        return [*lines, f"Skipped: {item['skipped']}", ""]
    lines += [f"Data: {item['source']} (`../shared/eval`). Task key: `{task.key}`."]
    if task.max_words:
        lines += [f"Word budget for every system: {task.max_words}."]
    head = ["system", *task.shown, "articles/s", "peak RSS MB", f"{task.main} ÷ newsdesk"]
    lines += ["", "| " + " | ".join([*head, "speed ÷ newsdesk"]) + " |"]
    lines += ["|" + "---|" * (len(head) + 1)]
    ours = item["runs"].get("newsdesk", {})
    lines += [_row(task, name, run, ours) for name, run in item["runs"].items()]
    cited, rows = PUBLISHED.get(task.key, ("", []))
    if rows:
        lines += [
            "",
            f"Reference points ({cited}):",
            "",
            "| system | score | kind |",
            "|---|---|---|",
        ]
        lines += [f"| {name} | {score} | {kind} |" for name, score, kind in rows]
    return [*lines, ""]


# sections measured by their own commands
EXTRA_SECTIONS = (
    "benchmarks-digest.md",
    "benchmarks-quotes.md",
    "benchmarks-summaries.md",
    "benchmarks-web.md",
)


def extra_sections(docs: Path) -> list[str]:
    """Sections measured by other benchmark scripts, each with its own command and date."""
    lines: list[str] = []
    for name in EXTRA_SECTIONS:
        path = docs / name
        if path.exists():
            lines += ["", path.read_text(encoding="utf-8").rstrip(), ""]
    return lines


def render(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The whole benchmarks page."""
    machine = meta["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by one command; do not edit by hand:",
        "",
        "```",
        meta["command"],
        "```",
        "",
        f"- Date: {meta['date']}; run time {meta['minutes']:.1f} min.",
        f"- Machine: {machine['cpu']}, {machine['ram']} RAM, Python {machine['python']}, "
        f"{machine['os']}.",
        f"- Data: `../shared/eval` (sha256 of the files read: `{meta['digest'][:16]}…`).",
        "- Every table row is **local**: measured in this run, on this machine, same data for "
        "all systems. Reference points below each table are marked *published* (cited) or "
        "*local* (computed by whoever prepared the data, quoted from its README).",
        "",
    ]
    for item in results:
        lines += _task_section(item)
    docs = Path(__file__).resolve().parents[1] / "docs"
    return "\n".join([*lines, *extra_sections(docs)]) + "\n" + NOTES
