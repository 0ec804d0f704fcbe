"""Dates as articles print them, normalised to ISO 8601; nothing is guessed.

Two entry points:

- :func:`normalize_date` turns a metadata value (``2021-07-09``, ``2021-07-09T10:00Z``,
  ``Jul 9, 2021``, ``Fri, 09 Jul 2021 10:00:00 GMT``) into ``YYYY-MM-DD`` or a full ISO
  date-time when a time is given; ``None`` when it is not a complete date.
- :func:`parse_dateline` recognises a whole *line* that is only a date, such as
  ``Friday Jul 09 2021`` or ``Published: 2024-03-12 10:30 PKT``.

A date without a year is never completed from the clock: it is not a date here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

MIN_YEAR = 1900  # older "dates" in news text are history, not publication dates
MAX_YEAR = 2100  # later ones are typos or ids

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# A clock time after the date: "10:30", "10:30 am", "at 9.15 p.m.", "| 14:05 PKT".
_TIME = (
    r"(?:\s*(?:,|\||-|–|—|at|@)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>(?-i:(?:GMT|UTC)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[A-Z]{2,5}))?)?"
)
_TEXT_DATES = (
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME, re.IGNORECASE),
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + _TIME, re.I),
    re.compile(
        _WEEKDAY + r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"
        r"(?:[T\s](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?"
        r"\s*(?P<tz>(?-i:Z|[+-]\d{2}:?\d{2}|GMT|UTC|[A-Z]{2,5}))?)?",
        re.IGNORECASE,
    ),
)
# The words a dateline line may start with; "updated" lines rank below the others.
_PREFIX = re.compile(
    r"^(?P<prefix>(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified)|date|dated)"
    r"(?:\s+on)?\s*[:\-–—|]?\s*)",
    re.IGNORECASE,
)
_TZ_OFFSET = re.compile(r"^(?:GMT|UTC)?\s*(?P<sign>[+-])\s*(?P<h>\d{1,2}):?(?P<m>\d{2})?$", re.I)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A line that is only a date: its ISO value, and whether it says "updated"."""

    iso: str
    updated: bool


def parse_dateline(line: str) -> Dateline | None:
    """The date a line consists of, or ``None`` if the line is anything more than a date."""
    prefix = _PREFIX.match(line)
    rest = line[prefix.end() :] if prefix else line
    iso = _full_match_date(rest.strip())
    if iso is None:
        return None
    label = prefix.group("prefix").lower() if prefix else ""
    return Dateline(iso=iso, updated="updat" in label or "modif" in label)


def has_dateline_prefix(line: str) -> bool:
    """Whether a line starts with a word like "Published:" that labels it as a dateline."""
    return _PREFIX.match(line) is not None


def normalize_date(value: str) -> str | None:
    """``value`` as ISO ``YYYY-MM-DD`` (or a full date-time), or ``None`` if not a full date."""
    text = value.strip()
    if not text:
        return None
    iso = _from_isoformat(text)
    if iso is not None:
        return iso
    parsed = parse_dateline(text)
    if parsed is not None:
        return parsed.iso
    return _from_rfc2822(text)


def _from_isoformat(text: str) -> str | None:
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return day.isoformat() if MIN_YEAR <= day.year <= MAX_YEAR else None
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.isoformat() if MIN_YEAR <= moment.year <= MAX_YEAR else None


def _from_rfc2822(text: str) -> str | None:
    if not re.search(r"\d{4}", text):  # a two-digit or missing year would be a guess
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.isoformat() if MIN_YEAR <= moment.year <= MAX_YEAR else None


def _full_match_date(text: str) -> str | None:
    for pattern in _TEXT_DATES:
        found = pattern.fullmatch(text)
        if found is not None:
            return _iso_from_match(found)
    return None


def _iso_from_match(found: re.Match[str]) -> str | None:
    parts = found.groupdict()
    month = _MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["mnum"])
    try:
        day = date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    if parts.get("hour") is None:
        return day.isoformat()
    return _with_time(day, parts)


def _with_time(day: date, parts: dict[str, str | None]) -> str | None:
    hour = int(parts["hour"] or 0)
    ampm = (parts.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        moment = datetime(
            day.year, day.month, day.day, hour, int(parts["minute"] or 0), int(parts["second"] or 0)
        )
    except ValueError:
        return None
    tz = _timezone(parts.get("tz"))
    return moment.replace(tzinfo=tz).isoformat() if tz else moment.isoformat()


def _timezone(name: str | None) -> timezone | None:
    """A fixed offset for "Z", "UTC", "GMT+5", "+05:00"; ``None`` for names like "PKT"."""
    if not name:
        return None
    if name.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    found = _TZ_OFFSET.match(name.replace(" ", ""))
    if found is None:
        return None  # zone abbreviations are ambiguous (IST is three zones): keep local time
    offset = timedelta(hours=int(found["h"]), minutes=int(found["m"] or 0))
    return timezone(offset if found["sign"] == "+" else -offset)
