"""Who a quote is attributed to: the speaker phrase next to a speech cue, by light rules.

Looks, in this order, right after the closing mark (“…,” said X / “…,” X said), right before
the opening mark (X said, “…” / with X saying: “…” / X: “…”), then elsewhere in the
quote's sentence ("according to X", the cue nearest the quote), and last the subject of a
sentence that quotes without a verb of saying. What counts as a speaker phrase is in
:mod:`newsdesk.analyze.speaker_phrases`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.analyze.names import split_role, wordset
from newsdesk.analyze.quote_marks import QuoteSpan
from newsdesk.analyze.speaker_phrases import (
    CUE,
    DETERMINERS,
    NP_STOP,
    PREPOSITIONS,
    PRONOUNS,
    WORD,
    heads_clause,
    joined,
    opening_subject,
    plausible,
    speaker_after,
    speaker_before,
    word_matches,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker span of the text, the cue that links it to a quote, and how close it is."""

    start: int
    end: int
    cue: str | None
    adjacent: bool  # the cue touches the quote (only punctuation between)
    pronoun: bool
    subject_only: bool = False  # no verb of saying: the sentence's subject, as a guess


_AUDIENCE = re.compile(r"[ \t]+(?:reporters|journalists|the media|the press|lawmakers)\b")
_REPORTING_CUES = frozenset({"reported", "reports", "according to"})
# verbs that go before their speaker after a comma: "…, said Jane Doe" (never "told")
_INVERTING = wordset(
    "said says added adds wrote writes asked asks explained noted recalled insisted argued "
    "continued replied answered responded observed concluded warned cautioned stressed"
)
# words that may follow an inverted speaker: "…, said Jane Doe, who …", "said X in a post"
_AUDIENCE_VERBS = wordset("told tells asked asks assured informed reminded warned urged")
# words after "“…,” X said" that go on the sentence, not give the verb another object
_CLAUSE_GOES_ON = wordset("when as while because but and then that after before about of with")
_CLAUSE_END = wordset("who in on at during after before of from last this according")
_PLACE_PREPOSITIONS = wordset("on in at via from to into onto through by")
_LOOK_AHEAD = 40  # characters read after an inverted speaker for what follows it
_DASH_NAME = re.compile(r"^[^\S\n]*[―—–]+[^\S\n]*([A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})")
_NAME_VERBED = re.compile(r"([A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'-]*){0,3})[ \t]+([a-z]+ed)\b")
_SAID_BEFORE_PARTICIPLE = re.compile(r"[ \t](said|says|added|wrote)[ \t]*,[ \t]*$")
_PUT_OUT_DETERMINERS = ("a ", "an ", "his ", "her ", "their ", "its ")
_LEADS_INTO_QUOTE = re.compile(r"^[^.,;:!?“”\"\n]{0,40}[,:][ \t]*$")  # "… writes back, “"
_MARK_CHARS = "\"'“”‘’«»„´`"
_MAX_TAIL_WORDS = 6  # “….” Blinken told reporters on Thursday.
_PAREN_BEFORE = re.compile(
    r"\s*(?:\([^()\n]{1,25}\)|\([A-Z]{1,2}-[^()\n]{1,12}\),)\s*$"
)  # Sen. Jane Doe (D-Mo.) said
# "X, who runs the port, (once) said": the clause and its adverb are skipped to reach X
_WHO_CLAUSE_BEFORE = re.compile(
    r",[ \t]*who[ \t][^,;:()“”\"\n]{1,80},[ \t]*(?:(?:also|once|later|then|previously)[ \t]+)?$"
)
_AUXILIARY_BEFORE = re.compile(r"(?:[ \t]+(?:has|had|have|also|later|once|would|will))+[ \t]*$")
_WHO_BARE_BEFORE = re.compile(r"(?<=[a-z])[ \t]+who[ \t][^,;:()“”\"\n]{1,80}?[ \t]*$")
_ADVERB_BEFORE = re.compile(r"[ \t]+[a-z]+ly[ \t]*$")
_VERB_INTRO = re.compile(r"[ \t]([a-z]+(?:ed|s))[ \t]*[,:][ \t]*$")
_WHO_BEFORE = re.compile(r",\s*who\s+(?:also\s+|later\s+|had\s+|has\s+)?$")
_ADJACENT_GAP = re.compile(r"^[\s,.;:!?—–-]*$")
_NAME_COLON = re.compile(r"^\s*([A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})\s*:\s*$")
# "said, “", "said that “", "said in a statement: “", "told CNN on Monday: “"
_AFTER_CUE_BEFORE_QUOTE = re.compile(
    r"^(?:([ \t]*(?:that)?[\s,:]*)|[ \t]+(?:(?:in|on|at|to|during|after|via|through|from)[ \t]"
    r"[^“”\"\n.;:,]{1,40}|[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3}"
    r"(?:[ \t]+on[ \t]+[A-Z][a-z]+day)?)[ \t]*[,:][ \t]*)$"
)  # a phrase between the cue and the quote ends in a colon or comma, else “…” is a title


