"""The streamed JSON digest is the same text as the document dumped at once."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from newsdesk import Desk
from newsdesk.views import digest_document, digest_json


def test_streamed_json_equals_the_whole_document() -> None:
    with Desk.open(None) as desk:
        empty = "".join(digest_json(desk))
        assert empty == json.dumps(digest_document(desk), ensure_ascii=False, indent=2)
        desk.ingest_paths([str(EXAMPLES / "corpus")])
        some = [s.id for s in desk.stories()][:3]
        for ids, brief in ((None, True), (some, False)):
            whole = digest_document(desk, ids, with_brief=brief)
            streamed = "".join(digest_json(desk, ids, with_brief=brief))
            assert streamed == json.dumps(whole, ensure_ascii=False, indent=2)
