"""A brief for people: Markdown, the rich terminal, and one self-contained HTML file."""

from newsdesk.render.html import brief_html, stories_html, stories_html_parts, storyline_html
from newsdesk.render.markdown import brief_markdown, storyline_markdown
from newsdesk.render.terminal import print_brief, print_storyline

__all__ = [
    "brief_html",
    "brief_markdown",
    "print_brief",
    "print_storyline",
    "stories_html",
    "stories_html_parts",
    "storyline_html",
    "storyline_markdown",
]
