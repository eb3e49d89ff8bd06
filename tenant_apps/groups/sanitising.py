"""Rich text from people, made safe to show: an allow-list of tags and attributes (nh3).

Plain-text fields (names, titles) are stored as typed and escaped on output by Django's
templates and JSON; only fields that hold HTML pass through here.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def rich_text_clean(html: str) -> str:
    """Keep formatting, drop scripts, event handlers, styles and unsafe links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


INLINE_TAGS = {"strong", "em", "b", "i", "u", "s", "a", "code", "br"}
_BLOCK_END = re.compile(r"</(?:p|li|h2|h3|h4|blockquote|pre)\s*>|<hr\s*/?>", re.IGNORECASE)
_TRAILING_BREAKS = re.compile(r"(?:\s*<br>\s*)+$")


def rich_text_inline(html: str) -> str:
    """Rich text reduced to inline formatting, with line breaks where blocks ended: fit to
    go inside one paragraph (a site message), where block elements would be invalid."""
    flat = nh3.clean(
        _BLOCK_END.sub("<br>", html),
        tags=INLINE_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return _TRAILING_BREAKS.sub("", flat).strip()
