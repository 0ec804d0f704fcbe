"""newsdesk: news articles from many outlets in; stories with faithful, cited briefs out.

>>> from newsdesk import Desk
>>> desk = Desk.open("news.db")            # or Desk.open(None) for a throwaway store
>>> report = desk.ingest_paths(["articles/"])
>>> story = desk.stories()[0]
>>> brief = desk.brief(story.id)           # summary with citations, quotes, timeline ...
"""

from newsdesk.errors import ConfigError, InputError, NewsdeskError, NotFoundError, StoreError
from newsdesk.model import (
    Article,
    IngestReport,
    Problem,
    RawArticle,
    Removed,
    Story,
    StoryChange,
    Storyline,
)
from newsdesk.pipeline import Desk

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "Desk",
    "IngestReport",
    "InputError",
    "NewsdeskError",
    "NotFoundError",
    "Problem",
    "RawArticle",
    "Removed",
    "StoreError",
    "Story",
    "StoryChange",
    "Storyline",
    "__version__",
]
