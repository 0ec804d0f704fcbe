"""The bundled example corpus agrees with its written expectations.

`examples/expected.json` says what newsdesk should make of `examples/corpus/`. These tests
check only that the corpus and the expectations are consistent with each other (every ref
exists, every planted line and quote is really in its article), without newsdesk code, so a
failing quality test elsewhere can trust the expectations themselves.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CORPUS = EXAMPLES / "corpus"
ARTICLE_SUFFIXES = (".txt", ".html")
MIN_STORIES = 7  # the README demo promises at least seven real-world events
MIN_ARTICLES = 32  # enough articles that clustering is not trivial
MIN_OUTLETS = 8  # corroboration counts need many independent outlets
MIN_WORDS, MAX_WORDS = 250, 600  # realistic news length, per the corpus brief
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_FORMATS = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "week": r"\d{4}-W\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
}
QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„‟″«»"} | {c: "'" for c in "‘’‚‛´`′"})


class _VisibleText(HTMLParser):
    """Collects the text a reader would see: no script, style or head."""

    HIDDEN = frozenset({"script", "style", "head", "title"})
    BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "figcaption", "span", "a", "time"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


@cache
def expected() -> dict[str, Any]:
    return json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


@cache
def feed_rows(rel: str) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in (EXAMPLES / rel).read_text("utf-8").splitlines()]
    return {row["id"]: row for row in rows}


def all_refs() -> list[str]:
    refs: list[str] = []
    for path in sorted(CORPUS.rglob("*")):
        rel = path.relative_to(EXAMPLES).as_posix()
        if path.suffix in ARTICLE_SUFFIXES:
            refs.append(rel)
        elif path.suffix == ".jsonl":
            refs.extend(f"{rel}#{row_id}" for row_id in feed_rows(rel))
    return refs


def raw(ref: str) -> str:
    """The article as stored: file text, or a feed line's text or html."""
    if "#" in ref:
        rel, row_id = ref.split("#", 1)
        row = feed_rows(rel)[row_id]
        return str(row.get("text") or row["html"])
    return (EXAMPLES / ref).read_text(encoding="utf-8")


def is_html(ref: str) -> bool:
    if "#" in ref:
        rel, row_id = ref.split("#", 1)
        return "html" in feed_rows(rel)[row_id]
    return ref.endswith(".html")


def text(ref: str) -> str:
    """What a reader sees: visible text for HTML, the raw text otherwise."""
    return visible_text(raw(ref)) if is_html(ref) else raw(ref)


def lines(ref: str) -> set[str]:
    return {line.strip() for line in text(ref).splitlines() if line.strip()}


def norm(value: str) -> str:
    """Whitespace collapsed and every quote mark folded to a straight one."""
    value = value.replace("``", '"').replace("''", '"').translate(QUOTE_MARKS)
    return " ".join(value.split())


def meta(ref: str) -> dict[str, Any]:
    """Metadata given beside the article: sidecar `.meta.json` or the feed line."""
    if "#" in ref:
        rel, row_id = ref.split("#", 1)
        return feed_rows(rel)[row_id]
    sidecar = (EXAMPLES / ref).with_suffix(".meta.json")
    return json.loads(sidecar.read_text("utf-8")) if sidecar.exists() else {}


def stated_outlet(ref: str) -> str | None:
    if outlet := meta(ref).get("outlet"):
        return str(outlet)
    if is_html(ref):
        found = re.search(r'og:site_name" content="([^"]+)"', raw(ref))
        return html.unescape(found.group(1)) if found else None
    found = re.search(r"^by (.+)$", raw(ref), re.MULTILINE)
    return found.group(1).strip() if found else None


def stated_date(ref: str) -> str | None:
    if published := meta(ref).get("published"):
        return str(published)[:10]
    if is_html(ref):
        found = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})', raw(ref))
        return found.group(1) if found else None
    head = raw(ref).splitlines()[:4]
    for line in head:
        if found := re.fullmatch(r"Published: (\d{4}-\d{2}-\d{2})", line.strip()):
            return found.group(1)
        if found := re.fullmatch(r"\w+day (\w{3}) (\d{2}) (\d{4})", line.strip()):
            return dt.datetime.strptime(" ".join(found.groups()), "%b %d %Y").date().isoformat()
    return None


