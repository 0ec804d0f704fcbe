"""The seed articles (../shared/seeds) clean as SPEC.md says: boilerplate out, prose intact.

The seeds are third-party text, read at run time; their lines are found by pattern here,
never copied into the repository.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.ingest import prepare, read_paths
from newsdesk.model import Article

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
LONG_SENTENCE_WORDS = 12  # the SPEC check: every sentence longer than this survives

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}"),
]

# The SPEC's boilerplate, by pattern: (name, does this stripped line match?)
BOILERPLATE: list[tuple[str, Callable[[str], bool]]] = [
    ("navigation crumb", lambda line: line.startswith("Home Latest News")),
    ("register prompt", lambda line: line == "Please register to access this content."),
    ("sign-in prompt", lambda line: line.startswith("To continue viewing the content")),
    ("dismiss button", lambda line: line == "Dismiss"),
    ("subscribers only", lambda line: line == "This content is for our paying subscribers only"),
    ("advertisement", lambda line: line == "Advertisement"),
    ("related articles", lambda line: line == "Related Articles"),
    ("leave a comment", lambda line: line == "Leave a Comment"),
    ("reading teaser", lambda line: line.startswith("Reading:")),
    ("read also teaser", lambda line: line.lower().startswith("read also:")),
    ("image credit", lambda line: line.startswith("Image Credit:")),
]
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z])")


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("0*.txt"))


def prepared() -> list[tuple[Path, Article]]:
    pairs = []
    for path in seed_files():
        [raw] = list(read_paths([str(path)]))
        article = prepare(raw)  # type: ignore[arg-type]
        assert isinstance(article, Article), article
        pairs.append((path, article))
    return pairs


def original_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def doubled_lines(lines: list[str]) -> set[str]:
    """Lines printed twice in a row (the doubled photo caption of seed 004)."""
    return {a for a, b in itertools.pairwise(lines) if a and a == b}


def normalise(text: str) -> str:
    return " ".join(text.split())


def test_five_seeds_are_present() -> None:
    assert len(seed_files()) == 5


def test_spec_boilerplate_is_removed_and_listed() -> None:
    matched = set()
    for path, article in prepared():
        kept = set(article.text.split("\n"))
        removed = {r.line for r in article.removed}
        for line in original_lines(path):
            for name, matches in BOILERPLATE:
                if line and matches(line):
                    matched.add(name)
                    assert line not in kept, f"{path.name}: {name} kept"
                    assert line in removed, f"{path.name}: {name} not listed as removed"
    assert matched == {name for name, _ in BOILERPLATE}  # every kind was really exercised


def test_doubled_caption_in_004_is_gone_with_both_copies_listed() -> None:
    [(path, article)] = [(p, a) for p, a in prepared() if p.name.startswith("004")]
    [caption] = doubled_lines(original_lines(path))
    assert caption not in article.text
    assert [r.reason for r in article.removed if r.line == caption] == [
        "photo caption",
        "repeated line",
    ]


def test_metadata_from_the_text() -> None:
    by_name = {path.name[:3]: article for path, article in prepared()}
    assert by_name["004"].published == "2021-07-09"
    assert by_name["000"].outlet == "Newsweek Pakistan"
    assert by_name["003"].title is None  # it prints no headline: none is invented
    for article in by_name.values():
        assert article.title is None or article.title not in article.text


def test_no_article_sentence_is_lost() -> None:
    checked = 0
    for path, article in prepared():
        text = normalise(article.text)
        lines = original_lines(path)
        skip = doubled_lines(lines) | {article.title or ""}
        for line in lines:
            if not line or line in skip or any(m(line) for _, m in BOILERPLATE):
                continue
            for sentence in _SENTENCE_END.split(line):
                if len(sentence.split()) > LONG_SENTENCE_WORDS:
                    checked += 1
                    assert normalise(sentence) in text, f"{path.name} lost: {sentence[:60]}"
    assert checked > 50  # the seeds carry far more long sentences than this
