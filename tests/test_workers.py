"""ordered_map: results in input order whoever computed them, errors as in a serial run."""

from __future__ import annotations

import math
import multiprocessing
import os

import pytest

from newsdesk.workers import Ready, ordered_map


@pytest.mark.parametrize("workers", [0, 1])
def test_results_come_in_input_order_with_ready_ones_passed_through(workers: int) -> None:
    args: list[int | Ready[int]] = [n if n % 7 else Ready(-n) for n in range(60)]
    out = list(ordered_map(math.factorial, args, workers, ahead=4))
    assert out == [math.factorial(n) if n % 7 else -n for n in range(60)]


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="negative"):
        list(ordered_map(math.factorial, [3, 4, -1, 5], 1))


def test_nothing_in_gives_nothing_out() -> None:
    assert list(ordered_map(math.factorial, [], 1)) == []


def _doubled_here_but_fatal_in_a_worker(n: int) -> int:
    if multiprocessing.parent_process() is not None:
        os._exit(1)  # a worker killed mid-task, as by the OOM killer
    return 2 * n


def test_a_dead_worker_costs_time_not_results() -> None:
    out = list(ordered_map(_doubled_here_but_fatal_in_a_worker, range(40), 1, ahead=4))
    assert out == [2 * n for n in range(40)]