def story_of(ref: str) -> str:
    return next(s["name"] for s in expected()["stories"] if ref in s["articles"])


def copies_of(ref: str) -> set[str]:
    """The article itself and every duplicate or syndicated copy of it."""
    group = {ref}
    for dup in expected()["duplicates"]:
        if ref in (dup["copy"], dup["canonical"]):
            group |= {dup["copy"], dup["canonical"]}
    return group


def body_words(ref: str) -> int:
    boiler = {b["line"] for b in expected()["boilerplate"] if b["article"] == ref}
    return sum(len(line.split()) for line in lines(ref) if line not in boiler)


def test_every_ref_in_the_expectations_exists() -> None:
    known = set(all_refs())
    doc = expected()
    refs = [a for s in doc["stories"] for a in s["articles"]]
    refs += [d[k] for d in doc["duplicates"] for k in ("copy", "canonical")]
    for section in ("boilerplate", "must_keep", "published", "outlets", "single_source"):
        refs += [item["article"] for item in doc[section]]
    refs += [t["article"] for t in doc["timeline"]]
    for q in doc["quotes"]:
        refs += q["articles"] + [a for v in q["variants"] for a in v["articles"]]
    refs += [a for d in doc["discrepancies"] for v in d["variants"] for a in v["articles"]]
    assert sorted(set(refs) - known) == []


def test_every_article_belongs_to_exactly_one_story() -> None:
    counts = Counter(a for s in expected()["stories"] for a in s["articles"])
    assert sorted(set(all_refs()) - set(counts)) == []
    assert [a for a, n in counts.items() if n > 1] == []


def test_corpus_is_big_enough_for_the_demo() -> None:
    doc = expected()
    outlets = {o["outlet"] for o in doc["outlets"] if o["outlet"]}
    assert len(doc["stories"]) >= MIN_STORIES
    assert len(all_refs()) >= MIN_ARTICLES
    assert len(outlets) >= MIN_OUTLETS
    assert all(3 <= len(s["articles"]) <= 6 for s in doc["stories"])
    storylines = Counter(s["storyline"] for s in doc["stories"])
    assert sum(1 for n in storylines.values() if n >= 2) >= 3
    assert sum(1 for n in storylines.values() if n == 1) >= 2


@pytest.mark.parametrize("ref", all_refs())
def test_article_has_news_length(ref: str) -> None:
    assert MIN_WORDS <= body_words(ref) <= MAX_WORDS, ref


def test_stated_outlets_and_dates_match_the_articles() -> None:
    doc = expected()
    assert {o["article"] for o in doc["outlets"]} == set(all_refs())
    assert {p["article"] for p in doc["published"]} == set(all_refs())
    wrong = [o for o in doc["outlets"] if stated_outlet(o["article"]) != o["outlet"]]
    wrong += [p for p in doc["published"] if stated_date(p["article"]) != p["date"]]
    assert wrong == []
    assert None in {o["outlet"] for o in doc["outlets"]}, "need an article with no outlet"
    assert None in {p["date"] for p in doc["published"]}, "need an article with no date"


def test_duplicates_really_are_copies() -> None:
    for dup in expected()["duplicates"]:
        copy, canonical = raw(dup["copy"]), raw(dup["canonical"])
        if dup["kind"] == "exact":
            assert copy == canonical
        else:
            body = canonical.split("\n", 2)[2].strip()
            assert body in copy, dup
            assert copy.splitlines()[0] != canonical.splitlines()[0], "headline must differ"
            assert story_of(dup["copy"]) == story_of(dup["canonical"])


def test_boilerplate_lines_are_whole_lines_of_their_article() -> None:
    missing = [b for b in expected()["boilerplate"] if b["line"] not in lines(b["article"])]
    assert missing == []


def test_must_keep_sentences_are_in_their_article() -> None:
    missing = [m for m in expected()["must_keep"] if m["sentence"] not in text(m["article"])]
    assert missing == []


def test_quotes_and_their_variants_are_where_the_expectations_say() -> None:
    problems = []
    for q in expected()["quotes"]:
        canon = norm(q["text"])
        problems += [(q["text"], a) for a in q["articles"] if canon not in norm(text(a))]
        for var in q["variants"]:
            assert var["flag"] in {"wording change", "dropped words"}
            assert var["text"] != q["text"]
            for art in var["articles"]:
                if norm(var["text"]) not in norm(text(art)) or canon in norm(text(art)):
                    problems.append((var["text"], art))
    assert problems == []


