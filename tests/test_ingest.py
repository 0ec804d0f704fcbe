"""Readers and prepare: formats, bad input as Problems, metadata precedence, source names.

All article text here is invented for these tests.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from newsdesk.ids import content_id
from newsdesk.ingest import prepare as prepare_article
from newsdesk.ingest import read_paths
from newsdesk.model import Article, Problem, RawArticle

PROSE = (
    "The Northfield ferry board voted on Tuesday to keep the night crossing running through "
    "the winter, despite losses of about two million crowns last year."
)
PROSE_2 = (
    "Board chair Ilse Varga said the crossing was the only link for the island's nurses and "
    "that cutting it would cost more than it saved."
)
ARTICLE = f"Ferry Board Keeps Night Crossing\n\nFriday Jan 12 2024\n\n{PROSE}\n\n{PROSE_2}\n"

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Island Clinic Opens New Wing | Coastline Courier</title>
<meta property="og:title" content="Island Clinic Opens New Wing">
<meta property="og:site_name" content="Coastline Courier">
<meta name="author" content="Tomas Lind">
<meta property="article:published_time" content="2024-02-05T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Island Clinic Opens New Wing</h1>
<p>{PROSE}</p>
<p>{PROSE_2}</p>
<p>Advertisement</p>
<p>The new wing has twelve beds, a small operating theatre and a room for visiting
specialists, the clinic's director told the Courier on Monday.</p>
</article>
<footer>Copyright Coastline Courier</footer>
</body></html>
"""


