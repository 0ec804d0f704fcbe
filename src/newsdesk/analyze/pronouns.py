"""Pronoun discrepancies: outlets that give one person different genders ("his" vs "her").

Two passes, so the parser runs only where it can matter (the brief's NER pass has no parse
to reuse, so nothing is parsed unless a person is read both ways):

1. **Rules, every article** (regex, no model; about half a millisecond an article). A
   gendered pronoun outside quotation marks gets an antecedent only in two plain cases:

   * *same sentence*: everything before the pronoun in its sentence refers to exactly one
     person entity (by a name the entities stage found, or by a role phrase such as "the US
     Secretary of State" that only that person of the story holds), nothing between that
     reference and the pronoun could take the pronoun instead (another person, a capitalised
     word no mention covers, an unattached role, a person noun such as "wife" or "official";
     for "she"/"her" also a place or organisation), and the previous sentence names nobody
     else;
   * *previous sentence*: a sentence opening with "He"/"She" follows a sentence of the same
     article that refers to exactly one person and to nothing else that could be meant.

2. **Parse, only for people read both ways.** Each such reading is checked on spaCy's
   dependency parse of its sentence: the clause that governs the pronoun must have the
   person's reference as its subject ("X reiterated her country's priorities"; "X, who
   met his counterpart"; "X said he believed" and "X said his office would" climb to "X
   said"); for a previous-sentence reading the pronoun must be the subject of its sentence's
   root and the person the subject of the previous sentence's root. Anything else is dropped.

A discrepancy needs confirmed readings of both genders, and outlets that differ in which
they use. Everything unclear is skipped: a missed case is better than a false alarm.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdesk.analyze.discrepancies import Discrepancy, Variant
from newsdesk.analyze.entity_types import Entity, Mention
from newsdesk.analyze.names import ROLE_PATTERN, wordset
from newsdesk.analyze.quote_marks import find_quote_spans
from newsdesk.analyze.sentences import split_sentences
from newsdesk.model import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
_PRONOUN = re.compile(r"\b(?:" + "|".join(GENDER) + r")\b", re.I)
# A role phrase standing for a person: "the US Secretary of State", "Pakistan's foreign
# minister"; not one followed by a name ("the Secretary of State Antony Blinken"), which the
# entities stage already reads as a named mention.
_ROLE_PHRASE = re.compile(
    r"\b(?:[Tt]he|[A-Z][\w-]*['’]s)\s+(?:[A-Z][\w.’'-]*\s+){0,2}?"
    rf"(?P<role>(?i:{ROLE_PATTERN}))\b(?!\s+[A-Z])"
)
# Nouns for one person that a pronoun could refer to instead of a named person (singular
# only: "his" never means "reporters"). A set, not a regex alternation: ten times faster.
_PERSON_NOUNS = wordset(
    "woman man wife husband mother father mum mom dad daughter son sister brother girl boy "
    "lady gentleman widow widower actress actor queen king princess prince aunt uncle niece "
    "nephew grandmother grandfather granddaughter grandson girlfriend boyfriend bride groom "
    "child baby spokesman spokeswoman spokesperson chairman chairwoman counterpart official "
    "minister secretary president envoy ambassador leader colleague friend partner victim "
    "suspect defendant citizen resident student teacher doctor nurse patient captain driver "
    "owner player coach candidate author writer reporter journalist lawyer judge officer "
    "soldier worker employee customer passenger pilot someone somebody person nobody "
    "everyone anyone"
)
_LETTERS = re.compile(r"[A-Za-z]+")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")
_NOT_NAMES = wordset(
    "I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December"
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl"})  # "X said [he believed]"
_RELATIVE = frozenset({"who", "that", "which", "whom"})
MAX_PARSED = 64  # readings parsed per story at most: the parser is the costly part


@dataclass(frozen=True, slots=True)
class Reading:
    """A gendered pronoun in ``article`` read as referring to person ``entity``."""

    entity: str  # entity id
    article: str
    pronoun: str  # as written, lower case
    start: int  # the pronoun's span in the article text
    end: int
    sentence: tuple[int, int]
    refs: tuple[tuple[int, int], ...]  # the person's references in the antecedent sentence
    previous: tuple[int, int] | None  # the antecedent sentence when it is the previous one

    @property
    def gender(self) -> str:
        return GENDER[self.pronoun]


def pronoun_discrepancies(
    articles: Sequence[Article],
    mentions: Mapping[str, Sequence[Mention]],
    entities: Sequence[Entity],
    outlet_of: Mapping[str, str],
    already: Sequence[Discrepancy] = (),
) -> list[Discrepancy]:
    """Persons whose gendered pronouns differ between outlets, one discrepancy each.

    ``mentions`` are the brief's per-article entity mentions and ``entities`` their merge;
    ``outlet_of`` maps an article to its independent-outlet key. A person whose pronoun swap
    ``already`` holds (a fact-level "pronoun" discrepancy) is not reported twice.
    """
    people = {e.id: e for e in entities if e.kind == "person"}
    texts = {article.id: article.text for article in articles}
    readings = [
        reading
        for article in sorted(articles, key=lambda a: a.id)
        for reading in article_readings(article, mentions.get(article.id, ()), entities)
    ]
    by_person: dict[str, list[Reading]] = {}
    for reading in readings:
        by_person.setdefault(reading.entity, []).append(reading)
    out = []
    budget = MAX_PARSED
    for entity_id in sorted(by_person):
        group = by_person[entity_id]
        if len({r.gender for r in group}) < 2 or budget <= 0:
            continue
        group = group[:budget]
        budget -= len(group)
        confirmed = [r for r in group if _confirmed(texts[r.article], r)]
        found = _discrepancy(people[entity_id], confirmed, texts, outlet_of)
        if found is not None and not _reported(found, already):
            out.append(found)
    return out


def article_readings(
    article: Article, mentions: Sequence[Mention], entities: Sequence[Entity]
) -> list[Reading]:
    """The rule pass: pronouns of ``article`` with a plain, unambiguous person antecedent."""
    text = article.text
    named = any(e.kind == "person" and article.id in e.articles for e in entities)
    if not named or not _PRONOUN.search(text):
        return []
    quoted = [(q.open_at, q.close_end) for q in find_quote_spans(text)]
    refs, blockers = _references(article, mentions, entities, quoted)
    sentences = split_sentences(text)
    out = []
    for index, (s_start, s_end) in enumerate(sentences):
        for match in _PRONOUN.finditer(text, s_start, s_end):
            if _inside_any(match.start(), quoted):
                continue
            gender = GENDER[match.group().lower()]
            found = _antecedent(
                text, sentences, index, match.start(), gender, refs, blockers, quoted
            )
            if found is not None:
                entity_id, ref_spans, previous = found
                out.append(
                    Reading(
                        entity_id,
                        article.id,
                        match.group().lower(),
                        match.start(),
                        match.end(),
                        (s_start, s_end),
                        ref_spans,
                        previous,
                    )
                )
    return out


_Ref = tuple[int, int, str]  # (start, end, person entity id)
_Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Blockers:
    """What a pronoun could refer to instead of the person: anyone or anything person-like
    (``persons``), and places and organisations (``things``), which only "she"/"her" can
    mean ("Pakistan and her allies"; a ship is "she"), never "he"/"his"."""

    persons: list[_Span]
    things: list[_Span]

    def any_in(self, start: int, end: int, gender: str) -> bool:
        spans = self.persons + self.things if gender == "f" else self.persons
        return _overlaps(spans, start, end)


def _references(
    article: Article,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    quoted: Sequence[_Span],
) -> tuple[list[_Ref], _Blockers]:
    """The article's references to person entities, and what else a pronoun could refer to
    (other people, unattached role phrases, person nouns; places and organisations)."""
    person_of: dict[_Span, str] = {}
    holders: dict[str, set[str]] = {}
    for entity in entities:
        if entity.kind != "person":
            continue
        for m in entity.mentions:
            if m.article_id == article.id:
                person_of[(m.start, m.end)] = entity.id
        if article.id in entity.articles:
            for role in entity.roles:
                holders.setdefault(role.lower(), set()).add(entity.id)
    refs: list[_Ref] = []
    persons: list[_Span] = []
    things: list[_Span] = []
    for m in mentions:
        entity_id = person_of.get((m.start, m.end))
        if entity_id is not None:
            refs.append((m.start, m.end, entity_id))
        else:
            (persons if m.kind == "person" else things).append((m.start, m.end))
    named = [(s, e) for s, e, _ in refs]
    for match in _ROLE_PHRASE.finditer(article.text):
        span = (match.start(), match.end())
        if any(s < span[1] and span[0] < e for s, e in named):
            continue
        role = match.group("role")
        if role.islower() and " " not in role:
            continue  # "the general public", "the speaker": lower-case words are rarely roles
        owners = holders.get(role.lower(), set())
        if len(owners) == 1:
            refs.append((span[0], span[1], next(iter(owners))))
        else:
            persons.append(span)
    starts = {s for s, _, _ in refs}
    nouns = (m for m in _LETTERS.finditer(article.text) if m.group().lower() in _PERSON_NOUNS)
    for match in nouns:
        after = len(article.text) - len(article.text[match.end() :].lstrip(" \t"))
        if after not in starts:  # "Minister" in "Foreign Minister Orlov" belongs to the name
            persons.append((match.start(), match.end()))
    inside = [r for r in refs if _inside_any(r[0], quoted)]
    refs = [r for r in refs if r not in inside]  # a name in a quote is the speaker's word:
    persons.extend((s, e) for s, e, _ in inside)  # no antecedent, and in the way

    def outside_refs(spans: list[_Span]) -> list[_Span]:
        # a place or role word inside a reference ("the US Secretary of State") is part of it
        return sorted(b for b in spans if not any(s <= b[0] and b[1] <= e for s, e, _ in refs))

    return sorted(refs), _Blockers(outside_refs(persons), outside_refs(things))


def _antecedent(
    text: str,
    sentences: Sequence[_Span],
    index: int,
    at: int,
    gender: str,
    refs: Sequence[_Ref],
    blockers: _Blockers,
    quoted: Sequence[_Span],
) -> tuple[str, tuple[_Span, ...], _Span | None] | None:
    s_start, _ = sentences[index]
    before = [r for r in refs if s_start <= r[0] and r[1] <= at]
    if before:
        people = {r[2] for r in before}
        last_end = max(r[1] for r in before)
        if len(people) != 1 or blockers.any_in(last_end, at, gender):
            return None
        if _unknown_name(text, last_end, at, refs, blockers):
            return None
        if index > 0 and _someone_else(sentences[index - 1], people, refs, blockers):
            return None  # "… met Ms Olsen. Brandt praised her courage": whose?
        return people.pop(), tuple((s, e) for s, e, _ in before), None
    if index == 0 or text[s_start:at].strip() != "" or text[at] not in "HS":
        return None  # only a sentence-initial "He"/"She" looks back a sentence
    p_start, p_end = sentences[index - 1]
    if _overlaps(quoted, p_start, p_end) or blockers.any_in(p_start, p_end, gender):
        return None
    first_word = re.match(r"\S*", text[p_start:p_end])
    if _unknown_name(
        text, p_start + len(first_word[0] if first_word else ""), p_end, refs, blockers
    ):
        return None
    inside = [r for r in refs if p_start <= r[0] and r[1] <= p_end]
    people = {r[2] for r in inside}
    if len(people) != 1:
        return None
    return people.pop(), tuple((s, e) for s, e, _ in inside), (p_start, p_end)


def _unknown_name(
    text: str, start: int, end: int, refs: Sequence[_Ref], blockers: _Blockers
) -> bool:
    """A capitalised word in ``[start, end)`` that no mention covers: maybe a name the model
    missed ("Nowak thanked Lind for her patience"), so maybe whom the pronoun means."""
    known = [(s, e) for s, e, _ in refs] + blockers.persons + blockers.things
    for match in _CAPITALISED.finditer(text, start, end):
        if match.group() not in _NOT_NAMES and not _inside_any(match.start(), known):
            return True
    return False


def _someone_else(
    sentence: _Span, people: set[str], refs: Sequence[_Ref], blockers: _Blockers
) -> bool:
    """The sentence refers to another person, or to someone unnamed."""
    start, end = sentence
    other = any(start <= s and e <= end and who not in people for s, e, who in refs)
    return other or _overlaps(blockers.persons, start, end)


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _inside_any(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _confirmed(text: str, reading: Reading) -> bool:
    """The parse pass: does the sentence structure support the rule pass's antecedent?"""
    s_start, s_end = reading.sentence
    doc = _parse(text[s_start:s_end])
    token = _token_at(doc, reading.start - s_start)
    if token is None:
        return False
    if reading.previous is None:
        subject = _governing_subject(token)
        return subject is not None and _refers(subject, reading.refs, s_start)
    if token.dep_ not in _SUBJECT_DEPS or token.head.dep_ != "ROOT":
        return False
    p_start, p_end = reading.previous
    roots = [t for t in _parse(text[p_start:p_end]) if t.dep_ == "ROOT"]
    subjects = [c for root in roots[:1] for c in root.children if c.dep_ in _SUBJECT_DEPS]
    return len(subjects) == 1 and _refers(subjects[0], reading.refs, p_start)


