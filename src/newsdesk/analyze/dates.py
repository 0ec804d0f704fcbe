"""Temporal expressions in news text, resolved against the article's published date.

Our own regexes and calendar arithmetic. dateparser would parse more forms but costs
milliseconds per call, and it (like python-dateutil's parser) fills a missing year or anchor
from the clock, which newsdesk must never do: a relative date with no published date stays
unresolved.

Resolution rules (past-tense news): a bare weekday is the most recent such day on or before
the published date, or the next one when the sentence speaks of the future; a date or month
without a year takes the year that puts it within :data:`FUTURE_DAYS` after publication or
before, or, when the sentence speaks of the future ("will meet in September"), the next one
("since April" and "last May" look back whatever the verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

FUTURE_DAYS = 45  # a year-less date up to this far after publication is an announcement
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])"
    r"(?:(?:(?<=Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|(?<=Sept))\.)?"
)  # "Mar" in "Marovia" is no month; the dot of "Sept." is the month's, of "September." not
_REL_PERIOD = (
    r"\b(?P<rel>(?:earlier|later)\s+this|this|last|next|past)\s+(?P<period>week|month|year)\b"
)
_AGO = r"\b(?P<count>\d+|an?|one|two|three|four|five|six)\s+(?P<unit>day|week|month|year)s?\s+ago\b"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY_NAME = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_DAY_NAME}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY_NAME}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,|:)?\s*\d)")),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b")),
    ("month_year", re.compile(rf"\b(?:(?P<part>early|mid|late)[- ])?{_MONTH},?\s+{_YEAR}\b")),
    ("month_this_year", re.compile(rf"\b{_MONTH}\s+(?P<which>this|last)\s+year\b")),
    ("part_month", re.compile(rf"\b(?P<part>early|mid|late)[- ]{_MONTH}\b")),
    (
        "in_month",
        re.compile(rf"\b(?:in|since|until|by|from|during|of|last|next|this)\s+{_MONTH}(?!\s*\d)"),
    ),
    ("relative_period", re.compile(_REL_PERIOD, re.I)),
    ("ago", re.compile(_AGO, re.I)),
    ("day_word", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<rel>last|this|next|on|since|until|by)\s+)?{_WEEKDAY}\b")),
    ("year", re.compile(rf"\b(?:in|since|until|by|from|of|during)\s+{_YEAR}\b(?!-)")),
]  # fmt: skip
# Every pattern needs one of these: sentences without any are skipped in one search.
_ANY = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
    r"|\b(?:today|yesterday|tomorrow|tonight|week|month|year|ago)\b",
    re.I,
)
_LOOKS_BACK = re.compile(r"(?i)(?:since|last|from)\b")  # "since April" is past whatever the verb
_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|is due|are due|is set to|are set to|plans? to|is expected"
    r"|are expected|scheduled|upcoming|next)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TemporalExpression:
    """A date expression in a text and what it resolves to (``date`` None when it cannot).

    ``date`` is ISO: ``2021-08-16`` (day, or the Monday of a week), ``2021-08``, ``2021``.
    """

    start: int
    end: int
    text: str
    date: str | None
    granularity: str  # day | week | month | year


def parse_published(published: str | None) -> date | None:
    """The date of an ISO 8601 ``published`` value, or None when absent or malformed."""
    if not published:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", published.strip())
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(0))
    except ValueError:  # a well-shaped but impossible date such as 2021-02-30
        return None


def find_dates(text: str, anchor: date | None) -> list[TemporalExpression]:
    """Temporal expressions in ``text`` (leftmost, longest first; no overlaps)."""
    if not _ANY.search(text):
        return []
    found: list[TemporalExpression] = []
    taken: list[tuple[int, int]] = []
    future = bool(_FUTURE.search(text))
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < hi and lo < match.end() for lo, hi in taken):
                continue
            resolved = _resolve(kind, match, anchor, future)
            if resolved is None:
                continue
            taken.append((match.start(), match.end()))
            value, granularity = resolved
            found.append(
                TemporalExpression(match.start(), match.end(), match.group(0), value, granularity)
            )
    return sorted(found, key=lambda expr: expr.start)


def _resolve(
    kind: str, match: re.Match[str], anchor: date | None, future: bool
) -> tuple[str | None, str] | None:
    """(date or None, granularity); None when the match is not a date after all."""
    groups = match.groupdict()
    if kind in ("iso", "mdy", "dmy"):
        day = _safe_date(int(groups["year"]), _month(groups["month"]), int(groups["day"]))
        return None if day is None else (day.isoformat(), "day")
    back = bool(_LOOKS_BACK.match(match.group(0)))
    if kind in ("md", "dm"):
        ahead = future and not back
        return _year_less_day(_month(groups["month"]), int(groups["day"]), anchor, ahead)
    if kind == "month_year":
        return f"{groups['year']}-{_month(groups['month']):02d}", "month"
    if kind in ("month_this_year", "part_month", "in_month"):
        return _month_only(kind, groups, anchor, "back" if back else "ahead" if future else "")
    if kind == "year":
        return groups["year"], "year"
    if kind == "weekday":
        return _weekday(groups, anchor, future)
    return _relative(kind, groups, anchor)


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")] if not name.isdigit() else int(name)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # "February 30": not a date, so not a timeline entry
        return None


def _year_less_day(
    month: int, day: int, anchor: date | None, ahead: bool = False
) -> tuple[str | None, str] | None:
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: Feb 29 passes
        return None
    if anchor is None:
        return None, "day"
    if ahead:  # "the summit will open on September 25": the next one
        for year in (anchor.year, anchor.year + 1):
            candidate = _safe_date(year, month, day)
            if candidate is not None and candidate >= anchor:
                return candidate.isoformat(), "day"
    for year in (anchor.year + 1, anchor.year, anchor.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= anchor + timedelta(days=FUTURE_DAYS):
            return candidate.isoformat(), "day"
    return None, "day"


def _month_only(
    kind: str, groups: dict[str, str | None], anchor: date | None, lean: str = ""
) -> tuple[str | None, str] | None:
    """A month without a year; ``lean`` "back" (since April: the latest April up to the
    published month), "ahead" (will meet in September: the next one) or "" (either way,
    within :data:`FUTURE_DAYS` after publication)."""
    month = _month(groups["month"] or "")  # case-sensitive patterns: the verb "may" never matches
    if anchor is None:
        return None, "month"
    if kind == "month_this_year":
        year = anchor.year - (1 if groups.get("which") == "last" else 0)
        return f"{year}-{month:02d}", "month"
    if lean == "ahead":
        year = anchor.year if month >= anchor.month else anchor.year + 1
        return f"{year}-{month:02d}", "month"
    if lean == "back":
        year = anchor.year if month <= anchor.month else anchor.year - 1
        return f"{year}-{month:02d}", "month"
    year = anchor.year
    if date(year, month, 1) > anchor + timedelta(days=FUTURE_DAYS):
        year -= 1
    return f"{year}-{month:02d}", "month"


def _weekday(
    groups: dict[str, str | None], anchor: date | None, future: bool
) -> tuple[str | None, str] | None:
    if anchor is None:
        return None, "day"
    target = _WEEKDAYS.index((groups["weekday"] or "").lower())
    rel = (groups.get("rel") or "").lower()
    back = (anchor.weekday() - target) % 7
    if rel == "next" or (future and rel not in ("last", "since")):
        ahead = (target - anchor.weekday()) % 7 or (7 if rel == "next" else 0)
        return (anchor + timedelta(days=ahead)).isoformat(), "day"
    if rel == "last" and back == 0:
        back = 7
    return (anchor - timedelta(days=back)).isoformat(), "day"


def _relative(
    kind: str, groups: dict[str, str | None], anchor: date | None
) -> tuple[str | None, str] | None:
    if kind == "day_word":
        word = (groups["word"] or "").lower()
        shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return (None if anchor is None else (anchor + timedelta(days=shift)).isoformat()), "day"
    if kind == "ago":
        count_text = (groups["count"] or "").lower()
        count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
        unit = (groups["unit"] or "").lower()
        return _shifted(anchor, unit, -count)
    period = (groups["period"] or "").lower()
    rel = " ".join((groups["rel"] or "").lower().split())
    step = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
    return _shifted(anchor, period, step)


def _shifted(anchor: date | None, unit: str, step: int) -> tuple[str | None, str]:
    """The ``unit``-long period ``step`` units from the anchor's, at that granularity."""
    if anchor is None:
        return None, unit
    if unit == "day":
        return (anchor + timedelta(days=step)).isoformat(), "day"
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return monday.isoformat(), "week"
    if unit == "month":
        year, month0 = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return f"{year}-{month0 + 1:02d}", "month"
    return str(anchor.year + step), "year"
