"""Measure newsdesk on labelled data: metrics, readers of simple eval files, scorers, gate.

``metrics`` holds pure metric functions; ``formats`` reads the user-facing JSONL eval files;
``run`` scores newsdesk (or any system passed in) on them; ``gate`` compares measured
metrics with the pinned floors in ``quality/floors.json``.
"""

from newsdesk.evaluate.run import eval_clustering, eval_extraction, eval_quotes, eval_summaries

__all__ = ["eval_clustering", "eval_extraction", "eval_quotes", "eval_summaries"]
