"""Where the brief spends linguistics: one-outlet stories read less."""

from __future__ import annotations

from ferry_story import ferry_articles
from newsdesk.brief import brief_to_dict, build_brief
from newsdesk.model import Article


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
