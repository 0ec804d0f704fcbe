"""Direct quotes and who said them.

Quote spans come from quotation marks (:mod:`newsdesk.analyze.quote_marks`); the speaker
from the attribution next to them, found by light rules on the words around the cue ("X
said", "said X", "X told reporters", "according to X", "X tweeted", "said the FO statement",
"X: “…”", "with X saying: “…”"). "he said" / "she added" are resolved to the person the
text was just about: the speaker of a quote or the first person named in the nearest
sentence before. spaCy's NER runs only on the few sentences such a pronoun needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsdesk.analyze.entities import Mention, mentions_in_text, role_mentions
from newsdesk.analyze.names import name_key, name_tokens, surname, wordset
from newsdesk.analyze.quote_marks import QuoteSpan, find_quote_spans
from newsdesk.analyze.sentences import join_across, split_sentences
from newsdesk.analyze.speakers import (
    Attribution,
    attribute,
    attribute_sentence,
    sentence_subject,
)
from newsdesk.model import Article


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote: its words (inside the marks) and its speaker, as spans of the text."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None


_MIN_WORDS = 4  # shorter quotes are scare quotes ("mutually beneficial") unless cued right there
_MIN_WORDS_ATTRIBUTED = 2  # a cued one-word quote ("support") is a scare quote too
_LABEL_CUES = frozenset(
    {"called", "described", "branded", "dubbed", "labeled", "labelled", "termed", "terming"}
    | {"labeling", "labelling"}
    | {"calling", "describing"}
)
_MAX_TITLE_WORDS = 8  # a capitalised quote this short is a title even with a full stop
_TITLE_CAPS_SHARE = (
    0.75  # an unattributed quote this capitalised is a title ("A Change Is Gonna Come")
)
_MAX_CONTINUE_GAP = 2  # a quote goes on its speaker's words across one sentence between
_MAX_BACK_SENTENCES = 5  # a pronoun looks this many sentences back for its person
_PERSON_PRONOUNS = frozenset({"he", "she"})
_OTHER_PRONOUNS = frozenset({"it", "they", "we", "i"})
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\b[A-Z][a-z][\w’'-]*\b(?![’']s\b)")
_NOT_SUBJECT_BEFORE = wordset(
    "with to for by under against about from on at of like than toward towards between among "
    "including into over beside behind upon the a an and or"
)
_OPENING_PREPOSITIONS = wordset(
    "in on at during after before with without for from since following despite under "
    "while as when like among"
)
# gender a pronoun or a title before a name shows ("her" is left out: it is as often the
# object, someone else: "Trump attacked her")
_GENDER = {
    "he": "m", "his": "m", "himself": "m", "she": "f", "herself": "f",
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f",
    "spokesman": "m", "spokeswoman": "f", "congressman": "m", "congresswoman": "f",
    "chairman": "m", "chairwoman": "f", "businessman": "m", "businesswoman": "f",
    "husband": "m", "wife": "f", "father": "m", "mother": "f", "son": "m", "daughter": "f",
    "brother": "m", "sister": "f", "actor": "m", "actress": "f",
}  # fmt: skip
# "Ostrom said she …", "Ostrom, the mayor, told reporters that she …": the pronoun is the
# speaker herself (not "Brandt told Ostrom she …", nor a bare "his" that may be anyone's)
_SAID_PRONOUN = re.compile(
    r"(?:,[^,.;:“”\"\n]{1,60},)?[ \t]+(?:also[ \t]+)?(?:said|says|told|tells|added|adds"
    r"|argued|insisted|explained|noted|wrote|recalled|acknowledged|admitted|claimed|warned"
    r"|stressed|believes|thinks|hopes)(?:[ \t]+(?:reporters|the[ \t]+[a-z]+|[A-Z][a-z]+day))?"
    r"[ \t]+(?:that[ \t]+)?([Hh]e|[Ss]he)\b"
)
_TITLE_BEFORE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|[Ss]pokes(?:wo)?man|[Cc]ongress(?:wo)?man|[Cc]hair(?:wo)?man"
    r"|[Bb]usiness(?:wo)?man|husband|wife|father|mother|son|daughter|brother|sister"
    r"|actor|actress)\.?[ \t]+$"
)
_FIRST_NAME_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]+)[ \t]+$")
_NOT_FIRST_NAMES = wordset("the a an mr mrs ms dr sen rep gov president senator mayor")
_TITLE_WEIGHT = 3  # a title says more than one pronoun that may refer to someone else
_GENDER_MARGIN = 2  # one gender must have twice the other's votes
# a capitalised word right before a verb of saying, not at a sentence start: a surname
_NAME_SAID = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+) (?:said|says|told|added|argued|wrote)\b")
_SPEAKS_AFTER = re.compile(r"(?:,[^,.;:\n]{1,60},)?[ \t]+(?:also[ \t]+)?(?:said|says|told|added)\b")
_NOT_NAMES = wordset("i it he she we they this that there officials police")
_PRONOUN_START = re.compile(r"[\"'“‘]?(?:He|She|His|Her)\b")


def extract_quotes(
    article: Article,
    mentions: Sequence[Mention] | Callable[[], Sequence[Mention]] | None = None,
) -> list[Quote]:
    """Direct quotes of ``article``, in text order.

    ``mentions`` (from :func:`~newsdesk.analyze.entities.extract_mentions`, or a function
    giving them, called only when a pronoun needs resolving) saves running NER again;
    without them NER runs on just the sentences a pronoun needs.
    """
    text = article.text
    spans = find_quote_spans(text)
    if not spans:
        return []
    # a quote of several sentences is one unit with the words around it, so that looking
    # back "five sentences" for a pronoun's person does not stop inside one long quote
    sents = join_across(split_sentences(text), [(s.open_at, s.close_end) for s in spans])
    found = [attribute(text, span, spans, sents) for span in spans]
    found = _continue_speakers(text, spans, found, sents)
    people: list[Mention] = []
    genders: dict[str, str] = {}
    if any(_needs_person(a) for a in found):
        if mentions is None:
            mentions = mentions_in_text(article.id, text, _windows(spans, found, sents))
        elif callable(mentions):
            mentions = mentions()
        speakers = _named_speakers(article, found)
        people = [m for m in _people(article, mentions, speakers) if not _quoted(m, spans)]
        genders = _genders(text, people)
    quotes: list[Quote] = []
    for span, attr in zip(spans, found, strict=True):
        quote = _make_quote(article, span, attr)
        if (
            quote.speaker is not None
            and quote.speaker.lower() in _PERSON_PRONOUNS | _OTHER_PRONOUNS
        ):
            quote = _resolve(text, quote, quotes, people, sents, genders)
        if _keep(quote, attr):
            quotes.append(quote)
    return quotes


def _make_quote(article: Article, span: QuoteSpan, attr: Attribution | None) -> Quote:
    text = article.text[span.start : span.end]
    if attr is None:
        return Quote(article.id, span.start, span.end, text, None, None, None, None)
    speaker = article.text[attr.start : attr.end]
    return Quote(article.id, span.start, span.end, text, speaker, attr.start, attr.end, attr.cue)


def _keep(quote: Quote, attr: Attribution | None) -> bool:
    words = _WORD.findall(quote.text)
    adjacent = attr is not None and attr.adjacent
    if not adjacent and _is_title(quote.text, words):
        return False
    if len(words) >= _MIN_WORDS:
        return True
    if attr is None or quote.speaker is None or attr.subject_only:
        return False  # a short quote the sentence's subject only may have said is a scare quote
    if attr.adjacent:
        return bool(words)
    labelled = attr.cue in _LABEL_CUES  # called it “mutually helpful”: a label, not speech
    return not labelled and len(words) >= _MIN_WORDS_ATTRIBUTED


def _is_title(text: str, words: list[str]) -> bool:
    """“The Long Harbour Morning Show”, “Face the Nation.”: a title in quotes, not speech."""
    long_words = [w for w in words if len(w) > 3 or w[:1].isupper()]
    if not long_words or (len(words) > _MAX_TITLE_WORDS and text.rstrip()[-1:] in ".!?"):
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) >= _TITLE_CAPS_SHARE


def _named_speakers(article: Article, found: Sequence[Attribution | None]) -> set[str]:
    """Surnames of capitalised speakers the rules found ("Trump said"): people, mostly."""
    out: set[str] = set()
    for attr in found:
        if attr is None or attr.pronoun:
            continue
        surface = article.text[attr.start : attr.end]
        if surface[:1].isupper() and not surface.startswith("The "):
            out.update(name_tokens(surface)[-1:])
    for said in _NAME_SAID.finditer(article.text):  # "Jolly said" with no quote of his here
        if said.group(1).lower() not in _NOT_NAMES:
            out.add(said.group(1).lower())
    return out


def _people(article: Article, mentions: Sequence[Mention], speakers: set[str]) -> list[Mention]:
    """Person mentions, counting names the small model mislabels ("Blinken" as a place)
    when a role elsewhere in the article, or a quote they speak, shows they are people."""
    known = role_mentions(article.id, article.text)
    surnames = {surname(m.text) for m in [*known, *mentions] if m.kind == "person"}
    surnames |= speakers
    surnames.discard("")
    people = [m for m in mentions if m.kind == "person" or surname(m.text) in surnames]
    others = [(m.start, m.end) for m in mentions if m not in people]
    held = [(m.start, m.end) for m in people] + others
    for match in _CAPITALISED.finditer(article.text):  # "Schiff said" where NER saw no one
        start, end = match.span()
        if surname(match.group()) in surnames and not any(s < end and start < e for s, e in held):
            people.append(Mention(article.id, start, end, match.group(), "person"))
    return sorted(people, key=lambda m: m.start)


def _quoted(mention: Mention, spans: Sequence[QuoteSpan]) -> bool:
    """Inside a quote: a name the speaker says, not the person speaking."""
    return any(s.open_at <= mention.start < s.close_end for s in spans)


def _needs_person(attr: Attribution | None) -> bool:
    return attr is not None and attr.pronoun


def _sentence_index(sents: Sequence[tuple[int, int]], pos: int) -> int:
    for i, (start, end) in enumerate(sents):
        if pos < end or (i + 1 < len(sents) and pos < sents[i + 1][0]):
            return i if pos >= start or i == 0 else i - 1
    return len(sents) - 1


def _windows(
    spans: Sequence[QuoteSpan],
    found: Sequence[Attribution | None],
    sents: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """The sentences a pronoun may look back into, merged, for one NER pass."""
    wanted: set[int] = set()
    for attr in found:
        if attr is not None and attr.pronoun:
            i = _sentence_index(sents, attr.start)
            wanted.update(range(max(0, i - _MAX_BACK_SENTENCES), i + 1))
    return [sents[i] for i in sorted(wanted) if sents]


def _continue_speakers(
    text: str,
    spans: Sequence[QuoteSpan],
    found: list[Attribution | None],
    sents: Sequence[tuple[int, int]],
) -> list[Attribution | None]:
    """A quote that is a whole sentence with no attribution goes on the previous quote's, or
    on the speaker of the sentence just before it in its paragraph ("…, X said. “…”")."""
    out = list(found)
    for i, span in enumerate(spans):
        if out[i] is not None or not sents:
            continue
        j = _sentence_index(sents, span.open_at)
        if text[sents[j][0] : span.open_at].strip():
            continue  # not at a sentence start
        prev = out[i - 1] if i else None
        gap = j - _sentence_index(sents, spans[i - 1].close_end - 1) if i else -1
        if prev is not None and 0 <= gap <= 1:
            out[i] = replace(prev, cue=None, adjacent=False)
            continue
        said = _lead_in_speaker(text, spans, sents, j)  # "X touted her record. “…”"
        if said is None and prev is not None and gap == _MAX_CONTINUE_GAP:
            said = prev  # "“…,” X said. She paused. “…”"
        out[i] = None if said is None else replace(said, cue=None, adjacent=False)
    return out


def _lead_in_speaker(
    text: str, spans: Sequence[QuoteSpan], sents: Sequence[tuple[int, int]], j: int
) -> Attribution | None:
    """Who the sentence before sentence ``j`` says spoke ("…, X said.") or is about (its
    subject, when a name or a source), if that sentence leads into ``j`` and has no quote."""
    if j == 0 or not _leads_in(text, sents[j - 1][1], sents[j][0]):
        return None
    lo, hi = sents[j - 1]
    if any(lo <= s.open_at < hi for s in spans):
        return None
    return attribute_sentence(text, lo, hi) or sentence_subject(text, lo, hi)


def _leads_in(text: str, prev_end: int, start: int) -> bool:
    """The previous sentence leads into this one: same paragraph, or it ends with a colon."""
    return "\n" not in text[prev_end:start] or text[:prev_end].rstrip().endswith(":")


def _subject_like(text: str, mention: Mention, lo: int) -> bool:
    """A person the sentence is about, as its subject probably is: not after a preposition
    ("an interview with X", "serving under X"; "according to X" is fine), not a possessive
    ("X’s policies"), not inside an opening phrase ("On the X Show on Tuesday, Y said")."""
    if text[mention.end : mention.end + 2] in ("’s", "'s"):
        return False
    before = _WORD.findall(text[lo : mention.start].lower())
    if before and before[-1] in _NOT_SUBJECT_BEFORE and before[-2:] != ["according", "to"]:
        return False
    opening = bool(before) and before[0] in _OPENING_PREPOSITIONS
    return not (opening and "," not in text[lo : mention.start])


def _resolve(
    text: str,
    quote: Quote,
    earlier: Sequence[Quote],
    people: Sequence[Mention],
    sents: Sequence[tuple[int, int]],
    genders: Mapping[str, str],
) -> Quote:
    """Replace a pronoun speaker with the person it stands for (or no speaker); "he" and
    "she" skip people the article shows to be of the other gender."""
    pronoun_at = quote.speaker_start if quote.speaker_start is not None else quote.start
    pronoun = (quote.speaker or "").lower()
    person_only = pronoun in _PERSON_PRONOUNS

    def agrees(name: str | None) -> bool:
        known = _gender_of(name or "", genders)
        return not person_only or known is None or known == _GENDER[pronoun]

    i = _sentence_index(sents, pronoun_at) if sents else 0
    for back in range(i, max(-1, i - _MAX_BACK_SENTENCES - 1), -1):
        lo = sents[back][0] if sents else 0
        hi = pronoun_at if back == i else (sents[back][1] if sents else 0)
        said = [q for q in earlier if lo <= q.start < hi and q.speaker_start is not None]
        if said and said[-1].speaker is not None and agrees(said[-1].speaker):
            prior = said[-1]
            return replace(
                quote,
                speaker=prior.speaker,
                speaker_start=prior.speaker_start,
                speaker_end=prior.speaker_end,
            )
        named = [m for m in people if lo <= m.start < hi and agrees(_with_first_name(text, m))]
        if back != i and _PRONOUN_START.match(text, lo):
            continue  # "His audio was quieter than Clinton's": the chain goes on further back
        if named and person_only:
            speaking = [m for m in named if _SPEAKS_AFTER.match(text, m.end)]
            first = next((m for m in named if _subject_like(text, m, lo)), named[0])
            first = speaking[0] if speaking else first  # "…, Jolly said." over "Head Start"
            return replace(
                quote, speaker=first.text, speaker_start=first.start, speaker_end=first.end
            )
    return replace(quote, speaker=None, speaker_start=None, speaker_end=None)


def _with_first_name(text: str, mention: Mention) -> str:
    """ "Ivanka Trump" where NER marked only "Trump": the gender of a surname alone may be
    another person's."""
    before = _FIRST_NAME_BEFORE.search(text, max(0, mention.start - 20), mention.start)
    if before is None or " " in mention.text or before.group(1).lower() in _NOT_FIRST_NAMES:
        return mention.text
    return f"{before.group(1)} {mention.text}"


