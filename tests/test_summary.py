"""The summary: verbatim source sentences citing every article that carries their fact."""

from __future__ import annotations

from ferry_story import ferry_articles
from newsdesk.analyze.facts import align_facts
from newsdesk.analyze.summary import single_source, summarize
from newsdesk.analyze.words import words

ARTICLES = ferry_articles()
BY_ID = {article.id: article for article in ARTICLES}
FACTS = align_facts(ARTICLES)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_each_sentence_is_a_source_sentence_and_its_verbatim_citations_carry_it() -> None:
    for sent in summarize(FACTS):
        verbatim = [cite for cite in sent.citations if cite.verbatim]
        assert verbatim
        for cite in verbatim:
            assert squash(BY_ID[cite.article].text[cite.start : cite.end]) == squash(sent.text)


def test_cites_every_article_carrying_the_fact_and_no_other() -> None:
    crew = next(sent for sent in summarize(FACTS) if "crew of" in sent.text)
    assert {cite.article for cite in crew.citations} == {
        "a-herald", "b-gazette", "c-tidewater", "d-islandwire"
    }  # fmt: skip
    tidewater = next(cite for cite in crew.citations if cite.article == "c-tidewater")
    assert not tidewater.verbatim  # it gives 41, its own wording, cited as such
    inspection = next(sent for sent in summarize(FACTS, max_sentences=20) if "inspect" in sent.text)
    assert {cite.article for cite in inspection.citations} == {"a-herald", "b-gazette"}


def test_the_corroborated_core_leads_and_copies_do_not_count() -> None:
    first = summarize(FACTS)[0]
    assert "fire broke out" in first.text
    assert first.independent_outlets == 3


def test_sentence_and_word_limits() -> None:
    assert len(summarize(FACTS, max_sentences=2)) == 2
    short = summarize(FACTS, max_words=40)
    assert short and sum(len(words(sent.text)) for sent in short) <= 40


def test_single_source_facts_name_their_outlet_and_skip_headlines() -> None:
    lone = single_source(FACTS, BY_ID, summarize(FACTS))
    by_text = {fact.text: fact for fact in lone}
    fishermen = next(fact for text, fact in by_text.items() if "fishermen" in text)
    assert (fishermen.article, fishermen.outlet) == ("d-islandwire", "Island Wire")
    assert any("built in 1998" in text for text in by_text)
    assert not any("Blaze aboard" in text for text in by_text)  # a headline, not a fact
    assert not any("fire broke out" in text for text in by_text)  # three outlets say it


def test_empty_story_has_an_empty_summary() -> None:
    assert summarize([]) == ()
