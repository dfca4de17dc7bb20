"""Substance and hashtags: pure functions of the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnwork.posts.hashtags import code_blocks, count_hashtags, extract_hashtags, words
from learnwork.posts.substance import substance

WORKED = (
    "Postgres picks a sequential scan because the table statistics are stale. For example, "
    "after a bulk load the planner still thinks the table is empty, which means every plan "
    "is built on the wrong row counts. Here's how to fix it:\n\n"
    "```sql\nANALYZE orders;\n```\n\n"
    "- check `pg_stat_user_tables.last_analyze`\n"
    "- lower `autovacuum_analyze_scale_factor` for big tables\n\n"
    "More in the docs: https://www.postgresql.org/docs/current/planner-stats.html"
)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("", 0.0, 0.0),
    ("🔥🔥🔥", 0.0, 0.0),
    ("https://example.org", 0.0, 0.06),
    ("Nice!", 0.0, 0.05),
    ("I finally got the hang of list comprehensions today.", 0.03, 0.15),
    (WORKED, 0.5, 1.0),
])
def test_substance_ranges(text, low, high):
    assert low <= substance(text) <= high


def test_more_explanation_means_more_substance():
    plain = "The median is the middle value of sorted data. " * 4
    explained = plain + "It matters because outliers do not move it, for example one huge salary."
    assert substance(explained) > substance(plain)


def test_length_has_diminishing_returns():
    sentence = "Indexes speed up reads and slow down writes a little. "
    short, medium, long = (substance(sentence * n) for n in (2, 20, 200))
    assert short < medium < long
    assert (long - medium) < (medium - short)


def test_structure_counts():
    prose = "Three things I check before merging a change to the billing service code."
    listed = prose + "\n\n- tests\n- migrations\n- logs"
    coded = listed + "\n\n```\nmake check\n```"
    assert substance(prose) < substance(listed) < substance(coded)


@given(st.text(max_size=3000))
def test_any_text_scores_in_range(text):
    assert 0.0 <= substance(text) <= 1.0


@pytest.mark.parametrize(("text", "tags"), [
    ("Learning #Rust and #rust again, plus #100DaysOfCode", ["rust", "100daysofcode"]),
    ("(#sql) and #data-engineering.", ["sql", "data-engineering"]),
    ("C# F# #1 page#anchor &#39; https://x.org/a#frag", []),
    ("# A heading\n\nBody", []),
    ("Code: `#notatag` and\n\n    #include <x>\n", []),
])
def test_hashtags_are_found_only_in_prose(text, tags):
    assert extract_hashtags(text) == tags


def test_count_includes_repeats():
    assert count_hashtags("#a #a #b") == 3


def test_words_skip_code_links_and_tags():
    assert words("Read `this` at https://x.org #now, it's good") == ["Read", "at", "it's", "good"]
    assert code_blocks("```\na\n```\n\ntext\n\n    indented\n") == 2
