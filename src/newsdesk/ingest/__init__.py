"""Ingest: read articles from files, folders and stdin, and prepare them for the desk.

read_paths(paths)  -> RawArticle | Problem, one per item, in a deterministic order
prepare(raw)       -> Article | Problem   (HTML to text, metadata, boilerplate cleaning)
"""

from __future__ import annotations

from newsdesk.ingest.metadata import METADATA_FIELDS, SIDECAR_SUFFIX
from newsdesk.ingest.prepare import extract_html, prepare
from newsdesk.ingest.readers import (
    KNOWN_EXTENSIONS,
    MAX_ITEM_BYTES,
    STDIN_SOURCE,
    items_from_record,
    read_jsonl_lines,
    read_paths,
)

__all__ = [
    "KNOWN_EXTENSIONS",
    "MAX_ITEM_BYTES",
    "METADATA_FIELDS",
    "SIDECAR_SUFFIX",
    "STDIN_SOURCE",
    "extract_html",
    "items_from_record",
    "prepare",
    "read_jsonl_lines",
    "read_paths",
]
