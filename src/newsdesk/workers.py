"""Prepare articles and compute their features in worker processes, in input order.

Extraction (trafilatura), cleaning, term vectors and MinHash depend on one article alone,
so they run beside the main process, which keeps the store and the story graph (SQLite
wants one writer). Results come back in input order, so a parallel ingest stores exactly
what a serial one does. Small inputs stay in-process: starting a worker costs more than
they take.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Generic, TypeVar

from newsdesk.features import Features, features_of
from newsdesk.model import Article, Problem, RawArticle

PARALLEL_MIN = 500  # fewer items than this are prepared in-process (a worker starts in ~2 s)
BATCH = 64  # items per task: amortises pickling without holding back the main process
IN_FLIGHT = 4  # tasks queued per worker, so memory stays bounded on any input size

Item = RawArticle | Article | Problem
Prepared = tuple[Article | Problem, Features | None]
A = TypeVar("A")
R = TypeVar("R")


def default_workers() -> int:
    """One worker per core beyond the main process's, at most 4 (0 on one core)."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def prepare_one(item: Item, *, with_features: bool) -> Prepared:
    if isinstance(item, Problem):
        return item, None
    if isinstance(item, RawArticle):
        from newsdesk.ingest import prepare  # trafilatura loads only when something is read

        prepared = prepare(item)
        if isinstance(prepared, Problem):
            return prepared, None
        item = prepared
    return item, features_of(item) if with_features else None


def _prepare_batch(items: list[Item]) -> list[Prepared]:
    return [prepare_one(item, with_features=True) for item in items]


def prepared(items: Iterable[Item], workers: int) -> Iterator[Prepared]:
    """Each item prepared, with its features when a worker computed them (else ``None``)."""
    stream = iter(items)
    head = list(islice(stream, PARALLEL_MIN))
    if workers < 1 or len(head) < PARALLEL_MIN:
        for item in chain(head, stream):
            yield prepare_one(item, with_features=False)
        return
    rest = chain(head, stream)
    batches = iter(lambda: list(islice(rest, BATCH)), [])
    for batch in ordered_map(_prepare_batch, batches, workers, ahead=workers * IN_FLIGHT + 2):
        yield from batch


class Ready(Generic[R]):
    """A result known without computing it (e.g. read from a cache), for :func:`ordered_map`."""

    __slots__ = ("value",)

    def __init__(self, value: R) -> None:
        self.value = value


def ordered_map(
    fn: Callable[[A], R], args: Iterable[A | Ready[R]], workers: int, *, ahead: int = 32
) -> Iterator[R]:
    """``fn`` of each argument, in order, computed by ``workers`` processes and this one.

    The workers are kept fed (``IN_FLIGHT`` tasks each); while the next result in order is
    still being computed by a worker, this process computes a later argument itself, up to
    ``ahead`` results beyond the one awaited (so memory stays bounded). Each result is what
    ``fn`` returns serially; ``fn`` must be a module-level function (it is pickled).
    :class:`Ready` arguments are passed through. With ``workers < 1`` everything runs here.
    If a worker process dies (killed, out of memory), the rest is computed here: the same
    results, later. An exception ``fn`` raises reaches the caller as it would serially.
    """
    stream = iter(args)
    if workers < 1:
        yield from _here(fn, stream)
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    order: deque[tuple[Future[R], A] | Ready[R]] = deque()
    in_workers = 0
    exhausted = False

    def pull() -> A | Ready[R] | None:
        nonlocal exhausted
        arg = next(stream, _END)
        if arg is _END:
            exhausted = True
            return None
        return arg  # type: ignore[return-value]

    try:
        while True:
            while not exhausted and in_workers < workers * IN_FLIGHT:
                task = pull()
                if task is None:
                    break
                if isinstance(task, Ready):
                    order.append(task)
                else:
                    order.append((pool.submit(fn, task), task))
                    in_workers += 1
            if not order:
                return
            head = order[0]
            waiting = not isinstance(head, Ready) and not head[0].done()
            if waiting and not exhausted and len(order) < ahead:
                mine = pull()  # rather than wait, compute a later one here
                if mine is not None:
                    order.append(mine if isinstance(mine, Ready) else Ready(fn(mine)))
                continue
            order.popleft()
            if isinstance(head, Ready):
                yield head.value
                continue
            in_workers -= 1
            try:
                result = head[0].result()
            except BrokenProcessPool:
                break  # a worker died: finish here
            yield result
        yield fn(head[1])
        for left in order:
            yield left.value if isinstance(left, Ready) else _settled(left, fn)
        yield from _here(fn, stream)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _here(fn: Callable[[A], R], args: Iterator[A | Ready[R]]) -> Iterator[R]:
    """The rest of ``args``, computed in this process."""
    for each in args:
        yield each.value if isinstance(each, Ready) else fn(each)


def _settled(task: tuple[Future[R], A], fn: Callable[[A], R]) -> R:
    """A task's result from its worker if it finished, else computed here."""
    future, arg = task
    if future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return fn(arg)


_END = object()
