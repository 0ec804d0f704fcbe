"""Dates: resolved against the published date, never guessed when it is unknown."""

from __future__ import annotations

from datetime import date

import pytest

from ferry_story import ferry_articles
from newsdesk.analyze.dates import find_dates, parse_published
from newsdesk.analyze.facts import align_facts
from newsdesk.analyze.timeline import story_timeline
from newsdesk.brief import build_brief, storyline_timeline

FRIDAY = date(2024, 3, 15)


def resolve(text: str, anchor: date | None = FRIDAY) -> list[tuple[str, str | None, str]]:
    return [(expr.text, expr.date, expr.granularity) for expr in find_dates(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on Thursday.", ("on Thursday", "2024-03-14", "day")),
        ("They met on Friday.", ("on Friday", "2024-03-15", "day")),
        ("He will fly home on Monday.", ("on Monday", "2024-03-18", "day")),
        ("They last spoke on August 16.", ("August 16", "2023-08-16", "day")),
        ("They last spoke on March 2.", ("March 2", "2024-03-02", "day")),
        ("The call of July 9, 2021 was brief.", ("July 9, 2021", "2021-07-09", "day")),
        ("Dated Friday Jul 09 2021 in the line.", ("Friday Jul 09 2021", "2021-07-09", "day")),
        ("It began in mid-August.", ("mid-August", "2023-08", "month")),
        ("in touch since January this year", ("January this year", "2024-01", "month")),
        ("The rebels won last month.", ("last month", "2024-02", "month")),
        ("She said so earlier this week.", ("earlier this week", "2024-03-11", "week")),
        ("Two days ago the port shut.", ("Two days ago", "2024-03-13", "day")),
        ("Gains made since 2001 remain.", ("since 2001", "2001", "year")),
        ("They will meet at the assembly in September.", ("in September", "2024-09", "month")),
        ("The summit is due to open on June 2.", ("June 2", "2024-06-02", "day")),
        ("The plant will stay shut, as it has since April.", ("since April", "2023-04", "month")),
        ("The port closed in September.", ("in September", "2023-09", "month")),
    ],
)
def test_resolves_against_the_published_date(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in resolve(text)


def test_unknown_published_date_leaves_relative_dates_unresolved() -> None:
    found = resolve("They met on Thursday, last month and on August 16.", None)
    assert [value for _text, value, _gran in found] == [None, None, None]
    assert resolve("On July 9, 2021 they spoke.", None) == [("July 9, 2021", "2021-07-09", "day")]


def test_impossible_dates_and_the_verb_may_are_not_dates() -> None:
    assert resolve("It may rain on February 30.") == []
    assert resolve("Talks with Marovia and Decca went on.") == []  # not "Mar", "Dec"


def test_published_values_that_are_not_dates_count_as_unknown() -> None:
    assert parse_published("2024-03-15T09:30:00Z") == FRIDAY
    assert parse_published("2024-02-30") is None
    assert parse_published("yesterday") is None


def test_story_timeline_is_sorted_and_copies_add_nothing() -> None:
    articles = ferry_articles()
    entries = story_timeline(articles, align_facts(articles))
    resolved = [entry for entry in entries if entry.resolved]
    assert [entry.date for entry in resolved] == sorted(entry.date or "" for entry in resolved)
    assert all(entry.article != "b-gazette" for entry in entries)
    thursday = next(entry for entry in resolved if entry.expression == "on Thursday")
    assert thursday.date == "2024-03-14"
    unresolved = [entry for entry in entries if entry.article == "d-islandwire"]
    assert unresolved and all(not e.resolved and e.date is None for e in unresolved)
    for entry in entries:
        text = next(a.text for a in articles if a.id == entry.article)
        assert text[entry.start : entry.end] == entry.text
        assert text[entry.expression_start : entry.expression_end] == entry.expression


def test_storyline_timeline_merges_stories_in_date_order() -> None:
    articles = ferry_articles()
    later = [a for a in articles if a.id == "c-tidewater"]
    merged = storyline_timeline([build_brief(later), build_brief(articles)])
    dates = [entry.date for entry in merged if entry.resolved]
    assert dates == sorted(d or "" for d in dates)
    keys = [(entry.date, entry.text) for entry in merged]
    assert len(keys) == len(set(keys))
