"""Exact and near-duplicate detection: syndicated copies point at one canonical article.

Exact copies share the hash of their normalised text. Near-duplicates (wire copy under
another headline, other boilerplate, light edits) are found with MinHash over word
shingles (datasketch) and LSH banding. The bands live in the store rather than in
datasketch's in-memory ``MinHashLSH`` so the index persists and grows with each ingest;
datasketch's own storage backends are Redis/Cassandra only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

import numpy as np

from newsdesk.features import NUM_PERM

NEAR_DUP_JACCARD = 0.6  # syndicated copies measure >= 0.7; same-event paraphrases < 0.2
BANDS = 32  # 32 bands x 4 rows: P(candidate) > 0.99 at Jaccard 0.6, < 0.05 at 0.25
ROWS = NUM_PERM // BANDS

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def normalised_text_hash(text: str) -> str:
    """Hash of the text with case, punctuation and whitespace differences removed."""
    norm = _SPACE.sub(" ", _PUNCT.sub("", text.lower())).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (SQLite integers are signed)."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def canonical_key(article_id: str, published: str | None) -> tuple[int, str, str]:
    """Order in which a group's canonical is chosen: earliest known date, then id.

    Derived from content only, so the canonical does not depend on arrival order.
    """
    return (0 if published else 1, published or "", article_id)


def choose_canonicals(
    groups: Iterable[Iterable[str]], published: Mapping[str, str | None]
) -> dict[str, str | None]:
    """For each article in the duplicate groups: its canonical, or None if it is one."""
    out: dict[str, str | None] = {}
    for group in groups:
        members = sorted(group, key=lambda a: canonical_key(a, published.get(a)))
        head = members[0]
        out[head] = None
        for other in members[1:]:
            out[other] = head
    return out
