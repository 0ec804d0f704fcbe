"""Quotes and entities on the five real seed articles (issue 3, items 3 and 4; SPEC.md).

Reads ``../shared/seeds`` (skipped when absent). No seed text is copied here: quotes are
found at run time by a few of their words.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.analyze.entities import Entity, extract_mentions, merge_entities
from newsdesk.analyze.quote_groups import QuoteGroup, group_quotes, speaker_lookup
from newsdesk.analyze.quotes import extract_quotes
from newsdesk.clean import clean_text
from newsdesk.model import Article

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}"),
]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    out = []
    for path in sorted(SEEDS.glob("0*.txt")):
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        out.append(Article(id=path.name[:3], source=str(path), text=cleaned.text))
    return out


@pytest.fixture(scope="module")
def entities() -> list[Entity]:
    # The raw text: "Antony J. Blinken" is only in 004's photo caption, which cleaning drops.
    raw = [
        Article(id=p.name[:3], source=str(p), text=p.read_text(encoding="utf-8"))
        for p in sorted(SEEDS.glob("0*.txt"))
    ]
    return merge_entities([m for a in raw for m in extract_mentions(a)])


@pytest.fixture(scope="module")
def groups(articles: list[Article], entities: list[Entity]) -> list[QuoteGroup]:
    story = [a for a in articles if a.id != "004"]  # 004 is the July call, another story
    quotes = [q for a in story for q in extract_quotes(a)]
    return group_quotes(quotes, {a.id: None for a in story}, speaker_lookup(entities))


def _group(groups: list[QuoteGroup], *words: str) -> QuoteGroup:
    found = [g for g in groups if all(w in g.text for w in words)]
    assert len(found) == 1, [g.text for g in groups]
    return found[0]


def _entity(entities: list[Entity], variant: str) -> Entity:
    found = [e for e in entities if variant in e.variants]
    assert len(found) == 1, [(e.name, e.variants) for e in found]
    return found[0]


def test_collectively_quote_is_qureshis_in_three_outlets(groups: list[QuoteGroup]) -> None:
    group = _group(groups, "collectively", "peace and stability")
    assert group.speaker is not None and group.speaker.endswith("Qureshi")
    assert group.articles == ("000", "002", "003")
    main, *others = group.variants
    assert main.articles == ("000", "003")
    assert [v.articles for v in others] == [("002",)]
    assert "to work collectively" in others[0].text


def test_unity_quote_is_blinkens_with_a_flagged_wording_change(groups: list[QuoteGroup]) -> None:
    group = _group(groups, "unity of", "purpose")
    assert group.speaker is not None and group.speaker.endswith("Blinken")
    assert group.articles == ("000", "001", "002", "003")
    by_article = {a: v for v in group.variants for a in v.articles}
    assert by_article["000"] is by_article["003"] is group.variants[0]
    assert by_article["001"].change == "words dropped"
    assert ("-", "I think") in by_article["001"].diff
    attitude = by_article["002"]
    assert attitude.change == "wording change"
    assert ("+", "attitude") in attitude.diff and ("-", "approach") in attitude.diff


def test_pronoun_quotes_resolve_to_blinken(articles: list[Article]) -> None:
    first = next(a for a in articles if a.id == "000")
    quotes = extract_quotes(first)
    unity = next(q for q in quotes if "unity of approach" in q.text)
    assert unity.cue == "said"
    assert unity.speaker is not None and unity.speaker.endswith("Blinken")
    assert unity.speaker_start is not None and unity.speaker_end is not None
    assert first.text[unity.speaker_start : unity.speaker_end] == unity.speaker


def test_every_quote_points_back_to_its_text(articles: list[Article]) -> None:
    for article in articles:
        for quote in extract_quotes(article):
            assert article.text[quote.start : quote.end] == quote.text
            if quote.speaker_start is not None and quote.speaker_end is not None:
                assert article.text[quote.speaker_start : quote.speaker_end] == quote.speaker


def test_name_variants_are_one_entity_each(entities: list[Entity]) -> None:
    qureshi = _entity(entities, "Shah Mahmood Qureshi")
    assert {"Shah Mehmood Qureshi", "Qureshi"} <= set(qureshi.variants)
    assert "Foreign Minister" in qureshi.roles
    assert qureshi.articles == ("000", "001", "002", "003", "004")
    blinken = _entity(entities, "Antony Blinken")
    assert {"Antony J. Blinken", "Blinken"} <= set(blinken.variants)
    assert "Secretary of State" in blinken.roles
    usa = _entity(entities, "United States")
    assert {"U.S.", "US"} <= set(usa.variants)
    assert _entity(entities, "FO") is _entity(entities, "Foreign Office")
