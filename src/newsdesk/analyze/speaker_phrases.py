"""The phrases that can speak for a quote, found by light rules on words, no model.

A speaker is a pronoun, a run of capitalised words ("US Secretary of State Antony
Blinken", "Democratic presidential candidate Bernie Sanders"), a short noun phrase from a
determiner or an owner ("the FO statement", "Rubio’s deputy campaign manager"), cut after
its source noun ("His office| put out"), or a sentence's subject past a dateline and an
opening clause ("WASHINGTON (AP) — ", "Hours later, "). :mod:`newsdesk.analyze.speakers`
decides which phrase goes with which quote; this module only reads phrases.
"""

from __future__ import annotations

import re

from newsdesk.analyze.names import wordset

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

CUE = re.compile(
    r"(?<![-‐])\b(?:[Aa]ccording to|pointed out|went on|puts? it|(?:shot|fired) back|found(?= that)"
    r"|called (?:on|for)\b|called(?! off| in| up)|(?:" + "|".join(_CUE_WORDS.split()) + r"))\b"
)

WORD = re.compile(r"[A-Za-z0-9][\w’'./-]*|[A-Za-z]")

PRONOUNS = wordset("he she they it we i")

DETERMINERS = wordset("the a an his her its their our my your this another one several some")
_PRONOUN_CONTRACTION = re.compile(r"(?i)(he|she|it|they|we|i)[’'](?:s|re|ve|m)")

_SKIP_BEFORE_CUE = wordset(
    "also later then has had have would will previously once again further recently "
    "reportedly simply just finally earlier later separately has also had also is are been "
    "often usually always never"
)

_NAME_GLUE = wordset("of the de da van von bin al la du del for")

