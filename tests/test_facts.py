"""Facts: sentences across articles that state the same thing, counted by independent outlet."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from ferry_story import ferry_articles
from newsdesk.analyze.facts import Fact, align_facts, outlet_keys
from newsdesk.model import Article

ARTICLES = ferry_articles()


def fact_with(facts: list[Fact], words: str) -> Fact:
    return next(fact for fact in facts if words in fact.text)


def test_copy_and_one_outlets_articles_are_not_independent_sources() -> None:
    extra = Article(id="e-herald-2", source="x", text="Other.", outlet="coastline herald ")
    anonymous = Article(id="f-none", source="y", text="Other.")
    keys = outlet_keys([*ARTICLES, extra, anonymous])
    assert keys["b-gazette"] == keys["a-herald"] == keys["e-herald-2"]
    assert keys["f-none"] not in {keys[a.id] for a in ARTICLES}


def test_verbatim_syndicated_and_paraphrased_sentences_form_one_fact() -> None:
    facts = align_facts(ARTICLES)
    lead = fact_with(facts, "fire broke out")
    assert set(lead.articles) == {"a-herald", "b-gazette", "c-tidewater", "d-islandwire"}
    assert lead.independent_outlets == 3  # the gazette copies the herald


def test_a_fact_only_one_outlet_reports_has_one_outlet() -> None:
    fishermen = fact_with(align_facts(ARTICLES), "fishermen")
    assert fishermen.articles == ("d-islandwire",)
    assert fishermen.independent_outlets == 1


def test_shared_names_alone_do_not_make_one_fact() -> None:
    inspection = fact_with(align_facts(ARTICLES), "safety inspection")
    assert "d-islandwire" not in inspection.articles  # it names Brightwater Lines, not this


def test_facts_partition_the_sentences_they_cover() -> None:
    spans = [
        (sent.article_id, sent.start, sent.end)
        for fact in align_facts(ARTICLES)
        for sent in fact.sentences
    ]
    assert len(spans) == len(set(spans))
    for fact in align_facts(ARTICLES):
        assert len(set(fact.articles)) == len(fact.articles)  # one sentence per article


@settings(max_examples=25, deadline=None)
@given(st.permutations(ARTICLES))
def test_same_facts_whatever_the_input_order(articles: list[Article]) -> None:
    assert align_facts(articles) == align_facts(ARTICLES)


def test_every_sentence_span_indexes_its_article() -> None:
    by_id = {article.id: article for article in ARTICLES}
    for fact in align_facts(ARTICLES):
        for sent in fact.sentences:
            assert by_id[sent.article_id].text[sent.start : sent.end] == sent.text


def test_a_story_of_one_article_has_only_single_source_facts() -> None:
    facts = align_facts([dataclasses.replace(ARTICLES[0])])
    assert facts and all(fact.independent_outlets == 1 for fact in facts)