def read(*paths: str | Path, **kwargs: object) -> list[RawArticle | Problem]:
    return list(read_paths([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def prepare(raw: RawArticle | Problem) -> Article:
    assert isinstance(raw, RawArticle), raw
    article = prepare_article(raw)
    assert isinstance(article, Article), article
    return article


def problems(items: list[RawArticle | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- text files and folders -------------------------------------------------------------


def test_text_file_becomes_a_clean_article(tmp_path: Path) -> None:
    path = write(tmp_path / "ferry.txt", ARTICLE)
    [raw] = read(path)
    article = prepare(raw)
    assert article.source == str(path)
    assert article.text == f"{PROSE}\n\n{PROSE_2}"
    assert article.title == "Ferry Board Keeps Night Crossing"
    assert article.published == "2024-01-12"
    assert article.id == content_id(str(path), article.text)
    assert [r.reason for r in article.removed] == ["headline (title)", "dateline"]


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden_and_unknown(
    tmp_path: Path,
) -> None:
    names = ["b/z.txt", "a.md", "b/a/c.html", "c.jsonl", "b/y.text", "0.htm"]
    for name in reversed(names):  # create in a different order than expected
        content = json.dumps({"text": PROSE}) if name.endswith("jsonl") else ARTICLE
        write(tmp_path / name, content)
    write(tmp_path / ".hidden.txt", ARTICLE)
    write(tmp_path / ".git" / "x.txt", ARTICLE)
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / "a.meta.json", json.dumps({"title": "T"}))
    write(tmp_path / "README.md", "# About this folder\n")
    given = str(tmp_path) + "/"
    sources = [item.source for item in read(given)]
    assert sources == [
        os.path.join(given, name) for name in ["0.htm", "a.md", "b/a/c.html", "b/y.text", "b/z.txt"]
    ] + [f"{os.path.join(given, 'c.jsonl')}:1"]
    assert sources == [item.source for item in read(given)]  # same again
    [readme] = read(tmp_path / "README.md")  # named explicitly, it is read
    assert isinstance(readme, RawArticle)


def test_unknown_extension_named_explicitly_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.pdf", b"%PDF-1.4")
    [problem] = read(path)
    assert isinstance(problem, Problem)
    assert problem.source == str(path)
    assert "unknown format '.pdf'" in problem.message


def test_missing_path_is_a_problem_and_the_rest_is_still_read(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", ARTICLE)
    items = read(tmp_path / "nope.txt", good)
    assert isinstance(items[0], Problem) and "no such file" in items[0].message
    assert isinstance(items[1], RawArticle) and items[1].source == str(good)


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"  \n\n\t \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50, "non-text"),
    ],
)
def test_bad_files_are_problems_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = write(tmp_path / "a_bad.txt", content)
    good = write(tmp_path / "b_good.txt", ARTICLE)
    items = read(tmp_path)
    assert len(items) == 2
    [problem] = problems(items)
    assert problem.source == os.path.join(str(tmp_path), bad.name)
    assert expected in problem.message
    assert "\n" not in problem.message
    assert isinstance(items[1], RawArticle) and items[1].source.endswith(good.name)


def test_too_big_file_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", ARTICLE)
    [problem] = read(path, max_bytes=100)
    assert isinstance(problem, Problem)
    assert "too big" in problem.message and "100 limit" in problem.message


def test_latin1_text_decodes_correctly(tmp_path: Path) -> None:
    text = (
        "Señora Müller, the café owner from Zürich, said the façade would reopen in "
        "spring. « Très bien », she added, à la française."
    )
    path = write(tmp_path / "old.txt", text.encode("latin-1"))
    [raw] = read(path)
    assert isinstance(raw, RawArticle)
    assert raw.text == text


def test_cp1252_smart_quotes_decode(tmp_path: Path) -> None:
    text = "“The pier is safe,” the engineer said — and the board agreed."
    [raw] = read(write(tmp_path / "quotes.txt", text.encode("cp1252")))
    assert isinstance(raw, RawArticle) and raw.text == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    [raw] = read(write(tmp_path / "bom.txt", ARTICLE.encode(encoding)))
    assert isinstance(raw, RawArticle) and raw.text == ARTICLE


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Tomas Lind", "Tomás Lind"
    )
    [raw] = read(write(tmp_path / "page.html", page.encode("cp1252")))
    assert isinstance(raw, RawArticle) and raw.html is not None and "Tomás Lind" in raw.html


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_sources_are_id_then_url_then_file_and_line(tmp_path: Path) -> None:
    lines = [
        {"id": "ferry-1", "url": "https://coastline.example/a", "text": PROSE},
        {"url": "https://coastline.example/b", "text": PROSE},
        {"text": PROSE},
        {"id": 42, "text": PROSE},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    sources = [item.source for item in read(path)]
    assert sources == ["ferry-1", "https://coastline.example/b", f"{path}:3", "42"]


def test_jsonl_bad_lines_are_problems_and_good_lines_still_read(tmp_path: Path) -> None:
    content = "\n".join(
        [
            json.dumps({"id": "ok-1", "text": PROSE}),
            '{"id": "broken", "text": ',
            json.dumps({"id": "empty", "title": "No body"}),
            "[1, 2, 3]",
            "",
            json.dumps({"id": "ok-2", "html": PAGE}),
        ]
    )
    path = write(tmp_path / "feed.ndjson", content)
    items = read(path)
    assert [type(i).__name__ for i in items] == [
        "RawArticle",
        "Problem",
        "Problem",
        "Problem",
        "RawArticle",
    ]
    bad = problems(items)
    assert [p.source for p in bad] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "malformed JSON" in bad[0].message
    assert "no text or html" in bad[1].message
    assert "not a JSON object" in bad[2].message
    last = items[-1]
    assert isinstance(last, RawArticle) and last.html == PAGE and last.text is None


def test_jsonl_line_over_the_limit_is_a_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feed.jsonl",
        json.dumps({"text": PROSE * 10}) + "\n" + json.dumps({"text": "Short."}) + "\n",
    )
    items = read(path, max_bytes=200)
    assert isinstance(items[0], Problem) and "too big" in items[0].message
    assert isinstance(items[1], RawArticle)


def test_jsonl_published_is_normalised_and_a_bad_date_is_reported(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": PROSE, "published": "Jan 12, 2024"},
        {"id": "b", "text": PROSE, "published": "2024-01-12T08:15:00Z"},
        {"id": "c", "text": PROSE, "published": "two hours ago", "title": 7},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(x) for x in lines))
    items = read(path)
    raws = [i for i in items if isinstance(i, RawArticle)]
    assert [r.published for r in raws] == ["2024-01-12", "2024-01-12T08:15:00+00:00", None]
    warnings = problems(items)
    assert [w.source for w in warnings] == ["c", "c"]
    assert all("read without it" in w.message for w in warnings)


# --- stdin ---------------------------------------------------------------------------------


def test_stdin_text_is_one_article() -> None:
    [raw] = read("-", stdin=io.StringIO(ARTICLE))
    assert isinstance(raw, RawArticle)
    assert raw.source == "<stdin>" and raw.text == ARTICLE


def test_stdin_jsonl_when_every_line_is_an_object() -> None:
    stream = io.StringIO(
        json.dumps({"id": "s1", "text": PROSE}) + "\n\n" + json.dumps({"text": PROSE_2})
    )
    items = read("-", stdin=stream)
    assert [i.source for i in items] == ["s1", "<stdin>:3"]


def test_stdin_with_one_non_json_line_is_text() -> None:
    content = json.dumps({"text": PROSE}) + "\nand then some prose"
    [raw] = read("-", stdin=io.StringIO(content))
    assert isinstance(raw, RawArticle) and raw.text == content


def test_stdin_html_and_empty() -> None:
    [raw] = read("-", stdin=io.StringIO(PAGE))
    assert isinstance(raw, RawArticle) and raw.html == PAGE
    [problem] = read("-", stdin=io.StringIO("  \n"))
    assert isinstance(problem, Problem) and problem.source == "<stdin>"


# --- HTML and prepare ----------------------------------------------------------------------


def test_html_becomes_text_with_page_metadata(tmp_path: Path) -> None:
    article = prepare(read(write(tmp_path / "clinic.html", PAGE))[0])
    assert PROSE in article.text.split("\n\n")
    assert PROSE_2 in article.text.split("\n\n")
    assert "Advertisement" not in article.text
    assert "Copyright" not in article.text
    assert article.title == "Island Clinic Opens New Wing"
    assert article.outlet == "Coastline Courier"
    assert article.author == "Tomas Lind"
    assert article.published == "2024-02-05"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "<html><head><title>Index</title></head><body><div></div></body></html>",
            "no article body",
        ),
        ("<html><body><script>var x = 1;</script></body></html>", "no article body"),
        ("<html><body><nav>Home</nav><p>Advertisement</p></body></html>", "no article text left"),
    ],
)
def test_html_without_a_body_is_a_problem(page: str, expected: str) -> None:
    problem = prepare_article(RawArticle(source="empty.html", html=page))
    assert isinstance(problem, Problem)
    assert problem.source == "empty.html" and expected in problem.message


