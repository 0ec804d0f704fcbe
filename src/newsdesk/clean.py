"""Boilerplate removal: whole lines out, each kept with its reason; sentences never touched.

Cleaning works on lines, never inside one. A line goes when

- a rule in :mod:`newsdesk.boilerplate` names it (ads, paywall prompts, teasers, credits,
  share prompts, crumbs, photo captions) — short lines only;
- it repeats the line just before it ("repeated line"), as scraped captions often do;
- it sits in the *header* (the lines before the first line of prose) and is a dateline,
  a byline, a section label ("Asia Pakistan"), or the headline: the first short line that
  stands alone and does not end like a sentence (or, when the page's title is known, the
  line that matches it). These move to metadata (``dateline``, ``byline_*``, ``title``)
  and are listed in ``removed`` too.

Subheads between paragraphs ("United approach") stay: they are short, harmless, and a rule
that tells a subhead from a short quoted line would risk dropping a sentence. Lines keep
their order; blank-line runs and removed lines become one paragraph break ("\\n\\n"), and
lines that were adjacent in the input stay joined by "\\n" (hard-wrapped text stays whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.boilerplate import is_section_label, line_reason, word_count, words
from newsdesk.datelines import Dateline, has_dateline_prefix, parse_dateline
from newsdesk.model import Removed

BODY_MIN_WORDS = 10  # a line this long that ends a sentence is prose: the header is over
HEADER_MAX_LINES = 15  # paywall, crumbs, headline, dateline, byline and captions fit in this
TITLE_MIN_WORDS = 2  # "Blast Kills 9": one word is a label ("Opinion"), not a headline
TITLE_MAX_WORDS = 25  # headlines are short; longer lines are standfirsts or prose
BYLINE_MAX_WORDS = 12  # "By Jane Roe and John Doe, Northfield Herald | March 3, 2024"

HEADLINE = "headline (title)"
DATELINE = "dateline"
BYLINE = "byline"

_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_SPACES = re.compile(r"\s+")
_CLOSERS = "\"'”’)]"
_SENTENCE_ENDS = (".", "!", "?", "…")
_SEPS = frozenset("|-–—:·•»")  # what sites put between a headline and their name
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")  # "# Headline" in .md files
_TITLE_START = re.compile(r"^[\"'“‘(\[]?[^\W_]", re.UNICODE)
_BYLINE = re.compile(r"^by\s*:?\s+(?P<names>\S.*)$", re.IGNORECASE)
_BYLINE_PARTS = re.compile(r"\s*(?:\||\s[-–—]\s)\s*")  # "By X | March 3, 2024"
_BYLINE_NAMES = re.compile(r"\s*[,/]\s*")  # "By Jane Roe, Northfield Herald"
_NAME_CONNECTORS = words("and & de da di van von der den al el bin ibn la le")
# Words that make a byline name an outlet rather than a person ("by Northfield Herald").
_OUTLET_WORDS = words(
    """times post daily tribune herald journal gazette press agency agencies wire wires media
    network tv television radio online magazine chronicle observer guardian telegraph express
    mail today reuters bloomberg afp ap upi pti ani ians xinhua tass dpa efe bbc cnn npr
    dispatch courier standard sun star"""
)
# Bylines that name no one: "By Staff Reporter", "By Our Correspondent", "By Web Desk".
_GENERIC_WORDS = words(
    "staff reporter reporters correspondent correspondents desk team editor editors bureau "
    "our writer writers contributor special monitoring report"
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """An article's text after cleaning, what was removed and why, and what the header told."""

    text: str  # paragraphs separated by "\n\n", every line stripped
    removed: tuple[Removed, ...]  # every removed line with its reason, in document order
    title: str | None  # the headline line found in the header, if any
    dateline: str | None  # ISO date from a dateline line, if any
    byline_outlet: str | None  # "by Northfield Herald" -> "Northfield Herald"
    byline_author: str | None = None  # "By Jane Roe" -> "Jane Roe"


@dataclass(frozen=True, slots=True)
class _Byline:
    outlet: str | None
    author: str | None
    dateline: Dateline | None


def clean_text(text: str, *, headline: str | None = None) -> Cleaned:
    """Remove boilerplate lines from ``text``; see the module docstring for the rules.

    ``headline``, when the page's headline is already known (an HTML ``<title>``), makes
    only a header line matching it count as the headline: text extracted from HTML rarely
    starts with one, and its first short line is more often a subhead or a kicker.
    """
    lines = [line.strip() for line in _NEWLINES.split(text)]
    reasons = _rule_reasons(lines)
    header_end = _header_end(lines, reasons)
    title, byline = _read_header(lines, reasons, header_end, headline)
    removed = tuple(
        Removed(line=line, reason=reason)
        for line, reason in zip(lines, reasons, strict=True)
        if reason is not None
    )
    return Cleaned(
        text=_join_kept(lines, reasons),
        removed=removed,
        title=title,
        dateline=_best_dateline(lines, reasons, byline.dateline),
        byline_outlet=byline.outlet,
        byline_author=byline.author,
    )


def _rule_reasons(lines: list[str]) -> list[str | None]:
    """Pass 1: the reasons that hold wherever a line is (rules, repeats, labelled datelines)."""
    reasons: list[str | None] = [None] * len(lines)
    previous = ""
    for at, line in enumerate(lines):
        if not line:
            continue
        key = " ".join(line.split())
        if key == previous:
            reasons[at] = "repeated line"
        elif has_dateline_prefix(line) and parse_dateline(line) is not None:
            reasons[at] = DATELINE  # "Published: 2024-03-12" says what it is, anywhere
        else:
            reasons[at] = line_reason(line)
        previous = key
    return reasons


