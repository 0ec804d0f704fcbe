"""Pronoun discrepancies: one person given "he/his" by some outlets and "her" by another.

Every name, place and event here is invented. The seed test reads ../shared at run time and
finds its text by keywords: the seeds are third-party text, never copied into the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsdesk.analyze import pronouns
from newsdesk.analyze.discrepancies import Discrepancy, Variant
from newsdesk.analyze.entity_types import Entity, Mention
from newsdesk.brief import brief_to_dict, build_brief
from newsdesk.model import Article

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def article(name: str, outlet: str, *paragraphs: str) -> Article:
    return Article(id=name, source=f"{name}.txt", text="\n\n".join(paragraphs), outlet=outlet)


# Tomas Brandt is "he"/"his" in two outlets; the third slips into "her" for him, naming him
# by his role only.
BRANDT = [
    article(
        "a-post",
        "Lunden Post",
        "Port rules to be reviewed after harbour strike",
        "Interior Minister Tomas Brandt met striking harbour workers in Lunden on Monday.",
        "Brandt said he would review the port rules before the summer.",
        "The strike has closed the harbour for nine days.",
    ),
    article(
        "b-courier",
        "Fenwick Courier",
        "Brandt promises review of port rules",
        "Interior Minister Tomas Brandt visited the striking harbour workers in Lunden on Monday.",
        "Brandt told reporters that his office would review the port rules before the summer.",
        "The harbour has been closed for nine days.",
    ),
    article(
        "c-daily",
        "Ostmark Daily",
        "Minister meets harbour workers in Lunden",
        "Interior Minister Tomas Brandt met the striking harbour workers in Lunden on Monday.",
        "The Interior Minister also repeated her government's promise to review the port rules.",
        "The strike has shut the harbour for nine days.",
    ),
]

# Two people, a woman and a man: "she" and "he" belong to different entities.
LIND_NOWAK = [
    article(
        "d-post",
        "Kessel Post",
        "Fishing talks in Kessel end without a deal",
        "Foreign Minister Anna Lind met Defence Minister Piotr Nowak in Kessel on Tuesday.",
        "Lind said she expected a deal on fishing quotas by June.",
        "Nowak said he was less hopeful about the quotas.",
    ),
    article(
        "e-times",
        "Maren Times",
        "No fishing deal yet, ministers say",
        "Anna Lind said she expected a deal on fishing quotas by June after talks in Kessel.",
        "Piotr Nowak told the meeting that his ministry was less hopeful about the quotas.",
    ),
    article(
        "f-wire",
        "Coastal Wire",
        "Ministers differ on fishing quotas",
        "Nowak thanked Lind for her patience, and she praised him for his candour.",
        "Lind said she expected a deal on fishing quotas by June.",
    ),
]


def pronoun_items(articles: list[Article]) -> list[dict[str, object]]:
    data = brief_to_dict(build_brief(articles))
    return [d for d in data["discrepancies"] if d["kind"] == "pronoun"]


def test_her_for_a_man_named_by_his_role_is_a_pronoun_discrepancy() -> None:
    (item,) = pronoun_items(BRANDT)
    assert isinstance(item["fact"], str)
    assert item["fact"].startswith("Tomas Brandt: ")
    assert "repeated her government's promise" in item["fact"]
    variants = {v["text"]: v["articles"] for v in item["variants"]}  # type: ignore[attr-defined]
    assert variants.pop("her") == ["c-daily"]
    (masculine,) = variants
    assert set(masculine.split("/")) <= {"he", "his", "him"}
    assert variants[masculine] == ["a-post", "b-courier"]


def test_two_people_he_and_she_are_no_discrepancy() -> None:
    assert pronoun_items(LIND_NOWAK) == []


def test_a_consistent_story_has_no_pronoun_discrepancy() -> None:
    assert pronoun_items(BRANDT[:2]) == []


def test_the_result_does_not_depend_on_article_order() -> None:
    assert pronoun_items(BRANDT) == pronoun_items(BRANDT[::-1])


# The rule pass alone, on hand-made mentions: no model needed.
def brandt_entity(text: str, article_id: str = "x") -> tuple[Article, list[Mention], Entity]:
    art = Article(id=article_id, source="x.txt", text=text)
    mentions = [
        Mention(article_id, start, start + len("Brandt"), "Brandt", "person")
        for start in _all(text, "Brandt")
    ]
    mentions += [
        Mention(article_id, s, s + len("Velmark"), "Velmark", "place")
        for s in _all(text, "Velmark")
    ]
    people = [m for m in mentions if m.kind == "person"]
    entity = Entity(
        "e1",
        "Tomas Brandt",
        "person",
        ("Brandt",),
        ("Interior Minister",),
        (article_id,),
        tuple(people),
    )
    return art, mentions, entity


def _all(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def readings(text: str) -> list[tuple[str, str]]:
    art, mentions, entity = brandt_entity(text)
    return [
        (text[r.sentence[0] : r.sentence[1]], r.pronoun)
        for r in pronouns.article_readings(art, mentions, [entity])
    ]


def test_rules_read_a_pronoun_after_its_only_person() -> None:
    text = "Brandt said he would review the rules. He gave no date."
    assert readings(text) == [
        ("Brandt said he would review the rules.", "he"),
        ("He gave no date.", "he"),
    ]


def test_rules_read_a_role_phrase_only_its_holder_has() -> None:
    text = "Brandt arrived on Monday.\n\nThe Interior Minister repeated his promise."
    assert readings(text) == [("The Interior Minister repeated his promise.", "his")]
    assert readings("Brandt arrived.\n\nThe Finance Minister repeated his promise.") == []


def test_rules_skip_quotes_countries_and_other_people() -> None:
    assert readings('Brandt arrived. "She will not wait," Brandt said of the ship.') == []
    assert readings("Brandt praised Velmark for her patience.") == []  # a country as "her"
    assert readings("Brandt said the woman had lost her passport.") == []
    assert readings("Brandt met a woman on Monday. Brandt praised her courage.") == []
    assert readings("Her speech came after Brandt arrived.") == []  # no looking ahead


def test_parse_rejects_a_pronoun_whose_clause_has_another_subject() -> None:
    art, mentions, entity = brandt_entity(
        "Brandt said he would stay. Brandt said the crowd cheered her arrival."
    )
    found = pronouns.article_readings(art, mentions, [entity])
    assert [r.pronoun for r in found] == ["he", "her"]
    assert [pronouns._confirmed(art.text, r) for r in found] == [True, False]


def test_a_swap_already_reported_for_a_fact_is_not_repeated() -> None:
    found = Discrepancy("pronoun", "X", (Variant("he/his", ("a", "b")), Variant("her", ("c",))))
    fact_level = Discrepancy("pronoun", "fact", (Variant("his", ("a",)), Variant("her", ("c",))))
    number = Discrepancy("number", "fact", (Variant("14 crew", ("a",)),))
    assert pronouns._reported(found, [fact_level])
    assert not pronouns._reported(found, [number])


@pytest.mark.shared
def test_seed_002_gives_blinken_her_country() -> None:
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} not found: ../shared is only beside the checkout in CI")
    sys.path.insert(0, str(Path(__file__).parent))
    from test_seeds_brief import cleaned

    paths = [p for p in sorted(SEEDS.glob("*.txt")) if p.name[:3] in {"000", "001", "002", "003"}]
    articles = [cleaned(p.read_text(encoding="utf-8"), p.name) for p in paths]
    source = {a.id: a.source[:3] for a in articles}
    items = [
        d
        for d in brief_to_dict(build_brief(articles))["discrepancies"]
        if d["kind"] == "pronoun" and d["fact"].startswith("Antony Blinken: ")
    ]
    assert len(items) == 1, items
    variants = {v["text"]: {source[a] for a in v["articles"]} for v in items[0]["variants"]}
    assert variants.pop("her") == {"002"}
    assert "her country" in items[0]["fact"]
    (masculine,) = variants.values()
    assert {"001", "003"} <= masculine
