"""Who a quote is attributed to: the speaker phrase next to a speech cue, by light rules.

Looks, in this order, right after the closing mark (“…,” said X / “…,” X said), right before
the opening mark (X said, “…” / with X saying: “…” / X: “…”), then elsewhere in the
quote's sentence ("according to X", the cue nearest the quote). A speaker is a pronoun, a
run of capitalised words ("US Secretary of State Antony Blinken") or a short noun phrase
from a determiner ("the FO statement", "a White House spokesman").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.analyze.names import split_role, wordset
from newsdesk.analyze.quote_marks import QuoteSpan


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker span of the text, the cue that links it to a quote, and how close it is."""

    start: int
    end: int
    cue: str | None
    adjacent: bool  # the cue touches the quote (only punctuation between)
    pronoun: bool
    subject_only: bool = False  # no verb of saying: the sentence's subject, as a guess


_CUE_WORDS = (
    "said says say told tells added adds asked asks wrote writes tweeted posted stated "
    "declared explained noted insisted insists argued argues recalled demanded asserted "
    "claimed warned warns urged stressed emphasized emphasised acknowledged replied answered "
    "responded announced remarked observed admitted conceded promised vowed predicted "
    "suggested concluded complained countered quipped joked reiterated highlighted cautioned "
    "testified shouted yelled mused boasted lamented agreed confirmed maintained contended "
    "wondered reported reports saying adding telling writing asking tweeting read "
    "underscored charged scoffed pleaded recounted described branded dubbed labeled labelled "
    "termed terming calling describing sings sang chanted chanting reads claiming lauded "
    "praised criticized criticised blasted slammed accused attacked dismissed characterized "
    "characterised write pledged pledging pledges vowing warning insisting arguing promising "
    "labeling labelling quip quips mocked mocking bemoaned decried declaring noting alleged "
    "alleging responding retorted exclaimed whispered touted touting "
    "proclaimed proclaiming proclaims announcing explaining stating acknowledging admits "
    "admitting conceding predicting recalling urging complaining countering quipping "
    "cautioning demanding reiterating blasting slamming accusing dismissing criticizing "
    "criticising praising lamenting boasting confirming suggesting shouting screamed "
    "screaming hailed hailing referred referring remembered remembers gushed vented announce "
    "protested riffed fumed snapped interjected muttered"
)
_CUE = re.compile(
    r"(?<![-‐])\b(?:[Aa]ccording to|pointed out|went on|puts? it|(?:shot|fired) back|found(?= that)"
    r"|called (?:on|for)\b|called(?! off| in| up)|(?:" + "|".join(_CUE_WORDS.split()) + r"))\b"
)
_AUDIENCE = re.compile(r"[ \t]+(?:reporters|journalists|the media|the press|lawmakers)\b")
_WORD = re.compile(r"[A-Za-z0-9][\w’'./-]*|[A-Za-z]")
_PRONOUNS = wordset("he she they it we i")
_DETERMINERS = wordset("the a an his her its their our this another one several some")
_SKIP_BEFORE_CUE = wordset(
    "also later then has had have would will previously once again further recently "
    "reportedly simply just finally earlier later separately has also had also is are been"
)
_NAME_GLUE = wordset("of the de da van von bin al la du del for")
_NP_STOP = wordset(
    "in at on during after before who which that to while when as adding citing according "
    "and but from with said says told on by via"
)
_NOT_SPEAKER = wordset(
    "but and so yet however in on at after before when while meanwhile earlier later also "
    "then if as though although because since monday tuesday wednesday thursday friday "
    "those these you there here what why how moreover furthermore do does did was were is "
    "are be being even "
    "saturday sunday today tonight yesterday january february march april may june july "
    "august september october november december"
)
_PREPOSITIONS = wordset(
    "in at on during after before to from with by via through across near outside inside "
    "behind beyond under over into onto about against among between"
)
_REPORTING_CUES = frozenset({"reported", "reports", "according to"})
# verbs that go before their speaker after a comma: "…, said Jane Doe" (never "told")
_INVERTING = wordset(
    "said says added adds wrote writes asked asks explained noted recalled insisted argued "
    "continued replied answered responded observed concluded warned cautioned stressed"
)
# words that may follow an inverted speaker: "…, said Jane Doe, who …", "said X in a post"
_CLAUSE_END = wordset("who in on at during after before of from last this according")
_CONTRACTED = wordset("that it there here what who he she let where")  # "That’s", not owners
_TITLE_DETERMINERS = wordset("the his her its their our one")  # "the White House …"
_PLACE_PREPOSITIONS = wordset("on in at via from to into onto through by")
_RELATIVES = wordset("who whom whose which")  # not "that": "That letter demanded"
_KEEP_AFTER_SOURCE = wordset("of for at from with in on")
_LOOK_AHEAD = 40  # characters read after an inverted speaker for what follows it
_DASH_NAME = re.compile(r"^[^\S\n]*[―—–]+[^\S\n]*([A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})")
_NAME_VERBED = re.compile(r"([A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'-]*){0,3})[ \t]+([a-z]+ed)\b")
_OPENERS = wordset(
    "during in at after before on when while as following despite for with from since "
    "speaking asked earlier later meanwhile but and so yet however outside inside like "
    "unlike alongside amid throughout within over until upon by still instead now then "
    "again last next hours days weeks months years moments minutes shortly soon once "
    "yesterday today tonight here there across among between around behind beyond near "
    "toward towards against under"
)
# "Speaking to reporters, X said": an -ing word followed by one of these opens a clause
_CONJUNCTIONS = wordset("and but so yet then")  # no comma needed: "And Trump said"
_PARTICIPLE_OBJECTS = wordset(
    "to on at in about with from after before for the a an his her their its this that"
)
# "WASHINGTON — ", "PHILADELPHIA, July 25 (UPI) — ", "Washington (AFP) – " before a story
_DATELINE = re.compile(
    r"[ \t]*(?:[A-Z]{2,}[A-Z .’'-]*(?:,[^—–\n(]{1,30})?(?:[ \t]*\([^()\n]{1,20}\))?"
    r"|[A-Z][\w.’' ,-]{1,40}?[ \t]*\([^()\n]{1,20}\))(?:[ \t]*[—–]|[ \t]+-{1,2})[ \t]*"
)
_PLACE_BETWEEN_COMMAS = re.compile(
    r"[ \t]*[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,2}[ \t]*,(?=[ \t]*[A-Z])"
)
_RELATIVE_BETWEEN_COMMAS = re.compile(r"[ \t]*(?:which|where|who)\b[^,.;:\n]{1,80},")
# heads of phrases that speak for someone ("the complaint", "a campaign ad", "critics")
_SOURCE_NOUNS = wordset(
    "campaign ad statement report letter complaint lawsuit suit spokesman spokeswoman "
    "spokesperson official aide adviser advisor poll survey article editorial memo email "
    "tweet post website group committee organization union party administration agency "
    "department court judge board release book essay column study senator governor "
    "president candidate nominee critic supporter protester voter leader lawmaker democrat "
    "republican expert analyst author writer reporter document filing motion petition "
    "indictment transcript video message network paper newspaper magazine host anchor "
    "moderator crowd audience chairman chairwoman director secretary minister ambassador "
    "source staffer strategist pollster economist lawyer attorney prosecutor office manager "
    "member activist founder head chief columnist commentator piece story he she they"
)
# lowercase words of a role between capitalised ones: "Former US secretary of state X"
_ROLE_WORDS = wordset(
    "presidential candidate nominee hopeful front-runner frontrunner secretary of state "
    "senator governor congressman congresswoman representative spokesman spokeswoman "
    "spokesperson chairman chairwoman leader adviser advisor aide strategist pollster "
    "minister president vice former campaign manager director chief executive rival "
    "running mate house speaker majority minority whip"
)
_MAX_ROLE_WORDS = 4  # "presidential campaign chief strategist"
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
_MAX_NAME_WORDS = 7  # "US Secretary of State Antony J. Blinken"
_MAX_NP_WORDS = 6  # "the Pakistani foreign ministry spokesperson"
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
    before = _before_quote(text, pre_lo, span.open_at)
    if before is not None and (after is None or after.cue in _REPORTING_CUES):
        return before  # X said, “…,” Dawn reported: the outlet reports, X speaks
    if after is not None:
        return after
    sent_lo, sent_hi = _sentence_bounds(text, span, sents)
    inside = [(s.open_at, s.close_end) for s in spans]
    found = _in_sentence(text, sent_lo, span.open_at, span.close_end, sent_hi, inside)
    return found or _reported_by_subject(text, sent_lo, span.open_at, inside)