def _genders(text: str, people: Sequence[Mention]) -> dict[str, str]:
    """Name key -> "m" or "f" where the article shows it: a title before the name ("Ms.
    Ostrom", "spokeswoman Rita Omond"), or "he"/"she" right after the name and a verb of
    saying ("Ostrom said she would"). A surname alone gets a gender only when one person of
    the article has it (not "Clinton" for Bill and Hillary, nor "Trump" for Ivanka), and
    not when its evidence is split about evenly."""
    full_names: dict[str, set[str]] = {}
    for ment in people:
        full_names.setdefault(surname(ment.text), set()).add(name_key(ment.text))
    votes: dict[str, list[int]] = {}
    for ment in people:
        title = _TITLE_BEFORE.search(text, max(0, ment.start - 16), ment.start)
        pronoun = _SAID_PRONOUN.match(text, ment.end)
        found = [(title.group(1), _TITLE_WEIGHT)] if title else []
        found += [(pronoun.group(1), 1)] if pronoun else []
        last = surname(ment.text)
        shared = len(full_names[last] - {last}) > 1
        for key in {name_key(ment.text)} | (set() if shared else {last}):
            tally = votes.setdefault(key, [0, 0])
            for word, weight in found:
                tally[_GENDER[word.lower()] == "f"] += weight
    out = {}
    for key, (male, female) in votes.items():
        if male != female and max(male, female) >= _GENDER_MARGIN * min(male, female):
            out[key] = "m" if male > female else "f"
    return out


def _gender_of(name: str, genders: Mapping[str, str]) -> str | None:
    """A full name by its own evidence only ("Ivanka Trump" is not "Trump")."""
    key = name_key(name)
    return genders.get(key if " " in key else surname(name))
