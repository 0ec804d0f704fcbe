"""Article metadata from the input itself: JSONL fields and ``NAME.meta.json`` sidecars.

Precedence, highest first (applied by :func:`newsdesk.ingest.prepare`): the input's own
fields > a sidecar beside the file > what the text or HTML shows > unknown (``None``).
Nothing is invented: no date from a file's mtime, no outlet guessed from a name.

A metadata value that cannot be used (a title that is a number, a date that is not a
date) is dropped with a warning message; the article itself is still read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.datelines import normalize_date

METADATA_FIELDS = ("title", "url", "outlet", "published", "author", "language", "story")
SIDECAR_SUFFIX = ".meta.json"
MAX_SIDECAR_BYTES = 100_000  # metadata is a few fields; anything bigger is the wrong file


@dataclass(frozen=True, slots=True)
class Fields:
    """Usable metadata values (ISO ``published``) and warnings about the unusable ones."""

    values: Mapping[str, str]
    warnings: tuple[str, ...] = ()


def fields_from_record(record: Mapping[str, object]) -> Fields:
    """The metadata fields of a JSON object, validated; unknown keys are ignored."""
    values: dict[str, str] = {}
    warnings: list[str] = []
    for name in METADATA_FIELDS:
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, int) and not isinstance(value, bool) and name == "story":
            value = str(value)  # story ids are often numbers
        if not isinstance(value, str):
            warnings.append(f"field {name!r} should be a string, not {type(value).__name__}")
            continue
        text = value.strip()
        if name == "published":
            iso = normalize_date(text)
            if iso is None:
                warnings.append(f"published {text!r} is not a full date (use ISO, e.g. 2021-07-09)")
                continue
            text = iso
        if text:
            values[name] = text
    return Fields(values=values, warnings=tuple(warnings))


def sidecar_path(path: Path) -> Path | None:
    """The sidecar of ``path`` if one exists: ``a.meta.json``, else ``a.txt.meta.json``."""
    for candidate in (path.with_name(path.stem + SIDECAR_SUFFIX), Path(f"{path}{SIDECAR_SUFFIX}")):
        if candidate.is_file():
            return candidate
    return None


def is_sidecar(name: str) -> bool:
    """Whether a file name is a metadata sidecar (read with its article, not on its own)."""
    return name.lower().endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Fields:
    """The fields of a sidecar file; a broken sidecar gives no values and one warning."""
    where = f"sidecar {path.name}"
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            return Fields({}, (f"{where} is over {MAX_SIDECAR_BYTES} bytes; ignored",))
        record = json.loads(path.read_bytes())
    except OSError as e:
        return Fields({}, (f"{where} cannot be read ({e.strerror}); ignored",))
    except ValueError as e:
        return Fields({}, (f"{where} is not valid JSON ({_json_error(e)}); ignored",))
    if not isinstance(record, dict):
        return Fields({}, (f"{where} is not a JSON object; ignored",))
    found = fields_from_record(record)
    return Fields(found.values, tuple(f"{where}: {w}" for w in found.warnings))


def outlet_from_url(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``: the outlet shown by the address itself."""
    if not url:
        return None
    host = (urlsplit(url.strip()).hostname or "").lower()
    host = host.removeprefix("www.")
    return host or None


def first_known(*values: str | None) -> str | None:
    """The first value that is set (not ``None``, not blank), in precedence order."""
    for value in values:
        if value is not None and value.strip():
            return value.strip()
    return None


def _json_error(e: ValueError) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"{e.msg} at line {e.lineno} column {e.colno}"
    return str(e).splitlines()[0] if str(e) else type(e).__name__
