"""Where outlets reporting the same fact or quote differ.

Kinds: ``quote`` (a quote's wording), ``speaker`` (who said it), ``number`` (14 vs 41 crew),
``date`` (August 16 vs August 18, Thursday vs Friday), ``name`` and ``title`` (a name or a
title given differently), ``pronoun`` (his vs her). Sentences of one fact are compared one per
independent outlet: a syndicated copy cannot disagree with its original. A person given "he"
by some outlets and "her" by another anywhere in the story (not only within one fact) is
found by :mod:`newsdesk.analyze.pronouns`: same ``pronoun`` kind, fact "Name: sentence".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from newsdesk.analyze.facts import Fact, Sentence
from newsdesk.analyze.words import rarity, term

NEAR_VERBATIM = 0.6  # word-sequence similarity above which a word swap is a discrepancy
MAX_SWAP_WORDS = 3  # a longer replaced run is rewording, not a changed name or number
_COUNT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {word: value for value, word in enumerate(_COUNT_WORDS.split())}
_NUMBER = re.compile(
    r"\b(?P<num>\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s+(?P<unit>[a-z]{3,})\b",
    re.I,
)
_COUNTED_BEFORE = re.compile(r"\b(?P<noun>[a-z]{3,})\s+(?:of|at|to|by)\s+(?:the\s+)?$")
_MONTH_DAY = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?P<day>[0-3]?\d)\b"
)
_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WORD = re.compile(r"[\w’'-]+(?:\.\w+)*\.?(?<=\w\.\w\.)|[\w’'-]+(?:\.\w+)*")
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_TITLE_TEXT = (
    "minister secretary president ambassador envoy spokesman spokeswoman spokesperson chief "
    "governor senator general director chairman chairwoman premier chancellor mayor "
    "commissioner representative prime foreign deputy"
)
_TITLE_WORDS = frozenset(_TITLE_TEXT.split())


@dataclass(frozen=True, slots=True)
class Variant:
    """One way the outlets give the disputed item, and the articles that give it so."""

    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Outlets differ on ``kind`` in the fact (or quote) ``fact``."""

    kind: str
    fact: str
    variants: tuple[Variant, ...]


class _QuoteVariant(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def articles(self) -> tuple[str, ...]: ...


class _Quote(Protocol):
    @property
    def article_id(self) -> str: ...
    @property
    def speaker(self) -> str | None: ...


class QuoteGroupLike(Protocol):
    """What discrepancies need of a quote group (``newsdesk.analyze.quote_groups``)."""

    @property
    def text(self) -> str: ...
    @property
    def variants(self) -> Sequence[_QuoteVariant]: ...
    @property
    def quotes(self) -> Sequence[_Quote]: ...


def find_discrepancies(
    facts: Sequence[Fact],
    outlet_of: Mapping[str, str],
    quote_groups: Sequence[QuoteGroupLike] = (),
    canonical_speaker: Callable[[str], str] | None = None,
) -> list[Discrepancy]:
    """Discrepancies of quotes first, then of facts in story order; deterministic."""
    found = quote_discrepancies(quote_groups, canonical_speaker)
    for fact in facts:
        if fact.independent_outlets > 1:
            found.extend(fact_discrepancies(fact, outlet_of))
    return found


def quote_discrepancies(
    groups: Sequence[QuoteGroupLike], canonical_speaker: Callable[[str], str] | None = None
) -> list[Discrepancy]:
    """Quotes whose wording differs between articles, and quotes given to different people."""
    found = []
    for group in groups:
        if len(group.variants) > 1:
            variants = tuple(Variant(v.text, tuple(sorted(v.articles))) for v in group.variants)
            found.append(Discrepancy("quote", group.text, variants))
        speakers: dict[str, set[str]] = {}
        for quote in group.quotes:
            if quote.speaker:
                name = canonical_speaker(quote.speaker) if canonical_speaker else quote.speaker
                speakers.setdefault(name, set()).add(quote.article_id)
        if len(speakers) > 1:
            found.append(Discrepancy("speaker", group.text, _variants(speakers)))
    return found


def fact_discrepancies(fact: Fact, outlet_of: Mapping[str, str]) -> list[Discrepancy]:
    """Numbers, dates, names, titles and pronouns that differ within one fact."""
    sents = _one_per_outlet(fact, outlet_of)
    found: dict[str, dict[str, set[str]]] = {}
    for i, left in enumerate(sents):
        for right in sents[i + 1 :]:
            for kind, texts in _pair_differences(left.text, right.text):
                variants = found.setdefault(kind, {})
                for text in texts:
                    variants.setdefault(text, set())
    out = []
    for kind in sorted(found):
        carried = {text: _carriers(fact, text) for text in found[kind]}
        if len({frozenset(arts) for arts in carried.values()}) > 1:
            out.append(Discrepancy(kind, fact.text, _variants(carried)))
    return out


def _one_per_outlet(fact: Fact, outlet_of: Mapping[str, str]) -> list[Sentence]:
    chosen: dict[str, Sentence] = {}
    for sent in fact.sentences:
        chosen.setdefault(outlet_of.get(sent.article_id, sent.article_id), sent)
    return [chosen[key] for key in sorted(chosen)]


def _pair_differences(left: str, right: str) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    out.extend(_number_differences(left, right))
    out.extend(_date_differences(left, right))
    out.extend(_word_swaps(left, right))
    return out


def _numbers(text: str) -> dict[str, dict[float, str]]:
    """Numbers by what they count ("crew" in "14 crew" or "crew of 14"), with their phrase."""
    by_unit: dict[str, dict[float, str]] = {}
    for match in _NUMBER.finditer(text):
        raw = match.group("num").lower().replace(",", "")
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw)
        unit, phrase = match.group("unit"), match.group(0)
        before = _COUNTED_BEFORE.search(text, 0, match.start())
        if rarity(unit) == 0.0 and before is not None:  # "14 had": the noun is before it
            unit, phrase = before.group("noun"), before.group(0) + match.group("num")
        by_unit.setdefault(term(unit), {})[value] = phrase
    return by_unit


