"""Issue 4: `newsdesk watch` — folders and feeds, fetched carefully (a local HTTP server only)."""

from __future__ import annotations

import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsdesk.fetch import Fetcher, FetchError, FetchPolicy, is_public
from newsdesk.pipeline import Desk
from newsdesk.watch import WatchOptions, WatchState, new_files, poll_once, watch_sources

STORY = (
    "Glassworks in Pellam Cove reopened on {day} after the winter floods, the town council said. "
    "Owner Marit Solberg said the kilns were dried out and relit within three days.\n\n"
    "Tourists returned to the harbour front as the {n} workshops opened their doors again."
)

PAGE = "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p>"
PAGE_END = "</article></body></html>"


def _page(title: str, body: str) -> bytes:
    return (PAGE.format(title=title, body=body) + PAGE_END).encode()


@pytest.fixture()
def site() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A local HTTP server serving whatever the test puts in the returned dict."""
    pages: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


def _rss(base: str, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Glassworks story {i}</title><link>{base}{link}</link>"
        f"<guid>{link}</guid><pubDate>Mon, 0{i + 1} Apr 2024 09:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Pellam Cove Courier</title>'
        f"<link>{base}/</link><description>news</description>{items}</channel></rss>"
    ).encode()


def _fetcher(**policy: object) -> Fetcher:
    return Fetcher(FetchPolicy(host_interval=0.0, **policy))  # type: ignore[arg-type]


def test_feed_items_are_fetched_and_ingested_and_bad_items_skipped(
    tmp_path: Path, site: tuple[str, dict[str, bytes]]
) -> None:
    base, pages = site
    for i, day in enumerate(("Monday", "Tuesday")):
        body = STORY.format(day=day, n=12 + i)
        pages[f"/glass-{i}"] = _page(f"Pellam Cove glassworks reopen ({day})", body)
    pages["/feed.xml"] = _rss(base, ["/glass-0", "/glass-1", "/missing"])
    lines: list[str] = []
    with Desk.open(tmp_path / "news.db") as desk:
        state = WatchState()
        report = poll_once(
            desk, [base + "/feed.xml"], state, _fetcher(allow_private=True), lines.append
        )
        assert report.added == 2
        assert [line for line in lines if line.startswith("skipped")] == [
            f"skipped {base}/missing: {base}/missing: HTTP 404"
        ]
        articles = desk.articles(a for s in desk.stories() for a in s.article_ids)
        assert {a.outlet for a in articles} == {"Pellam Cove Courier"}
        assert {a.url for a in articles} == {f"{base}/glass-0", f"{base}/glass-1"}
        again = poll_once(
            desk, [base + "/feed.xml"], state, _fetcher(allow_private=True), lines.append
        )
        assert again.added == 0  # items already seen are not fetched again


def test_private_addresses_are_refused_unless_allowed(site: tuple[str, dict[str, bytes]]) -> None:
    base, pages = site
    pages["/p"] = _page("t", "x")
    with pytest.raises(FetchError, match="--allow-private"):
        _fetcher().get(base + "/p")
    assert _fetcher(allow_private=True).get(base + "/p").content.startswith(b"<html>")
    assert not is_public("10.1.2.3") and not is_public("::1") and not is_public("169.254.1.1")
    assert not is_public("::ffff:127.0.0.1") and is_public("93.184.216.34")


def test_redirects_to_private_addresses_are_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://127.0.0.1/admin"})

    fetcher = Fetcher(
        FetchPolicy(host_interval=0.0),
        transport=httpx.MockTransport(handler),
        resolver=lambda host, port: ["127.0.0.1"] if host == "127.0.0.1" else ["93.184.216.34"],
    )
    with pytest.raises(FetchError, match="private or loopback"):
        fetcher.get("http://news.example/story")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.example/a"])
def test_only_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        _fetcher(allow_private=True).get(url)


def test_pages_over_the_size_cap_are_refused(site: tuple[str, dict[str, bytes]]) -> None:
    base, pages = site
    pages["/big"] = b"x" * 5000
    with pytest.raises(FetchError, match="cap"):
        _fetcher(allow_private=True, max_bytes=1000).get(base + "/big")


def test_timeouts_fail_one_item_not_the_loop() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    fetcher = Fetcher(
        FetchPolicy(host_interval=0.0, allow_private=True), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(FetchError, match="ReadTimeout"):
        fetcher.get("http://slow.example/story")


def test_one_request_per_interval_per_host() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(
        FetchPolicy(host_interval=2.0, allow_private=True),
        transport=httpx.MockTransport(lambda request: httpx.Response(200, content=b"ok")),
        clock=lambda: now[0],
        sleep=sleep,
    )
    fetcher.get("http://a.example/1")
    fetcher.get("http://a.example/2")
    fetcher.get("http://b.example/1")
    assert slept == [2.0]


def _age(*paths: Path) -> None:
    for path in paths:
        os.utime(path, (time.time() - 60, time.time() - 60))


def test_folder_files_are_ingested_as_they_appear(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text(
        "Pellam Cove glassworks reopen\n\n" + STORY.format(day="Monday", n=9)
    )
    lines: list[str] = []
    with Desk.open(tmp_path / "news.db") as desk:
        state = WatchState()
        fetcher = _fetcher()
        assert new_files(inbox, state) == []  # just written, maybe still being written: wait
        _age(inbox / "one.txt")
        assert poll_once(desk, [str(inbox)], state, fetcher, lines.append).added == 1
        assert poll_once(desk, [str(inbox)], state, fetcher, lines.append).added == 0
        (inbox / "two.txt").write_text(
            "Ferry strike ends in Tolvik\n\nDeckhands in Tolvik ended a four-day strike on "
            "Sunday after the operator agreed to a new rota, the union said."
        )
        (inbox / "bad.txt").write_bytes(b"\x00\x01binary")
        _age(inbox / "two.txt", inbox / "bad.txt")
        report = poll_once(desk, [str(inbox)], state, fetcher, lines.append)
        assert report.added == 1 and len(report.problems) == 1
        assert any(line.startswith("skipped") and "bad.txt" in line for line in lines)


def test_watch_sources_once_and_missing_source(tmp_path: Path) -> None:
    from newsdesk.errors import InputError

    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Glassworks\n\n" + STORY.format(day="Friday", n=3))
    lines: list[str] = []
    watch_sources([str(inbox)], tmp_path / "n.db", WatchOptions(once=True), report=lines.append)
    assert lines and lines[-1].startswith("1 added")
    with pytest.raises(InputError, match="no such folder"):
        watch_sources(
            [str(tmp_path / "nope")], tmp_path / "n.db", WatchOptions(once=True), report=print
        )


def test_watch_and_serve_commands_are_thin_cli_wrappers(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from newsdesk.web.commands import register

    app = typer.Typer()
    register(app)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Glassworks\n\n" + STORY.format(day="Friday", n=4))
    db = tmp_path / "n.db"
    result = CliRunner().invoke(app, ["watch", str(inbox), "--db", str(db), "--once"])
    assert result.exit_code == 0, result.output
    with Desk.open(db) as desk:
        assert len(desk.stories()) == 1
    missing = CliRunner().invoke(app, ["watch", str(tmp_path / "nope"), "--db", str(db)])
    assert missing.exit_code == 2
    assert "--db" in CliRunner().invoke(app, ["serve", "--help"]).output