def _reported_by_subject(
    text: str, lo: int, open_at: int, quoted: Sequence[tuple[int, int]]
) -> Attribution | None:
    """A quote inside a sentence with no verb of saying goes to the sentence's subject when
    that is a name or a source ("Rubio bemoaned a climate in which people “…”", "The
    complaint alleged that the DNC “…”"); never to "The number of voters"."""
    if not text[lo:open_at].strip():
        return None
    first_quote = min((a for a, _ in quoted if lo <= a < open_at), default=open_at)
    found = _subject(text, lo, first_quote)  # "X supports “…”, opposes “…”": X for both
    if found is None:
        return None
    if not _plausible(text, found) or not _heads_clause(text, found[1], first_quote):
        return None
    pronoun = text[found[0] : found[1]].lower() in _PRONOUNS
    return Attribution(found[0], found[1], None, False, pronoun, subject_only=True)


def _plausible(text: str, span: tuple[int, int]) -> bool:
    """A phrase that can speak: a name ("Former US secretary of state Madeleine Albright")
    or one with a source noun ("The union’s complaint"), not "The number of ferries"."""
    words = _words(text, span[0], span[1])
    named = words[0].group()[:1].isupper() and words[-1].group()[:1].isupper()
    return named or any(_is_source_noun(w.group()) for w in words)


