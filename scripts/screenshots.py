"""Screenshots of the web app (stories, story, cited article) at desktop and phone widths.

    python scripts/screenshots.py [--db FILE] [--out screenshots/]

Without ``--db`` it builds a store from ``examples/corpus``. Uses Debian's chromium through
Playwright (no browser download). The PNGs are for people to look at; they are not committed.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def build_store(path: Path) -> Path:
    from newsdesk.pipeline import Desk

    with Desk.open(path) as desk:
        desk.ingest_paths([str(ROOT / "examples" / "corpus")])
        for story in desk.stories():
            desk.brief_dict(story.id)
    return path


def serve(db: Path) -> tuple[str, uvicorn.Server]:
    from newsdesk.web import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def pages(base: str) -> dict[str, str]:
    lines = httpx.get(base + "/stories.json?limit=200").json()["stories"]
    story = max(lines, key=lambda s: (s["storyline_stories"] > 1, s["articles"]))
    brief = httpx.get(f"{base}/stories/{story['id']}.json").json()
    cite = brief["summary"][0]["citations"][0]
    span = f"{cite['start']}-{cite['end']}"
    return {
        "stories": base + "/",
        "story": f"{base}/stories/{story['id']}",
        "article": f"{base}/articles/{cite['article']}?hl={span}#s-{span}",
        "search": base + "/search?q=" + story["headline"].split()[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_store(Path(tmp) / "news.db")
        base, server = serve(db)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                tab = context.new_page()
                for name, url in pages(base).items():
                    tab.goto(url)
                    tab.wait_for_load_state("networkidle")
                    full = name != "article"  # the article shot shows the scrolled-to sentence
                    path = args.out / f"{name}-{size}.png"
                    tab.screenshot(path=str(path), full_page=full)
                    print(path)
                context.close()
            browser.close()
        server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
