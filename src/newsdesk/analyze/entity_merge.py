"""Merging entity mentions from any number of articles into entities.

Deterministic and order-independent; near-linear: names are compared only inside their
surname block (people) or initials block (acronyms), never all pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

from newsdesk.analyze.entity_types import Entity, Mention
from newsdesk.analyze.names import ALIASES, initials, name_key, name_tokens
from newsdesk.ids import content_id


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
_DOMINANT_SHARE = 0.8  # a full name with this share of its surname's mentions owns the surname
_KIND_ORDER = ("person", "org", "place")


def _mention_order(m: Mention) -> tuple[str, int, int, str, str]:
    return (m.article_id, m.start, m.end, m.text, m.kind)


def _group_by_key(mentions: Sequence[Mention]) -> dict[_Node, list[Mention]]:
    """Mentions by normalised key; a bare surname goes with the one full name its own
    article gives it ("Donald Trump … Trump"), as news style introduces people."""
    full_in_article: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        key = name_key(m.text)
        if m.kind == "person" and " " in key:
            full_in_article.setdefault((m.article_id, key.split()[-1]), set()).add(key)
    groups: dict[_Node, list[Mention]] = {}
    for m in mentions:
        key = name_key(m.text)
        if not key:
            continue
        if m.kind == "person" and " " not in key:
            fulls = full_in_article.get((m.article_id, key), set())
            key = next(iter(fulls)) if len(fulls) == 1 else key
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
        owner = _surname_owner(groups, uf, full, clusters)
        if owner is None:
            continue  # a bare surname is ambiguous (or has no full name): left alone
        for single in [n for n in nodes if " " not in n[1]]:
            uf.union(single, owner)
        thing = ("thing", last)  # "Qureshi" tagged as a place where no article names him
        size = sum(len(groups[n]) for n in nodes if uf.find(n) == uf.find(owner))
        if thing in groups and len(groups[thing]) <= size:
            uf.union(thing, owner)


def _surname_owner(
    groups: dict[_Node, list[Mention]], uf: _UnionFind, full: list[_Node], clusters: list[_Node]
) -> _Node | None:
    """The person a bare surname means: the only full name, or one that dominates."""
    if len(clusters) <= 1:
        return clusters[0] if clusters else None
    sizes: Counter[_Node] = Counter()
    for node in full:
        sizes[uf.find(node)] += len(groups[node])
    top, top_size = min(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    return top if top_size / sum(sizes.values()) >= _DOMINANT_SHARE else None


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
