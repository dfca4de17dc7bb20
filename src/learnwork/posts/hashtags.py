"""Hashtags, and the other parts of raw post text the pure scorers must look past (code, links).

Pure: no Django, so bait.py and substance.py can use it in benchmarks and tests without a database.

A hashtag is `#` followed by a word that contains a letter, at the start of the text or after a
character that is not a letter, digit, `&`, `/` or `#`. So `#rust` and `(#sql)` count, while
`C#`, `#1`, `&#39;`, `page#section` and Markdown headings (`# Title`) do not. Text inside code
(fenced blocks, indented blocks, `inline code`) never counts: `#include` is C, not a hashtag.
"""

from __future__ import annotations

import re

_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)", re.M | re.S)
_INDENTED = re.compile(r"(?:^(?: {4}|\t)[^\n]*(?:\n|$))+", re.M)
_INLINE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
HASHTAG = re.compile(r"(?<![\w&/#])#([^\W\d_][\w-]*|\d+[^\W\d_][\w-]*)")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]", re.I)
WORD = re.compile(r"[^\W_](?:[\w'’-]*\w)?")


def code_blocks(text: str) -> int:
    """How many fenced or indented code blocks `text` has."""
    return len(_FENCED.findall(text)) + len(_INDENTED.findall(_FENCED.sub("", text)))


def strip_blocks(text: str) -> str:
    """`text` without its fenced and indented code blocks (inline code stays)."""
    return _INDENTED.sub(" ", _FENCED.sub(" ", text))


def strip_code(text: str) -> str:
    """`text` without any code: each block and inline span becomes a single space."""
    return _INLINE.sub(" ", strip_blocks(text))


def strip_urls(text: str) -> str:
    return URL.sub(" ", text)


def extract_hashtags(text: str) -> list[str]:
    """The hashtags in `text`, lower-cased, without `#`, in order, each once."""
    return list(dict.fromkeys(
        tag.lower() for tag in HASHTAG.findall(strip_urls(strip_code(text)))))


def count_hashtags(text: str) -> int:
    """How many hashtags `text` uses, repeats included (stuffing is about volume)."""
    return len(HASHTAG.findall(strip_urls(strip_code(text))))


def words(text: str) -> list[str]:
    """The words of prose: code, links and hashtags removed."""
    prose = HASHTAG.sub(" ", strip_urls(strip_code(text)))
    return WORD.findall(prose)