def _is_source_noun(word: str) -> bool:
    word = word.lower().rstrip(".")
    return word in _SOURCE_NOUNS or (word.endswith("s") and word[:-1] in _SOURCE_NOUNS)


def _heads_clause(text: str, end: int, hi: int) -> bool:
    """The phrase ending at ``end`` is followed by its verb ("Rubio also bemoaned") or by a
    comma ("The complaint, which was filed Friday, alleged"), not by "of" or "and"."""
    rest = text[end:hi]
    if rest.lstrip().startswith(","):
        return True
    nxt = _WORD.match(rest.lstrip())
    if nxt is None or not rest[:1].isspace():
        return False
    word = nxt.group()
    return word.islower() and word not in _NP_STOP | _PREPOSITIONS | _NAME_GLUE | {"or"}


def attribute_sentence(text: str, lo: int, hi: int) -> Attribution | None:
    """The reported-speech attribution of a sentence without quotes ("X said"), if any."""
    return _in_sentence(text, lo, hi, hi, hi, [])


def sentence_subject(text: str, lo: int, hi: int) -> Attribution | None:
    """The subject of the sentence ``text[lo:hi]`` when it is a name or a source ("Clinton
    touted her record."), as a guess at who speaks in the quote after it."""
    found = _subject(text, lo, hi)
    if found is None or not _plausible(text, found) or not _heads_clause(text, found[1], hi):
        return None
    pronoun = text[found[0] : found[1]].lower() in _PRONOUNS
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
    cue = _CUE.search(text, first, hi)
    if cue is None or not continues:
        verbed = _NAME_VERBED.match(text, first, hi)  # “…,” Vitter demanded.
        if verbed is None or not continues:
            return None
        return Attribution(verbed.start(1), verbed.end(1), verbed.group(2), True, False)
    if _participle(cue) and cue.start() == first:
        return None  # “…,” adding that X …: X is what was added, the speaker is further back
    if cue.start() == first or cue.group().lower() == "according to":
        speaker = _speaker_after(text, cue.end(), hi)  # “…,” X did Y, according to Z
        return _make(text, speaker, cue, adjacent=cue.start() == first)
    speaker = _before_cue(text, first, cue)
    if speaker is None or speaker[0] != first:
        return None
    return _make(text, speaker, cue, adjacent=True)


