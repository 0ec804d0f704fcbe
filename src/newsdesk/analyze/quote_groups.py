"""The same quote across outlets: one group, its wording variants, and how each differs.

Quotes are compared on normalised words (case and punctuation gone). Two quotes are the
same when most of the shorter one's words appear in order in the longer one (a longest
common subsequence over words, computed by rapidfuzz): that covers dropped words ("I think
there is …" / "There is …") and substituted ones ("unity of approach" / "unity of
attitude"). Candidates are found through shared rare-ish words, so the work grows with the
number of quotes that share words, not with all pairs.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from newsdesk.analyze.entities import Entity
from newsdesk.analyze.names import name_key
from newsdesk.analyze.quotes import Quote


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One wording of a quote, the articles that use it, and its word diff to the main one.

    ``diff`` holds ``("=", words)``, ``("-", words)`` (in the main wording only) and
    ``("+", words)`` (in this wording only). ``change`` is ``None`` for the main wording,
    else ``"wording change"``, ``"words dropped"`` or ``"words added"``.
    """

    text: str
    articles: tuple[str, ...]
    diff: tuple[tuple[str, str], ...]
    change: str | None


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quote as the outlets carry it; ``variants[0]`` is the main (most common) wording."""

    speaker: str | None
    text: str
    articles: tuple[str, ...]
    variants: tuple[QuoteVariant, ...]
    quotes: tuple[Quote, ...]


_SAME_QUOTE_SHARE = 0.7  # share of the shorter quote's words found in order in the longer
_MIN_WORDS_TO_MATCH = 3  # shorter quotes ("a con") are too generic to match across articles
_MIN_KEY_WORD_CHARS = 4  # words this long index candidates; shorter ones are too common
_MAX_POSTING = 200  # a word in more quotes than this is too common to find candidates by
_WORD = re.compile(r"[\w’'-]+")


def words_of(text: str) -> list[str]:
    """Normalised words: lower case, no punctuation, curly apostrophes straightened."""
    return [w.lower().replace("’", "'").strip("'-") for w in _WORD.findall(text)]


def group_quotes(
    quotes: Sequence[Quote],
    outlet_of: Mapping[str, str | None],
    canonical_speaker: Callable[[str], str] | None = None,
) -> list[QuoteGroup]:
    """Quotes grouped across articles, most widely carried first; order-independent.

    ``outlet_of`` maps an article id to its outlet (``None``: unknown, the article counts
    as its own outlet): wordings are ranked by how many outlets use them. Speakers are
    mapped through ``canonical_speaker`` (e.g. to entity names) and a group takes its
    most common one.
    """
    ordered = sorted(quotes, key=lambda q: (q.article_id, q.start, q.end, q.text))
    tokens = [words_of(q.text) for q in ordered]
    parent = list(range(len(ordered)))
    for i, j in _candidate_pairs(tokens):
        if _same_quote(tokens[i], tokens[j]):
            _union(parent, i, j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        clusters.setdefault(_find(parent, i), []).append(i)
    groups = [
        _group([ordered[i] for i in members], outlet_of, canonical_speaker)
        for members in clusters.values()
    ]
    return sorted(groups, key=lambda g: (-_outlets(g.articles, outlet_of), -len(g.text), g.text))


def _candidate_pairs(tokens: Sequence[list[str]]) -> set[tuple[int, int]]:
    postings: dict[str, list[int]] = {}
    for i, words in enumerate(tokens):
        for word in set(words):
            if len(word) >= _MIN_KEY_WORD_CHARS:
                postings.setdefault(word, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) > _MAX_POSTING:
            continue
        for a, i in enumerate(ids):
            for j in ids[a + 1 :]:
                pairs.add((i, j))
    return pairs


def _same_quote(a: list[str], b: list[str]) -> bool:
    shorter = min(len(a), len(b))
    if shorter < _MIN_WORDS_TO_MATCH:
        return a == b
    return LCSseq.similarity(a, b) / shorter >= _SAME_QUOTE_SHARE


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], i: int, j: int) -> None:
    ri, rj = _find(parent, i), _find(parent, j)
    if ri != rj:
        parent[max(ri, rj)] = min(ri, rj)


def _outlets(articles: Sequence[str], outlet_of: Mapping[str, str | None]) -> int:
    return len({outlet_of.get(a) or f"article:{a}" for a in articles})


def _group(
    quotes: list[Quote],
    outlet_of: Mapping[str, str | None],
    canonical_speaker: Callable[[str], str] | None,
) -> QuoteGroup:
    by_wording: dict[tuple[str, ...], list[Quote]] = {}
    for q in quotes:
        by_wording.setdefault(tuple(words_of(q.text)), []).append(q)

    def rank(key: tuple[str, ...]) -> tuple[int, int, int, str]:
        members = by_wording[key]
        surface = _surface(members)
        arts = {q.article_id for q in members}
        return (-_outlets(sorted(arts), outlet_of), -len(arts), -len(surface), surface)

    keys = sorted(by_wording, key=rank)
    main = _surface(by_wording[keys[0]])
    variants = tuple(_variant(main, by_wording[key], first=key == keys[0]) for key in keys)
    return QuoteGroup(
        speaker=_speaker(quotes, canonical_speaker),
        text=main,
        articles=tuple(sorted({q.article_id for q in quotes})),
        variants=variants,
        quotes=tuple(quotes),
    )


def _surface(quotes: list[Quote]) -> str:
    """The most common way the wording is written (ties: longest, then first in order)."""
    counts = Counter(" ".join(q.text.split()) for q in quotes)
    return min(counts, key=lambda s: (-counts[s], -len(s), s))


def _variant(main: str, quotes: list[Quote], *, first: bool) -> QuoteVariant:
    text = _surface(quotes)
    diff = word_diff(main, text)
    articles = tuple(sorted({q.article_id for q in quotes}))
    return QuoteVariant(text, articles, diff, None if first else _change(diff))


def word_diff(main: str, other: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff of ``other`` against ``main`` (compared case- and punctuation-blind)."""
    a, b = _WORD.findall(main), _WORD.findall(other)
    matcher = difflib.SequenceMatcher(None, words_of(main), words_of(other), autojunk=False)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return tuple(ops)