def _header_end(lines: list[str], reasons: list[str | None]) -> int:
    """Index of the first prose line (the header is everything before it), capped."""
    seen = 0
    for at, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > HEADER_MAX_LINES:
            return at
        if reasons[at] is None and _is_prose(line):
            return at
    return len(lines)


def _is_prose(line: str) -> bool:
    return _ends_sentence(line) and word_count(line) >= BODY_MIN_WORDS


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` ends like a sentence: "." "!" "?" "…", maybe inside quotes."""
    return line.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _read_header(
    lines: list[str], reasons: list[str | None], header_end: int, headline: str | None
) -> tuple[str | None, _Byline]:
    """Pass 2: datelines, bylines, section labels and the headline in the header."""
    title: str | None = None
    byline = _Byline(outlet=None, author=None, dateline=None)
    for at in range(header_end):
        line = lines[at]
        if not line or reasons[at] is not None:
            continue
        found = _parse_byline(line)
        if parse_dateline(line) is not None:
            reasons[at] = DATELINE
        elif found is not None:
            reasons[at] = BYLINE
            byline = _merge_byline(byline, found)
        elif not _stands_alone(lines, reasons, at):
            continue  # a hard-wrapped line of a paragraph: never a label or a headline
        elif is_section_label(line):
            reasons[at] = "navigation"
        elif title is None and _is_headline(line, headline):
            reasons[at] = HEADLINE
            title = _MARKDOWN_HEADING.sub("", line)
    return title, byline


def _stands_alone(lines: list[str], reasons: list[str | None], at: int) -> bool:
    """Whether the line is a paragraph of its own (its neighbours are blank or removed)."""
    before = at == 0 or not lines[at - 1] or reasons[at - 1] is not None
    after = at + 1 >= len(lines) or not lines[at + 1] or reasons[at + 1] is not None
    return before and after


def _is_headline(line: str, known: str | None) -> bool:
    if known is None:
        return _is_title_like(line)
    line_key, known_key = _key(_MARKDOWN_HEADING.sub("", line)), _key(known)
    if line_key == known_key:
        return True
    # "<title>Headline | Outlet</title>" printed as "Headline" in the page
    return known_key.startswith(line_key) and known_key[len(line_key) :].lstrip()[:1] in _SEPS


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _is_title_like(line: str) -> bool:
    words = word_count(line)
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS:
        return False
    line = _MARKDOWN_HEADING.sub("", line)
    # A line ending like a sentence ("Is the pier safe?") may be the lead paragraph: it
    # stays in the text. Question headlines are still found when the page names its title.
    if _ends_sentence(line) or line.endswith((",", ";", ":")) or "http" in line:
        return False
    return _TITLE_START.match(line) is not None and not line[0].islower()


def _parse_byline(line: str) -> _Byline | None:
    """ "By Jane Roe, Northfield Herald" -> author and outlet; ``None`` if not a byline."""
    found = _BYLINE.match(line)
    if found is None or word_count(line) > BYLINE_MAX_WORDS or _ends_sentence(line):
        return None
    authors: list[str] = []
    outlet: str | None = None
    dateline: Dateline | None = None
    for section in filter(None, _BYLINE_PARTS.split(found["names"])):
        when = parse_dateline(section)
        if when is not None:
            dateline = dateline or when
            continue
        for part in filter(None, _BYLINE_NAMES.split(section)):
            if not _is_name(part):
                return None
            if _is_outlet(part):
                outlet = outlet or part
            elif not _is_generic(part):
                authors.append(part)
    return _Byline(outlet=outlet, author=", ".join(authors) or None, dateline=dateline)


def _is_name(part: str) -> bool:
    """Capitalised words (or connectors): "Jane Roe", "Ali bin Omar", not "the way"."""
    words = part.split()
    return (
        bool(words)
        and words[0][0].isupper()
        and all(w[0].isupper() or w.lower() in _NAME_CONNECTORS for w in words)
    )


def _is_outlet(part: str) -> bool:
    words = [w.lower().strip(".'’") for w in part.split()]
    if len(words) == 1 and part.isupper() and len(part) <= 6:
        return True  # agency acronyms: "AFP", "APP"
    return any(w in _OUTLET_WORDS or "news" in w for w in words)


def _is_generic(part: str) -> bool:
    return any(w.lower() in _GENERIC_WORDS for w in part.split())


def _merge_byline(first: _Byline, later: _Byline) -> _Byline:
    return _Byline(
        outlet=first.outlet or later.outlet,
        author=first.author or later.author,
        dateline=first.dateline or later.dateline,
    )


def _best_dateline(
    lines: list[str], reasons: list[str | None], from_byline: Dateline | None
) -> str | None:
    """The first publication dateline; an "updated" one only when there is no other."""
    found = [
        parse_dateline(line) for line, why in zip(lines, reasons, strict=True) if why == DATELINE
    ]
    candidates = [d for d in [*found, from_byline] if d is not None]
    for dateline in candidates:
        if not dateline.updated:
            return dateline.iso
    return candidates[0].iso if candidates else None


def _join_kept(lines: list[str], reasons: list[str | None]) -> str:
    """Kept lines; a blank or removed line between two kept ones becomes a paragraph break."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line, reason in zip(lines, reasons, strict=True):
        if line and reason is None:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs)
