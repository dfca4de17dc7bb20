"""Skill suggestions: the pure core over a small index, and the wrapper over the database."""

from __future__ import annotations

import uuid

import pytest

from learnwork.posts.suggest import PhraseIndex, phrases_for, stem, suggest, suggest_skills
from learnwork.skills.search import Concept, SearchIndex
from tests.skills.factories import SkillFactory


def concept(label, *alts, kind="knowledge"):
    return Concept(uuid.uuid4(), kind, label, tuple(alts))


PYTHON = concept("Python (computer programming)", "Python3", "Py3K")
ML = concept("machine learning", "ML")
LEARNING = concept("learning", kind="skill")
STATS = concept("statistics", "statistical science")
BUDGETS = concept("manage budgets", "budget management", kind="skill")
MUSIC = concept("teach music", kind="skill")
SERVICE = concept("customer service")
ICT = concept("information and communication technologies", "ICT", kind="group")
PLAN = concept("plan", kind="skill")
SQL = concept("SQL", "structured query language")
CSHARP = concept("C#")
INDEX = PhraseIndex([PYTHON, ML, LEARNING, STATS, BUDGETS, MUSIC, SERVICE, ICT, PLAN, SQL,
                     CSHARP])


def labels(text, **kwargs):
    return [s.label for s in suggest(INDEX, text, **kwargs)]


@pytest.mark.parametrize(("text", "expected"), [
    ("I wrote my first script in Python", "Python (computer programming)"),
    ("Py3K changed how strings work", "Python (computer programming)"),
    ("Notes on statistics for beginners", "statistics"),
    ("I have been managing budgets for a charity", "manage budgets"),
    ("Teaching music to kids on weekends", "teach music"),
    ("My statistcs homework", "statistics"),
    ("Good customer service starts with listening", "customer service"),
    ("Learning #sql the hard way", "SQL"),
    ("Async in C# is pleasant", "C#"),
])
def test_finds_labels_alt_labels_and_near_matches(text, expected):
    assert expected in labels(text)


def test_matched_phrase_is_quoted_as_written():
    hit = suggest(INDEX, "Lots of MANAGING BUDGETS lately.")[0]
    assert hit.label == "manage budgets"
    assert hit.matched_phrase == "MANAGING BUDGETS"
    assert hit.matched_label == "manage budgets"


def test_a_phrase_inside_a_longer_match_is_not_suggested():
    found = labels("An introduction to machine learning")
    assert "machine learning" in found and "learning" not in found
    assert "learning" in labels("Lifelong learning matters")


def test_ordinary_words_and_stray_letters_are_not_suggested():
    assert labels("We made a plan and it worked") == []
    assert labels("It is what it is") == []


def test_phrases_do_not_cross_sentences_or_commas():
    assert "teach music" not in labels("I teach. Music is my hobby")
    assert "teach music" not in labels("I teach, music aside")


def test_more_specific_and_repeated_mentions_rank_higher():
    ranked = labels("Python, and machine learning, and more machine learning in Python")
    assert ranked[0] == "machine learning"
    hashtag = suggest(INDEX, "Weekend reading: #statistics and also Python")
    assert hashtag[0].label == "statistics"


def test_groups_rank_below_skills():
    ranked = labels("ICT budget: managing budgets for ICT")
    assert ranked.index("manage budgets") < ranked.index(
        "information and communication technologies")


def test_limit_and_exclude():
    text = "Python, statistics, SQL, machine learning, customer service and C#"
    assert len(labels(text, limit=5)) == 5
    assert len(labels(text, limit=2)) == 2
    assert "statistics" not in labels(text, limit=10, exclude=[STATS.id])


def test_empty_and_odd_text():
    assert suggest(INDEX, "") == []
    assert suggest(INDEX, "```\n\n```\n👋 <script>") == []
    assert suggest(INDEX, "https://python.org/statistics") == []  # links are not prose


@pytest.mark.parametrize(("word", "expected"), [
    ("managing", "manag"), ("manage", "manag"), ("managed", "manag"), ("budgets", "budget"),
    ("studies", "study"), ("class", "class"), ("sql", "sql"),
])
def test_stem(word, expected):
    assert stem(word) == expected


def test_the_phrase_index_is_built_once_per_search_index():
    search_index = SearchIndex([PYTHON, STATS])
    assert phrases_for(search_index) is phrases_for(search_index)


@pytest.mark.django_db
def test_wrapper_reads_the_current_taxonomy():
    skill = SkillFactory(label="data analysis", alt_labels="analysing data")
    found = suggest_skills(text="A week of analysing data in spreadsheets")
    assert [(s.skill_id, s.matched_phrase) for s in found] == [(skill.pk, "analysing data")]
    assert suggest_skills(text="   ") == []
