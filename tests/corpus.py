"""Small articles written for the tests: three events, two of them one storyline apart."""

from __future__ import annotations

from newsdesk.ids import content_id
from newsdesk.model import Article

_EVENTS = {
    "harbour-grounding": (
        "2024-03-04",
        [
            "The container ship Meridian Star ran aground near Port Valen on Monday, "
            "blocking the northern channel of the Kessa estuary for barges and ferries.",
            "Harbour master Ilse Varga said tugboats from Port Valen could not free the "
            "Meridian Star at high tide and salvage crews from Drennick were on their way.",
            "The grounded Meridian Star carries grain and timber; no crew were hurt and "
            "no fuel leaked into the Kessa estuary, the Port Valen authority said.",
        ],
    ),
    "harbour-refloat": (
        "2024-03-12",
        [
            "Salvage crews refloated the Meridian Star on Tuesday after eight days stuck "
            "in the Kessa estuary, reopening the northern channel to Port Valen traffic.",
            "Dredgers removed silt under the hull overnight and four tugs pulled the "
            "Meridian Star free at dawn, harbour master Ilse Varga told reporters.",
            "Ferries to Port Valen resumed their timetable once divers confirmed the "
            "refloated hull of the Meridian Star had no breach, officials said.",
        ],
    ),
    "orchard-fire": (
        "2024-05-20",
        [
            "A wildfire swept through apple orchards outside Tamsford on Sunday night, "
            "forcing three hundred residents of Lower Brant to evacuate their homes.",
            "Firefighters from Tamsford and Oakhurst contained the orchard blaze by Monday "
            "morning, county fire chief Rowan Delacroix said at a briefing.",
            "Orchard owners near Lower Brant estimated the fire destroyed forty hectares "
            "of apple trees weeks before blossom season, Tamsford officials said.",
        ],
    ),
}

OUTLETS = ("Valen Courier", "Estuary Post", "Brant Herald")


def make_corpus() -> tuple[list[Article], dict[str, str]]:
    """Articles and their gold event names."""
    articles, gold = [], {}
    for event, (day, texts) in _EVENTS.items():
        for i, outlet in enumerate(OUTLETS):
            # each outlet leads with its own sentence and repeats a neighbour's fact
            text = texts[i] + "\n\n" + texts[(i + 1) % len(texts)]
            aid = content_id(event, outlet, text)
            articles.append(
                Article(
                    id=aid, source=f"{event}/{outlet}.txt", text=text, outlet=outlet, published=day
                )
            )
            gold[aid] = event
    return articles, gold


STORYLINES = {"harbour-grounding": "harbour", "harbour-refloat": "harbour", "orchard-fire": "fire"}
