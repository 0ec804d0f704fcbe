"""Boilerplate cleaning: each kind of page furniture goes, with its reason; prose never does.

All article text here is invented (Northfield, the Harbour Authority, Mayor Ilse Varga...).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.boilerplate import words
from newsdesk.clean import clean_text

BODY_1 = (
    "The Northfield Harbour Authority approved a plan on Tuesday to dredge the eastern "
    "channel before the autumn storms, officials said."
)
BODY_2 = (
    "Mayor Ilse Varga told reporters that the work would cost about 4 million crowns and "
    "take eleven weeks, with night shifts to keep the ferries running."
)
BODY_3 = "“We cannot wait for another winter of groundings,” she said."

SCRAPED = f"""Home Latest News Northfield to Dredge Eastern Channel Before Storms

Northfield to Dredge Eastern Channel Before Storms

Friday Mar 08 2024

by Northfield Harbour Gazette

Please register to access this content.
To continue reading the stories you love, please sign in or create a free account
Dismiss
This content is for our paying subscribers only

Europe Norway

{BODY_1}

Image Credit: Supplied

Advertisement

{BODY_2}

Reading: Ferry fares to rise in spring, operator says

read also: Lighthouse keepers mark a century of service

Share this article

Follow us on Twitter

Dredging plan

{BODY_3}

The dredger Marisol, seen from the pier last spring. File photos
The dredger Marisol, seen from the pier last spring. File photos

• Work starts in April and ends before the first storms.
• Ferries keep their timetable.



Related Articles

