"""The quote-mark regex the PolNeAR README uses as its local baseline (spans only, no speaker)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.evaluate.formats import QuoteCase
from newsdesk.evaluate.run import FoundQuote

MIN_QUOTE_CHARS = 20  # the README baseline's length cut: shorter quoted runs are titles, terms
_QUOTED = re.compile(rf"[\"“]([^\"“”]{{{MIN_QUOTE_CHARS},}}?)[\"”]")


def regex_quotes(case: QuoteCase) -> Sequence[FoundQuote]:
    """Text between quotation marks, at least ``MIN_QUOTE_CHARS`` long."""
    return [FoundQuote(m.start(1), m.end(1)) for m in _QUOTED.finditer(case.text)]
