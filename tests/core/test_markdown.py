from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from learnwork.core.markdown import render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil></iframe>",
    '<svg onload="alert(1)">',
    "![x](javascript:alert(1))",
    "<style>body{}</style>",
    '<div style="background:url(javascript:alert(1))">',
]


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "style", "svg", "object", "embed", "img", "form"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src"} and value is not None:
                scheme = "".join(value.split()).lower()
                if not scheme.startswith(("http://", "https://", "mailto:", "#", "/")):
                    self.problems.append(f"{tag}[{name}={value!r}]")


def _assert_safe(html: str) -> None:
    inspector = _Inspector()
    inspector.feed(html)
    assert inspector.problems == [], html


def test_basic_formatting_survives():
    html = render_markdown("# Title\n\n**bold** and *em* and `code`\n\n- a\n- b")
    assert "<h3>Title</h3>" in html
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert "<code>code</code>" in html and "<li>a</li>" in html


def test_links_get_safe_rel():
    html = render_markdown("[site](https://example.org)")
    assert 'href="https://example.org"' in html
    assert "nofollow" in html and "noopener" in html


def test_known_attacks_are_neutralised():
    for attack in HOSTILE:
        _assert_safe(render_markdown(attack))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)), max_size=8))
def test_no_script_survives_random_markdown(parts):
    _assert_safe(render_markdown(" ".join(parts)))