def _governing_subject(token: Token) -> Token | None:
    """The subject of the clause the pronoun belongs to, or of the clause that reports it
    when the pronoun is (or owns) a reported clause's subject ("X said he believed", "X
    said his office would")."""
    start = token
    if token.dep_ == "poss" and token.head.dep_ in _SUBJECT_DEPS:
        start = token.head  # "X said [his office] would review": climbs like "he" does
    climb = start.dep_ in _SUBJECT_DEPS
    node = start.head
    for _ in range(len(token.doc)):
        subjects = [c for c in node.children if c.dep_ in _SUBJECT_DEPS]
        if subjects and node.pos_ in {"VERB", "AUX"}:
            subject = subjects[0]
            if subject.i == start.i:
                if node.dep_ not in _CLIMB_DEPS or not climb:
                    return None
                climb = False
                node = node.head
                continue
            if token in subject.subtree:
                return None  # the pronoun is inside the subject: "X and her allies said"
            if subject.lower_ in _RELATIVE and node.dep_ == "relcl":
                return node.head  # "X, who met his counterpart": the relative's noun
            return subject
        if node.dep_ == "ROOT" or node.head.i == node.i:
            return None
        node = node.head
    return None


def _refers(subject: Token, refs: Sequence[tuple[int, int]], offset: int) -> bool:
    """The subject's head word lies in one of the person's references."""
    start = offset + subject.idx
    return any(s <= start < e for s, e in refs)


