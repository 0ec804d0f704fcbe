"""Entity mentions (people, organisations, places) and their merging into entities.

Mentions come from spaCy's NER, corrected by rules: a role before a name ("Foreign Minister
Shah Mahmood Qureshi", "FM Qureshi") makes a person and gives the role; person spans are
widened over adjacent capitalised words (the small model cuts "Antony | J. Blinken"); a
single word that is the surname of a person in the same article is that person. Mentions in
title-case headline lines count only when the article names the same thing elsewhere.

:func:`merge_entities` (in :mod:`newsdesk.analyze.entity_merge`, re-exported here) folds
mentions from any number of articles into entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc

from newsdesk.analyze.entity_merge import merge_entities
from newsdesk.analyze.entity_types import Entity, Mention
from newsdesk.analyze.names import (
    ALIASES,
    ORG_WORDS,
    ROLE_PATTERN,
    name_key,
    name_tokens,
    split_role,
    surname,
    wordset,
)
from newsdesk.analyze.nlp import Ents, load_nlp, ner_ents
from newsdesk.model import Article

__all__ = ["Entity", "Mention", "extract_mentions", "mentions_in_text", "merge_entities"]


# NORP (nationalities, religious and political groups: "Pakistani", "Democrats") is mostly
# adjectives; merging them with countries or parties would be wrong more often than right.
_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}

_NAME = r"[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z]\.|[A-Z][\w’'-]*)){0,3}"
_ROLE_NAME = re.compile(rf"\b(?:{ROLE_PATTERN})[ \t]+({_NAME})")
_OWNER = re.compile(r"[A-Z][\w-]*['’]s\s+(?=[A-Z])")
_ROLE_TAIL = re.compile(rf"(?:{ROLE_PATTERN})$")
_LEFT_WORD = re.compile(r"(?:^|(?<=[\s(]))([A-Z][\w’'-]*|[A-Z]\.)[ \t]+$")
_RIGHT_WORD = re.compile(r"^[ \t]+([A-Z][\w’'-]*)")
# Capitalised words that start sentences or are function words, never part of a name.
_NOT_NAME_WORDS = wordset(
    "the a an in on at of for and but or as by to with from he she it they we i this "
    "that these those his her their its our during after before while when since if "
    "mr ms mrs said says told asked "
)
_REPORTS = re.compile(r"[ \t]+(?:first[ \t]+)?report(?:ed|s)\b")
_MIN_CAPS_SHARE = 0.5  # a line with this share of capitalised words (and no end stop) is a headline
_SHORT_LINE_WORDS = 4  # a line this short with no end stop is a subhead or caption, not prose
_MAX_ACRONYM_LETTERS = 5  # longer all-caps words are datelines/shouting ("NEW YORK"), not acronyms
_MAX_WIDEN = 2  # widen a person span by at most this many words on each side


def extract_mentions(article: Article) -> list[Mention]:
    """People, organisations and places named in ``article.text``, in text order."""
    return mentions_in_text(article.id, article.text)


def extract_mentions_many(
    articles: Sequence[Article], *, n_process: int = 1, batch_size: int = 64
) -> list[list[Mention]]:
    """:func:`extract_mentions` for many articles in one NER stream (faster; ``n_process``
    worker processes for spaCy). One list per article, in the order given."""
    spans = [_paragraphs(a.text) for a in articles]
    stream = (
        (a.text[start:end], (i, start)) for i, a in enumerate(articles) for start, end in spans[i]
    )
    found: list[list[Mention]] = [[] for _ in articles]
    docs = load_nlp().pipe(stream, as_tuples=True, n_process=n_process, batch_size=batch_size)
    for doc, (i, offset) in docs:
        found[i].extend(_doc_mentions(articles[i].id, articles[i].text, doc, offset))
    return [_finish(a.id, a.text, s, f) for a, s, f in zip(articles, spans, found, strict=True)]


def mentions_in_text(
    article_id: str, text: str, windows: Sequence[tuple[int, int]] | None = None
) -> list[Mention]:
    """Mentions in ``text`` (only inside ``windows`` when given: spans of ``text``)."""
    spans = list(windows) if windows is not None else _paragraphs(text)
    return _finish(article_id, text, spans, _ner_mentions(article_id, text, spans))


def _finish(
    article_id: str, text: str, spans: Sequence[tuple[int, int]], found: list[Mention]
) -> list[Mention]:
    """The rules applied on top of the model's mentions."""
    found = _apply_role_rule(article_id, text, spans, found)
    found = _widen_persons(text, found)
    found = _vote_kinds(found)
    found = _outlets_that_report(text, found)
    return _drop_headline_junk(text, found)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _ner_mentions(article_id: str, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    ents = ner_ents([text[start:end] for start, end in spans])
    for (offset, _), found in zip(spans, ents, strict=True):
        out.extend(_ents_mentions(article_id, text, found, offset))
    return out


def _doc_mentions(article_id: str, text: str, doc: Doc, offset: int) -> list[Mention]:
    found = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    return _ents_mentions(article_id, text, found, offset)


def _ents_mentions(article_id: str, text: str, ents: Ents, offset: int) -> list[Mention]:
    out = []
    for ent_start, ent_end, label in ents:
        kind = _KINDS.get(label)
        if kind is None:
            continue
        start, end = _trim(text, offset + ent_start, offset + ent_end)
        if end > start and not _role_tail(text, start, end):
            out.append(Mention(article_id, start, end, text[start:end], kind))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the " or owner ("Pakistan's"), a trailing possessive or stop."""
    surface = text[start:end]
    if surface.lower().startswith("the "):
        start += 4
    owner = _OWNER.match(text, start, end)
    if owner:
        start = owner.end()
    surface = text[start:end]
    for suffix in ("’s", "'s", "’", "'"):
        if surface.endswith(suffix):
            end -= len(suffix)
            break
    while end > start and text[end - 1] in ".,;:" and not _ends_in_initial(text[start:end]):
        end -= 1
    return start, end


def _role_tail(text: str, start: int, end: int) -> bool:
    """The model's "State" in "Secretary of State": part of a role, not an organisation."""
    return bool(_ROLE_TAIL.search(text, max(0, start - 20), end)) and " " not in text[start:end]


def _ends_in_initial(surface: str) -> bool:
    """True for "J." and dotted abbreviations ("U.S."), whose final dot belongs to them."""
    last = surface.split()[-1] if surface.split() else ""
    return len(last) >= 2 and last[-2].isupper() and (len(last) == 2 or last[-3] == ".")


def role_mentions(article_id: str, text: str) -> list[Mention]:
    """People named after a role ("FM Qureshi"), by rule alone: cheap, no model."""
    return _apply_role_rule(article_id, text, [(0, len(text))], [])


def _apply_role_rule(
    article_id: str, text: str, spans: Sequence[tuple[int, int]], found: list[Mention]
) -> list[Mention]:
    """Role + capitalised name is a person with that role; it replaces overlapping NER spans."""
    ruled: list[Mention] = []
    covered: list[tuple[int, int]] = []  # role + name: NER spans in there are superseded
    for span_start, span_end in spans:
        for match in _ROLE_NAME.finditer(text, span_start, span_end):
            start, end = _trim(text, match.start(1), match.end(1))
            words = text[start:end].lower().split()
            if not words or any(w.strip(".") in ORG_WORDS for w in words):
                continue
            role, _ = split_role(match.group(0))
            ruled.append(Mention(article_id, start, end, text[start:end], "person", role))
            covered.append((match.start(), end))
    kept = [m for m in found if not any(m.start < e and s < m.end for s, e in covered)]
    return sorted(kept + ruled, key=lambda m: (m.start, m.end))


def _widen_persons(text: str, found: list[Mention]) -> list[Mention]:
    """Person spans (not role-ruled ones) widened over capitalised words nobody else holds."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for m in found:
        if m.kind == "person" and m.role is None:
            others = [span for span in taken if span != (m.start, m.end)]
            m = _widen_person(text, m, others)
        out.append(m)
    return out


def _widen_person(text: str, mention: Mention, others: list[tuple[int, int]]) -> Mention:
    """Absorb adjacent capitalised words the model left out ("Antony" + "J. Blinken")."""
    start, end = mention.start, mention.end
    for _ in range(_MAX_WIDEN):
        left = _LEFT_WORD.search(text, max(0, start - 40), start)
        if not left or not _free_name_word(left.group(1), left.start(1), left.end(1), others):
            break
        start = left.start(1)
    for _ in range(_MAX_WIDEN):
        right = _RIGHT_WORD.match(text, end)
        if not right or not _free_name_word(right.group(1), right.start(1), right.end(1), others):
            break
        end = right.end(1)
    start, end = _trim(text, start, end)
    if (start, end) == (mention.start, mention.end):
        return mention
    return replace(mention, start=start, end=end, text=text[start:end])


def _free_name_word(word: str, start: int, end: int, others: list[tuple[int, int]]) -> bool:
    """A capitalised word that may belong to a name: no function word, role or other entity."""
    if word.lower() in _NOT_NAME_WORDS or split_role(f"{word} X")[0] is not None:
        return False
    return not any(s < end and start < e for s, e in others)


def _vote_kinds(found: list[Mention]) -> list[Mention]:
    """A word that is a person's surname in this article is that person ("Qureshi" as GPE)."""
    surnames = {surname(m.text) for m in found if m.kind == "person"}
    surnames.discard("")
    out = []
    for m in found:
        tokens = name_tokens(m.text)
        if m.kind != "person" and len(tokens) == 1 and tokens[0] in surnames:
            m = replace(m, kind="person")
        out.append(m)
    return out


def _outlets_that_report(text: str, found: list[Mention]) -> list[Mention]:
    """A one-word "person" that reports ("…, Dawn reported.", "Politico reports") is an
    outlet, unless the article names a person with that surname: journalists and people
    who report something get their full name first."""
    surnames = {surname(m.text) for m in found if m.kind == "person" and " " in m.text.strip()}
    out = []
    for m in found:
        one_word = m.kind == "person" and len(name_tokens(m.text)) == 1
        if one_word and _REPORTS.match(text, m.end) and surname(m.text) not in surnames:
            m = replace(m, kind="org")
        out.append(m)
    return out


def _drop_headline_junk(text: str, found: list[Mention]) -> list[Mention]:
    """Drop dateline shouting, headline-only names the article never repeats in prose, and
    what cannot be a name (no capital letter, a handle, digits in a person's name)."""
    headline_lines = _headline_lines(text)
    prose_keys = {name_key(m.text) for m in found if not _inside(m, headline_lines)}
    prose_surnames = {k.split()[-1] for k in prose_keys if k}
    out = []
    for m in found:
        key = name_key(m.text)
        junk_person = m.kind == "person" and any(c.isdigit() for c in m.text)
        # a name has a capital ("molnupiravir", "lesbian" are the model's slips); a handle
        # such as "@GenFlynn" or a hashtag is not a name either
        not_a_name = not any(c.isupper() for c in m.text) or m.text[:1] in "@#"
        if not key or len(key) < 2 or _is_dateline(m.text) or junk_person or not_a_name:
            continue
        if _inside(m, headline_lines) and key not in prose_keys and key not in prose_surnames:
            continue
        out.append(m)
    return out


def _headline_lines(text: str) -> list[tuple[int, int]]:
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
        if not words or line[-1] in ".!?:\"”'’":
            continue
        caps = sum(1 for w in words if w[0].isupper())
        if caps / len(words) >= _MIN_CAPS_SHARE or len(words) <= _SHORT_LINE_WORDS:
            lines.append((match.start(), match.end()))
    return lines


def _inside(mention: Mention, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def _is_dateline(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    shouting = len(letters) > _MAX_ACRONYM_LETTERS and all(c.isupper() for c in letters)
    return shouting and name_key(surface) not in {name_key(v) for v in ALIASES.values()}
