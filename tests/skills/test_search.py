"""The search index as a pure function: no database."""

from __future__ import annotations

import uuid

import pytest

from learnwork.skills.search import Concept, SearchIndex, tokenize


def concept(label: str, *alts: str, kind: str = "skill") -> Concept:
    return Concept(uuid.uuid5(uuid.NAMESPACE_DNS, label), kind, label, alts)


CONCEPTS = [
    concept("Python (computer programming)", "Python3", "Python", "Py3K", kind="knowledge"),
    concept("computer programming", "programming", "coding", kind="knowledge"),
    concept("statistics", "statistical science", kind="knowledge"),
    concept("medical statistics", kind="knowledge"),
    concept("statistical quality control", kind="knowledge"),
    concept("phytotherapy", kind="knowledge"),
    concept("use spreadsheets software", "Microsoft Office Excel", "spreadsheets"),
    concept("customer service", "client service"),
    concept("manage musical staff", "manage music staff"),
    concept("perform data analysis", "analyse data"),
    concept("data analytics", kind="knowledge"),
    concept("C++", kind="knowledge"),
    concept("Électricité", kind="knowledge"),
    concept("teach dance"),
    concept("teach teaching principles"),
    concept("information and communication technologies", kind="group"),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(CONCEPTS)


def labels(index: SearchIndex, query: str, **kwargs) -> list[str]:
    return [hit.label for hit in index.search(query, **kwargs)]


@pytest.mark.parametrize("query", [
    "pyhton programing", "programming python", "PYTHON", "python (computer",
    "Computer Programming Python", "pytho",
])
def test_typos_word_order_case_and_prefix_find_python(index, query):
    assert labels(index, query)[0] == "Python (computer programming)"


def test_single_typo_finds_statistics_first(index):
    assert labels(index, "statistcs")[0] == "statistics"


@pytest.mark.parametrize(("query", "first"), [
    ("stat", "statistics"),
    ("statis", "statistics"),
    ("cust", "customer service"),
    ("customer ser", "customer service"),
    ("data an", "data analytics"),
    ("teach", "teach dance"),
    ("c++", "C++"),
    ("electricite", "Électricité"),
])
def test_prefix_of_the_word_being_typed(index, query, first):
    assert labels(index, query)[0] == first


def test_alt_label_match_reports_which_alt(index):
    hit = index.search("excel")[0]
    assert hit.label == "use spreadsheets software"
    assert hit.matched_alt_label == "Microsoft Office Excel"
    assert index.search("py3k")[0].matched_alt_label == "Py3K"


def test_preferred_label_ranks_above_alt_label_and_hides_the_alt(index):
    hits = index.search("programming")
    assert [h.label for h in hits[:2]] == ["computer programming",
                                           "Python (computer programming)"]
    # "programming" is also an alternative label of the first; the preferred match wins.
    assert hits[0].matched_alt_label is None


def test_exact_and_prefix_rank_above_fuzzy(index):
    # "statistical" is two edits from "statistics": found, but after every exact match.
    assert labels(index, "statistics ") == ["statistics", "medical statistics",
                                            "statistical quality control"]
    # While typing, "pyth" is a prefix of python; "phyto" is only a typo away.
    assert labels(index, "pytho")[0] == "Python (computer programming)"


def test_shorter_labels_are_preferred_among_equals(index):
    assert labels(index, "statistics")[0] == "statistics"


def test_stop_words_do_not_narrow(index):
    assert labels(index, "management of musical staff ")[0] == "manage musical staff"
    assert labels(index, "customer of service ")[0] == "customer service"


def test_each_concept_appears_once(index):
    ids = [hit.skill_id for hit in index.search("python")]
    assert len(ids) == len(set(ids))


def test_kinds_filter_and_limit(index):
    assert labels(index, "information", kinds={"group"}) == [
        "information and communication technologies"]
    assert labels(index, "information", kinds={"skill"}) == []
    assert len(index.search("s", limit=3)) == 3


@pytest.mark.parametrize("query", ["", "   ", "!!!", "zzzzzzzz"])
def test_nothing_to_find(index, query):
    assert index.search(query) == []


def test_any_word_is_enough_when_no_label_has_all(index):
    assert labels(index, "python zebra ")[0] == "Python (computer programming)"


def test_tokenize_folds_case_and_accents_and_keeps_symbols():
    assert tokenize("Électricité C++ and C#, (Py3K)") == ["electricite", "c++", "and", "c#",
                                                         "py3k"]