def test_all_boilerplate_text_is_a_problem() -> None:
    problem = prepare_article(RawArticle(source="x", text="Advertisement\n\nLeave a Comment\n"))
    assert isinstance(problem, Problem) and "no article text left" in problem.message


# --- metadata precedence -------------------------------------------------------------------

TEXT_WITH_HEADER = (
    f"Ferry Board Keeps Night Crossing\n\nFriday Jan 12 2024\n\nby Coastline Courier\n\n{PROSE}\n"
)


def test_text_metadata_is_used_when_nothing_else_is_given(tmp_path: Path) -> None:
    article = prepare(read(write(tmp_path / "a.txt", TEXT_WITH_HEADER))[0])
    assert (article.title, article.published, article.outlet) == (
        "Ferry Board Keeps Night Crossing",
        "2024-01-12",
        "Coastline Courier",
    )


def test_sidecar_beats_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", TEXT_WITH_HEADER)
    sidecar = {"title": "Night Ferry Saved", "published": "2024-01-11", "story": "ferry"}
    write(tmp_path / "a.meta.json", json.dumps(sidecar))
    article = prepare(read(path)[0])
    assert article.title == "Night Ferry Saved"
    assert article.published == "2024-01-11"
    assert article.outlet == "Coastline Courier"  # not in the sidecar: the text's byline
    assert article.story_hint == "ferry"
    assert "Ferry Board Keeps Night Crossing" not in article.text  # still moved out


def test_input_field_beats_sidecar_beats_text(tmp_path: Path) -> None:
    line = {"id": "f1", "text": TEXT_WITH_HEADER, "outlet": "Island Post"}
    path = write(tmp_path / "feed.jsonl", json.dumps(line) + "\n")
    write(tmp_path / "feed.meta.json", json.dumps({"outlet": "Harbour Wire", "author": "A. Roe"}))
    article = prepare(read(path)[0])
    assert article.outlet == "Island Post"  # the line's own field
    assert article.author == "A. Roe"  # the sidecar's default
    assert article.title == "Ferry Board Keeps Night Crossing"  # the text's headline


def test_unknown_metadata_stays_none_and_nothing_comes_from_mtime(tmp_path: Path) -> None:
    path = write(tmp_path / "plain.txt", f"{PROSE}\n\n{PROSE_2}\n")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    article = prepare(read(path)[0])
    assert (article.title, article.published, article.outlet, article.author) == (
        None,
        None,
        None,
        None,
    )


def test_url_host_is_the_last_resort_outlet() -> None:
    raw = RawArticle(source="u", text=PROSE, url="https://www.coastline.example/news/1")
    assert prepare(raw).outlet == "coastline.example"


def test_broken_sidecar_is_reported_and_the_article_still_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.meta.json", "{not json")
    items = read(path)
    assert isinstance(items[0], Problem) and "sidecar a.meta.json" in items[0].message
    assert isinstance(items[1], RawArticle) and items[1].title is None


def test_public_jsonl_helpers_for_other_readers() -> None:
    from newsdesk.ingest import items_from_record, read_jsonl_lines

    lines = [json.dumps({"text": PROSE}).encode(), b"{oops"]
    items = list(read_jsonl_lines("archive.jsonl.gz", lines, defaults={"outlet": "Isle Wire"}))
    assert isinstance(items[0], RawArticle) and items[0].outlet == "Isle Wire"
    assert isinstance(items[1], Problem) and items[1].source == "archive.jsonl.gz:2"
    [raw] = list(items_from_record("w:1", {"id": "r1", "html": PAGE}))
    assert isinstance(raw, RawArticle) and raw.source == "r1" and raw.html == PAGE