def _number_differences(left: str, right: str) -> list[tuple[str, tuple[str, ...]]]:
    left_units, right_units = _numbers(left), _numbers(right)
    out: list[tuple[str, tuple[str, ...]]] = []
    for unit in sorted(left_units.keys() & right_units.keys()):
        if left_units[unit].keys() != right_units[unit].keys():
            phrases = {*left_units[unit].values(), *right_units[unit].values()}
            out.append(("number", tuple(sorted(phrases))))
    return out


def _date_differences(left: str, right: str) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for pattern in (_MONTH_DAY, _WEEKDAY):
        left_dates = {m.group(0) for m in pattern.finditer(left)}
        right_dates = {m.group(0) for m in pattern.finditer(right)}
        if left_dates and right_dates and left_dates != right_dates:
            out.append(("date", tuple(sorted(left_dates ^ right_dates))))
    return out


def _word_swaps(left: str, right: str) -> list[tuple[str, tuple[str, ...]]]:
    """Short replaced runs between two near-verbatim sentences, classified."""
    left_words, right_words = _WORD.findall(left), _WORD.findall(right)
    matcher = difflib.SequenceMatcher(
        a=[term(w) for w in left_words], b=[term(w) for w in right_words], autojunk=False
    )
    if matcher.ratio() < NEAR_VERBATIM:
        return []
    out: list[tuple[str, tuple[str, ...]]] = []
    for op, a_lo, a_hi, b_lo, b_hi in matcher.get_opcodes():
        if op != "replace" or max(a_hi - a_lo, b_hi - b_lo) > MAX_SWAP_WORDS:
            continue
        before, after = left_words[a_lo:a_hi], right_words[b_lo:b_hi]
        if a_lo == 0 or b_lo == 0 or _same_name(before, after):
            continue  # sentence-initial words are capitalised anyway; "U.S." is "United States"
        kind = _swap_kind(before, after)
        if kind is not None:
            out.append((kind, (" ".join(before), " ".join(after))))
    return out


def _same_name(before: list[str], after: list[str]) -> bool:
    """Spelling of one name: "Al Qaeda"/"Al-Qaeda", "U.S."/"United States" (an acronym)."""
    squeeze = [
        "".join(ch for ch in " ".join(run) if ch.isalpha()).lower() for run in (before, after)
    ]
    initials = ["".join(w[0] for w in run).lower() for run in (before, after)]
    return squeeze[0] == squeeze[1] or squeeze[0] == initials[1] or squeeze[1] == initials[0]


def _swap_kind(before: list[str], after: list[str]) -> str | None:
    genders = {_PRONOUNS[w.lower()] for w in before + after if w.lower() in _PRONOUNS}
    if len(genders) > 1:
        return "pronoun"
    titled = [any(w.lower() in _TITLE_WORDS for w in run) for run in (before, after)]
    if all(titled):
        return "title"
    if all(w[:1].isupper() for w in before + after):
        return "name"
    return None


def _carriers(fact: Fact, text: str) -> set[str]:
    pattern = re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")
    return {sent.article_id for sent in fact.sentences if pattern.search(sent.text)}


def _variants(carried: Mapping[str, set[str]]) -> tuple[Variant, ...]:
    ordered = sorted(carried.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(Variant(text, tuple(sorted(articles))) for text, articles in ordered)
