"""Bait detection: a pure function, tested without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnwork.posts.bait import (
    REASONS,
    BaitFeatures,
    bait_features,
    bait_reasons,
    bait_score,
    contributions,
)

LOW = 0.2
HIGH = 0.5

SUBSTANTIVE = {
    "technical explanation with a question": (
        "Why does Postgres ignore my index? Because the planner estimated that most rows "
        "match, and a sequential scan is cheaper then. After a bulk load the statistics are "
        "stale, so run ANALYZE on the table. For example, `ANALYZE orders;` fixed a query "
        "that went from 4 s to 20 ms for us. What changed? Only the row estimates."
    ),
    "two relevant hashtags": (
        "Spent the week moving our ETL jobs from cron to Airflow. The biggest win is retries "
        "with backoff: a flaky API no longer wakes anyone at night. The cost is one more "
        "service to run and learn. #dataengineering #airflow"
    ),
    "one link with real commentary": (
        "This write-up on B-tree page splits finally made the fill factor click for me: "
        "leaving free space on each page means inserts in the middle of the key range do "
        "not split pages as often, which is why the default is 90 and not 100. "
        "https://example.org/btree-fill-factor"
    ),
    "code with shouting keywords and C#": (
        "A query I use to find unused indexes:\n\n"
        "```sql\nSELECT RELNAME, INDEXRELNAME FROM PG_STAT_USER_INDEXES WHERE IDX_SCAN = 0;\n```\n"
        "\nIn C# the same check runs through `Npgsql`, #include nothing."
    ),
    "a list of steps": (
        "How I review a pull request:\n\n- read the description and the linked issue\n"
        "- run the tests locally\n- read the diff twice, once for intent and once for detail\n"
        "- leave questions, not orders\n\nThe second read is where most bugs turn up."
    ),
    "a short genuine question": "Has anyone measured the cost of pgbouncer in transaction "
                                "mode for a Django app with persistent connections?",
    "ordinary phrases that look like bait words": (
        "It looks like if the cache misses we recompute everything. I'd like this if statement "
        "simplified, so I wrote a test to tag two versions with git tag and compare them."
    ),
    "an acronym or two": "We moved the API from REST over HTTP to gRPC and the p99 latency "
                         "dropped by a third, mostly because of connection reuse.",
    "a happy announcement without the brag": (
        "I'm excited to share the notes from my talk on property-based testing: how hypothesis "
        "shrinks a failing input to the smallest example, and why that makes bugs obvious."
    ),
}

BAIT = {
    "comment YES": "Data science is the future of every job. Comment YES if you agree!",
    "like if": "Like if you think Python is the best first language.",
    "Agree?": "AI will replace junior developers within two years. Agree?",
    "thoughts and tag": "Remote work is over.\n\nThoughts?\n\nTag a friend who needs to hear it.",
    "broetry": (
        "I got rejected.\n\nThen rejected again.\n\nAnd again.\n\nI kept going.\n\n"
        "Today I start my dream job.\n\nNever give up.\n\nThat's it.\n\nThat's the post."
    ),
    "hashtag stuffing": (
        "Great day at the conference! #ai #ml #datascience #python #bigdata #cloud #tech "
        "#innovation #leadership #motivation"
    ),
    "humblebrag": "Humbled and honoured to announce that I have been named one of the top "
                  "100 voices in tech this year.",
    "clickbait": "You won't believe this one trick that nobody is talking about. "
                 "It will change your life. Read that again.",
    "bare link": "https://example.org/why-you-are-doing-it-wrong",
    "link with two words": "Must read 👇 https://example.org/10-secrets",
    "emoji string": "🔥🔥🔥🚀🚀💯",
    "shouting": "THIS IS THE MOST IMPORTANT THING YOU WILL READ TODAY ABOUT CAREERS",
    "follow for more": "Five habits of great engineers. Follow for more tips like this.",
    "repost": "Good managers listen. ♻️ Repost to help your network.",
}


@pytest.mark.parametrize("text", SUBSTANTIVE.values(), ids=SUBSTANTIVE.keys())
def test_substantive_posts_score_low(text):
    features = bait_features(text)
    assert bait_score(features) <= LOW, (features, contributions(features))
    assert bait_reasons(features) == []


@pytest.mark.parametrize("text", BAIT.values(), ids=BAIT.keys())
def test_bait_scores_high_and_says_why(text):
    features = bait_features(text)
    assert bait_score(features) >= HIGH, (features, contributions(features))
    reasons = bait_reasons(features)
    assert reasons and all(reason in REASONS.values() for reason in reasons)


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("Comment YES below", "engagement_request", 1),
    ("Like this if you agree. Share if you care. Tag someone.", "engagement_request", 3),
    ("Please comment out the debug line.", "engagement_request", 0),
    ("Reply to the thread with your numbers.", "engagement_request", 0),
    ("That is how it works. Agree?", "engagement_question", 1),
    ("Why does this work? Because of caching.", "engagement_question", 0),
    ("You'd expect O(1) here, right?", "engagement_question", 0),
    ("#a #b #c", "hashtag_count", 3),
    ("C# and F# are fine, see page#section and &#39;", "hashtag_count", 0),
    ("```\n#include <stdio.h>\n```", "hashtag_count", 0),
    ("Thrilled to announce my promotion", "humblebrag", 1),
    ("Unpopular opinion: tests are documentation. Let that sink in.", "clickbait", 2),
    ("", "word_count", 0),
])
def test_each_feature_counts_what_it_says(text, field, expected):
    assert getattr(bait_features(text), field) == expected


def test_link_only_falls_as_commentary_grows():
    bare = bait_features("https://example.org/a").link_only
    short = bait_features("Worth reading: https://example.org/a").link_only
    long = bait_features("https://example.org/a " + "explains the trade-offs well " * 5).link_only
    assert bare == 1.0 > short > long == 0.0
    assert bait_features("no link at all here").link_only == 0.0


def test_line_padding_needs_many_lines():
    three = "One.\nTwo.\nThree."
    assert bait_features(three).line_padding == 0.0
    lists = "\n".join(f"- item {i}" for i in range(10))
    assert bait_features(lists).line_padding == 0.0
    padded = "\n\n".join(f"Sentence {i}." for i in range(10))
    assert bait_features(padded).line_padding == 1.0


def test_emoji_share_and_shouting_are_shares():
    assert bait_features("🔥🔥").emoji_only == 1.0
    assert 0 < bait_features("Shipped it 🚀 after a long week of debugging").emoji_only < 0.1
    assert bait_features("NASA and ESA use SQL").shouting == 0.0  # too few words to judge


def test_score_combines_signals_and_stays_in_range():
    one = bait_score(BaitFeatures(clickbait=1))
    two = bait_score(BaitFeatures(clickbait=1, humblebrag=1))
    assert 0 < one < two <= 1
    assert bait_score(BaitFeatures()) == 0.0
    assert bait_score(BaitFeatures(engagement_request=50, clickbait=50, emoji_only=1.0)) == 1.0


def test_reasons_come_strongest_first():
    features = BaitFeatures(engagement_request=2, clickbait=1)
    assert bait_reasons(features)[:2] == [REASONS["engagement_request"], REASONS["clickbait"]]


@given(st.text(max_size=2000))
def test_any_text_gets_a_score_in_range(text):
    features = bait_features(text)
    assert 0.0 <= bait_score(features) <= 1.0
    assert isinstance(bait_reasons(features), list)
