"""Entity mentions, roles and name merging (issue 3, item 4).

All names and text here are invented for these tests.
"""

from __future__ import annotations

import os
import random

from newsdesk.analyze.entities import (
    Entity,
    Mention,
    extract_mentions,
    extract_mentions_many,
    merge_entities,
)
from newsdesk.analyze.names import name_key, split_role
from newsdesk.analyze.quote_groups import speaker_lookup
from newsdesk.model import Article

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _m(article: str, text: str, kind: str = "person", role: str | None = None) -> Mention:
    start = sum(map(ord, article + text)) % 1000  # distinct, stable offsets per mention
    return Mention(article, start, start + len(text), text, kind, role)


def _by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def test_name_keys_drop_dots_roles_honorifics_and_middle_initials() -> None:
    assert name_key("Antony J. Blinken") == name_key("Antony Blinken") == "antony blinken"
    assert name_key("Foreign Minister Ilse Marrow") == "ilse marrow"
    assert name_key("Dr. Ilse Marrow") == "ilse marrow"
    assert name_key("U.S.") == name_key("US") == name_key("United States")
    assert name_key("U.N.") == name_key("UN") == name_key("United Nations")
    assert name_key("FO") == name_key("Foreign Office")


def test_roles_are_split_from_names() -> None:
    assert split_role("Foreign Minister Ilse Marrow") == ("Foreign Minister", "Ilse Marrow")
    assert split_role("US Secretary of State Karel Dvorsky") == (
        "Secretary of State",
        "Karel Dvorsky",
    )
    assert split_role("FM Marrow") == ("Foreign Minister", "Marrow")
    assert split_role("General Assembly") == (None, "General Assembly")


def test_spelling_variants_middle_initials_and_surnames_merge() -> None:
    mentions = [
        _m("a1", "Ilse Mahrow Tenwick", role="Foreign Minister"),
        _m("a2", "Ilse Mehrow Tenwick"),
        _m("a2", "Tenwick", role="Foreign Minister"),
        _m("a3", "Tenwick"),
        _m("a1", "Karel J. Dvorsky", role="Secretary of State"),
        _m("a2", "Karel Dvorsky"),
        _m("a3", "Dvorsky"),
    ]
    entities = _by_name(merge_entities(mentions))
    assert set(entities) == {"Ilse Mahrow Tenwick", "Karel J. Dvorsky"}  # ties: longest
    tenwick = entities["Ilse Mahrow Tenwick"]
    assert set(tenwick.variants) == {"Ilse Mahrow Tenwick", "Ilse Mehrow Tenwick", "Tenwick"}
    assert tenwick.roles == ("Foreign Minister",)
    assert tenwick.articles == ("a1", "a2", "a3")
    assert entities["Karel J. Dvorsky"].roles == ("Secretary of State",)
    assert set(entities["Karel J. Dvorsky"].variants) == {
        "Karel J. Dvorsky",
        "Karel Dvorsky",
        "Dvorsky",
    }


def test_a_bare_surname_shared_by_two_people_stays_apart() -> None:
    mentions = [_m("a1", "Omar Sadik Rahn"), _m("a1", "Lina Rahn"), _m("a2", "Rahn")]
    names = {e.name for e in merge_entities(mentions)}
    assert names == {"Omar Sadik Rahn", "Lina Rahn", "Rahn"}


def test_different_first_names_are_different_people() -> None:
    mentions = [_m("a1", "Omar Rahn"), _m("a2", "Lina Rahn")]
    assert len(merge_entities(mentions)) == 2


def test_abbreviations_merge_with_their_long_form() -> None:
    mentions = [
        _m("a1", "U.S.", "place"),
        _m("a2", "US", "place"),
        _m("a3", "United States", "place"),
        _m("a1", "UN", "org"),
        _m("a2", "U.N.", "org"),
        _m("a3", "United Nations", "org"),
        _m("a1", "FO", "org"),
        _m("a2", "Foreign Office", "org"),
        _m("a3", "Harbour Safety Board", "org"),
        _m("a3", "HSB", "org"),
    ]
    entities = _by_name(merge_entities(mentions))
    assert set(entities) == {
        "United States",
        "United Nations",
        "Foreign Office",
        "Harbour Safety Board",
    }
    assert entities["United States"].articles == ("a1", "a2", "a3")
    assert entities["United States"].kind == "place"
    assert set(entities["Harbour Safety Board"].variants) == {"Harbour Safety Board", "HSB"}


def test_merging_is_order_independent_and_ids_are_stable() -> None:
    mentions = [
        _m("a1", "Ilse Mahrow Tenwick"),
        _m("a2", "Ilse Mehrow Tenwick"),
        _m("a2", "Tenwick"),
        _m("a1", "US", "place"),
        _m("a3", "United States", "place"),
    ]
    expected = merge_entities(mentions)
    shuffled = list(mentions)
    random.Random(7).shuffle(shuffled)
    assert merge_entities(shuffled) == expected