def test_quote_marks_come_in_several_styles() -> None:
    corpus = "".join(raw(ref) for ref in all_refs())
    for mark in ('"', "“", "``", "''", "´"):
        assert mark in corpus, mark


def test_entity_variants_occur_in_the_corpus() -> None:
    corpus = "\n".join(text(ref) for ref in all_refs())
    missing = [v for e in expected()["entities"] for v in e["variants"] if v not in corpus]
    assert missing == []


def test_single_source_sentences_have_one_source() -> None:
    doc = expected()
    for item in doc["single_source"]:
        story = next(s for s in doc["stories"] if s["name"] == item["story"])
        carriers = {a for a in story["articles"] if norm(item["sentence"]) in norm(text(a))}
        assert item["article"] in carriers, item
        assert carriers <= copies_of(item["article"]), item


def test_discrepant_values_are_in_their_articles() -> None:
    for disc in expected()["discrepancies"]:
        assert disc["kind"] in {"number", "quote wording", "date", "name"}
        assert len(disc["variants"]) >= 2
        for var in disc["variants"]:
            assert all(var["value"] in text(a) for a in var["articles"]), var


def test_timeline_expressions_are_in_their_articles_and_resolve_sensibly() -> None:
    published = {p["article"]: p["date"] for p in expected()["published"]}
    for item in expected()["timeline"]:
        assert item["expression"].lower() in text(item["article"]).lower(), item
        if published[item["article"]] is None:
            assert item["date"] is None, "no article date means nothing to resolve against"
            continue
        precision = item.get("precision", "day")
        assert re.fullmatch(DATE_FORMATS[precision], item["date"]), item
        day = next((w for w in WEEKDAYS if w in item["expression"].lower()), None)
        if day and precision == "day":
            assert WEEKDAYS[dt.date.fromisoformat(item["date"]).weekday()] == day, item


def test_stories_are_dated_and_ordered_within_storylines() -> None:
    for story in expected()["stories"]:
        event = dt.date.fromisoformat(story["event_date"])
        dates = [p["date"] for p in expected()["published"] if p["article"] in story["articles"]]
        assert all(event <= dt.date.fromisoformat(d) for d in dates if d), story["name"]


FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "</style><style>body{display:none}</style>",
)


def test_bad_fixtures_stay_bad() -> None:
    """Guards the fixtures against a well-meant 'fix' (re-encoding, reformatting)."""
    bad = FIXTURES / "bad"
    assert (bad / "empty.txt").read_bytes() == b""
    binary = (bad / "random-bytes.txt").read_bytes()
    assert b"\0" in binary
    with pytest.raises(UnicodeDecodeError):
        binary.decode("utf-8")
    latin = (bad / "latin1-accents.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        latin.decode("utf-8")
    assert "Café" in latin.decode("latin-1")
    good, broken, bodiless = (bad / "malformed.jsonl").read_text("utf-8").splitlines()
    assert json.loads(good)["text"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken)
    assert not {"text", "html"} & set(json.loads(bodiless))
    page = (bad / "unclosed-tags.html").read_text("utf-8")
    assert "</p>" not in page
    assert len(re.sub(r"<[^>]*>", " ", page).split()) > 100


def test_hostile_fixtures_carry_every_payload_in_a_real_article() -> None:
    hostile = FIXTURES / "hostile"
    articles = sorted(p for p in hostile.iterdir() if p.suffix in ARTICLE_SUFFIXES)
    assert {p.suffix for p in articles} == {".html", ".txt"}
    for path in articles:
        sidecar = path.with_suffix(".meta.json")
        given = path.read_text("utf-8") + (sidecar.read_text("utf-8") if sidecar.exists() else "")
        missing = [p for p in HOSTILE_PAYLOADS if p not in html.unescape(given)]
        assert missing == [], path.name
        body = path.read_text("utf-8")
        prose = visible_text(body) if path.suffix == ".html" else body
        paragraphs = [line for line in prose.splitlines() if len(line.split()) > 25]
        assert len(paragraphs) >= 3, path.name
