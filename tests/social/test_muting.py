"""Muted words: pure functions, no database."""

from __future__ import annotations

import pytest

from learnwork.social.muting import (
    has_control_characters,
    muted_pattern,
    normalise_word,
    text_is_muted,
)


@pytest.mark.parametrize(("raw", "stored"), [
    ("  Crypto ", "crypto"),
    ("Machine   Learning", "machine learning"),
    ("\tHOT\ntake ", "hot take"),
    ("Ｆｕｌｌwidth", "fullwidth"),  # NFKC folds compatibility forms
    ("   ", ""),
    ("", ""),
])
def test_normalise_word(raw, stored):
    assert normalise_word(raw) == stored


@pytest.mark.parametrize(("text", "muted"), [
    ("Crypto is the future", True),
    ("I love CRYPTO.", True),
    ("(crypto)", True),
    ("#crypto", True),
    ("cryptography is maths", False),
    ("cryptocurrency", False),
    ("a cryptic clue", False),
])
def test_whole_words_only_any_case(text, muted):
    assert text_is_muted(text, ["crypto"]) is muted


def test_phrases_match_words_in_order_across_whitespace():
    words = ["machine learning"]
    assert text_is_muted("All about Machine\n  Learning today", words)
    assert not text_is_muted("learning machine", words)
    assert not text_is_muted("machine learnings", words)
    assert not text_is_muted("machine", words)


def test_words_with_punctuation_and_non_ascii():
    assert text_is_muted("Modern C++ tips", ["c++"])
    assert text_is_muted("Learning #python fast", ["#python"])
    assert not text_is_muted("a#pythonic idea", ["python"])
    assert text_is_muted("Die STRASSE ist lang", ["straße"])
    assert text_is_muted("Café culture", ["café"])
    assert not text_is_muted("cafés", ["café"])


def test_regex_characters_are_literal():
    assert not text_is_muted("aaa", ["a.a"])
    assert text_is_muted("see a.a now", ["a.a"])
    assert not text_is_muted("anything", ["(.*)"])


def test_nothing_muted_matches_nothing():
    assert not text_is_muted("anything at all", [])
    assert not text_is_muted("", ["word"])
    assert muted_pattern([]) is None
    assert muted_pattern(["   "]) is None


def test_any_of_several_words():
    words = ["spoiler", "hot take", "crypto"]
    assert text_is_muted("my HOT TAKE on joins", words)
    assert text_is_muted("no spoilers here, one spoiler there", words)
    assert not text_is_muted("a calm post on SQL joins", words)
    # The compiled pattern is shared, whatever order the words come in.
    assert muted_pattern(words) is muted_pattern(list(reversed(words)))


def test_control_characters_are_detected():
    assert has_control_characters("a\x00b")
    assert not has_control_characters("plain words")