NP_STOP = wordset(
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

PREPOSITIONS = wordset(
    "in at on during after before to from with by via through across near outside inside "
    "behind beyond under over into onto about against among between"
)

_CONTRACTED = wordset("that it there here what who he she let where")  # "That’s", not owners

_TITLE_DETERMINERS = wordset("the his her its their our one")  # "the White House …"

_RELATIVES = wordset("who whom whose which")  # not "that": "That letter demanded"

_KEEP_AFTER_SOURCE = wordset("of for at from with in on")

_OPENERS = wordset(
    "during in at after before on when while as following despite for with from since "
    "speaking asked earlier later meanwhile but and so yet however outside inside like "
    "unlike alongside amid throughout within over until upon by still instead now then "
    "again last next hours days weeks months years moments minutes shortly soon once "
    "yesterday today tonight here there indeed across among between around behind beyond "
    "near toward towards against under"
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
    "member activist founder head chief columnist commentator piece story"
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

_MAX_NAME_WORDS = 7  # "US Secretary of State Antony J. Blinken"

_MAX_NP_WORDS = 6  # "the Pakistani foreign ministry spokesperson"


def plausible(text: str, span: tuple[int, int]) -> bool:
    """A phrase that can speak: a name ("Former US secretary of state Madeleine Albright")
    or one with a source noun ("The union’s complaint"), not "The number of ferries"."""
    words = word_matches(text, span[0], span[1])
    if len(words) == 1 and words[0].group().lower() in PRONOUNS - {"it", "we", "i"}:
        return True  # "He bemoaned …": resolved to a person later
    named = words[0].group()[:1].isupper() and words[-1].group()[:1].isupper()
    if named and len(words) == 1 and _common_word(text, words[0].group()):
        named = False  # "Questions linger", "It seems", "Indeed,": capitalised, no name
    return named or any(_is_source_noun(w.group()) for w in words)


def _common_word(text: str, word: str) -> bool:
    """The article also writes ``word`` in lower case, so it is a common word that a
    sentence start capitalised ("Boos", "Questions"), not a name ("Trump")."""
    lower = word.lower()
    return (
        lower in PRONOUNS
        or re.search(rf"(?<![\w’'-]){re.escape(lower)}(?![\w’'-])", text) is not None
    )


def _is_source_noun(word: str) -> bool:
    word = word.lower().rstrip(".")
    return word in _SOURCE_NOUNS or (word.endswith("s") and word[:-1] in _SOURCE_NOUNS)


def heads_clause(text: str, end: int, hi: int) -> bool:
    """The phrase ending at ``end`` is followed by its verb ("Rubio also bemoaned") or by a
    comma ("The complaint, which was filed Friday, alleged"), not by "of" or "and"."""
    rest = text[end:hi]
    if rest.lstrip().startswith(","):
        return True
    nxt = WORD.match(rest.lstrip())
    if nxt is None or not rest[:1].isspace():
        return False
    word = nxt.group()
    return word.islower() and word not in NP_STOP | PREPOSITIONS | _NAME_GLUE | {"or"}


def opening_subject(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The phrase a sentence opens with, after a dateline ("WASHINGTON (AP) — ") and an
    opening clause ("During X, Trump ...", "Hours later, Trump ...")."""
    dateline = _DATELINE.match(text, lo, hi)
    if dateline:
        lo = dateline.end()
    words = word_matches(text, lo, hi)
    while len(words) > 1 and words[0].group().lower() in _CONJUNCTIONS:
        lo = words[1].start()  # "And then Trump went on the attack, saying"
        words = words[1:]
    if words and _opens_clause(text, words):
        comma = text.find(",", lo, hi)
        if comma < 0:
            return None
        lo = _past_opener(text, comma + 1, hi)
    start = re.match(r"[\s,]*", text[lo:hi])
    return speaker_after(text, lo + (start.end() if start else 0), hi)


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
    return nxt.lower() in _PARTICIPLE_OBJECTS or (nxt.islower() and not CUE.fullmatch(nxt))


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


def word_matches(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Words of ``text[lo:hi]`` as far as they run without punctuation between them."""
    return list(WORD.finditer(text, lo, hi))


def joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    return not text[a.end() : b.start()].strip() and "\n" not in text[a.end() : b.start()]


def speaker_before(text: str, lo: int, cue_at: int) -> tuple[int, int] | None:
    """The speaker phrase that ends just before a cue word."""
    words = word_matches(text, lo, cue_at)
    if not words or text[words[-1].end() : cue_at].strip():
        return None
    i = len(words) - 1
    while (
        i > 0
        and words[i].group().lower() in _SKIP_BEFORE_CUE
        and joined(text, words[i - 1], words[i])
    ):
        i -= 1
    last = words[i]
    word = last.group().rstrip(".")
    if word.lower() in _SKIP_BEFORE_CUE:
        return None
    contracted = _PRONOUN_CONTRACTION.fullmatch(word)  # "He’s claiming", "They’re saying"
    if word.lower() in PRONOUNS or contracted:
        length = len(contracted.group(1)) if contracted else len(word)
        return (last.start(), last.start() + length)
    first = i
    limit = _MAX_NAME_WORDS if word[:1].isupper() else _MAX_NP_WORDS
    while first > 0 and i - first < limit and joined(text, words[first - 1], words[first]):
        prev = words[first - 1].group()
        if word[:1].isupper() and not (prev[:1].isupper() or prev.lower() in _NAME_GLUE):
            break
        if not word[:1].isupper() and words[first].group().lower() in DETERMINERS:
            break
        if prev.lower() in NP_STOP or CUE.fullmatch(prev):
            break
        first -= 1
    return _clean_phrase(text, words, first, i)


def _clean_phrase(
    text: str, words: list[re.Match[str]], first: int, last: int
) -> tuple[int, int] | None:
    """Trim glue words and sentence openers from the ends of a speaker phrase."""
    while first <= last and words[first].group().lower() in _NOT_SPEAKER | {"of", "for"}:
        first += 1
    if first > last or (first == last and words[first].group().lower() in DETERMINERS):
        return None  # "the" alone is no speaker ("said the reported bomber")
    if words[first].group().lower() in PREPOSITIONS | _RELATIVES:
        return None  # "to Ukraine" is where, not who; "who reports" has its speaker before
    head = words[first].group()
    tail = words[last].group()
    if tail.lower() in NP_STOP | _NOT_SPEAKER | _SKIP_BEFORE_CUE:
        return None
    if not tail[:1].isupper() and first != last and not _is_source_noun(tail):
        owner = head.endswith(("’s", "'s"))  # "Pakistan's top diplomat"
        if head.lower() not in DETERMINERS and not owner:
            return None  # "Clinton before", "it seeks"
    named = tail[:1].isupper() and first != last  # "councillor Amir Haddad", "9/11 widow Jo Li"
    bare = head.lower() not in DETERMINERS and not named
    bare = bare and not _is_source_noun(tail)  # "officials", "current party nominee"
    bare = bare and not (first != last and tail.endswith("s"))  # "some Democrats"
    if not head[:1].isupper() and bare:
        return None  # a bare lowercase word ("world said", "opposes") is no speaker
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
        if not joined(text, words[j - 1], words[j]):
            return None
        j += 1
    if j == i or j >= len(words) or not words[j].group()[:1].isupper():
        return None
    return j if joined(text, words[j - 1], words[j]) and j < _MAX_NAME_WORDS + 2 else None


def speaker_after(text: str, cue_end: int, hi: int) -> tuple[int, int] | None:
    """The speaker phrase that starts just after a cue ("said the FO statement")."""
    words = word_matches(text, cue_end, hi)
    if not words or text[cue_end : words[0].start()].strip():
        return None
    head = words[0].group()
    if head.lower().rstrip(".") in PRONOUNS:
        return (words[0].start(), words[0].start() + len(head.rstrip(".")))
    last = 0
    owner = head.endswith(("’s", "'s")) and head[:-2].lower() not in _CONTRACTED
    # "Rubio’s deputy campaign manager" is a noun phrase; "That’s why" is no owner
    name = head[:1].isupper() and head.lower() not in DETERMINERS and not owner
    titled = head.lower() in _TITLE_DETERMINERS or head.endswith(("’s", "'s"))
    if titled and len(words) > 1 and words[1].group()[:1].isupper():
        return _titled_phrase(text, words)  # "The Democratic National Committee released"
    while (
        last + 1 < len(words)
        and last + 1 < _MAX_NAME_WORDS
        and joined(text, words[last], words[last + 1])
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
        if not name and (nxt.lower() in NP_STOP | _SKIP_BEFORE_CUE or _verb_like(nxt, last)):
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
    while last + 1 < min(len(words), _MAX_NAME_WORDS) and joined(
        text, words[last], words[last + 1]
    ):
        nxt = words[last + 1].group()
        if nxt.islower() and (nxt.endswith("ed") or nxt in NP_STOP | PREPOSITIONS):
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