def _token_at(doc: Doc | Span, char: int) -> Token | None:
    starts = [t.idx for t in doc]
    i = bisect.bisect_right(starts, char) - 1
    return doc[i] if i >= 0 and doc[i].idx == char else None


@functools.lru_cache(maxsize=MAX_PARSED)
def _parse(sentence: str) -> Doc:
    from newsdesk.analyze.nlp import load_nlp  # the parser loads only where it is needed

    return load_nlp(parse=True)(sentence)


def _discrepancy(
    person: Entity,
    confirmed: Sequence[Reading],
    texts: Mapping[str, str],
    outlet_of: Mapping[str, str],
) -> Discrepancy | None:
    by_gender: dict[str, list[Reading]] = {}
    for reading in confirmed:
        by_gender.setdefault(reading.gender, []).append(reading)
    if len(by_gender) < 2:
        return None
    outlets = {
        gender: frozenset(outlet_of.get(r.article, r.article) for r in rs)
        for gender, rs in by_gender.items()
    }
    if len(set(outlets.values())) < 2:
        return None  # every outlet uses both: the text is inconsistent, the outlets are not

    def weight(gender: str) -> tuple[int, int, str]:
        return (len(outlets[gender]), len(by_gender[gender]), gender)

    minority = min(by_gender, key=weight)
    first = min(by_gender[minority], key=lambda r: (r.article, r.start))
    s_start, s_end = first.sentence
    fact = f"{person.name}: {' '.join(texts[first.article][s_start:s_end].split())}"
    variants = [
        Variant(_forms(rs), tuple(sorted({r.article for r in rs}))) for rs in by_gender.values()
    ]
    variants.sort(key=lambda v: (-len(v.articles), v.text))
    return Discrepancy("pronoun", fact, tuple(variants))


def _forms(readings: Sequence[Reading]) -> str:
    """The pronoun forms as written, most used first: "he/his"."""
    counts: dict[str, int] = {}
    for r in readings:
        counts[r.pronoun] = counts.get(r.pronoun, 0) + 1
    return "/".join(sorted(counts, key=lambda form: (-counts[form], form)))


def _reported(found: Discrepancy, already: Sequence[Discrepancy]) -> bool:
    """A fact-level pronoun discrepancy already shows each of these forms in these articles."""

    def shown(variant: Variant, other: Discrepancy) -> bool:
        forms = set(variant.text.split("/"))
        return any(
            forms & {w.lower() for w in re.findall(r"\w+", seen.text)}
            and set(variant.articles) & set(seen.articles)
            for seen in other.variants
        )

    return any(
        other.kind == "pronoun" and all(shown(variant, other) for variant in found.variants)
        for other in already
    )