def test_extract_mentions_finds_roles_and_full_names() -> None:
    text = (
        "Harbour Minister Oskar Brenn met Foreign Minister Ilse Marrow in Ostvik on Tuesday.\n\n"
        "Brenn said the talks went well. FM Marrow agreed, and the European Union welcomed it."
    )
    mentions = extract_mentions(Article(id="a1", source="a1.txt", text=text))
    for m in mentions:
        assert text[m.start : m.end] == m.text
    people = {(m.text, m.role) for m in mentions if m.kind == "person"}
    assert ("Ilse Marrow", "Foreign Minister") in people
    assert ("Marrow", "Foreign Minister") in people
    assert ("Oskar Brenn", "Minister") in people or ("Oskar Brenn", "Harbour Minister") in people
    entities = _by_name(merge_entities(mentions))
    assert "Foreign Minister" in entities["Ilse Marrow"].roles
    assert {"Ilse Marrow", "Marrow"} <= set(entities["Ilse Marrow"].variants)


def test_headline_only_names_and_datelines_are_dropped() -> None:
    text = (
        "Ferry Fares Soar As Harbour Quarrel Deepens\n\n"
        "OSTVIK HARBOUR: Ferry fares rose again on Monday, Mayor Lena Varga said."
    )
    mentions = extract_mentions(Article(id="a1", source="a1.txt", text=text))
    texts = {m.text for m in mentions}
    assert "OSTVIK HARBOUR" not in texts
    assert not any(m.start < text.index("\n") for m in mentions)
    assert "Lena Varga" in texts


def test_speaker_lookup_maps_surface_names_to_entities() -> None:
    entities = merge_entities(
        [_m("a1", "Ilse Mahrow Tenwick"), _m("a2", "Tenwick"), _m("a1", "FO", "org")]
    )
    canonical = speaker_lookup(entities)
    assert canonical("Tenwick") == "Ilse Mahrow Tenwick"
    assert canonical("FM Tenwick") == "Ilse Mahrow Tenwick"
    assert canonical("the FO") == "Foreign Office"
    assert canonical("the ministry statement") == "the ministry statement"


def test_many_articles_in_one_stream_equal_one_by_one() -> None:
    texts = [
        "Harbour Minister Oskar Brenn met Foreign Minister Ilse Marrow in Ostvik.",
        "FM Marrow flew to Lisbon on Friday, the Foreign Office said.",
    ]
    articles = [Article(id=f"a{i}", source=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    assert extract_mentions_many(articles) == [extract_mentions(a) for a in articles]


def test_a_bare_surname_goes_with_the_full_name_of_its_own_article() -> None:
    mentions = [
        _m("a1", "Omar Sadik Rahn"),
        _m("a1", "Rahn"),
        _m("a2", "Lina Rahn"),
        _m("a2", "Rahn"),
    ]
    entities = _by_name(merge_entities(mentions))
    assert entities["Omar Sadik Rahn"].articles == ("a1",)
    assert set(entities["Omar Sadik Rahn"].variants) == {"Omar Sadik Rahn", "Rahn"}
    assert entities["Lina Rahn"].articles == ("a2",)


def test_a_dominant_full_name_owns_its_bare_surname() -> None:
    mentions = [_m(f"a{i}", "Omar Sadik Rahn") for i in range(8)]
    mentions += [_m("b1", "Lina Rahn"), _m("b2", "Rahn")]
    entities = _by_name(merge_entities(mentions))
    assert "b2" in entities["Omar Sadik Rahn"].articles
    assert entities["Lina Rahn"].articles == ("b1",)


def test_words_without_a_capital_and_handles_are_not_names() -> None:
    from newsdesk.analyze.entities import _drop_headline_junk
    from newsdesk.analyze.entity_types import Mention

    text = "Mayor Lena Varga praised molnupiravir and thanked @HarbourWatch on Monday."

    def mention(surface: str, kind: str) -> Mention:
        start = text.index(surface)
        return Mention("a1", start, start + len(surface), surface, kind)

    found = [mention("Lena Varga", "person"), mention("molnupiravir", "org")]
    found.append(mention("@HarbourWatch", "person"))
    assert [m.text for m in _drop_headline_junk(text, found)] == ["Lena Varga"]


def test_a_one_word_person_that_reports_is_an_outlet() -> None:
    from newsdesk.analyze.entities import _outlets_that_report
    from newsdesk.analyze.entity_types import Mention

    text = (
        "The ferry sank, Tidewire reported. Later, Anna Brisk reported the rescue; Brisk said so."
    )

    def mention(surface: str, at: int = 0) -> Mention:
        start = text.index(surface, at)
        return Mention("a1", start, start + len(surface), surface, "person")

    found = [mention("Tidewire"), mention("Anna Brisk"), mention("Brisk", text.index("; "))]
    kinds = {m.text: m.kind for m in _outlets_that_report(text, found)}
    assert kinds == {"Tidewire": "org", "Anna Brisk": "person", "Brisk": "person"}
