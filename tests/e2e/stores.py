"""Stores for the web tests: the bundled examples, and hostile articles written for the tests."""

from __future__ import annotations

from pathlib import Path

from newsdesk.ids import content_id
from newsdesk.model import Article, Removed
from newsdesk.pipeline import Desk

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "corpus"
HOSTILE_DIR = ROOT / "tests" / "fixtures" / "hostile"

# Each payload sets a flag if it ever runs; the browser tests check the flag stays unset.
PAYLOAD_SCRIPT = "<script>window.__pwned = 'script'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"window.__pwned = 'onerror'\">"
PAYLOAD_STYLE = "</style><style>body { display: none !important }</style>"
JS_URL = "javascript:window.__pwned='href'"
HOSTILE_TITLE = f"Quay ferry {PAYLOAD_SCRIPT} resumes service"


def _hostile_articles() -> list[Article]:
    sentences = [
        f"The Lundmark quay ferry resumed service on Monday after a week of repairs {PAYLOAD_IMG}.",
        "Harbour officials said the new pontoon carries twice the load of the old one.",
        f"Passengers praised the crew {PAYLOAD_STYLE} and the shorter crossing.",
        "The ferry operator said timetables would return to normal by Friday.",
    ]
    out = []
    for i, outlet in enumerate(("Lundmark <b onmouseover=alert(1)>Gazette</b>", "Quay Post")):
        text = "\n\n".join(sentences[i:] + sentences[:i])
        out.append(
            Article(
                id=content_id("hostile-web", outlet, text),
                source=f"hostile/{i}.html",
                text=text,
                title=HOSTILE_TITLE,
                url=JS_URL if i == 0 else "https://quay-post.invalid/ferry",
                outlet=outlet,
                published="2024-04-08",
                removed=(Removed(PAYLOAD_SCRIPT, "script <b>block</b>"),),
            )
        )
    return out


def build_examples_store(path: Path) -> Path:
    """The bundled examples (plus the shared hostile fixture when present), briefs computed."""
    with Desk.open(path) as desk:
        sources = [str(EXAMPLES)] + ([str(HOSTILE_DIR)] if HOSTILE_DIR.exists() else [])
        desk.ingest_paths(sources)
        desk.ingest(_hostile_articles())
        for story in desk.stories():
            desk.brief_dict(story.id)
    return path
