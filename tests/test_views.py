"""The streamed JSON digest is the same text as the document dumped at once."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from newsdesk import Desk
from newsdesk.views import digest_document, digest_json


def test_streamed_json_equals_the_whole_document() -> None:
    with Desk.open(None) as desk:
        empty = "".join(digest_json(desk))
        assert empty == json.dumps(digest_document(desk), ensure_ascii=False, indent=2)
        desk.ingest_paths([str(EXAMPLES / "corpus")])
        some = [s.id for s in desk.stories()][:3]
        for ids, brief in ((None, True), (some, False)):
            whole = digest_document(desk, ids, with_brief=brief)
            streamed = "".join(digest_json(desk, ids, with_brief=brief))
            assert streamed == json.dumps(whole, ensure_ascii=False, indent=2)


def test_a_storyline_timeline_merges_its_stories_in_every_format() -> None:
    from io import StringIO

    from rich.console import Console

    from newsdesk.views import render_stories

    with Desk.open(None) as desk:
        desk.ingest_paths([str(EXAMPLES / "corpus")])
        doc = digest_document(desk)
        headline = {s.id: s.headline for s in desk.stories()}
        out = {}
        for fmt in ("markdown", "text", "html"):
            sink = StringIO()
            render_stories(Console(file=sink, width=120), desk, None, fmt)
            out[fmt] = sink.getvalue()
    lines = [line for line in doc["storylines"] if len(line["stories"]) > 1]
    assert lines  # the examples have related-but-different events
    story_timelines = {s["id"]: s["timeline"] for s in doc["stories"]}
    for line in lines:
        texts = {entry["text"] for entry in line["timeline"]}
        for story_id in line["stories"]:  # every story's dated sentences are in it ...
            assert {e["text"] for e in story_timelines[story_id]} <= texts
        resolved = [e["date"] for e in line["timeline"] if e["resolved"]]
        assert resolved == sorted(resolved)  # ... in date order
        assert not any(e["resolved"] for e in line["timeline"][len(resolved) :])
    assert all("timeline" not in line for line in doc["storylines"] if len(line["stories"]) == 1)
    assert out["markdown"].count("## Storyline `") == len(lines)
    assert out["text"].count("Storyline ") >= len(lines)
    assert out["html"].count("<section class='storyline'") == len(lines)
    first = lines[0]
    assert all(headline[s] in out["markdown"] for s in first["stories"])
    # the call and the meeting share their two ministers, spelling variants merged
    orlov = [a for line in lines for a in line["actors"] if a["name"] == "Mikhail Orlov"]
    assert len(orlov) == 1 and len(orlov[0]["stories"]) == 2
    assert "Mikhael Orlov" in orlov[0]["variants"]
    assert "Recurring actors: " in out["markdown"] and "Recurring actors: " in out["html"]


def test_a_bare_surname_never_joins_two_stories_people() -> None:
    from newsdesk.brief import storyline_actors

    def person(name: str, *variants: str) -> dict[str, object]:
        return {"name": name, "kind": "person", "variants": list(variants), "roles": [],
                "articles": ["a"]}  # fmt: skip

    un = {"name": "United Nations", "kind": "org", "variants": ["UN"], "roles": [], "articles": []}
    un_short = {"name": "UN", "kind": "org", "variants": [], "roles": [], "articles": []}
    actors = storyline_actors(
        {
            "s1": [person("Imran Khan", "Khan"), person("Dana Whitfield", "Whitfield"), un],
            "s2": [person("Sadiq Khan", "Khan"), person("Dana K. Whitfield", "Dana Whitfield")],
            "s3": [un_short],
        }
    )
    assert [(a["name"], a["stories"]) for a in actors] == [
        ("Dana K. Whitfield", ["s1", "s2"]),  # the fuller name on a tie
        ("United Nations", ["s1", "s3"]),
    ]
