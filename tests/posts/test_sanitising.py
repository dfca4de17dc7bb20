"""Whatever Markdown and HTML a person posts, nothing in the stored HTML can run: no script, no
event-handler attribute, no javascript: link. Checked by parsing the output as a browser would."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from learnwork.posts import services
from learnwork.posts.errors import TextEmpty, TextTooLong
from tests.factories import UserFactory

from .html_checks import runnable

pytestmark = pytest.mark.django_db

ATTACKS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "<a href='JaVaScRiPt:alert(1)' onclick=alert(1)>x</a>", "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)>", "<body onload=alert(1)>", "<style>*{}</style>",
    "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](javascript&colon;alert(1))",
    "[x](  javascript:alert(1) )", "![img](javascript:alert(1))", "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)", "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<div onmouseover=\"alert(1)\">hover</div>", "<details open ontoggle=alert(1)>",
    "<math><mtext><script>alert(1)</script></mtext></math>", "<a href=\"&#x6A;avascript:x\">",
    "<form action=javascript:alert(1)><button>go</button></form>", "<!-- <script> -->",
    "<p title=\"\"><script>alert(1)</script>\">", "\"><script>alert(1)</script>",
    "``` html\n<script>alert(1)</script>\n```", "`<script>`", "<<script>script>alert(1)<</script>",
    "[a](https://ok.example \"title\" onclick=alert(1))", "<a href=https://ok.example>ok</a>",
]
MARKDOWN = ["**", "*", "_", "`", "```\n", "\n", "\n\n", "# ", "> ", "- ", "1. ", "|", "---",
            "[", "]", "(", ")", "<", ">", "\"", "'", "&", "#", ":", "=", " ", "\t", "\\"]

fragments = st.one_of(
    st.sampled_from(ATTACKS),
    st.sampled_from(MARKDOWN),
    st.text(max_size=20),
    st.text(alphabet="<>/=\"' :;&#abcdefghijklmnopqrstuvwxyzJS()[]!\t\n", max_size=30),
)
documents = st.lists(fragments, min_size=1, max_size=25).map("".join)


@pytest.fixture
def author(db):
    return UserFactory()


def _publish(author, body):
    try:
        return services.post_publish(author=author, body=body)
    except (TextEmpty, TextTooLong):
        return None


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=documents)
@example(body="".join(ATTACKS))
def test_nothing_posted_can_run(author, body):
    post = _publish(author, body)
    if post is not None:
        assert runnable(post.body_html) == [], (body, post.body_html)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=documents)
def test_nothing_commented_can_run(author, body):
    post = services.post_publish(author=author, body="A post to comment on.")
    try:
        comment = services.comment_add(author=author, post=post, body=body[:2000])
    except TextEmpty:
        return
    assert runnable(comment.body_html) == [], (body, comment.body_html)


def test_the_checker_itself_sees_what_would_run():
    assert runnable("<p>&lt;script&gt;</p>") == []
    assert runnable("<a href=\"https://x.example\">x</a>") == []
    assert runnable("<script>x</script>") == ["<script>"]
    assert runnable("<b onclick=x>") == ["b[onclick]"]
    assert runnable("<a href=\" java\tscript:x\">") != []
    assert runnable("<a href=\"&#106;avascript:x\">") != []


def test_safe_markdown_survives(author):
    post = services.post_publish(
        author=author,
        body="# Title\n\n**bold** *em* `code` [link](https://example.org)\n\n- a\n- b\n\n"
             "| x | y |\n|---|---|\n| 1 | 2 |")
    html = post.body_html
    for tag in ("<h3>", "<strong>", "<em>", "<code>", "<ul>", "<table>"):
        assert tag in html
    assert 'href="https://example.org"' in html and 'rel="nofollow noopener noreferrer ugc"' \
        in html
