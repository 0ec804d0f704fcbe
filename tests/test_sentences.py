"""Sentence spans: abbreviations, initials, quotes, line breaks; spans always index the text."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.analyze.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Dr. Mira Okonjo met Sen. Paul R. Dunmore in the U.S. capital on Monday. They agreed."
    assert texts(text) == [
        "Dr. Mira Okonjo met Sen. Paul R. Dunmore in the U.S. capital on Monday.",
        "They agreed.",
    ]


def test_dotted_abbreviation_ends_a_sentence_before_a_new_one() -> None:
    assert texts("The talks moved to the U.S. The delegates left.") == [
        "The talks moved to the U.S.",
        "The delegates left.",
    ]


def test_quotes_end_sentences_but_not_before_the_attribution() -> None:
    text = '"Where is the ferry?" she asked. "It left." He nodded.'
    assert texts(text) == ['"Where is the ferry?" she asked.', '"It left."', "He nodded."]


def test_blank_line_always_ends_a_sentence() -> None:
    text = "A headline without a stop\n\nthe body starts in lower case and ends here."
    assert texts(text) == [
        "A headline without a stop",
        "the body starts in lower case and ends here.",
    ]


def test_single_line_break_ends_a_heading() -> None:
    assert texts("Ferry fire near Valdmere\nA fire broke out on Thursday.") == [
        "Ferry fire near Valdmere",
        "A fire broke out on Thursday.",
    ]


@given(st.text(alphabet=st.sampled_from(list("ab .?!\"\n'U.SDr")), max_size=200))
def test_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(text.split())  # only whitespace is dropped


def test_fast_enough_for_every_article() -> None:
    text = (
        "Harbour master Ilse Varnholt said the crew had contained the blaze. " * 45 + "\n\n"
    ) * 1
    started = time.perf_counter()
    for _ in range(50):
        split_sentences(text)
    per_article_ms = (time.perf_counter() - started) * 1000 / 50
    assert per_article_ms < 10  # ~1 ms measured; a generous bound for loaded CI machines


def test_a_sentence_may_open_with_a_double_backtick_quote() -> None:
    text = "Haddad was blunt. ``We will not wait for the ministry.'' He left at noon."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Haddad was blunt.",
        "``We will not wait for the ministry.''",
        "He left at noon.",
    ]


def test_list_marks_are_not_part_of_the_sentence() -> None:
    text = (
        "• Mayor Ilves opens the bridge.\n• Traffic resumes on Monday.\n- Tolls stay.\n-5 is cold."
    )
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mayor Ilves opens the bridge.",
        "Traffic resumes on Monday.",
        "Tolls stay.",
        "-5 is cold.",  # a minus sign, not a list mark
    ]