def attribute(
    text: str, span: QuoteSpan, spans: Sequence[QuoteSpan], sents: Sequence[tuple[int, int]]
) -> Attribution | None:
    """The speaker of the quote ``span`` (one of ``spans``), or ``None`` when none is found."""
    pre_lo, post_hi = _context(text, span, spans, sents)
    after = _after_quote(text, span.close_end, post_hi)
    if after is not None and _introduces_next(text, span, after, post_hi, spans):
        after = None  # “Why now?” Mills then writes back, “You look cute.”: Mills says the 2nd
    before = _before_quote(text, pre_lo, span.open_at)
    if before is not None and (after is None or after.cue in _REPORTING_CUES):
        return before  # X said, “…,” Dawn reported: the outlet reports, X speaks
    if after is not None:
        return after
    sent_lo, sent_hi = _sentence_bounds(text, span, sents)
    inside = [(s.open_at, s.close_end) for s in spans]
    found = _in_sentence(text, sent_lo, span.open_at, span.close_end, sent_hi, inside)
    return found or _reported_by_subject(text, sent_lo, span.open_at, inside)


def _introduces_next(
    text: str, span: QuoteSpan, after: Attribution, hi: int, spans: Sequence[QuoteSpan]
) -> bool:
    """The attribution after a quote that ends its sentence leads into the next quote
    (“….” X then wrote back, “…”), so it is the next quote's; after “…,” X said, “…” the
    one attribution serves both."""
    if not any(s.open_at == hi for s in spans):
        return False
    inner = text[: span.close_end].rstrip(_MARK_CHARS).rstrip()
    lead_in = text[after.end : hi]
    return inner[-1:] in ".?!" and bool(_LEADS_INTO_QUOTE.match(lead_in))


def _reported_by_subject(
    text: str, lo: int, open_at: int, quoted: Sequence[tuple[int, int]]
) -> Attribution | None:
    """A quote inside a sentence with no verb of saying goes to the sentence's subject when
    that is a name or a source ("Rubio bemoaned a climate in which people “…”", "The
    complaint alleged that the DNC “…”"); never to "The number of voters"."""
    if not text[lo:open_at].strip():
        return None
    first_quote = min((a for a, _ in quoted if lo <= a < open_at), default=open_at)
    found = opening_subject(text, lo, first_quote)  # "X supports “…”, opposes “…”": X for both
    if found is None:
        return None
    if not plausible(text, found) or not heads_clause(text, found[1], first_quote):
        return None
    pronoun = text[found[0] : found[1]].lower() in PRONOUNS
    return Attribution(found[0], found[1], None, False, pronoun, subject_only=True)


def attribute_sentence(text: str, lo: int, hi: int) -> Attribution | None:
    """The reported-speech attribution of a sentence without quotes ("X said"), if any."""
    return _in_sentence(text, lo, hi, hi, hi, [])


def sentence_subject(text: str, lo: int, hi: int) -> Attribution | None:
    """The subject of the sentence ``text[lo:hi]`` when it is a name or a source ("Clinton
    touted her record."), as a guess at who speaks in the quote after it."""
    found = opening_subject(text, lo, hi)
    if found is None or not plausible(text, found) or not heads_clause(text, found[1], hi):
        return None
    pronoun = text[found[0] : found[1]].lower() in PRONOUNS
    return Attribution(found[0], found[1], None, False, pronoun, subject_only=True)


