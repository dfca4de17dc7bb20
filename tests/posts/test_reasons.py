"""'Why am I seeing this?' sentences, from plain facts (no database)."""

from __future__ import annotations

from django.utils import translation

from learnwork.posts.bait import REASONS
from learnwork.posts.reasons import GENERIC_BAIT, Facts, sentences


def test_a_followed_person():
    assert sentences(Facts(author_name="Ana", followed_person=True)) == ["You follow Ana"]


def test_a_person_followed_for_topics_names_the_topics():
    facts = Facts(author_name="Ana", topic_labels=["Python"])
    assert sentences(facts) == ["You follow Ana for Python"]
    many = Facts(author_name="Ana", topic_labels=["Python", "SQL", "statistics"])
    assert sentences(many)[0] == "You follow Ana for Python, SQL and more"


def test_a_followed_skill():
    assert sentences(Facts(author_name="Ana", followed_skill_labels=["statistics"])) == [
        "You follow the skill statistics"]
    assert sentences(Facts(author_name="Ana", followed_skill_labels=["SQL", "statistics"])) == [
        "You follow the skills SQL and statistics"]


def test_goal_discovery_says_the_author_is_new_and_why():
    facts = Facts(author_name="Ana", goal_discovery=True, goal_label="statistics",
                  goal_relation="same", learned_count=12, like_you_count=5,
                  like_you_goal="data analysis")
    assert sentences(facts) == [
        "New from someone you don't follow yet: others learning statistics learned from it",
        "12 people learned from this, 5 of them learning data analysis like you",
        "It matches your goal “statistics”",
    ]


def test_the_learning_signal_in_words():
    one = Facts(author_name="Ana", followed_person=True, learned_count=1)
    assert sentences(one)[1] == "1 person learned from this"
    all_like_you = Facts(author_name="Ana", followed_person=True, learned_count=2,
                         like_you_count=2, like_you_goal="SQL")
    assert sentences(all_like_you)[1] == "2 people learning SQL like you learned from this"
    nobody = Facts(author_name="Ana", followed_person=True)
    assert sentences(nobody) == ["You follow Ana"]


def test_goal_relations():
    base = {"author_name": "Ana", "followed_person": True, "goal_label": "statistics"}
    assert sentences(Facts(**base, goal_relation="same"))[1] == (
        "It matches your goal “statistics”")
    assert sentences(Facts(**base, goal_relation="narrower",
                           matched_skill_label="median"))[1] == (
        "It is about median, part of your goal “statistics”")
    assert sentences(Facts(**base, goal_relation="broader",
                           matched_skill_label="mathematics"))[1] == (
        "It is about mathematics, which takes in your goal “statistics”")


def test_bait_is_said_out_loud_and_comes_before_the_rest():
    facts = Facts(author_name="Ana", followed_person=True, learned_count=3,
                  goal_label="statistics", goal_relation="same",
                  bait_reasons=[REASONS["engagement_request"], REASONS["clickbait"]])
    found = sentences(facts)
    assert found == [
        "You follow Ana",
        "Ranked lower: asks for likes, comments or shares instead of saying something",
        "3 people learned from this",
        "It matches your goal “statistics”",
    ]
    assert sentences(Facts(author_name="Ana", followed_person=True,
                           bait_reasons=[GENERIC_BAIT]))[1] == (
        "Ranked lower: reads like engagement bait")


def test_never_more_than_four_and_never_none():
    facts = Facts(author_name="Ana", followed_person=True, topic_labels=["SQL"],
                  followed_skill_labels=["SQL"], learned_count=4, like_you_count=1,
                  like_you_goal="SQL", goal_label="SQL", goal_relation="same",
                  bait_reasons=[REASONS["clickbait"]])
    assert 1 <= len(sentences(facts)) <= 4
    assert sentences(Facts(author_name="Ana")) == ["From your follows"]


def test_sentences_follow_the_active_language():
    with translation.override("en"):
        assert sentences(Facts(author_name="Ana", followed_person=True)) == ["You follow Ana"]


def test_a_post_kept_for_being_new_says_so():
    facts = Facts(author_name="Ana", followed_person=True, kept_for_new=True,
                  goal_label="SQL", goal_relation="same")
    assert sentences(facts) == [
        "You follow Ana",
        "It is new: a few places a day are kept for new posts, before anyone has had time to "
        "learn from them",
        "It matches your goal “SQL”",
    ]
