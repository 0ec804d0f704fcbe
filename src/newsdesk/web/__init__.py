"""``newsdesk serve``: the local web app. Every HTML page has a JSON twin."""

from __future__ import annotations

from newsdesk.web.app import create_app

__all__ = ["create_app"]