def _sentence_bounds(
    text: str, span: QuoteSpan, sents: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The sentence(s) the quote sits in, within its paragraph."""
    if not sents:
        return 0, len(text)
    starts = [s for s, _ in sents]
    i = max(0, bisect.bisect_right(starts, span.open_at) - 1)
    j = max(0, bisect.bisect_right(starts, max(span.open_at, span.close_end - 1)) - 1)
    lo = max(sents[i][0], text.rfind("\n", 0, span.open_at) + 1)
    newline = text.find("\n", span.close_end)
    return lo, sents[j][1] if newline < 0 else min(sents[j][1], newline)


def _context(
    text: str, span: QuoteSpan, spans: Sequence[QuoteSpan], sents: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """Where the quote's sentence starts and ends, not crossing other quotes or paragraphs."""
    starts = [s for s, _ in sents]
    i = max(0, bisect.bisect_right(starts, span.open_at) - 1)
    j = max(0, bisect.bisect_right(starts, max(span.open_at, span.close_end - 1)) - 1)
    lo = sents[i][0] if sents else 0
    hi = sents[j][1] if sents else len(text)
    if hi <= span.close_end + 1 and j + 1 < len(sents):
        gap = text[span.close_end : sents[j + 1][0]]
        if "\n" not in gap:  # "…stability.” Dawn reported." split after the mark
            hi = sents[j + 1][1]
    for other in spans:
        if other.close_end <= span.open_at:
            lo = max(lo, other.close_end)
        elif other.open_at >= span.close_end:
            hi = min(hi, other.open_at)
    lo = max(lo, text.rfind("\n", 0, span.open_at) + 1)
    newline = text.find("\n", span.close_end)
    return lo, hi if newline < 0 else min(hi, newline)


def _after_quote(text: str, lo: int, hi: int) -> Attribution | None:
    """“…,” said X  /  “…,” X said  /  “…,” X told reporters."""
    dash = _DASH_NAME.match(text[lo:hi])
    if dash:  # “…” ― Jane Doe
        return Attribution(lo + dash.start(1), lo + dash.end(1), None, True, False)
    gap = re.match(r"[\s,.;:!?—–-]*", text[lo:hi])
    first = lo + (gap.end() if gap else 0)
    continues = _continues(text, lo, first, hi)
    cue = CUE.search(text, first, hi)
    if cue is None or not continues:
        verbed = _NAME_VERBED.match(text, first, hi)  # “…,” Vitter demanded.
        if verbed is None or not continues:
            return None
        return Attribution(verbed.start(1), verbed.end(1), verbed.group(2), True, False)
    if _participle(cue) and cue.start() == first:
        return None  # “…,” adding that X …: X is what was added, the speaker is further back
    if cue.start() == first or cue.group().lower() == "according to":
        speaker = speaker_after(text, cue.end(), hi)  # “…,” X did Y, according to Z
        return _make(text, speaker, cue, adjacent=cue.start() == first)
    speaker = _before_cue(text, first, cue)
    if speaker is None or speaker[0] != first or _takes_other_object(text, cue):
        return None
    return _make(text, speaker, cue, adjacent=True)


def _takes_other_object(text: str, cue: re.Match[str]) -> bool:
    """“…,” X mocked callers: the verb has an object of its own, so the quote is not what X
    said (a title, a name); "told the crowd" names an audience and still attributes."""
    nxt = WORD.match(text, cue.end() + 1) if text[cue.end() : cue.end() + 1] == " " else None
    if nxt is None or cue.group() in _AUDIENCE_VERBS:
        return False
    word = nxt.group().lower()
    ordinary = PREPOSITIONS | _CLAUSE_END | _CLAUSE_GOES_ON
    return word.islower() and word not in ordinary and not word.endswith(("ly", "ing"))


def _continues(text: str, close_end: int, first: int, hi: int) -> bool:
    """The sentence goes on after the closing mark (“…,” X said), or ends in a short
    attribution (“….” Dawn reported.), rather than a new sentence starting."""
    inner = text[:close_end].rstrip(_MARK_CHARS).rstrip()
    if inner[-1:] in ",?!—–-" or "," in text[close_end:first]:
        return True
    words = word_matches(text, first, hi)
    if len(words) > _MAX_TAIL_WORDS or any(w.group().lower() == "that" for w in words):
        return False  # “….” Russia insisted that …: a new sentence of reported speech
    tail = text[first:hi].rstrip()
    return hi >= len(text) or tail[-1:] in ".!?" or text[hi : hi + 1] == "\n"


def _before_quote(text: str, lo: int, hi: int) -> Attribution | None:
    """X said, “…”  /  with X saying: “…”  /  X: “…”."""
    colon = _NAME_COLON.match(text[lo:hi])
    if colon:
        return Attribution(lo + colon.start(1), lo + colon.end(1), None, True, False)
    cues = list(CUE.finditer(text, lo, hi))
    if not cues:
        verb = _VERB_INTRO.search(text, lo, hi)  # Limbaugh continued: “…” / a friend commented,
        speaker = speaker_before(text, lo, verb.start(1)) if verb else None
        if speaker is None and text[lo:hi].rstrip().endswith(":"):
            speaker = opening_subject(text, lo, text.rindex(":", lo, hi))  # X had one answer: “…”
            speaker = speaker if speaker and plausible(text, speaker) else None
        if speaker is None:
            return None
        pronoun = text[speaker[0] : speaker[1]].lower() in PRONOUNS
        return Attribution(speaker[0], speaker[1], None, True, pronoun)
    cue = cues[-1]
    cue_end = cue.end()
    audience = _AUDIENCE.match(text, cue_end, hi)
    if audience:
        cue_end = audience.end()
    between = _AFTER_CUE_BEFORE_QUOTE.match(text[cue_end:hi])
    if not between:
        return None
    speaker = _before_cue(text, lo, cue)
    close = between.group(1) is not None  # "said in his memoir, “…”" may name a title
    return _make(text, speaker, cue, adjacent=close, cue_end=cue_end if close else None)


def _in_sentence(
    text: str,
    pre_lo: int,
    open_at: int,
    close_end: int,
    hi: int,
    quoted: Sequence[tuple[int, int]],
) -> Attribution | None:
    """A cue elsewhere in the sentence: "according to X", else the cue nearest the quote."""

    def unquoted(cue: re.Match[str]) -> bool:
        return not any(a <= cue.start() < b for a, b in quoted)

    before = [c for c in CUE.finditer(text, pre_lo, open_at) if unquoted(c)]
    after = [c for c in CUE.finditer(text, close_end, hi) if unquoted(c)]
    for cue in reversed(before):
        found = _cue_speaker(text, cue, pre_lo, open_at)
        if found is not None:
            return found
    for cue in after:
        if _participle(cue) and open_at > pre_lo:  # X hailed it as “…,” telling
            subject = opening_subject(text, pre_lo, open_at)
            if subject is not None and plausible(text, subject):
                return _make(text, subject, cue, adjacent=False)
        found = _cue_speaker(text, cue, close_end, hi)
        if found is not None:
            return found
    return None


def _cue_speaker(text: str, cue: re.Match[str], lo: int, hi: int) -> Attribution | None:
    if cue.group().lower() == "according to":
        return _make(text, speaker_after(text, cue.end(), hi), cue, adjacent=False)
    inverted = _inverted(text, lo, cue, hi)  # “…” about the plan, said Jane Doe, a …
    return _make(text, inverted or _before_cue(text, lo, cue), cue, adjacent=False)


def _inverted(text: str, lo: int, cue: re.Match[str], hi: int) -> tuple[int, int] | None:
    """The speaker after a cue that follows a comma ("…, said Jane Doe, a pollster."), when
    the phrase after the cue ends its clause, so it is no subject of reported speech ("…,
    said the plan would fail")."""
    if cue.group() not in _INVERTING or not text[lo : cue.start()].rstrip().endswith(","):
        return None
    first = WORD.match(text[cue.end() : hi].lstrip())
    if first is None or first.group().lower() in PREPOSITIONS:
        return None  # "…, said in a statement"
    speaker = speaker_after(text, cue.end(), hi)
    if speaker is None:
        return None
    rest = text[speaker[1] : speaker[1] + _LOOK_AHEAD].lstrip()  # past ``hi``: “…” may follow
    after = WORD.match(rest)
    if not rest or rest[0] in ",.;:!?(" or (after and after.group().lower() in _CLAUSE_END):
        return speaker
    return None


def _before_cue(text: str, lo: int, cue: re.Match[str]) -> tuple[int, int] | None:
    """The phrase before a cue; past a comma ("X, who runs Y, said" / "X did Y, saying")
    the speaker is the sentence's subject."""
    cue_at = cue.start()
    adverb = _ADVERB_BEFORE.search(text, lo, cue_at)
    if adverb:  # "X forcefully told"
        cue_at = adverb.start()
    auxiliary = _AUXILIARY_BEFORE.search(text, lo, cue_at)
    if auxiliary and _PAREN_BEFORE.search(text, lo, auxiliary.start()):
        cue_at = auxiliary.start()  # "Sen. Jane Doe (D-Mo.) has said"
    paren = _PAREN_BEFORE.search(text, lo, cue_at)
    if paren:
        cue_at = paren.start()
    who = _WHO_BEFORE.search(text, lo, cue_at)
    if who:  # "Oskar Brenn, who said"
        cue_at = who.start()
    bare = _WHO_BARE_BEFORE.search(text, lo, cue_at)
    last_word = text[lo:cue_at].split()[-1:] or [""]
    if bare and last_word[0][:1].islower():  # "an official who spoke … said", not "… X said"
        cue_at = bare.start()
    clause = _WHO_CLAUSE_BEFORE.search(text, lo, cue_at)
    if clause and "," in text[lo : clause.start()]:  # "X, an actor in Y, who runs Z, said"
        return opening_subject(text, lo, clause.start())
    if clause:  # "Oskar Brenn, who runs the port, once said"
        paren = _PAREN_BEFORE.search(text, lo, clause.start())
        cue_at = paren.start() if paren else clause.start()
    speaker = speaker_before(text, lo, cue_at)
    if speaker is not None and _document_object(text, lo, speaker[0], cue):
        subject = opening_subject(text, lo, speaker[0])  # X issued a statement saying “…”
        return subject if subject and plausible(text, subject) else speaker
    if speaker is not None and not _object_of_preposition(text, lo, speaker[0]):
        return speaker
    if speaker is not None:  # "the officer at the scene said": the officer speaks
        return opening_subject(text, lo, cue_at) or speaker
    before = text[lo:cue_at].rstrip()
    said = _SAID_BEFORE_PARTICIPLE.search(text, lo, cue_at) if _participle(cue) else None
    if said:  # "…, Nefzi said, adding, “…”": Nefzi adds
        return speaker_before(text, lo, said.start(1))
    if before.endswith((",", " and", " but")) or _participle(cue):
        return opening_subject(text, lo, cue_at)
    return None


def _document_object(text: str, lo: int, start: int, cue: re.Match[str]) -> bool:
    """ "X issued a statement saying", "X released an ad calling": the statement is what X
    put out (a verb's object: "a", "an", "his" … and a lowercase verb before it)."""
    if not cue.group().endswith("ing") or not text.startswith(_PUT_OUT_DETERMINERS, start):
        return False
    before = word_matches(text, lo, start)
    if not before or not joined(text, before[-1], WORD.match(text, start) or before[-1]):
        return False
    verb = before[-1].group()
    return verb.islower() and verb not in PREPOSITIONS | NP_STOP | DETERMINERS


def _participle(cue: re.Match[str]) -> bool:
    """The cue of a clause whose subject is elsewhere ("saying", "calling", "referring"),
    not a noun ("his warning that …", "the saying")."""
    if not cue.group().endswith("ing"):
        return False
    before = cue.string[max(0, cue.start() - 12) : cue.start()].split()
    return not before or before[-1].lower() not in DETERMINERS


def _object_of_preposition(text: str, lo: int, start: int) -> bool:
    """The noun phrase starting at ``start`` follows a preposition ("marching through the
    streets", "on Facebook writing", "obtained by The AP warns"); a name after "with" or
    "according to" still speaks ("with Varga saying", "according to X, who said")."""
    before = [w.group().lower() for w in word_matches(text, lo, start)]
    if not before or before[-1] not in PREPOSITIONS:
        return False
    if text[start : start + 1].islower():
        return True
    return before[-1] in _PLACE_PREPOSITIONS and before[-2:] != ["according", "to"]


def _make(
    text: str,
    speaker: tuple[int, int] | None,
    cue: re.Match[str],
    *,
    adjacent: bool,
    cue_end: int | None = None,
) -> Attribution | None:
    if speaker is None:
        return None
    cue_text = text[cue.start() : cue_end if cue_end is not None else cue.end()]
    if cue_end is None:
        audience = _AUDIENCE.match(text, cue.end())
        cue_text = text[cue.start() : audience.end()] if audience else cue_text
    role, name = split_role(text[speaker[0] : speaker[1]])
    if role is not None and name:
        speaker = (speaker[1] - len(name), speaker[1])  # "FM Qureshi" speaks as "Qureshi"
    pronoun = text[speaker[0] : speaker[1]].lower() in PRONOUNS
    cue_text = " ".join(cue_text.split()).lower()
    return Attribution(speaker[0], speaker[1], cue_text, adjacent, pronoun)