def _continues(text: str, close_end: int, first: int, hi: int) -> bool:
    """The sentence goes on after the closing mark (“…,” X said), or ends in a short
    attribution (“….” Dawn reported.), rather than a new sentence starting."""
    inner = text[:close_end].rstrip(_MARK_CHARS).rstrip()
    if inner[-1:] in ",?!—–-" or "," in text[close_end:first]:
        return True
    words = _words(text, first, hi)
    if len(words) > _MAX_TAIL_WORDS or any(w.group().lower() == "that" for w in words):
        return False  # “….” Russia insisted that …: a new sentence of reported speech
    tail = text[first:hi].rstrip()
    return hi >= len(text) or tail[-1:] in ".!?" or text[hi : hi + 1] == "\n"


def _before_quote(text: str, lo: int, hi: int) -> Attribution | None:
    """X said, “…”  /  with X saying: “…”  /  X: “…”."""
    colon = _NAME_COLON.match(text[lo:hi])
    if colon:
        return Attribution(lo + colon.start(1), lo + colon.end(1), None, True, False)
    cues = list(_CUE.finditer(text, lo, hi))
    if not cues:
        verb = _VERB_INTRO.search(text, lo, hi)  # Limbaugh continued: “…” / a friend commented,
        speaker = _speaker_before(text, lo, verb.start(1)) if verb else None
        if speaker is None and text[lo:hi].rstrip().endswith(":"):
            speaker = _subject(text, lo, text.rindex(":", lo, hi))  # X had one answer: “…”
            speaker = speaker if speaker and _plausible(text, speaker) else None
        if speaker is None:
            return None
        pronoun = text[speaker[0] : speaker[1]].lower() in _PRONOUNS
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

    before = [c for c in _CUE.finditer(text, pre_lo, open_at) if unquoted(c)]
    after = [c for c in _CUE.finditer(text, close_end, hi) if unquoted(c)]
    for cue in reversed(before):
        found = _cue_speaker(text, cue, pre_lo, open_at)
        if found is not None:
            return found
    for cue in after:
        if _participle(cue) and open_at > pre_lo:  # X hailed it as “…,” telling
            subject = _subject(text, pre_lo, open_at)
            if subject is not None and _plausible(text, subject):
                return _make(text, subject, cue, adjacent=False)
        found = _cue_speaker(text, cue, close_end, hi)
        if found is not None:
            return found
    return None


def _cue_speaker(text: str, cue: re.Match[str], lo: int, hi: int) -> Attribution | None:
    if cue.group().lower() == "according to":
        return _make(text, _speaker_after(text, cue.end(), hi), cue, adjacent=False)
    inverted = _inverted(text, lo, cue, hi)  # “…” about the plan, said Jane Doe, a …
    return _make(text, inverted or _before_cue(text, lo, cue), cue, adjacent=False)


def _inverted(text: str, lo: int, cue: re.Match[str], hi: int) -> tuple[int, int] | None:
    """The speaker after a cue that follows a comma ("…, said Jane Doe, a pollster."), when
    the phrase after the cue ends its clause, so it is no subject of reported speech ("…,
    said the plan would fail")."""
    if cue.group() not in _INVERTING or not text[lo : cue.start()].rstrip().endswith(","):
        return None
    first = _WORD.match(text[cue.end() : hi].lstrip())
    if first is None or first.group().lower() in _PREPOSITIONS:
        return None  # "…, said in a statement"
    speaker = _speaker_after(text, cue.end(), hi)
    if speaker is None:
        return None
    rest = text[speaker[1] : speaker[1] + _LOOK_AHEAD].lstrip()  # past ``hi``: “…” may follow
    after = _WORD.match(rest)
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
        return _subject(text, lo, clause.start())
    if clause:  # "Oskar Brenn, who runs the port, once said"
        paren = _PAREN_BEFORE.search(text, lo, clause.start())
        cue_at = paren.start() if paren else clause.start()
    speaker = _speaker_before(text, lo, cue_at)
    if speaker is not None and _document_object(text, lo, speaker[0], cue):
        subject = _subject(text, lo, speaker[0])  # X issued a statement saying “…”
        return subject if subject and _plausible(text, subject) else speaker
    if speaker is not None and not _object_of_preposition(text, lo, speaker[0]):
        return speaker
    if speaker is not None:  # "the officer at the scene said": the officer speaks
        return _subject(text, lo, cue_at) or speaker
    before = text[lo:cue_at].rstrip()
    if before.endswith((",", " and", " but")) or _participle(cue):
        return _subject(text, lo, cue_at)
    return None


