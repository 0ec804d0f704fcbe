"""End-to-end fixtures: the app served by uvicorn in a thread, and Debian's headless chromium.

The browser tests skip when /usr/bin/chromium is absent, unless NEWSDESK_REQUIRE_BROWSER=1
(set in CI), where they fail instead. Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.stores import build_examples_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 20.0  # uvicorn starts in well under a second; this only bounds a hang


def _need_browser() -> None:
    required = os.environ.get("NEWSDESK_REQUIRE_BROWSER") == "1"
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} not found (install Debian's chromium and chromium-driver)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install playwright; no browser download)"
    if missing and required:
        pytest.fail(f"NEWSDESK_REQUIRE_BROWSER=1 but {missing}")
    if missing:
        pytest.skip(missing)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_examples_store(tmp_path_factory.mktemp("e2e") / "news.db")


@pytest.fixture(scope="session")
def server(e2e_db: Path) -> Iterator[str]:
    """The base URL of the app, served by uvicorn in a background thread."""
    import uvicorn

    from newsdesk.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(e2e_db), host="127.0.0.1", port=port, log_level="error")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail(f"the web app did not start on port {port}")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
