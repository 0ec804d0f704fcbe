"""Issue 4: every route of the web app and its JSON twin, in process (httpx ASGI transport)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from e2e.stores import HOSTILE_TITLE, JS_URL, build_examples_store
from newsdesk.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:spacy.*")


class Client:
    """A synchronous face on httpx's ASGI transport (no server, no network)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        # A loop of its own in a worker thread: the browser tests' Playwright keeps an event
        # loop running on the main thread, where asyncio.run() would refuse to start.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, self._send(method, url, **kwargs)).result()

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, url, **kwargs)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_examples_store(tmp_path_factory.mktemp("web") / "news.db")


@pytest.fixture(scope="module")
def client(db: Path) -> Client:
    return Client(create_app(db))


def _json(client: Client, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def _story_ids(client: Client, query: str = "") -> list[str]:
    return [s["id"] for s in _json(client, "/stories.json" + query)["stories"]]


def test_stories_page_lists_headlines_and_has_json_twins(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    data = _json(client, "/stories.json")
    assert data["stories"] and {"id", "headline"} <= set(data["stories"][0])
    for story in data["stories"]:
        assert f'href="/stories/{story["id"]}"' in page.text
    negotiated = client.get("/", headers={"accept": "application/json"}).json()
    assert negotiated["stories"] == data["stories"]


@pytest.mark.parametrize(("order", "key"), [("biggest", "articles"), ("corroborated", "outlets")])
def test_stories_sorted_by_size_and_by_distinct_outlets(
    client: Client, order: str, key: str
) -> None:
    rows = _json(client, f"/stories.json?order={order}")["stories"]
    values = [r[key] for r in rows]
    assert values == sorted(values, reverse=True) and values[0] > 1


def test_newest_first_and_keyset_paging_covers_every_story_once(client: Client) -> None:
    everything = _json(client, "/stories.json?limit=200")
    dates = [s["last_published"] or "" for s in everything["stories"]]
    assert dates == sorted(dates, reverse=True)
    seen: list[str] = []
    url = "/stories.json?limit=3"
    while url:
        page = _json(client, url)
        seen += [s["id"] for s in page["stories"]]
        url = f"/stories.json?limit=3&after={page['next']}" if page["next"] else ""
    assert seen == [s["id"] for s in everything["stories"]]
    assert len(seen) == everything["total"]
    html = client.get("/?limit=3")
    assert 'rel="next"' in html.text


def test_filters_by_outlet_date_entity_and_storyline(client: Client) -> None:
    data = _json(client, "/stories.json")
    outlet = data["outlets"][0]["name"]
    for sid in _story_ids(client, f"/?outlet={outlet}".replace("/?", "?")):
        story = _json(client, f"/stories/{sid}.json")
        assert outlet in story["outlets"]
    dated = _json(client, "/stories.json?date_from=2024-03-01&date_to=2024-03-31")["stories"]
    assert dated and all("2024-03" in (s["last_published"] or "") for s in dated)
    story = _json(client, f"/stories/{data['stories'][0]['id']}.json")
    name = story["entities"][0]["name"]
    assert data["stories"][0]["id"] in _story_ids(client, f"?entity={name}")
    line = next(s for s in data["stories"] if s["storyline_stories"] > 1)
    members = _story_ids(client, f"?storyline={line['storyline']}")
    assert len(members) == line["storyline_stories"]


def test_story_page_citations_open_the_cited_sentence(client: Client) -> None:
    sid = _json(client, "/stories.json?order=biggest")["stories"][0]["id"]
    story = _json(client, f"/stories/{sid}.json")
    page = client.get(f"/stories/{sid}").text
    assert story["summary"], "the biggest story has a summary"
    for sent in story["summary"]:
        for cite in sent["citations"]:
            href = f"/articles/{cite['article']}?hl={cite['start']}-{cite['end']}"
            assert href + f"#s-{cite['start']}-{cite['end']}" in page
            article = client.get(href).text
            anchor = f'id="s-{cite["start"]}-{cite["end"]}"'
            assert anchor in article
            marked = " ".join(re.findall(r"<mark>(.*?)</mark>", article, re.S))
            assert marked, "the cited sentence is highlighted"
            if cite.get("verbatim", True):  # a paraphrase cites its own wording
                assert _words(sent["text"]) == _words(marked)


def _words(text: str) -> list[str]:
    return unescape(text).split()


def test_story_page_shows_matrix_quotes_entities_timeline_and_storyline(client: Client) -> None:
    rows = _json(client, "/stories.json")["stories"]
    line = next(s for s in rows if s["storyline_stories"] > 1)
    story = _json(client, f"/stories/{line['id']}.json")
    html = client.get(f"/stories/{line['id']}").text
    assert story["matrix"]["outlets"] and story["matrix"]["rows"]
    assert '<table class="matrix">' in html
    for section in ("summary", "entities", "timeline", "storyline", "sources"):
        assert f'id="{section}"' in html, section
    others = story["storyline_stories"]
    assert len(others) == line["storyline_stories"] - 1
    assert {o["relation"] for o in others} <= {"before", "after"}
    for other in others:
        assert f'href="/stories/{other["id"]}"' in html
    if story["quotes"]:
        assert 'class="quote"' in html
    # the storyline's timeline merges its stories' and names each entry's story
    timeline = story["storyline_timeline"]
    told_in = {entry["story"]["id"] for entry in timeline}
    assert {line["id"], *(o["id"] for o in others)} == told_in
    assert {e["text"] for e in story["timeline"]} <= {e["text"] for e in timeline}
    assert "Storyline timeline" in html and "Recurring actors" in html
    assert story["storyline_actors"]


def test_article_page_has_sentences_removed_lines_copies_and_story(client: Client) -> None:
    rows = _json(client, "/stories.json?order=biggest&limit=200")["stories"]
    copies = None
    for row in rows:
        for article in _json(client, f"/stories/{row['id']}.json")["articles"]:
            if article["duplicate_of"]:
                copies = article
                break
        if copies:
            break
    assert copies is not None, "the examples include a copied article"
    data = _json(client, f"/articles/{copies['id']}.json")
    assert data["story"] and data["copies"]
    assert copies["duplicate_of"] in {c["id"] for c in data["copies"]}
    for span in data["sentences"]:
        assert data["text"][span["start"] : span["end"]].strip()
    html = client.get(f"/articles/{copies['id']}").text
    assert f'href="/stories/{data["story"]["id"]}"' in html
    with_removed = next(
        a
        for row in rows
        for a in _json(client, f"/stories/{row['id']}.json")["articles"]
        if _json(client, f"/articles/{a['id']}.json")["removed"]
    )
    html = client.get(f"/articles/{with_removed['id']}").text
    assert '<details class="removed">' in html and "Removed boilerplate" in html


def test_entity_page_lists_variants_and_stories(client: Client) -> None:
    sid = _json(client, "/stories.json")["stories"][0]["id"]
    entity = _json(client, f"/stories/{sid}.json")["entities"][0]
    data = _json(client, f"/entities/{entity['name']}.json")
    assert sid in {s["id"] for s in data["stories"]}
    assert set(entity["variants"]) <= set(data["variants"]) | {data["name"]}
    assert client.get(f"/entities/{entity['name']}").status_code == 200
    missing = client.get("/entities/Nobody%20Atall.json")
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404


def test_search_groups_articles_by_story_and_finds_names(client: Client) -> None:
    story = _json(client, "/stories.json?order=biggest")["stories"][0]
    word = max(re.findall(r"[A-Z][a-z]{4,}", story["headline"]), key=len)
    data = _json(client, f"/search.json?q={word}")
    assert story["id"] in {s["id"] for s in data["stories"]}
    assert all(s["articles"] for s in data["stories"])
    assert any(p["match"] for s in data["stories"] for a in s["articles"] for p in a["snippet"])
    html = client.get(f"/search?q={word}").text
    assert f'href="/stories/{story["id"]}"' in html and "<mark>" in html
    name = _json(client, f"/stories/{story['id']}.json")["entities"][0]["name"]
    assert name in {n["name"] for n in _json(client, f"/search.json?q={name}")["names"]}


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "(((", "*", "a:b", "", "  "])
def test_search_survives_fts_syntax(client: Client, query: str) -> None:
    assert client.get("/search.json", params={"q": query}).status_code == 200
    assert client.get("/search", params={"q": query}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/stories/0000000000000000",
        "/stories/0000000000000000.json",
        "/articles/nope",
        "/articles/nope.json",
        "/no/such/page",
    ],
)
def test_unknown_ids_are_404_with_one_error_shape(client: Client, path: str) -> None:
    response = client.get(path, headers={"accept": "application/json"})
    assert response.status_code == 404
    body = response.json()
    assert list(body) == ["error"] and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == 404 and body["error"]["message"]
    page = client.get(path)
    assert page.status_code == 404
    assert ("Not found" in page.text) != path.endswith(".json")  # HTML, except .json paths