def _document_object(text: str, lo: int, start: int, cue: re.Match[str]) -> bool:
    """ "X issued a statement saying", "X released an ad calling": the statement is what X
    put out (a verb's object, "a"/"an" and a lowercase verb before it), so X speaks."""
    if not cue.group().endswith("ing") or not text.startswith(("a ", "an "), start):
        return False
    before = _words(text, lo, start)
    if not before or not _joined(text, before[-1], _WORD.match(text, start) or before[-1]):
        return False
    verb = before[-1].group()
    return verb.islower() and verb not in _PREPOSITIONS | _NP_STOP | _DETERMINERS


def _participle(cue: re.Match[str]) -> bool:
    """The cue of a clause whose subject is elsewhere ("saying", "calling", "referring"),
    not a noun ("his warning that …", "the saying")."""
    if not cue.group().endswith("ing"):
        return False
    before = cue.string[max(0, cue.start() - 12) : cue.start()].split()
    return not before or before[-1].lower() not in _DETERMINERS


def _object_of_preposition(text: str, lo: int, start: int) -> bool:
    """The noun phrase starting at ``start`` follows a preposition ("marching through the
    streets", "on Facebook writing", "obtained by The AP warns"); a name after "with" or
    "according to" still speaks ("with Varga saying", "according to X, who said")."""
    before = [w.group().lower() for w in _words(text, lo, start)]
    if not before or before[-1] not in _PREPOSITIONS:
        return False
    if text[start : start + 1].islower():
        return True
    return before[-1] in _PLACE_PREPOSITIONS and before[-2:] != ["according", "to"]