def _change(diff: Sequence[tuple[str, str]]) -> str | None:
    kinds = {op for op, _ in diff if op != "="}
    if kinds == {"-"}:
        return "words dropped"
    if kinds == {"+"}:
        return "words added"
    return "wording change" if kinds else None


def _speaker(quotes: list[Quote], canonical: Callable[[str], str] | None) -> str | None:
    names = Counter(
        canonical(q.speaker) if canonical else q.speaker for q in quotes if q.speaker is not None
    )
    if not names:
        return None
    return min(names, key=lambda n: (-names[n], n))


def speaker_lookup(entities: Sequence[Entity]) -> Callable[[str], str]:
    """A ``canonical_speaker`` for :func:`group_quotes`: a speaker's surface name to the name
    of the entity it belongs to ("FM Qureshi" -> "Shah Mahmood Qureshi"); unknown names stay."""
    by_key: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}
    for ent in sorted(entities, key=lambda e: (e.kind != "person", -len(e.mentions), e.name)):
        for variant in ent.variants:
            by_key.setdefault(name_key(variant), ent.name)
        if ent.kind == "person":
            for variant in ent.variants:
                surnames.setdefault(name_key(variant).split()[-1], set()).add(ent.name)

    def canonical(surface: str) -> str:
        key = name_key(surface)
        if key in by_key:
            return by_key[key]
        owners = surnames.get(key.split()[-1], set()) if key else set()
        return next(iter(owners)) if len(owners) == 1 else surface

    return canonical
