"""Where the eval data live, what to do when they are absent, and the digest of what was read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"


class DataMissing(Exception):
    """An adapter's data folder is absent; the message says which and what to do."""


def require(folder: Path) -> Path:
    """``folder`` if it exists, else :class:`DataMissing` naming it."""
    if not folder.is_dir():
        raise DataMissing(f"skipped: {folder} is absent (put ../shared/eval beside the repo)")
    return folder


def digest(paths: Iterable[Path]) -> str:
    """sha256 over the files read (relative path and bytes, in path order)."""
    sha = hashlib.sha256()
    for path in sorted(set(paths)):
        sha.update(str(path.relative_to(EVAL)).encode() + b"\0")
        sha.update(path.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()


@dataclass(frozen=True, slots=True)
class Dataset(Generic[T]):
    """Cases read from one eval folder, the files they came from, and how many articles."""

    name: str
    cases: Sequence[T]
    files: tuple[Path, ...]
    n_articles: int
    source: str  # where the data come from, for the report