def _subject(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The phrase a sentence opens with, after a dateline ("WASHINGTON (AP) — ") and an
    opening clause ("During X, Trump ...", "Hours later, Trump ...")."""
    dateline = _DATELINE.match(text, lo, hi)
    if dateline:
        lo = dateline.end()
    words = _words(text, lo, hi)
    while len(words) > 1 and words[0].group().lower() in _CONJUNCTIONS:
        lo = words[1].start()  # "And then Trump went on the attack, saying"
        words = words[1:]
    if words and _opens_clause(text, words):
        comma = text.find(",", lo, hi)
        if comma < 0:
            return None
        lo = _past_opener(text, comma + 1, hi)
    start = re.match(r"[\s,]*", text[lo:hi])
    return _speaker_after(text, lo + (start.end() if start else 0), hi)


def _opens_clause(text: str, words: list[re.Match[str]]) -> bool:
    """The sentence opens with an adverbial ("After the vote", "Hours later", "Still",
    "Speaking to reporters"), not with its subject."""
    first = words[0].group().lower()
    if first in _OPENERS or (
        first.endswith("ly") and text[words[0].end() : words[0].end() + 1] == ","
    ):
        return True
    if not first.endswith("ing") or len(first) < 6:
        return False  # "King said" is a name, "Speaking to" an opener
    after = text[words[0].end() : words[0].end() + 1]
    if after == "," or len(words) < 2:
        return after == ","
    nxt = words[1].group()  # "Taking it in, Trump said"; not "Manning said"
    return nxt.lower() in _PARTICIPLE_OBJECTS or (nxt.islower() and not _CUE.fullmatch(nxt))


def _past_opener(text: str, lo: int, hi: int) -> int:
    """Skip what still belongs to an opening clause after its first comma: a place's region
    ("In Salem, New Hampshire, Trump said") or a relative clause ("…, which hosts X, Bush")."""
    while True:
        place = _PLACE_BETWEEN_COMMAS.match(text, lo, hi)
        relative = _RELATIVE_BETWEEN_COMMAS.match(text, lo, hi)
        found = place or relative
        if found is None:
            return lo
        lo = found.end()


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
    pronoun = text[speaker[0] : speaker[1]].lower() in _PRONOUNS
    cue_text = " ".join(cue_text.split()).lower()
    return Attribution(speaker[0], speaker[1], cue_text, adjacent, pronoun)


def _words(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Words of ``text[lo:hi]`` as far as they run without punctuation between them."""
    return list(_WORD.finditer(text, lo, hi))


def _joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    return not text[a.end() : b.start()].strip() and "\n" not in text[a.end() : b.start()]


def _speaker_before(text: str, lo: int, cue_at: int) -> tuple[int, int] | None:
    """The speaker phrase that ends just before a cue word."""
    words = _words(text, lo, cue_at)
    if not words or text[words[-1].end() : cue_at].strip():
        return None
    i = len(words) - 1
    while (
        i > 0
        and words[i].group().lower() in _SKIP_BEFORE_CUE
        and _joined(text, words[i - 1], words[i])
    ):
        i -= 1
    last = words[i]
    word = last.group().rstrip(".")
    if word.lower() in _SKIP_BEFORE_CUE:
        return None
    if word.lower() in _PRONOUNS:
        return (last.start(), last.start() + len(word))
    first = i
    limit = _MAX_NAME_WORDS if word[:1].isupper() else _MAX_NP_WORDS
    while first > 0 and i - first < limit and _joined(text, words[first - 1], words[first]):
        prev = words[first - 1].group()
        if word[:1].isupper() and not (prev[:1].isupper() or prev.lower() in _NAME_GLUE):
            break
        if not word[:1].isupper() and words[first].group().lower() in _DETERMINERS:
            break
        if prev.lower() in _NP_STOP or _CUE.fullmatch(prev):
            break
        first -= 1
    return _clean_phrase(text, words, first, i)


def _clean_phrase(
    text: str, words: list[re.Match[str]], first: int, last: int
) -> tuple[int, int] | None:
    """Trim glue words and sentence openers from the ends of a speaker phrase."""
    while first <= last and words[first].group().lower() in _NOT_SPEAKER | {"of", "for"}:
        first += 1
    if first > last or (first == last and words[first].group().lower() in _DETERMINERS):
        return None  # "the" alone is no speaker ("said the reported bomber")
    if words[first].group().lower() in _PREPOSITIONS | _RELATIVES:
        return None  # "to Ukraine" is where, not who; "who reports" has its speaker before
    head = words[first].group()
    tail = words[last].group()
    if tail.lower() in _NP_STOP | _NOT_SPEAKER | _SKIP_BEFORE_CUE:
        return None
    if not tail[:1].isupper() and first != last and not _is_source_noun(tail):
        owner = head.endswith(("’s", "'s"))  # "Pakistan's top diplomat"
        if head.lower() not in _DETERMINERS and not owner:
            return None  # "Clinton before", "it seeks"
    named = tail[:1].isupper() and first != last  # "councillor Amir Haddad", "9/11 widow Jo Li"
    bare = head.lower() not in _DETERMINERS and not tail.endswith("s") and not named
    if not head[:1].isupper() and bare:
        return None  # a bare lowercase word ("world said") is no speaker; "officials" is
    end = words[last].end()
    if text[end - 1] == "." and len(tail) > 2 and "." not in tail[:-1]:
        end -= 1
    if text[end - 2 : end] in ("’s", "'s"):
        return None  # "Pakistan's said" is no speaker; a possessive starts a phrase, not ends one
    return (words[first].start(), end)


def _role_word(word: str) -> bool:
    return word.lower() in _ROLE_WORDS or (word.islower() and _is_source_noun(word))


def _role_before_name(text: str, words: list[re.Match[str]], i: int) -> int | None:
    """Where a lowercase role run from ``words[i]`` ends in a name ("presidential
    candidate Bernie"): the index of that name's first word, else ``None``."""
    j = i
    while j < len(words) and j - i < _MAX_ROLE_WORDS and _role_word(words[j].group()):
        if not _joined(text, words[j - 1], words[j]):
            return None
        j += 1
    if j == i or j >= len(words) or not words[j].group()[:1].isupper():
        return None
    return j if _joined(text, words[j - 1], words[j]) and j < _MAX_NAME_WORDS + 2 else None


def _speaker_after(text: str, cue_end: int, hi: int) -> tuple[int, int] | None:
    """The speaker phrase that starts just after a cue ("said the FO statement")."""
    words = _words(text, cue_end, hi)
    if not words or text[cue_end : words[0].start()].strip():
        return None
    head = words[0].group()
    if head.lower().rstrip(".") in _PRONOUNS:
        return (words[0].start(), words[0].start() + len(head.rstrip(".")))
    last = 0
    owner = head.endswith(("’s", "'s")) and head[:-2].lower() not in _CONTRACTED
    # "Rubio’s deputy campaign manager" is a noun phrase; "That’s why" is no owner
    name = head[:1].isupper() and head.lower() not in _DETERMINERS and not owner
    titled = head.lower() in _TITLE_DETERMINERS or head.endswith(("’s", "'s"))
    if titled and len(words) > 1 and words[1].group()[:1].isupper():
        return _titled_phrase(text, words)  # "The Democratic National Committee released"
    while (
        last + 1 < len(words)
        and last + 1 < _MAX_NAME_WORDS
        and _joined(text, words[last], words[last + 1])
    ):
        nxt = words[last + 1].group()
        if name and not (nxt[:1].isupper() or nxt.lower() in _NAME_GLUE - {"for"}):
            role_end = _role_before_name(text, words, last + 1)
            if role_end is None and _is_source_noun(nxt) and nxt.islower():
                last += 1  # "the Clinton campaign", "Partial transcript"
                break
            if role_end is None:
                break
            last = role_end  # "Democratic presidential candidate Bernie Sanders"
            continue
        named_on = nxt[:1].isupper() and words[last].group()[:1].isupper()
        if not name and (nxt.lower() in _NP_STOP | _SKIP_BEFORE_CUE or _verb_like(nxt, last)):
            break
        if not name and last + 1 >= _MAX_NP_WORDS and not named_on:
            break  # "Clinton’s top foreign policy aide Jake Sullivan" runs on to the name
        last += 1
    if name:
        while last > 0 and words[last].group().lower() in _NAME_GLUE:
            last -= 1
    else:
        last = _source_head(words, last)
    return _clean_phrase(text, words, 0, last)


def _verb_like(word: str, at: int) -> bool:
    """A past tense after a noun ("Trump’s VP revealed"), not an adjective after the
    determiner ("the reported bomber")."""
    return at >= 1 and word.islower() and word.endswith("ed")


def _titled_phrase(text: str, words: list[re.Match[str]]) -> tuple[int, int] | None:
    """ "The Democratic National Committee| released", "the White House press secretary",
    "The Slate technology columnist David Auerbach": after a determiner, capitalised and
    lowercase words up to a verb-like word ("-ed") or a stop word, cut after a source noun."""
    last = 0
    while last + 1 < min(len(words), _MAX_NAME_WORDS) and _joined(
        text, words[last], words[last + 1]
    ):
        nxt = words[last + 1].group()
        if nxt.islower() and (nxt.endswith("ed") or nxt in _NP_STOP | _PREPOSITIONS):
            break
        last += 1
    while last > 1 and words[last].group().lower() in _NAME_GLUE:
        last -= 1
    if not words[last].group()[:1].isupper() and not _is_source_noun(words[last].group()):
        cut = _source_head(words, last)
        named = [k for k in range(1, last) if words[k].group()[:1].isupper()]
        last = cut if cut != last else max(named, default=last)  # "… Auerbach| went"
    return _clean_phrase(text, words, 0, last)


def _source_head(words: list[re.Match[str]], last: int) -> int:
    """Where a noun phrase ends at its first run of source nouns ("His office| put out",
    "the campaign spokesman| told"), so the verb after it is not taken along."""

    def source(word: str) -> bool:
        return word.islower() and _is_source_noun(word)

    k = next((k for k in range(last + 1) if source(words[k].group())), None)
    if k is None:
        return last
    while k < last and source(words[k + 1].group()):
        k += 1
    after = words[k + 1].group() if k < last else ""
    if after[:1].isupper() or after in _KEEP_AFTER_SOURCE:
        return last  # "the economist Jared Bernstein", "the leader of the league"
    return k
