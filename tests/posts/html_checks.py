"""What a browser would run in a piece of HTML: parsed the way a browser tokenises it, so text
that merely looks like markup (escaped as &lt;script&gt;) does not count."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SCHEME_NOISE = re.compile(r"[\x00-\x20]")
RUNNABLE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "link",
                 "meta", "base", "form", "input", "button", "video", "audio", "source"}


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RUNNABLE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                # Browsers ignore control characters and spaces inside a scheme: "java\tscript:".
                url = _SCHEME_NOISE.sub("", (value or "")).lower()
                if url.startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"{tag}[{name}={value!r}]")

    handle_startendtag = handle_starttag


def runnable(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.problems
