"""A brief for people: Markdown, the rich terminal, and one self-contained HTML file."""

from newsdesk.render.html import brief_html, stories_html, stories_html_parts
from newsdesk.render.markdown import brief_markdown
from newsdesk.render.terminal import print_brief

__all__ = ["brief_html", "brief_markdown", "print_brief", "stories_html", "stories_html_parts"]
