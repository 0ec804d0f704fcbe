"""newsdesk batch on the local engine (issue 6): same results as the Desk, WARC, resume, load."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsdesk.batch import StageEvent, load_batch, run_batch
from newsdesk.batch.compare import batch_outcome, desk_outcome, differences
from newsdesk.errors import ConfigError
from newsdesk.pipeline import Desk

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"

_PAGE = """<!doctype html><html><head><title>{title}</title></head><body>
<nav>Home | World | Sport</nav><article><h1>{title}</h1>{paras}</article>
<footer>Subscribe to our newsletter</footer></body></html>"""


def _page(title: str, sentences: list[str]) -> bytes:
    paras = "".join(f"<p>{s}</p>" for s in sentences)
    return _PAGE.format(title=title, paras=paras).encode("utf-8")


QUARRY = [
    "The Pellworth quarry collapse on Tuesday buried two excavators near the village of Ardmoor.",
    "Rescue teams from Castlebridge worked through the night to reach the trapped driver, "
    "Tomas Vellacourt, who was freed at dawn with minor injuries.",
    "The quarry operator, Greystone Aggregates, said heavy rain had loosened the eastern wall.",
    "Inspectors from the regional mining board will visit the Pellworth site on Thursday.",
]
LIBRARY = [
    "The Ardmoor public library reopened on Saturday after an eighteen-month restoration.",
    "Volunteers carried four thousand books back into the Victorian reading room.",
    "The librarian, Maren Oakhurst, said the new roof had finally stopped the winter leaks.",
]


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        records = [
            ("https://ardmoor-gazette.example/quarry", "text/html; charset=utf-8",
             _page("Quarry wall collapses at Pellworth", QUARRY)),
            ("https://valley-echo.example/library", "text/html",
             _page("Ardmoor library reopens", LIBRARY)),
            ("https://valley-echo.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n0000"),
        ]  # fmt: skip
        for uri, ctype, body in records:
            request = writer.create_warc_record(
                uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            response = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
            for record in (request, response):
                writer.write_record(record)
                record.raw_stream.close()  # warcio spools each record to a temporary file


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    run_batch([str(CORPUS)], out, engine="local", briefs=False)
    return out


def test_local_batch_gives_the_desks_articles_duplicates_stories_and_storylines(
    local_run: Path,
) -> None:
    with Desk.open(None) as desk:
        desk.ingest_paths([str(CORPUS)])
        expected = desk_outcome(desk)
    got = batch_outcome(local_run)
    assert differences(got, expected) == {
        "articles": 0, "duplicates": 0, "stories": 0, "storylines": 0
    }  # fmt: skip
    assert len(got.stories) >= 6 and got.duplicates


def test_batch_tables_are_parquet_and_jsonl_on_request(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": "q1", "title": "Quarry wall collapses", "text": "\n\n".join(QUARRY)},
        {"id": "l1", "title": "Library reopens", "text": "\n\n".join(LIBRARY)},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n", encoding="utf-8")
    report = run_batch([str(source)], tmp_path / "out", jsonl=True, briefs=False)
    assert report.count("export", "articles") == 2
    assert report.count("articles", "problems") == 1  # the malformed line, reported, not fatal
    stories = pq.read_table(tmp_path / "out" / "stories").to_pylist()
    assert sorted(len(s["article_ids"]) for s in stories) == [1, 1]
    lines_out = (tmp_path / "out" / "problems.jsonl").read_text(encoding="utf-8").splitlines()
    problems = [json.loads(x) for x in lines_out]
    assert problems[0]["source"].endswith("in.jsonl:3")
    assert "malformed JSON" in problems[0]["message"]


def test_a_warc_goes_end_to_end_reading_only_html_responses(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc)
    run_batch([str(warc)], tmp_path / "out", briefs=True)
    articles = pq.read_table(tmp_path / "out" / "articles").to_pylist()
    assert sorted(a["source"] for a in articles) == [
        "https://ardmoor-gazette.example/quarry",
        "https://valley-echo.example/library",
    ]
    quarry = next(a for a in articles if "quarry" in a["source"])
    assert "Tomas Vellacourt" in quarry["text"] and "Subscribe" not in quarry["text"]
    assert quarry["title"] == "Quarry wall collapses at Pellworth"
    briefs = pq.read_table(tmp_path / "out" / "briefs").to_pylist()
    assert len(briefs) == 2 and all(b["brief_json"] and not b["problem"] for b in briefs)
    summary = json.loads(
        next(b for b in briefs if b["story_id"] == quarry["story_id"])["brief_json"]
    )
    assert any("Pellworth" in s["text"] for s in summary["summary"])


def test_parquet_input_reads_like_jsonl(tmp_path: Path) -> None:
    rows = [{"id": "q1", "text": "\n\n".join(QUARRY), "published": "2025-04-08"}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    run_batch([str(tmp_path / "in.parquet")], tmp_path / "out", briefs=False)
    (article,) = pq.read_table(tmp_path / "out" / "articles").to_pylist()
    assert article["source"] == "q1" and article["published"] == "2025-04-08"


class _Killed(Exception):
    pass


def test_a_killed_run_resumes_without_redoing_finished_stages(
    tmp_path: Path, local_run: Path
) -> None:
    out = tmp_path / "out"

    def kill_at_stories(event: StageEvent) -> None:
        if event.stage == "stories" and event.state == "start":
            (out / "stages" / "stories" / "placement").mkdir(parents=True)  # half-written
            raise _Killed

    with pytest.raises(_Killed):
        run_batch([str(CORPUS)], out, briefs=False, progress=kill_at_stories)
    finished = {p: p.stat().st_mtime_ns for p in (out / "stages" / "edges").rglob("*")}
    events: list[StageEvent] = []
    run_batch([str(CORPUS)], out, briefs=False, progress=events.append)
    states = {e.stage: e.state for e in events if e.state != "start"}
    assert states == {
        "articles": "skipped", "duplicates": "skipped", "edges": "skipped",
        "stories": "done", "briefs": "done", "export": "done",
    }  # fmt: skip
    assert {p: p.stat().st_mtime_ns for p in (out / "stages" / "edges").rglob("*")} == finished
    assert batch_outcome(out) == batch_outcome(local_run)


def test_a_rerun_with_other_inputs_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "\n\n".join(LIBRARY)}) + "\n", encoding="utf-8")
    run_batch([str(source)], tmp_path / "out", briefs=False)
    with pytest.raises(ConfigError, match="other inputs"):
        run_batch([str(source), str(source)], tmp_path / "out", briefs=False)


def test_load_puts_a_batch_into_a_store_the_desk_opens(tmp_path: Path, local_run: Path) -> None:
    db = tmp_path / "desk.db"
    report = load_batch(local_run, db)
    with Desk.open(db) as desk:
        assert desk_outcome(desk) == batch_outcome(local_run)
        assert report.articles == len(desk.store.all_article_ids())
        with pytest.raises(Exception, match="already holds articles"):
            load_batch(local_run, db)


def test_a_wider_date_window_groups_like_the_desk_and_the_loaded_store_keeps_it(
    tmp_path: Path,
) -> None:
    out = tmp_path / "wide"
    run_batch([str(CORPUS)], out, briefs=False, story_days=30)
    with Desk.open(None, story_days=30) as desk:
        desk.ingest_paths([str(CORPUS)])
        expected = desk_outcome(desk)
    with Desk.open(None) as desk:
        desk.ingest_paths([str(CORPUS)])
        default = desk_outcome(desk)
    got = batch_outcome(out)
    assert differences(got, expected) == {
        "articles": 0, "duplicates": 0, "stories": 0, "storylines": 0
    }  # fmt: skip
    assert len(got.stories) < len(default.stories)  # week-apart events are one story now
    with pytest.raises(ConfigError, match="other inputs or options"):
        run_batch([str(CORPUS)], out, briefs=False)  # the default window is another run
    load_batch(out, tmp_path / "wide.db")
    with Desk.open(tmp_path / "wide.db") as desk:
        assert desk.story_days == 30


def test_key_term_blocks_emit_each_candidate_pair_exactly_once() -> None:
    import itertools
    import random

    from newsdesk.batch.stages import candidate_pairs
    from newsdesk.cluster import MIN_SHARED_KEY_TERMS

    rng = random.Random(7)
    terms = [f"term{i:02d}" for i in range(30)]
    articles = [{"id": f"a{i:03d}", "key_terms": sorted(rng.sample(terms, 6))} for i in range(120)]
    expected = {
        (x["id"], y["id"])
        for x, y in itertools.combinations(articles, 2)
        if len(set(x["key_terms"]) & set(y["key_terms"])) >= MIN_SHARED_KEY_TERMS
    }
    emitted = [
        (p["a"], p["b"])
        for t in terms
        for p in candidate_pairs([{"term": t, **a} for a in articles if t in a["key_terms"]])
    ]
    assert len(emitted) == len(set(emitted)) and set(emitted) == expected
