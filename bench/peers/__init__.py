"""Peer systems, run on the same data in the same harness as newsdesk (see bench/run_eval.py)."""
