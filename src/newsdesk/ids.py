"""Content-derived identifiers: the same content gives the same id on every run and machine."""

from __future__ import annotations

import hashlib

ID_HEX_CHARS = 16  # 64 bits: collisions are negligible below billions of items


def content_id(*parts: str) -> str:
    """A short, stable hex id for ``parts`` (joined unambiguously with NUL)."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:ID_HEX_CHARS]
