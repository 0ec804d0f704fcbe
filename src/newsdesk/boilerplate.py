"""Line rules for boilerplate: what a scraped page prints that is not the article.

Every rule matches a *whole line* (anchored), and only short lines are tested at all
(:data:`MAX_BOILERPLATE_WORDS`): a missed ad line is better than a lost sentence.
:func:`line_reason` says why a line is boilerplate, or ``None``; position-dependent rules
(headline, dateline, byline, section labels) live in :mod:`newsdesk.clean`.
"""

from __future__ import annotations

import re

MAX_BOILERPLATE_WORDS = 25  # page furniture is short; a longer line is article text
MAX_CAPTION_WORDS = 40  # a caption ending in an explicit photo marker may run longer
MAX_SECTION_LABEL_WORDS = 4  # "Asia Pakistan", "World Middle East": a label, not a headline

_I = re.IGNORECASE


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for readable word lists)."""
    return frozenset(text.split())


_END = r"[\s.!:…>»›|-]*$"  # trailing punctuation and arrows that prompts end with

# (reason, pattern) in the order they are tried; the first match names the reason.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Ad slots leave their label behind as a line of its own.
    (
        "advertisement",
        re.compile(
            r"^(?:advertisements?|advert|ad|ads|sponsored(?: content| links?)?|promoted"
            r"|(?:story|article) continues (?:below|after (?:the )?advertisement)"
            r"|continue reading (?:below|the main story)|scroll (?:down )?to continue"
            r"(?: with content)?|-+\s*advertisement\s*-+)" + _END,
            _I,
        ),
    ),
    # Paywall and registration walls: the prompts, and the modal's buttons.
    (
        "paywall prompt",
        re.compile(
            r"^(?:please (?:register|sign in|sign up|log ?in|subscribe)"
            r"(?: now| today| here| for free)?(?:(?: or \w+(?: \w+)?)? (?:to|for)"
            r" (?:access|read|continue reading|view|unlock|enjoy|keep reading)"
            r"(?: (?:this|the|our|full|more|all|premium|unlimited))*"
            r"(?: (?:content|article|articles|story|stories|page|site|access|journalism))?)?"
            # "to keep reading the stories you like, log in or make an account ..."
            r"|to (?:continue|keep) (?:reading|viewing|watching)\b[^.!?]{0,80}?[,.]?\s*"
            r"(?:please |you (?:must|need to|will need to) )?(?:sign in|sign up|log ?in"
            r"|register|subscribe|create (?:a |an |your )?(?:free |new )?account)\b[^.!?]{0,60}"
            r"|this (?:content|article|story|page) is (?:only )?(?:available )?"
            r"(?:for|to|reserved for|exclusive to) (?:our )?(?:paying |premium |registered )?"
            r"(?:subscribers|members|users)(?: only)?"
            r"|(?:subscribe|sign in|log ?in|register) (?:now |today )?"
            r"to (?:continue|read|unlock)\b.{0,80}"
            r"|already (?:a subscriber|a member|have an account)\??.{0,60}"
            r"|you have reached (?:your|the) (?:limit|maximum)\b.{0,80}"
            r"|create (?:a free |an |your )?account"
            r"|(?:sign in|log ?in|register|subscribe)(?: now| today| here)?)" + _END,
            _I,
        ),
    ),
    # Buttons of cookie banners and modals, left behind as one-word lines.
    (
        "interface text",
        re.compile(
            r"^(?:dismiss|close|skip(?: ad)?|accept(?: all)?(?: cookies)?|got it|no thanks"
            r"|loading|load more|show more|back to top|menu|search|toggle navigation)" + _END,
            _I,
        ),
    ),
    # Teasers for other articles: "Reading: ...", "read also: ...", "ALSO READ | ...".
    (
        "teaser",
        re.compile(
            r"^(?:read also|also read|read more|must read|see also|also see|also watch"
            r"|watch also|related|recommended|more on this)\s*[:|»>–—-]\s*\S.*$"
            # bare verbs could start a quoted sentence, so only a headline (no full stop) follows
            r"|^(?:reading|read|watch|listen)\s*[:|»>]\s*\S.*[^.]$",
            _I,
        ),
    ),
    # Headings of link lists and comment boxes at the end of pages.
    (
        "related links",
        re.compile(
            r"^(?:related(?: articles| stories| news| posts| content| coverage| topics)?"
            r"|more (?:stories|news|articles)(?: from .{1,40})?|recommended(?: for you)?"
            r"|you (?:may|might) also (?:like|be interested in)|trending(?: now)?"
            r"|most (?:read|popular|viewed|shared)|top stories|latest (?:news|stories)"
            r"|read more|see also|also read|in other news|editor'?s picks)" + _END,
            _I,
        ),
    ),
    (
        "comments prompt",
        re.compile(
            r"^(?:leave a (?:comment|reply)|post a comment|add a comment|\d+ comments?"
            r"|comments?(?: \(\d+\))?|show comments|view comments"
            r"|join the (?:conversation|discussion)"
            r"|be the first to comment)" + _END,
            _I,
        ),
    ),
    # Image credits: "Image Credit: Supplied", "Photo: Reuters", "(Photo by X/AFP)".
    (
        "image credit",
        re.compile(
            r"^[(\[]?(?:image|photo|picture|photograph|pic|video|graphic|illustration)s?"
            r"(?: credits?| courtesy| source)?\s*(?::\s*\S.{0,80}|\s+by\s+(?-i:[A-Z])[^.]{0,50})$"
            r"|^(?:credits?|courtesy)\s*:\s*\S.{0,60}$",
            _I,
        ),
    ),
    # Share, follow and newsletter prompts.
    (
        "share prompt",
        re.compile(
            r"^(?:share(?: this| the)?(?: article| story| post| page)?"
            r"(?:(?: on| via| with|,)? (?:facebook|twitter|x|whatsapp|linkedin|e-?mail|reddit"
            r"|telegram|pinterest|social media|your friends))*"
            r"|copy link|email this|print(?: this)?(?: article| page)?"
            r"|tweet(?: this)?|click (?:here )?to (?:share|tweet|email|print)\b.{0,40}"
            r"|follow (?:us|@\w+|\w+(?: \w+)?) on (?:facebook|twitter|x|instagram|whatsapp|telegram"
            r"|linkedin|youtube|tiktok|google news)\b.{0,40}"
            r"|like us on facebook|join (?:us|our .{1,30}) on .{1,30}"
            r"|(?:subscribe|sign up) (?:to|for) (?:our|the) .{0,40}"
            r"(?:newsletter|channel|alerts|podcast).{0,40}"
            r"|get (?:the latest|our) .{0,40}(?:newsletter|in your inbox|alerts).{0,40})" + _END,
            _I,
        ),
    ),
)

# A crumb trail: "Home Latest News ...", "Home > World > Asia", "News | World | Asia".
_CRUMB_HOME = re.compile(
    r"^home\s*(?:[>›»/|:]\s*)?(?:latest(?: news)?|news|world|top stories|national|business"
    r"|sports?|opinion|politics|region|international|local|pakistan|india|asia)\b",
    _I,
)
_CRUMB_SEPARATED = re.compile(r"^[^.!?]{1,40}(?:\s*[›»>]\s*[^.!?›»>]{1,40}){2,}$")

# Photo captions that say what they are, by how they end: "... the mayor. File photos",
# "... (Photo: AFP)", "... Photo: Reuters", "... AFP/File". The credit after "Photo:" must be
# a short name without a full stop, and "File photo" must follow a full stop or a dash,
# so a sentence that mentions photos ("... released a file photo.") never matches.
_CAPTION = re.compile(
    r"(?:^|[.|–—-]\s*)(?-i:File) (?:photos?|pictures?|images?)\.?$"
    r"|[(\[](?:file\s+)?(?:photos?|pictures?|images?)(?:\s*(?::|by)\s*[^()\[\].]{1,60})?[)\]]\.?$"
    r"|(?:^|[.!?]\s+|\s[|–—-]\s*)(?-i:Photos?|Pictures?|Images?)\s*:\s*(?-i:[A-Z])[\w&'’ /-]{0,40}$"
    r"|(?:^|\s)(?-i:[A-Z]{2,})/file$",
    _I,
)

_CAPTION_MARKERS = ("photo", "picture", "image", "/file")
_CAPTION_TAIL = 110  # a marker plus its credit fits in this many final characters

_SOCIAL_WORDS = words(
    "facebook twitter x whatsapp linkedin email e-mail print pinterest reddit telegram "
    "messenger copy link share tumblr instagram youtube tiktok"
)
_WORD = re.compile(r"[\w'’.-]+")


def word_count(line: str) -> int:
    """Whitespace-separated words in ``line``."""
    return len(line.split())


def line_reason(line: str) -> str | None:
    """Why ``line`` (stripped, non-blank) is boilerplate wherever it appears, or ``None``."""
    words = word_count(line)
    if words > MAX_CAPTION_WORDS:
        return None
    if is_caption(line):
        return "photo caption"
    if words > MAX_BOILERPLATE_WORDS:
        return None
    for reason, pattern in _RULES:
        if pattern.match(line):
            return reason
    if _is_crumb(line):
        return "navigation"
    if _is_share_bar(line):
        return "share prompt"
    return None


def is_caption(line: str) -> bool:
    """Whether ``line`` ends with an explicit photo marker ("File photos", "(Photo: AFP)")."""
    tail = line[-_CAPTION_TAIL:].lower()
    if not any(marker in tail for marker in _CAPTION_MARKERS):
        return False  # cheap pre-check: the regex below scans the whole line
    return _CAPTION.search(line) is not None


def _ends_sentence(line: str) -> bool:
    return line.rstrip("\"'”’)]").endswith((".", "!", "?", "…"))


def _is_crumb(line: str) -> bool:
    if _ends_sentence(line):
        return False  # a crumb trail never ends like a sentence
    return bool(_CRUMB_HOME.match(line) or _CRUMB_SEPARATED.match(line))


def _is_share_bar(line: str) -> bool:
    """A row of social network names: "Facebook Twitter WhatsApp Email"."""
    if line.split(maxsplit=1)[0].lower().strip(".|") not in _SOCIAL_WORDS:
        return False
    if _ends_sentence(line):
        return False
    tokens = [t.lower().strip(".|") for t in _WORD.findall(line)]
    tokens = [t for t in tokens if t]
    return len(tokens) >= 2 and all(t in _SOCIAL_WORDS for t in tokens)


# Words a section label is made of ("Asia Pakistan", "World Middle East", "News Gulf UAE").
_SECTIONS = words(
    """news latest world home region regions national international local nation metro city
    business economy markets money politics opinion opinions editorial editorials analysis
    sport sports cricket football tech technology science health entertainment culture arts
    lifestyle life travel environment climate education features feature video videos photos
    multimedia breaking asia europe africa americas america oceania pacific gulf
    subcontinent"""
) | frozenset(
    ("middle east", "south asia", "east asia", "southeast asia", "central asia", "latin america",
     "north america", "arab world", "top stories", "breaking news", "latest news")
)  # fmt: skip
_COUNTRIES = words(
    """afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bhutan bolivia bosnia brazil bulgaria cambodia cameroon canada
    chile china colombia congo croatia cuba cyprus czechia denmark egypt eritrea estonia
    ethiopia finland france georgia germany ghana greece guatemala haiti hungary iceland india
    indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya kosovo kuwait
    kyrgyzstan laos latvia lebanon libya lithuania malaysia maldives mali mexico moldova
    mongolia morocco mozambique myanmar nepal netherlands nigeria norway oman pakistan
    palestine panama peru philippines poland portugal qatar romania russia rwanda serbia
    singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan
    tanzania thailand tunisia turkey turkiye turkmenistan uganda ukraine uruguay uzbekistan
    venezuela vietnam yemen zambia zimbabwe uae uk us usa eu un gcc kashmir"""
) | frozenset(
    ("united states", "united kingdom", "saudi arabia", "new zealand", "south africa",
     "south korea", "north korea", "sri lanka", "hong kong", "united arab emirates")
)  # fmt: skip
_LABEL_WORDS = _SECTIONS | _COUNTRIES
_MAX_PHRASE_WORDS = 3  # the longest entry above ("united arab emirates")


def is_section_label(line: str) -> bool:
    """Whether ``line`` is only section and region names: "Asia Pakistan", "World | Gulf"."""
    tokens = [t for t in re.split(r"[\s|/›»>,]+", line) if t]
    if not 1 <= len(tokens) <= MAX_SECTION_LABEL_WORDS:
        return False
    if not all(t[0].isupper() for t in tokens):
        return False
    words = [t.lower() for t in tokens]
    at = 0
    while at < len(words):
        for size in range(min(_MAX_PHRASE_WORDS, len(words) - at), 0, -1):
            if " ".join(words[at : at + size]) in _LABEL_WORDS:
                at += size
                break
        else:
            return False
    return True
