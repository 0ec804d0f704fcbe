"""trafilatura alone: the extractor newsdesk builds on, with its defaults minus comments."""

from __future__ import annotations

from newsdesk.evaluate.formats import ExtractionCase
from newsdesk.evaluate.run import Extracted


def trafilatura_extract(case: ExtractionCase) -> Extracted:
    """trafilatura's main text for the page ("" when it finds none)."""
    import trafilatura

    text = trafilatura.extract(case.html, include_comments=False)
    return Extracted(text=text or "")
