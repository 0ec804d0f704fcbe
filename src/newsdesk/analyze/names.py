"""Names: roles before a name, normalised keys, and the alias table for abbreviations.

Shared by entity merging and quote attribution, so "FM Qureshi", "Foreign Minister Shah
Mahmood Qureshi" and "Qureshi" all reduce to comparable keys.
"""

from __future__ import annotations

import functools
import re


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and edit)."""
    return frozenset(words.split())


# Roles written before a name ("Foreign Minister Shah Mahmood Qureshi", "US Secretary of
# State Antony Blinken"). Longest first so "Foreign Minister" wins over "Minister".
_ROLES = (
    "Secretary of State",
    "Secretary of Defense",
    "Secretary-General",
    "Secretary General",
    "Foreign Minister",
    "Foreign Secretary",
    "Prime Minister",
    "Vice President",
    "Interior Minister",
    "Defence Minister",
    "Defense Minister",
    "Finance Minister",
    "Special Representative",
    "Special Envoy",
    "High Commissioner",
    "Chief Minister",
    "Chief Justice",
    "Chief Executive",
    "President",
    "Minister",
    "Secretary",
    "Ambassador",
    "Senator",
    "Representative",
    "Governor",
    "Mayor",
    "Chancellor",
    "Chairman",
    "Chairwoman",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Envoy",
    "General",
    "Judge",
    "Justice",
    "King",
    "Queen",
    "Prince",
    "Pope",
    "Speaker",
    "Democrat",
    "Republican",
)
# Abbreviated roles and what they stand for.
_ROLE_ABBREVIATIONS = {
    "FM": "Foreign Minister",
    "PM": "Prime Minister",
    "VP": "Vice President",
    "Sen.": "Senator",
    "Rep.": "Representative",
    "Gov.": "Governor",
    "Gen.": "General",
    "Pres.": "President",
}
# Honorifics carry no role: stripped from names, never reported as a role.
_HONORIFICS = wordset("mr mrs ms miss dr prof sir dame lord lady mx ")

ROLE_PATTERN = "|".join(
    [re.escape(role) for role in _ROLES] + [re.escape(abbr) for abbr in _ROLE_ABBREVIATIONS]
)
_LEADING_ROLE = re.compile(rf"^(?:the\s+)?(?:[A-Z][\w.’']*\s+)??({ROLE_PATTERN})\s+(?=[A-Z])")

# Abbreviations and short forms whose long form shares no initials, or that initials alone
# would get wrong. A table because these are facts about the world, not spelling: no rule
# turns "Britain" into "United Kingdom". Keys are normalised (dots removed, lower case).
ALIASES = {
    "us": "United States",
    "usa": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "un": "United Nations",
    "fo": "Foreign Office",
    "eu": "European Union",
    "unga": "United Nations General Assembly",
    "un general assembly": "United Nations General Assembly",
    "nato": "NATO",
    "uae": "United Arab Emirates",
}

_NAME_CACHE_SIZE = 1 << 16  # distinct surface names seen in a big merge; pure functions
_TOKEN = re.compile(r"[^\W_][\w'’.-]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")


# Words that make a capitalised run after a role an organisation or event, not a person
# ("General Assembly", "Justice Department").
ORG_WORDS = wordset(
    "assembly department council office ministry house court committee party university "
    "agency bank union commission service services forces army police state states "
    "government administration association institute center centre company group "
)


def split_role(surface: str) -> tuple[str | None, str]:
    """``("Foreign Minister", "Shah Mahmood Qureshi")`` for a name written after its role."""
    match = _LEADING_ROLE.match(surface)
    if not match or any(w.lower() in ORG_WORDS for w in surface[match.end() :].split()):
        return None, surface
    role = match.group(1)
    return _ROLE_ABBREVIATIONS.get(role, role), surface[match.end() :]


@functools.lru_cache(maxsize=_NAME_CACHE_SIZE)
def name_tokens(surface: str) -> tuple[str, ...]:
    """Lower-case tokens of a name: no dots, possessives, honorifics, roles or initials."""
    _, name = split_role(surface.strip())
    name = name.replace("-", " ")
    tokens = [_POSSESSIVE.sub("", tok).replace(".", "").lower() for tok in _TOKEN.findall(name)]
    tokens = [tok for tok in tokens if tok]
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    while tokens and tokens[0] in _HONORIFICS:
        tokens = tokens[1:]
    if len(tokens) > 2:
        tokens = [tokens[0]] + [t for t in tokens[1:-1] if len(t) > 1] + [tokens[-1]]
    return tuple(tokens)


def surname(surface: str) -> str:
    """The last word of a name's key ("" when the name has no words)."""
    tokens = name_tokens(surface)
    return tokens[-1] if tokens else ""


@functools.lru_cache(maxsize=_NAME_CACHE_SIZE)
def name_key(surface: str) -> str:
    """The normalised key of a name; aliases map to their long form's key."""
    key = " ".join(name_tokens(surface))
    alias = ALIASES.get(key)
    return " ".join(name_tokens(alias)) if alias else key


def initials(key: str) -> str:
    """Initials of a multi-word key, skipping function words ("united nations" -> "un")."""
    words = [w for w in key.split() if w not in {"of", "the", "for", "and", "on", "in"}]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def is_initial(token: str) -> bool:
    """A single letter, with or without its dot ("J.", "J")."""
    return len(token.rstrip(".")) == 1 and token[:1].isalpha()
