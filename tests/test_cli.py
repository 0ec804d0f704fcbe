"""The command line end to end: digest on the seeds and the bundled examples, the JSON
contract (validated against docs/schemas/digest.schema.json), bad input, stores, eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, need_shared
from newsdesk.cli import app

SCHEMA = json.loads((ROOT / "docs" / "schemas" / "digest.schema.json").read_text())
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
runner = CliRunner()

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:spacy.*")


def digest_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["digest", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    return doc


def by_source(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["source"]: a for s in doc["stories"] for a in s["articles"]}


def test_seeds_give_two_stories_in_one_storyline_with_boilerplate_removed() -> None:
    seeds = need_shared("seeds")
    doc = digest_json(str(seeds))
    groups = sorted(
        sorted(Path(a["source"]).name[:3] for a in story["articles"]) for story in doc["stories"]
    )
    assert groups == [["000", "001", "002", "003"], ["004"]]
    assert len({story["storyline"] for story in doc["stories"]}) == 1
    articles = {Path(src).name[:3]: a for src, a in by_source(doc).items()}
    assert articles["004"]["published"] == "2021-07-09"
    for art in articles.values():
        text = art["text"]
        for line in ("Please register to access this content.", "Advertisement", "Dismiss"):
            assert line not in text.splitlines()
        assert not any(ln.startswith(("Reading:", "read also:")) for ln in text.splitlines())
    removed = {r["line"] for a in articles.values() for r in a["removed"]}
    assert "Please register to access this content." in removed
    assert any(line.startswith("Image Credit") for line in removed)


def test_every_citation_resolves_to_its_article_text() -> None:
    doc = digest_json(str(EXAMPLES / "corpus"))
    texts = {a["id"]: a["text"] for s in doc["stories"] for a in s["articles"]}
    cited = 0
    for story in doc["stories"]:
        for sent in story["summary"]:
            for cite in sent["citations"]:
                span = texts[cite["article"]][cite["start"] : cite["end"]]
                assert span.strip(), cite
                cited += 1
    assert cited


def _ref(article: dict[str, Any]) -> str:
    source = article["source"]
    if source.startswith(str(EXAMPLES)):
        return str(Path(source).relative_to(EXAMPLES))
    return source


def test_examples_give_the_stories_and_duplicates_written_down_before_tuning() -> None:
    doc = digest_json(str(EXAMPLES / "corpus"))
    feed_ids = {
        ref.split("#")[1]: ref for s in EXPECTED["stories"] for ref in s["articles"] if "#" in ref
    }
    ref_of = {}
    for art in by_source(doc).values():
        ref = _ref(art)
        ref_of[art["id"]] = feed_ids.get(ref, ref)
    got = {frozenset(ref_of[a["id"]] for a in s["articles"]) for s in doc["stories"]}
    copies = {d["copy"] for d in EXPECTED["duplicates"]}
    want = set()
    for story in EXPECTED["stories"]:
        members = set(story["articles"])
        members |= {d["copy"] for d in EXPECTED["duplicates"] if d["canonical"] in members}
        want.add(frozenset(members))
    assert got == want
    canonical_of = {
        ref_of[a["id"]]: ref_of[a["duplicate_of"]]
        for a in by_source(doc).values()
        if a["duplicate_of"]
    }
    for dup in EXPECTED["duplicates"]:
        pair = {dup["copy"]: dup["canonical"]}
        if dup["kind"] == "exact":  # byte-identical files: either may be the canonical one
            pair = pair if dup["copy"] in canonical_of else {dup["canonical"]: dup["copy"]}
        assert pair.items() <= canonical_of.items()
    assert len(canonical_of) == len(copies)
    line_of = {ref_of[a["id"]]: s["storyline"] for s in doc["stories"] for a in s["articles"]}
    names: dict[str, set[str]] = {}
    for story in EXPECTED["stories"]:
        names.setdefault(story["storyline"], set()).add(line_of[story["articles"][0]])
    assert all(len(ids) == 1 for ids in names.values())
    assert len({next(iter(ids)) for ids in names.values()}) == len(names)


def test_bad_input_is_named_skipped_and_exits_1(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "Harbour reopens\n\nThe northern channel of the Kessa estuary reopened on Tuesday "
        "after salvage crews freed the Meridian Star.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["digest", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [a["source"] for s in doc["stories"] for a in s["articles"]] == [str(good)]
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("newsdesk: skipped")]
    assert len(lines) == 2 and any("empty.txt" in ln for ln in lines)


def test_ingest_twice_adds_nothing_and_show_prints_the_brief(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    corpus = str(EXAMPLES / "corpus")
    first = runner.invoke(app, ["ingest", corpus, "--db", str(db)])
    assert first.exit_code == 0 and "35 added" in first.stderr
    again = runner.invoke(app, ["ingest", corpus, "--db", str(db)])
    assert "0 added, 35 already stored" in again.stderr
    listed = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    stories = json.loads(listed.stdout)["stories"]
    jsonschema.validate(json.loads(listed.stdout), SCHEMA)
    shown = runner.invoke(app, ["show", stories[0]["id"], "--db", str(db), "-f", "markdown"])
    assert shown.exit_code == 0 and stories[0]["headline"] in shown.stdout
    missing = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert missing.exit_code != 0


def test_html_digest_is_one_self_contained_page() -> None:
    result = runner.invoke(app, ["digest", str(EXAMPLES / "corpus"), "--format", "html"])
    assert result.exit_code == 0
    page = result.stdout
    assert page.count("<html") == 1 and "<script" not in page
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]


def test_eval_prints_the_documented_clustering_keys(tmp_path: Path) -> None:
    cases = tmp_path / "labelled.jsonl"
    rows = [
        {"id": "f1", "label": "fire", "text": "An orchard fire near Tamsford forced residents "
         "of Lower Brant to leave their homes on Sunday night."},
        {"id": "f2", "label": "fire", "text": "Residents of Lower Brant fled on Sunday night as "
         "an orchard fire spread from Tamsford toward their homes."},
        {"id": "s1", "label": "ship", "text": "Salvage crews refloated the container ship "
         "Meridian Star in the Kessa estuary after eight days aground."},
    ]  # fmt: skip
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "clustering", str(cases), "--format", "json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    keys = {"bcubed_precision", "bcubed_recall", "bcubed_f1", "ari"}
    keys |= {"pairwise_precision", "pairwise_recall", "pairwise_f1"}
    assert keys <= set(metrics)
    assert metrics["bcubed_f1"] == 1.0


def test_unusable_metadata_is_a_warning_not_a_skip(tmp_path: Path) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text(
        "Ferry timetable restored\n\nFerries between Port Valen and Drennick returned to their "
        "normal timetable on Wednesday after divers cleared the northern channel.\n",
        encoding="utf-8",
    )
    (tmp_path / "ferry.meta.json").write_text('{"published": "someday soon"}', encoding="utf-8")
    result = runner.invoke(app, ["digest", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "skipped" not in result.stderr
    (art,) = [a for s in json.loads(result.stdout)["stories"] for a in s["articles"]]
    assert art["published"] is None


def test_a_brief_that_fails_costs_only_that_story(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.brief

    real = newsdesk.brief.build_brief

    def fragile(articles: Any, **kwargs: Any) -> Any:
        if any("Halcyon Drift" in a.text for a in articles):
            raise ValueError("an unforeseen sentence\nwith a second line")
        return real(articles, **kwargs)

    monkeypatch.setattr(newsdesk.brief, "build_brief", fragile)  # the examples: in-process
    for fmt in ("json", "markdown"):
        result = runner.invoke(app, ["digest", str(EXAMPLES / "corpus"), "--format", fmt])
        assert result.exit_code == 1
        failed = [ln for ln in result.stderr.splitlines() if "failed (ValueError" in ln]
        assert failed and all("an unforeseen sentence)" in ln for ln in failed)
        if fmt == "json":
            doc = json.loads(result.stdout)
            jsonschema.validate(doc, SCHEMA)
            briefed = [s for s in doc["stories"] if "summary" in s]
            assert len(failed) == len(doc["stories"]) - len(briefed) >= 1
            assert len(briefed) >= 5  # the other stories keep their briefs