@pytest.mark.parametrize(
    "query", ["?order=loudest", "?limit=0", "?after=%25%25garbage", "?date_from=March"]
)
def test_bad_parameters_are_400_with_the_parameter_named(client: Client, query: str) -> None:
    response = client.get("/stories.json" + query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert query[1:].split("=")[0] in error["message"]


def test_no_state_changing_methods(client: Client) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/", headers={"accept": "application/json"})
        assert response.status_code == 405
        assert response.json()["error"]["status"] == 405


def test_openapi_documents_every_page_and_its_twin(client: Client) -> None:
    paths = _json(client, "/openapi.json")["paths"]
    for path in (
        "/",
        "/stories.json",
        "/state.json",
        "/stories/{story_id}",
        "/stories/{story_id}.json",
        "/articles/{article_id}",
        "/articles/{article_id}.json",
        "/entities/{name}",
        "/entities/{name}.json",
        "/search",
        "/search.json",
    ):
        assert path in paths, path


def test_security_headers_and_static_files(client: Client) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_hostile_content_is_escaped_and_javascript_urls_are_not_links(client: Client) -> None:
    data = _json(client, "/search.json?q=Lundmark")
    assert data["stories"]
    story = data["stories"][0]
    pages = [client.get("/").text, client.get("/search?q=Lundmark").text]
    pages.append(client.get(f"/stories/{story['id']}").text)
    for article in _json(client, f"/stories/{story['id']}.json")["articles"]:
        pages.append(client.get(f"/articles/{article['id']}").text)
    for page in pages:
        tags = _tags(page)
        assert [a for t, a in tags if t == "script"] == [{"src": "/static/app.js", "defer": None}]
        assert not [t for t, _ in tags if t in ("img", "style", "iframe", "svg", "object")]
        assert not [n for _, a in tags for n in a if n.startswith("on")]
        hrefs = [a.get("href") or "" for _, a in tags]
        assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]
    assert "&lt;script&gt;" in pages[-1]
    assert "javascript:window.__pwned" in "".join(pages)  # shown as text, never as a link
    assert any(HOSTILE_TITLE[:9] in p for p in pages) and JS_URL


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag of a page with its attributes, as a browser's parser sees them."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collector().feed(page)
    return found


