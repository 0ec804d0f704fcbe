"""newsdesk batch: the local engine's stages over big inputs, in one process or on Ray.

>>> report = run_batch(["articles.jsonl"], "out", engine="local")  # doctest: +SKIP
>>> load_batch("out", "desk.db")                                   # doctest: +SKIP

:func:`run_batch` reads JSON Lines, Parquet and WARC inputs and writes articles,
duplicates, stories, storylines and briefs as Parquet under ``out``; :func:`load_batch`
puts such a result into a store that ``newsdesk stories``/``show``/``serve`` open.
"""

from __future__ import annotations

from newsdesk.batch.load import LoadReport, load_batch
from newsdesk.batch.run import STAGES, BatchReport, StageEvent, run_batch

__all__ = ["STAGES", "BatchReport", "LoadReport", "StageEvent", "load_batch", "run_batch"]
