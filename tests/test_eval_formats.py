"""The user-facing eval files: readers, and scoring with systems written for the test."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from newsdesk.errors import InputError
from newsdesk.evaluate.formats import (
    ExtractionCase,
    QuoteCase,
    SummaryCase,
    read_clustering,
    read_extraction,
    read_quotes,
    read_summaries,
)
from newsdesk.evaluate.run import (
    CitedSentence,
    Extracted,
    FoundQuote,
    SystemSummary,
    eval_clustering,
    eval_extraction,
    eval_quotes,
    eval_summaries,
    same_speaker,
    trim,
)
from newsdesk.model import RawArticle

CLUSTER_KEYS = {
    "bcubed_precision",
    "bcubed_recall",
    "bcubed_f1",
    "ari",
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
    "n_articles",
    "n_gold",
    "n_pred",
}


def write_jsonl(path: Path, rows: Sequence[Mapping[str, Any]]) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return str(path)


FERRY_ROWS = [
    {"id": "f1", "label": "ferry", "text": "The Tallow Bay ferry ran aground on Monday."},
    {"id": "f2", "label": "ferry", "text": "A ferry grounded near Tallow Bay, crews said."},
    {"id": "v1", "label": "vote", "text": "Marsh County voters backed the library levy."},
]


def by_first_word(raws: Sequence[RawArticle]) -> Mapping[str, str]:
    return {raw.source: (raw.text or "").split()[0] for raw in raws}


def test_clustering_file_scored_with_stable_keys(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", FERRY_ROWS)
    # "The" -> {f1}; "A" -> {f2}; "Marsh" -> {v1}: all precise, ferry split in two
    metrics = eval_clustering(path, system=by_first_word)
    assert set(metrics) == CLUSTER_KEYS
    assert metrics["bcubed_precision"] == 1.0
    assert metrics["bcubed_recall"] == pytest.approx(2 / 3)
    assert metrics["pairwise_recall"] == 0.0
    assert (metrics["n_articles"], metrics["n_gold"], metrics["n_pred"]) == (3, 2, 3)


def test_articles_a_system_drops_count_as_singletons(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", FERRY_ROWS)
    metrics = eval_clustering(path, system=lambda raws: {"f1": "s", "f2": "s"})
    assert metrics["bcubed_f1"] == 1.0
    assert metrics["n_pred"] == 2


def test_clustering_reader_keeps_metadata_and_names_sources(tmp_path: Path) -> None:
    rows = [
        {"label": 7, "html": "<p>Pier closed</p>", "url": "https://example.test/pier"},
        {
            "label": "7",
            "text": "Pier reopens",
            "outlet": "Harbour Gazette",
            "published": "2024-05-01",
        },
    ]
    cases = read_clustering(write_jsonl(tmp_path / "c.jsonl", rows))
    assert [c.raw.source for c in cases] == ["https://example.test/pier", f"{tmp_path}/c.jsonl:2"]
    assert [c.label for c in cases] == ["7", "7"]
    assert cases[1].raw.outlet == "Harbour Gazette"
    assert cases[0].raw.html == "<p>Pier closed</p>"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"text": "x"}, "label"),
        ({"label": "a"}, "exactly one of 'text' and 'html'"),
        ({"label": "a", "text": "x", "html": "<p>x</p>"}, "exactly one"),
        ({"label": "a", "text": 5}, "'text' must be a string"),
    ],
)
def test_bad_clustering_line_names_file_line_and_field(
    tmp_path: Path, row: dict[str, Any], message: str
) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [FERRY_ROWS[0], row])
    with pytest.raises(InputError, match=rf"c\.jsonl:2: .*{message}"):
        read_clustering(path)


def test_duplicate_ids_and_bad_json_are_errors(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [FERRY_ROWS[0], FERRY_ROWS[0]])
    with pytest.raises(InputError, match="appears twice"):
        read_clustering(path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "a", "text": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not valid JSON"):
        read_clustering(bad)
    with pytest.raises(InputError, match="cannot open"):
        read_clustering(tmp_path / "missing.jsonl")


PIER_DOCS = [
    "The pier at Gullhaven closed on Friday. Engineers found cracked pilings.",
    "Gullhaven's council shut the pier. Engineers found cracked pilings.",
]


def lead_sentence(case: SummaryCase, max_words: int | None) -> SystemSummary:
    first = case.documents[0].split(". ")[0] + "."
    return SystemSummary(sentences=(CitedSentence(first, (0, 1)),))


def test_summaries_scored_with_rouge_and_citation_validity(tmp_path: Path) -> None:
    rows = [{"documents": PIER_DOCS, "summary": "– The pier at Gullhaven closed on Friday."}]
    metrics = eval_summaries(write_jsonl(tmp_path / "s.jsonl", rows), system=lead_sentence)
    assert metrics["rouge1"] == pytest.approx(1.0)  # the "– " prefix is not scored
    assert metrics["citation_validity"] == 0.5  # document 1 does not carry that sentence
    assert metrics["verbatim_rate"] == 1.0  # document 0 does
    assert metrics["n_cases"] == 1


def test_summary_without_citations_has_no_validity_score(tmp_path: Path) -> None:
    rows = [{"documents": PIER_DOCS, "summary": "The pier closed."}]

    def uncited(case: SummaryCase, max_words: int | None) -> SystemSummary:
        return SystemSummary(sentences=(CitedSentence("The pier closed."),), cited=False)

    metrics = eval_summaries(write_jsonl(tmp_path / "s.jsonl", rows), system=uncited)
    assert "citation_validity" not in metrics
    assert "verbatim_rate" not in metrics
    assert read_summaries(write_jsonl(tmp_path / "t.jsonl", rows))[0].documents == tuple(PIER_DOCS)


QUOTE_TEXT = '"We will rebuild the pier by June," said Mayor Ada Quill. Critics disagreed.'
END = QUOTE_TEXT.index(" said")


def test_quotes_scored_exact_after_trimming_marks_and_by_speaker(tmp_path: Path) -> None:
    rows = [{"text": QUOTE_TEXT, "quotes": [{"start": 0, "end": END, "speaker": "Ada Quill"}]}]
    path = write_jsonl(tmp_path / "q.jsonl", rows)

    def inner_span(case: QuoteCase) -> Sequence[FoundQuote]:
        return [FoundQuote(1, END - 2, "Mayor Quill"), FoundQuote(58, 75, None)]

    metrics = eval_quotes(path, system=inner_span)
    assert metrics["exact_recall"] == 1.0  # marks and the comma trimmed on both sides
    assert metrics["exact_precision"] == 0.5
    assert metrics["overlap_f1"] == pytest.approx(2 / 3)
    assert metrics["speaker_accuracy"] == 1.0
    assert read_quotes(path)[0].quotes[0].speaker == "Ada Quill"


def test_quote_offsets_outside_the_text_are_rejected(tmp_path: Path) -> None:
    rows = [{"text": "short", "quotes": [{"start": 2, "end": 99, "speaker": None}]}]
    with pytest.raises(InputError, match=r"q\.jsonl:1: quote offsets 2\.\.99"):
        read_quotes(write_jsonl(tmp_path / "q.jsonl", rows))


def test_trim_and_same_speaker() -> None:
    assert trim('  "Rebuild it."  ', 0, 17) == (3, 13)
    assert same_speaker("Ada Quill", "Mayor Quill")
    assert same_speaker("the mayor", "Mayor")
    assert not same_speaker("Ada Quill", "Ben Quill")


def test_extraction_scored_with_shingles_and_wrongly_removed_lines(tmp_path: Path) -> None:
    body = "Engineers found cracked pilings under the Gullhaven pier on Friday."
    rows = [{"id": "p1", "html": f"<p>{body}</p><p>Subscribe now</p>", "body": body}]
    path = write_jsonl(tmp_path / "e.jsonl", rows)

    def keeps_body(case: ExtractionCase) -> Extracted:
        return Extracted(text=body, removed=("Subscribe now", "on Friday."))

    metrics = eval_extraction(path, system=keeps_body)
    assert (metrics["f1"], metrics["accuracy"]) == (1.0, 1.0)
    assert (metrics["removed_lines"], metrics["removed_in_gold"]) == (2, 1)
    assert read_extraction(path)[0].id == "p1"
