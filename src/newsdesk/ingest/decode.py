"""Bytes to text: UTF-8 first, then a declared or detected charset; binary is refused.

:func:`decode` returns the text, or a one-line message saying why there is none.
Order: a BOM (UTF-8/16/32), strict UTF-8, the charset an HTML page declares, then
``charset_normalizer`` — preferring cp1252 when it fits as well as the best guess, since
charset detection cannot tell Latin-1 from its neighbours on short text and Western
European text is by far the commonest legacy encoding in news.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

BINARY_SAMPLE_BYTES = 8192  # a NUL in the first 8 KB means binary (as git and grep decide)
MAX_CONTROL_SHARE = 0.01  # more than 1% control or replacement characters is not text
DETECT_TIE = 0.01  # candidates within this chaos/coherence of the best count as tied

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15", "iso8859_1"})
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


@dataclass(frozen=True, slots=True)
class NotText:
    """Why some bytes are not readable text (a one-line message for a Problem)."""

    reason: str


def decode(data: bytes, *, html: bool = False) -> str | NotText:
    """``data`` as text, or :class:`NotText` saying why it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, encoding), encoding)
    if b"\x00" in data[:BINARY_SAMPLE_BYTES]:
        return NotText("binary file (contains NUL bytes), not text")
    text = _strict(data, "utf-8")
    if text is None and html:
        declared = _declared_charset(data)
        text = _strict(data, declared) if declared else None
    if text is None:
        text = _detected(data)
    if text is None:
        return NotText("cannot decode as UTF-8 or any detectable charset; re-save it as UTF-8")
    return _checked(text, "detected charset")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:BINARY_SAMPLE_BYTES])
    if found is None:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _detected(data: bytes) -> str | None:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        tied = (
            match.chaos <= best.chaos + DETECT_TIE
            and match.coherence >= best.coherence - DETECT_TIE
        )
        if tied and match.encoding in _WESTERN:
            return _strict(data, "cp1252") or _strict(data, "latin_1")
    return str(best)


def _checked(text: str | None, encoding: str) -> str | NotText:
    if text is None:
        return NotText(f"cannot decode as {encoding}; re-save it as UTF-8")
    sample = text[:BINARY_SAMPLE_BYTES]
    odd = sum(1 for ch in sample if (ch < " " and ch not in _ALLOWED_CONTROLS) or ch == "\ufffd")
    if sample and odd / len(sample) > MAX_CONTROL_SHARE:
        return NotText("mostly non-text bytes (binary?), not an article")
    return text.removeprefix("\ufeff")
