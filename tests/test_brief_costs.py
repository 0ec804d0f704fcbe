"""Where the brief spends linguistics: NER helpers change nothing, one-outlet stories read less."""

from __future__ import annotations

from ferry_story import HERALD, ferry_articles
from newsdesk.analyze import nlp
from newsdesk.analyze.entities import _balanced, extract_mentions
from newsdesk.brief import brief_to_dict, build_brief
from newsdesk.model import Article


def test_balanced_parts_keep_order_and_are_never_empty() -> None:
    texts = ["a" * n for n in (5, 1, 9, 3, 3, 7, 2)]
    for n in range(1, 9):
        parts = _balanced(texts, n)
        assert [t for part in parts for t in part] == texts
        assert len(parts) == min(n, len(texts))
        assert all(parts)


def test_ner_helper_gives_the_same_mentions_and_brief() -> None:
    long_text = "\n\n".join([HERALD] * 3)  # above the split threshold
    article = Article(id="x", source="x.txt", text=long_text, outlet="Coastline Herald")
    alone = extract_mentions(article)
    before = brief_to_dict(build_brief(ferry_articles()))
    nlp.set_ner_workers(1)
    try:
        with_helper = extract_mentions(article)
        after = brief_to_dict(build_brief(ferry_articles()))
        assert nlp.ner_helpers()  # it really ran beside this process
    finally:
        nlp.set_ner_workers(0)
    assert with_helper == alone
    assert after == before
    assert not nlp.ner_helpers()


def test_a_one_outlet_story_still_lists_the_people_its_brief_shows() -> None:
    herald = ferry_articles()[0]
    copy = Article(
        id="z-copy", source="copy.txt", text=herald.text, duplicate_of=herald.id, outlet=None
    )
    data = brief_to_dict(build_brief([herald, copy]))
    shown = " ".join(s["text"] for s in data["summary"])
    names = {v for e in data["entities"] for v in e["variants"]}
    assert names and all(e["articles"] == [herald.id, copy.id] for e in data["entities"])
    assert any(name in shown for name in names)
    assert not [d for d in data["discrepancies"] if d["kind"] == "pronoun"]
