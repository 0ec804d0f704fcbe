"""Entity mentions (people, organisations, places) and their merging into entities.

Mentions come from spaCy's NER, corrected by rules: a role before a name ("Foreign Minister
Shah Mahmood Qureshi", "FM Qureshi") makes a person and gives the role; person spans are
widened over adjacent capitalised words (the small model cuts "Antony | J. Blinken"); a
single word that is the surname of a person in the same article is that person. Mentions in
title-case headline lines count only when the article names the same thing elsewhere.

:func:`merge_entities` folds mentions from any number of articles into entities; see there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from newsdesk.analyze.names import (
    ALIASES,
    ORG_WORDS,
    ROLE_PATTERN,
    initials,
    name_key,
    name_tokens,
    split_role,
    surname,
    wordset,
)
from newsdesk.analyze.nlp import load_nlp
from newsdesk.ids import content_id
from newsdesk.model import Article


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity: a span of ``article.text`` and what the text says it is."""

    article_id: str
    start: int
    end: int
    text: str
    kind: str  # "person" | "org" | "place"
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place, with every name variant and role the texts use."""

    id: str
    name: str
    kind: str
    variants: tuple[str, ...]
    roles: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: tuple[Mention, ...]


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
_MIN_CAPS_SHARE = 0.5  # a line with this share of capitalised words (and no end stop) is a headline
_SHORT_LINE_WORDS = 4  # a line this short with no end stop is a subhead or caption, not prose
_MAX_ACRONYM_LETTERS = 5  # longer all-caps words are datelines/shouting ("NEW YORK"), not acronyms
_MAX_WIDEN = 2  # widen a person span by at most this many words on each side


def extract_mentions(article: Article) -> list[Mention]:
    """People, organisations and places named in ``article.text``, in text order."""
    return mentions_in_text(article.id, article.text)


def mentions_in_text(
    article_id: str, text: str, windows: Sequence[tuple[int, int]] | None = None
) -> list[Mention]:
    """Mentions in ``text`` (only inside ``windows`` when given: spans of ``text``)."""
    spans = list(windows) if windows is not None else _paragraphs(text)
    found = _ner_mentions(article_id, text, spans)
    found = _apply_role_rule(article_id, text, spans, found)
    found = _widen_persons(text, found)
    found = _vote_kinds(found)
    return _drop_headline_junk(text, found)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _ner_mentions(article_id: str, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
    nlp = load_nlp()
    out: list[Mention] = []
    docs = nlp.pipe(text[start:end] for start, end in spans)
    for (offset, _), doc in zip(spans, docs, strict=True):
        for ent in doc.ents:
            kind = _KINDS.get(ent.label_)
            if kind is None:
                continue
            start, end = _trim(text, offset + ent.start_char, offset + ent.end_char)
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


def _drop_headline_junk(text: str, found: list[Mention]) -> list[Mention]:
    """Drop dateline shouting and headline-only names the article never repeats in prose."""
    headline_lines = _headline_lines(text)
    prose_keys = {name_key(m.text) for m in found if not _inside(m, headline_lines)}
    prose_surnames = {k.split()[-1] for k in prose_keys if k}
    out = []
    for m in found:
        key = name_key(m.text)
        junk_person = m.kind == "person" and any(c.isdigit() for c in m.text)
        if not key or len(key) < 2 or _is_dateline(m.text) or junk_person:
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


def merge_entities(mentions: Sequence[Mention]) -> list[Entity]:
    """Mentions folded into entities; the same result whatever the order of ``mentions``.

    Names are compared by normalised key (dots, roles, honorifics and middle initials gone,
    aliases applied). People are blocked by surname: full names with a similar spelling merge
    ("Shah Mahmood Qureshi" / "Shah Mehmood Qureshi"), and a bare surname joins the one full
    name it can mean. An acronym joins the one organisation or place with those initials.
    Work is near-linear: no comparison leaves its surname or initials block.
    """
    groups = _group_by_key(sorted(mentions, key=_mention_order))
    uf = _UnionFind()
    _link_people(groups, uf)
    _link_acronyms(groups, uf)
    merged: dict[_Node, list[Mention]] = {}
    for node in sorted(groups):
        merged.setdefault(uf.find(node), []).extend(groups[node])
    entities = [_entity(sorted(ms, key=_mention_order)) for ms in merged.values()]
    return sorted(entities, key=lambda e: (-len(e.articles), -len(e.mentions), e.name, e.id))


_Node = tuple[str, str]  # ("person" | "thing", normalised key)
_SAME_NAME_RATIO = 85  # rapidfuzz ratio of two full names with the same surname: one person
_SAME_FIRST_RATIO = 80  # first names this close are spelling variants ("Antony"/"Anthony")
_KIND_ORDER = ("person", "org", "place")


def _mention_order(m: Mention) -> tuple[str, int, int, str, str]:
    return (m.article_id, m.start, m.end, m.text, m.kind)


def _group_by_key(mentions: Sequence[Mention]) -> dict[_Node, list[Mention]]:
    groups: dict[_Node, list[Mention]] = {}
    for m in mentions:
        key = name_key(m.text)
        if key:
            cls = "person" if m.kind == "person" else "thing"
            groups.setdefault((cls, key), []).append(m)
    return groups


class _UnionFind:
    """Disjoint sets over nodes; the smaller node (sort order) is always the root."""

    def __init__(self) -> None:
        self.parent: dict[_Node, _Node] = {}

    def find(self, node: _Node) -> _Node:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[node] = root
        return root

    def union(self, a: _Node, b: _Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _link_people(groups: dict[_Node, list[Mention]], uf: _UnionFind) -> None:
    blocks: dict[str, list[_Node]] = {}
    for node in groups:
        if node[0] == "person":
            blocks.setdefault(node[1].split()[-1], []).append(node)
    for last, nodes in sorted(blocks.items()):
        full = sorted((n for n in nodes if " " in n[1]), key=lambda n: (-len(groups[n]), n))
        clusters: list[_Node] = []
        for node in full:
            match = next((c for c in clusters if _same_person(node[1], c[1])), None)
            if match is None:
                clusters.append(node)
            else:
                uf.union(node, match)
        if len(clusters) != 1:
            continue  # a bare surname is ambiguous (or has no full name): left alone
        for single in [n for n in nodes if " " not in n[1]]:
            uf.union(single, clusters[0])
        thing = ("thing", last)  # "Qureshi" tagged as a place where no article names him
        size = sum(len(groups[n]) for n in nodes)  # the block is one person now
        if thing in groups and len(groups[thing]) <= size:
            uf.union(thing, clusters[0])


def _same_person(a: str, b: str) -> bool:
    ta, tb = a.split(), b.split()
    if ta[-1] != tb[-1]:
        return False
    first_ok = ta[0] == tb[0] or fuzz.ratio(ta[0], tb[0]) >= _SAME_FIRST_RATIO
    if not first_ok:
        return False
    short, long_ = sorted((ta, tb), key=len)
    return fuzz.ratio(a, b) >= _SAME_NAME_RATIO or _is_subsequence(short, long_)


def _is_subsequence(short: list[str], long_: list[str]) -> bool:
    it = iter(long_)
    return all(tok in it for tok in short)


def _link_acronyms(groups: dict[_Node, list[Mention]], uf: _UnionFind) -> None:
    by_initials: dict[str, list[_Node]] = {}
    for node in groups:
        if node[0] == "thing" and initials(node[1]):
            by_initials.setdefault(initials(node[1]), []).append(node)
    for node, ms in groups.items():
        if node[0] != "thing" or " " in node[1]:
            continue
        if not any(m.text.replace(".", "").isupper() for m in ms):
            continue
        targets = by_initials.get(node[1], [])
        if len(targets) == 1:
            uf.union(node, targets[0])


def _entity(mentions: list[Mention]) -> Entity:
    kinds = Counter(m.kind for m in mentions)
    kind = min(kinds, key=lambda k: (-kinds[k], _KIND_ORDER.index(k)))
    surfaces = Counter(" ".join(m.text.split()) for m in mentions)
    name = _canonical_name(surfaces)
    role_counts = Counter(m.role for m in mentions if m.role)
    roles = tuple(sorted(role_counts, key=lambda r: (-role_counts[r], r)))
    keys = sorted({name_key(surface) for surface in surfaces})
    return Entity(
        id=content_id("entity", kind, name, keys[0]),
        name=name,
        kind=kind,
        variants=tuple(sorted(surfaces)),
        roles=roles,
        articles=tuple(sorted({m.article_id for m in mentions})),
        mentions=tuple(mentions),
    )


def _canonical_name(surfaces: Counter[str]) -> str:
    """The longest, then most frequent full form; an alias's long form counts as a form."""
    counts = Counter(surfaces)
    for surface in surfaces:
        alias = ALIASES.get(" ".join(name_tokens(surface)))
        if alias:
            counts[alias] += 0

    def rank(form: str) -> tuple[int, int, int, str]:
        words = [w for w in form.split() if len(w.rstrip(".")) > 1]
        return (-len(words), -counts[form], -len(form), form)

    return min(counts, key=rank)