Leave a Comment
"""


def reasons(text: str) -> dict[str, str]:
    """Each removed line with the reason it was first removed for."""
    found: dict[str, str] = {}
    for removed in clean_text(text).removed:
        found.setdefault(removed.line, removed.reason)
    return found


def test_scraped_page_keeps_every_article_paragraph() -> None:
    cleaned = clean_text(SCRAPED)
    paragraphs = cleaned.text.split("\n\n")
    for body in (BODY_1, BODY_2, BODY_3):
        assert body in paragraphs
    bullets = (
        "• Work starts in April and ends before the first storms.\n• Ferries keep their timetable."
    )
    assert bullets in paragraphs


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Home Latest News Northfield to Dredge Eastern Channel Before Storms", "navigation"),
        ("Europe Norway", "navigation"),
        ("Please register to access this content.", "paywall prompt"),
        (
            "To continue reading the stories you love, please sign in or create a free account",
            "paywall prompt",
        ),
        ("This content is for our paying subscribers only", "paywall prompt"),
        ("Dismiss", "interface text"),
        ("Advertisement", "advertisement"),
        ("Image Credit: Supplied", "image credit"),
        ("Reading: Ferry fares to rise in spring, operator says", "teaser"),
        ("read also: Lighthouse keepers mark a century of service", "teaser"),
        ("Share this article", "share prompt"),
        ("Follow us on Twitter", "share prompt"),
        ("Related Articles", "related links"),
        ("Leave a Comment", "comments prompt"),
        ("Northfield to Dredge Eastern Channel Before Storms", "headline (title)"),
        ("Friday Mar 08 2024", "dateline"),
        ("by Northfield Harbour Gazette", "byline"),
        ("The dredger Marisol, seen from the pier last spring. File photos", "photo caption"),
    ],
)
def test_each_boilerplate_kind_is_removed_with_its_reason(line: str, reason: str) -> None:
    cleaned = clean_text(SCRAPED)
    assert line not in cleaned.text.split("\n")
    assert reasons(SCRAPED)[line] == reason


def test_doubled_caption_second_copy_is_a_repeated_line() -> None:
    caption = "The dredger Marisol, seen from the pier last spring. File photos"
    found = [r for r in clean_text(SCRAPED).removed if r.line == caption]
    assert [r.reason for r in found] == ["photo caption", "repeated line"]


def test_removed_lines_are_in_document_order() -> None:
    lines = [r.line for r in clean_text(SCRAPED).removed]
    positions = [SCRAPED.index(line) for line in lines]
    assert positions == sorted(positions)


def test_header_metadata_moves_out_of_the_text() -> None:
    cleaned = clean_text(SCRAPED)
    assert cleaned.title == "Northfield to Dredge Eastern Channel Before Storms"
    assert cleaned.dateline == "2024-03-08"
    assert cleaned.byline_outlet == "Northfield Harbour Gazette"
    assert cleaned.byline_author is None


def test_subhead_between_paragraphs_stays() -> None:
    assert "Dredging plan" in clean_text(SCRAPED).text.split("\n\n")


def test_blank_runs_collapse_and_lines_are_stripped() -> None:
    cleaned = clean_text(f"   {BODY_1}   \n\n\n\n\n\t{BODY_2}\n")
    assert cleaned.text == f"{BODY_1}\n\n{BODY_2}"
    assert cleaned.removed == ()


def test_hard_wrapped_paragraph_stays_whole_and_is_not_a_headline() -> None:
    text = (
        "The harbour board met on Monday evening and\nvoted to extend the pier by forty metres.\n"
    )
    cleaned = clean_text(text)
    assert cleaned.title is None
    assert cleaned.text == text.strip()


def test_person_byline_is_an_author_not_an_outlet() -> None:
    cleaned = clean_text(f"Ferry Strike Ends\n\nBy Tomas Lind and Ada Roe\n\n{BODY_1}")
    assert cleaned.byline_author == "Tomas Lind and Ada Roe"
    assert cleaned.byline_outlet is None


def test_byline_with_author_outlet_and_date() -> None:
    cleaned = clean_text(f"By Tomas Lind, Coastline News | March 3, 2024\n\n{BODY_1}")
    assert (cleaned.byline_author, cleaned.byline_outlet) == ("Tomas Lind", "Coastline News")
    assert cleaned.dateline == "2024-03-03"


def test_generic_byline_names_no_one() -> None:
    cleaned = clean_text(f"By Our Staff Reporter\n\n{BODY_1}")
    assert (cleaned.byline_author, cleaned.byline_outlet) == (None, None)
    assert reasons(f"By Our Staff Reporter\n\n{BODY_1}") == {"By Our Staff Reporter": "byline"}


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Published: 2024-03-12", "2024-03-12"),
        ("Updated: March 12, 2024 10:30 am", "2024-03-12T10:30:00"),
        ("Tuesday, 12 March 2024", "2024-03-12"),
        ("Posted on 3 Mar 2023 | 14:05 GMT+5", "2023-03-03T14:05:00+05:00"),
    ],
)
def test_dateline_forms(line: str, iso: str) -> None:
    cleaned = clean_text(f"{line}\n\n{BODY_1}")
    assert cleaned.dateline == iso
    assert reasons(f"{line}\n\n{BODY_1}") == {line: "dateline"}


def test_published_dateline_beats_an_earlier_updated_one() -> None:
    text = f"Updated: 2024-03-14\nPublished: 2024-03-12\n\n{BODY_1}"
    assert clean_text(text).dateline == "2024-03-12"


def test_date_without_year_is_not_a_dateline() -> None:
    cleaned = clean_text(f"Harbour Notes\n\nMarch 12\n\n{BODY_1}")
    assert cleaned.dateline is None
    assert "March 12" in cleaned.text


def test_prose_first_line_is_not_a_title() -> None:
    cleaned = clean_text(f"{BODY_1}\n\n{BODY_2}")
    assert cleaned.title is None
    assert cleaned.text == f"{BODY_1}\n\n{BODY_2}"


def test_long_line_is_never_boilerplate_unless_repeated() -> None:
    long_line = "Advertisement " + " ".join(["harbour"] * 30)
    assert clean_text(long_line).text == long_line
    doubled = clean_text(f"{BODY_1}\n{BODY_1}")
    assert doubled.text == BODY_1
    assert [r.reason for r in doubled.removed] == ["repeated line"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices on the harbour exchange fell sharply on Monday.",
        "Please register to vote before Friday, the electoral office said.",
        "Pictures by the agency showed the damaged quay.",
        "Read the full report, the minister urged lawmakers.",
        "Home Secretary Ada Roe visited the port.",
        "The ministry released the photos: they show the cracked seawall.",
        "Follow the money, the auditor told the committee on Thursday.",
        "Related talks between the two ports will resume next week.",
        "The council released a file photo.",
        "Harbour staff shared the image: Reuters",
    ],
)
def test_sentences_that_start_like_boilerplate_survive(sentence: str) -> None:
    text = f"Harbour Board Meets\n\n{sentence}\n\n{BODY_1}"
    assert sentence in clean_text(text).text.split("\n\n")


# Article words, including the trigger words of every rule ("photo", "Share", "Home", dates).
_WORDS = words(
    "harbour ferry mayor council photo photos File file read Read share Share home Home news "
    "News Latest by By register comments Comments related Related advertisement subscribe "
    "follow Follow us on Twitter image Image credit Credit: Photo: the a of in and said with "
    "Varga Northfield Tuesday Friday Jul 09 2024 storms channel dredging pier crowns plan "
    "reading also Asia Europe Norway Pakistan sign to access content Dismiss - , AFP/File"
)
# A sentence never starts with a rule's label word ("Photo:", "Read", "Share"): those
# starts are what the rules are for. Any other start must survive whatever follows.
_FIRST = sorted(
    _WORDS
    - words(
        "Photo: Credit: Image image photo photos File file Read read reading Share share Home "
        "home Related related Comments comments Dismiss Follow follow sign register "
        "subscribe advertisement - , credit AFP/File"
    )
)
_ENDS = [".", "?", "!", ".”", '."', "…"]
_BOILERPLATE = [
    "Advertisement",
    "Related Articles",
    "Leave a Comment",
    "Dismiss",
    "Image Credit: Supplied",
    "Reading: Ferry fares to rise in spring",
    "read also: Lighthouse keepers mark a century",
    "Share this article",
    "Please register to access this content.",
    "Home Latest News Harbour Plan Approved",
    "Pier scene at dusk. File photo",
    "Friday Mar 08 2024",
    "by Harbour Gazette",
    "",
]
_SENTENCES = st.builds(
    lambda first, rest, end: " ".join([first, *rest]) + end,
    st.sampled_from(_FIRST),
    st.lists(st.sampled_from(sorted(_WORDS)), min_size=2, max_size=30),
    st.sampled_from(_ENDS),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(_SENTENCES, st.lists(st.sampled_from(_BOILERPLATE), max_size=3)), max_size=12
    )
)
def test_no_article_sentence_is_ever_dropped(
    chunks: list[tuple[str, list[str]]],
) -> None:
    lines: list[str] = []
    for sentence, noise in chunks:
        lines.extend(noise)
        lines.append(sentence)
    cleaned = clean_text("\n".join(lines))
    kept = set(cleaned.text.split("\n"))
    for sentence, _ in chunks:
        assert sentence in kept


def test_known_headline_is_the_only_headline_taken() -> None:
    text = f"Dredging Plan Approved\n\nWhat the plan covers\n\n{BODY_1}"
    hinted = clean_text(text, headline="Dredging Plan Approved | Northfield Harbour Gazette")
    assert hinted.title == "Dredging Plan Approved"
    assert "What the plan covers" in hinted.text
    other = clean_text(f"What the plan covers\n\n{BODY_1}", headline="Dredging Plan Approved")
    assert other.title is None
    assert other.text.startswith("What the plan covers")
