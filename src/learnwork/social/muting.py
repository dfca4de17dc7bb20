"""Muted words and phrases, as pure functions over plain text (no database).

A muted word matches whole words only, ignoring case: muting "cat" hides "Cat pictures" but not
"category". A phrase ("machine learning") matches its words in order with any whitespace between.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

MAX_WORD_LENGTH = 100
_SPACES = re.compile(r"\s+")


def normalise_word(raw: str) -> str:
    """The stored form of a muted word: NFKC, trimmed, single-spaced, lowercase.

    Returns "" for input that has nothing left; the caller decides what that means.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    return _SPACES.sub(" ", text).strip().lower()


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _fold(text: str) -> str:
    # casefold, not lower: "STRASSE" and "straße" are the same word to a reader.
    return unicodedata.normalize("NFKC", text).casefold()


def _word_pattern(word: str) -> str:
    parts = [re.escape(part) for part in _fold(word).split()]
    if not parts:
        return ""
    body = r"\s+".join(parts)
    # Boundaries only where the word itself starts or ends with a letter or digit, so "c++"
    # and "#python" still match, and muting "python" also hides "#python".
    start = r"(?<!\w)" if re.match(r"\w", parts[0]) else ""
    end = r"(?!\w)" if re.search(r"\w$", parts[-1]) else ""
    return f"{start}{body}{end}"


@lru_cache(maxsize=1024)
def _compiled(words: tuple[str, ...]) -> re.Pattern[str] | None:
    patterns = sorted({p for p in (_word_pattern(w) for w in words) if p})
    if not patterns:
        return None
    return re.compile("|".join(patterns))


def muted_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One compiled pattern for all `words` (cached), or None when there is nothing to match."""
    return _compiled(tuple(sorted(set(words))))


def text_is_muted(text: str, words: Iterable[str]) -> bool:
    """Whether `text` contains any of the muted `words` or phrases, as whole words."""
    if not text:
        return False
    pattern = muted_pattern(words)
    return pattern is not None and pattern.search(_fold(text)) is not None
