"""Issue 4, end to end in headless chromium: read a story, check a citation, stay safe."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.browser

PWNED_PROBE = """
window.__pwned = null;
window.alert = function () { window.__pwned = 'alert'; };
window.confirm = window.prompt = window.alert;
"""


def _in_view(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            "el => { const r = el.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        )
    )


def test_story_citation_lands_on_the_highlighted_source_sentence(page: Any, server: str) -> None:
    page.goto(server + "/?order=biggest")
    assert page.locator("h1").inner_text() == "Stories"
    page.locator(".story-card h2 a").first.click()
    page.wait_for_selector("#summary-h")
    headline = page.locator("h1").inner_text()
    assert headline
    cite = page.locator("#summary .cite").first
    href = cite.get_attribute("href")
    assert href and re.search(r"\?hl=\d+-\d+#s-\d+-\d+$", href)
    cite.click()
    page.wait_for_url(re.compile(r"/articles/"))
    target = "#" + href.split("#")[1]
    page.wait_for_selector(target)
    assert page.locator(target).get_attribute("class") in ("sent hl", "anchor")
    assert page.locator(".sent.hl mark").count() >= 1
    assert _in_view(page, ".sent.hl")
    background = page.eval_on_selector(".sent.hl", "el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_citation_works_without_javascript(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        story = httpx.get(server + "/stories.json?order=biggest").json()["stories"][0]
        page.goto(f"{server}/stories/{story['id']}")
        page.locator("#summary .cite").first.click()
        page.wait_for_url(re.compile(r"/articles/"))
        assert page.locator(".sent.hl mark").count() >= 1
    finally:
        context.close()


def test_removed_boilerplate_toggles_open(page: Any, server: str) -> None:
    articles = _all_articles(server)
    with_removed = next(
        a for a in articles if httpx.get(f"{server}/articles/{a}.json").json()["removed"]
    )
    page.goto(f"{server}/articles/{with_removed}")
    table = page.locator("details.removed table")
    assert not table.is_visible()
    page.locator("details.removed summary").click()
    assert table.is_visible()
    assert page.locator("details.removed tbody tr").count() >= 1


def _all_articles(server: str) -> list[str]:
    out = []
    for story in httpx.get(server + "/stories.json?limit=200").json()["stories"]:
        data = httpx.get(f"{server}/stories/{story['id']}.json").json()
        out += [a["id"] for a in data["articles"]]
    return out


def test_search_from_the_header(page: Any, server: str) -> None:
    story = httpx.get(server + "/stories.json?order=biggest").json()["stories"][0]
    word = max(re.findall(r"[A-Z][a-z]{4,}", story["headline"]), key=len)
    page.goto(server + "/")
    page.fill("#site-q", word)
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator(".result").count() >= 1
    assert page.locator(".snippet mark").count() >= 1
    page.locator(".result h3 a").first.click()
    page.wait_for_selector("#summary-h")


def test_hostile_scripts_never_run_and_pages_still_render(page: Any, server: str) -> None:
    page.add_init_script(PWNED_PROBE)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hits = httpx.get(server + "/search.json?q=Lundmark").json()["stories"]
    hits += httpx.get(server + "/search.json?q=alert").json()["stories"]
    assert hits, "the hostile stories are in the store"
    urls = [server + "/", server + "/search?q=Lundmark"]
    for story in hits:
        urls.append(f"{server}/stories/{story['id']}")
        urls += [f"{server}/articles/{a['id']}" for a in story["articles"]]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("h1").first.is_visible(), url
        display = page.evaluate("getComputedStyle(document.body).display")
        assert display != "none", url
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            assert href.startswith(("http://", "https://")), (url, href)
        details = page.locator("details.removed")
        if details.count():
            details.locator("summary").click()
            assert page.evaluate("window.__pwned") is None, url
    assert dialogs == []


def test_stories_page_shows_a_notice_when_articles_arrive(page: Any, server: str) -> None:
    page.goto(server + "/")
    live = page.locator("#live")
    assert live.is_hidden()
    page.evaluate("document.getElementById('live').setAttribute('data-state', 'stale')")
    page.evaluate("window.dispatchEvent(new Event('newsdesk:poll'))")
    page.wait_for_selector("#live:not([hidden])", timeout=5000)


def test_the_probe_would_catch_a_payload_that_ran(page: Any) -> None:
    """Control: without the app's escaping and CSP, the same payload does set the flag."""
    page.add_init_script(PWNED_PROBE)
    page.goto("about:blank")
    page.set_content("<p>x</p><img src=x onerror=\"window.__pwned = 'onerror'\">")
    page.wait_for_function("window.__pwned === 'onerror'", timeout=5000)
