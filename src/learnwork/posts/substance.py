"""How much a post has to teach, from its text alone: a pure function, 0 (nothing) to 1.

`substance(text)` is a weighted sum of three parts, each in [0, 1]:

- length (weight 0.55): prose words (code, links and hashtags not counted) with diminishing
  returns, `1 - exp(-words / 120)`: 20 words ≈ 0.15, 60 ≈ 0.39, 120 ≈ 0.63, 300 ≈ 0.92.
  Twice as long is not twice as useful, and a wall of text gains little over a page.
- structure (weight 0.25): a code block (0.4), inline code (0.15), a list of two or more items
  (0.25), a link (0.15: a source to follow), a heading, a table or a quote (0.1 each); capped
  at 1. Structure is what someone did to make a thing easier to follow.
- explanation (weight 0.2): distinct explanation markers ("because", "for example", "e.g.",
  "here's how", "which means", "the reason", "in other words", "instead of", "the difference
  between", "step 1", "I learned", "TIL", "turns out", "so that", "trade-off"...), with
  diminishing returns `1 - exp(-markers / 2)`: one ≈ 0.39, three ≈ 0.78.

Bait is not subtracted here: `bait.py` measures that, and ranking combines the two.
"""

from __future__ import annotations

import math
import re

from learnwork.posts.hashtags import URL, code_blocks, strip_blocks, strip_code, words

LENGTH_WEIGHT = 0.55
STRUCTURE_WEIGHT = 0.25
EXPLANATION_WEIGHT = 0.2
WORDS_SCALE = 120.0
MARKERS_SCALE = 2.0

_INLINE_CODE = re.compile(r"(?<!`)`[^`\n]+`(?!`)")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S", re.M)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S", re.M)
_TABLE = re.compile(r"^\s*\|?.*\|.*\n\s*\|?\s*:?-{3,}", re.M)
_QUOTE = re.compile(r"^\s{0,3}>\s*\S", re.M)

_MARKERS = [re.compile(p, re.I) for p in (
    r"\bbecause\b",
    r"\bfor\s+(?:example|instance)\b",
    r"\be\.g\.",
    r"\bi\.e\.",
    r"\bhere'?s\s+(?:how|why|what)\b",
    r"\bthis\s+(?:means|is\s+why)\b",
    r"\bwhich\s+means\b",
    r"\bthe\s+reason\b",
    r"\bin\s+other\s+words\b",
    r"\binstead\s+of\b",
    r"\bthe\s+difference\s+between\b",
    r"\bstep\s+(?:1|one)\b",
    r"\bi\s+learned\b",
    r"\btil\b",
    r"\bturns\s+out\b",
    r"\bso\s+that\b",
    r"\btrade-?offs?\b",
    r"\bunder\s+the\s+hood\b",
    r"\bhow\s+(?:to|it\s+works)\b",
    r"\bwhy\b",
    r"\bcompared\s+(?:to|with)\b",
    r"\bthe\s+fix\b|\bthe\s+solution\b",
)]


def _structure(text: str, prose: str) -> float:
    score = 0.0
    if code_blocks(text):
        score += 0.4
    if _INLINE_CODE.search(prose):
        score += 0.15
    if len(_LIST_ITEM.findall(prose)) >= 2:
        score += 0.25
    if URL.search(prose) or _MD_LINK.search(prose):
        score += 0.15
    for pattern in (_HEADING, _TABLE, _QUOTE):
        if pattern.search(prose):
            score += 0.1
    return min(1.0, score)


def substance(text: str) -> float:
    """0 (nothing to learn from) to 1 (a worked explanation). Never raises."""
    text = text or ""
    # Inline code counts as structure, so structure is read before inline code is removed.
    prose = strip_blocks(text)
    length = 1 - math.exp(-len(words(text)) / WORDS_SCALE)
    plain = strip_code(text)
    markers = sum(1 for pattern in _MARKERS if pattern.search(plain))
    explanation = 1 - math.exp(-markers / MARKERS_SCALE)
    total = (LENGTH_WEIGHT * length + STRUCTURE_WEIGHT * _structure(text, prose)
             + EXPLANATION_WEIGHT * explanation)
    return round(min(1.0, max(0.0, total)), 3)
