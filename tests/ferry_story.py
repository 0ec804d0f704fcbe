"""An invented four-article story for brief tests (every name and event is made up).

- ``herald``: the original report (published Friday 2024-03-15).
- ``gazette``: a syndicated copy of ``herald`` (another outlet, same text): never a second source.
- ``tidewater``: a paraphrase, with the crew number changed (41, not 14), the quote altered
  ("fortunate" for "lucky") and a fact nobody else has (the ferry's age).
- ``islandwire``: no published date (its relative dates stay unresolved), and a fact only it
  reports (fishermen in small boats).
"""

from __future__ import annotations

from newsdesk.model import Article

HERALD = "\n\n".join(
    [
        "Ferry fire forces evacuation off Valdmere",
        (
            "VALDMERE: A fire broke out on the ferry Northern Lark on Thursday as it "
            "approached the port of Valdmere, forcing the evacuation of 212 passengers."
        ),
        (
            "Harbour master Ilse Varnholt said the crew of 14 had contained the blaze within "
            "an hour."
        ),
        '"We were lucky that the wind dropped when it did," Varnholt told reporters.',
        (
            "The ferry had passed its last safety inspection on February 2, according to the "
            "operator, Brightwater Lines."
        ),
        (
            "Investigators from the Maritime Safety Board are expected to arrive in Valdmere "
            "next week."
        ),
    ]
)

TIDEWATER = "\n\n".join(
    [
        "Blaze aboard Northern Lark",
        (
            "A blaze on the ferry Northern Lark forced 212 passengers to leave the vessel "
            "near Valdmere port on Thursday, officials said."
        ),
        (
            "Harbour master Ilse Varnholt said the crew of 41 had contained the blaze within "
            "an hour."
        ),
        '"We were fortunate that the wind dropped when it did," Varnholt told reporters.',
        (
            "The Northern Lark was built in 1998 by the Oskarsholm shipyard and carries up to"
            " 400 passengers on the island route."
        ),
        (
            "Investigators from the Maritime Safety Board are expected to arrive in Valdmere "
            "next week."
        ),
    ]
)

ISLANDWIRE = "\n\n".join(
    [
        (
            "Passengers were evacuated from the ferry Northern Lark on Thursday after a fire "
            "started in the engine room near Valdmere."
        ),
        (
            "Harbour master Ilse Varnholt said the crew of 14 had contained the blaze within "
            "an hour."
        ),
        (
            "Local fishermen from Korrby ferried dozens of the passengers to shore in small "
            "wooden boats, a harbour official said."
        ),
        ("The fire was the second aboard a Brightwater Lines vessel since January this year."),
    ]
)


def ferry_articles() -> list[Article]:
    """The four articles, ids in alphabetical order of outlet for readable failures."""
    herald = Article(
        id="a-herald",
        source="herald.txt",
        text=HERALD,
        title="Ferry fire forces evacuation off Valdmere",
        outlet="Coastline Herald",
        published="2024-03-15",
    )
    return [
        herald,
        Article(
            id="b-gazette",
            source="gazette.txt",
            text=HERALD,
            outlet="Valley Gazette",
            published="2024-03-15",
            duplicate_of="a-herald",
        ),
        Article(
            id="c-tidewater",
            source="tidewater.txt",
            text=TIDEWATER,
            outlet="Tidewater Daily",
            published="2024-03-15T09:30:00",
        ),
        Article(id="d-islandwire", source="islandwire.txt", text=ISLANDWIRE, outlet="Island Wire"),
    ]