def test_pages_stay_consistent_while_another_connection_writes(db: Path, client: Client) -> None:
    before = _json(client, "/stories.json")["total"]
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO stories VALUES ('halfwritten00000', 'Half-written', 'x', 1, NULL, NULL)"
        )
        assert _json(client, "/stories.json")["total"] == before  # uncommitted: not visible
        assert client.get("/stories/halfwritten00000").status_code == 404
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    assert client.get("/").status_code == 200


def test_state_counters_for_polling(client: Client) -> None:
    state = _json(client, "/state.json")["state"]
    assert state["articles"] > 0 and state["changes"] > 0
    html = client.get("/").text
    assert f'data-state="{state["articles"]}-{state["changes"]}"' in html


def test_create_app_refuses_a_missing_store(tmp_path: Path) -> None:
    from newsdesk.errors import StoreError

    with pytest.raises(StoreError, match="newsdesk ingest"):
        create_app(tmp_path / "missing.db")


def test_new_articles_show_on_reload_and_etags_revalidate(tmp_path: Path) -> None:
    from e2e.stores import _hostile_articles
    from newsdesk.pipeline import Desk

    db = tmp_path / "live.db"
    with Desk.open(db) as desk:
        desk.ingest(_hostile_articles()[:1])
    client = Client(create_app(db))
    first = client.get("/stories.json")
    assert first.json()["total"] == 1
    etag = first.headers["etag"]
    assert client.get("/stories.json", headers={"if-none-match": etag}).status_code == 304
    with Desk.open(db) as other:  # another process's ingest, through its own connection
        other.ingest([_glassworks_article()])
    again = client.get("/stories.json", headers={"if-none-match": etag})
    assert again.status_code == 200 and again.json()["total"] == 2
    assert again.headers["etag"] != etag


def _glassworks_article() -> Any:
    from newsdesk.ids import content_id
    from newsdesk.model import Article

    text = "Glassblowers in Pellam Cove relit their kilns on Monday after the spring floods."
    return Article(id=content_id("live", text), source="live.txt", text=text, outlet="Cove Post")
