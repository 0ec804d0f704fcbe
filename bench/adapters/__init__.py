"""Readers of the labelled data in ../shared/eval, turned into newsdesk.evaluate cases.

Each ``load_*`` returns a :class:`Dataset` or raises :class:`DataMissing` with a clear message.
"""

from bench.adapters.common import EVAL, DataMissing, Dataset, digest
from bench.adapters.data import (
    load_ecbplus,
    load_multinews,
    load_neus,
    load_polnear,
    load_scrapinghub,
    load_story_chains,
)

__all__ = [
    "EVAL",
    "DataMissing",
    "Dataset",
    "digest",
    "load_ecbplus",
    "load_multinews",
    "load_neus",
    "load_polnear",
    "load_scrapinghub",
    "load_story_chains",
]
