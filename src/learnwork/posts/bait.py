"""Engagement-bait detection: a pure function of a post's raw Markdown text.

`bait_features(text)` measures; `bait_score(features)` weighs; `bait_reasons(features)` says in
plain words what tipped the score, for the feed's "Why am I seeing this?" and for moderators.
No Django imports, so the feed benchmarks and tests run it without a database.

The features (`BaitFeatures`), each computed on the prose only (code blocks and inline code are
ignored, so a `#include` or a shouty `SELECT` never counts):

- `engagement_request` (int): requests for reactions rather than thought: "comment YES",
  "like if", "share if", "tag a friend", "follow for more", "drop a 🔥 below", "smash that like",
  "let me know in the comments", "♻️ repost".
- `engagement_question` (int): a bare question that is its own sentence and exists to draw
  replies: "Agree?", "Thoughts?", "Am I wrong?", "Who else?", "Yes or no?". A real question
  ("Why does the planner skip the index?") is not one of these.
- `line_padding` (0..1): "broetry". Among the prose lines (list items and headings excluded),
  the share that are one short sentence (at most 15 words), scaled up from nothing at 4 lines
  to fully at 8 or more, since a short post of three one-liners is just a short post.
- `hashtag_count` (int) and `hashtag_ratio` (0..1, hashtags / (hashtags + words)): stuffing.
  Up to three hashtags never count.
- `humblebrag` (int): "humbled", "honoured to", "blessed to", "thrilled to announce",
  "I rarely post", "never thought I'd", "not to brag", "5 years ago I was …".
- `clickbait` (int): "you won't believe", "this one trick", "nobody talks about",
  "read that again", "let that sink in", "unpopular opinion", "game changer",
  "changed my life", "99% of people don't", "7 things you …", "🚨".
- `link_only` (0..1): how much the post is a bare link: 0 without a link, otherwise
  `1 - words / 12` (words outside links), floored at 0. A link with real commentary scores 0.
- `emoji_only` (0..1): the share of non-space characters that are emoji.
- `shouting` (0..1): the share of words of three letters or more written in capitals, when
  there are at least six such words (fewer, and a couple of acronyms would dominate).
- `word_count` (int): prose words, for context; not scored.

`bait_score` turns each feature into a contribution in [0, 1] (see `contributions`) and combines
them as a noisy-or, `1 - Π(1 - c)`: one strong signal is enough, several weak ones add up, and
the result stays in [0, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from learnwork.posts.hashtags import URL, count_hashtags, strip_code, words


def _(message: str) -> str:
    """Marks a string for translation without importing Django: `makemessages` collects it,
    and the page that shows it translates it (`{% translate reason %}` or `gettext(reason)`)."""
    return message


def _compile(*patterns: str) -> list[re.Pattern[str]]:
    return [re.compile(p, re.I | re.M) for p in patterns]


_ENGAGEMENT = [
    # A code word in capitals ("Comment YES", "Drop AI below"): case matters, or "reply to"
    # and "comment out" would count.
    re.compile(r"\b(?:[Cc]omment|COMMENT|[Rr]eply|[Dd]rop)\s+[\"“'‘]?[A-Z][A-Z0-9]{1,11}\b"),
    *_compile(
    r"\b(?:comment|reply|drop)\s+[\"“'‘]?(?:yes|done|interested|agreed?|amen|\d+)\b",
    r"\b(?:comment|reply|drop)\s+[\"“'‘][^\"”'’\n]{1,20}[\"”'’]",
    r"\btype\s+\S+\s+(?:below|in\s+the\s+comments)\b",
    r"\bcomment\s+below\s*(?:[!.👇]|$|if\b|and\b|with\b)",
    r"\bdrop\s+(?:a|an|your)\s+\S+(?:\s+\S+)?\s+(?:below|in\s+the\s+comments)\b",
    r"\blet\s+me\s+know\s+in\s+the\s+comments\b",
    # At a sentence start, or with "this": "looks like if" and "like this if statement" are
    # ordinary English and code talk.
    r"(?:^|[.!?…:]\s*|[^\w\s,'’]\s*)(?:like|share|repost|retweet|react|upvote|save)\s+"
    r"(?:this\s+(?:post\s+)?)?if\b(?!\s+statement|\s*\()",
    r"\b(?:share|repost|retweet|upvote)\s+this\s+(?:post\s+)?if\b",
    r"\bsmash\s+(?:that|the)\s+(?:like|follow|subscribe)",
    r"\bhit\s+(?:that|the)\s+(?:like|follow|bell|subscribe)",
    r"\b(?:follow|subscribe)\s+(?:me\s+)?for\s+more\b",
    r"\btag\s+(?:a\s+(?:friend|colleague)|someone|somebody|your\s+(?:friends?|colleagues?|"
    r"team|boss|network|bestie)|(?:\d+|two|three)\s+(?:friends|people|colleagues))\b",
    r"\b(?:share|repost|retweet)\s+(?:this|it)\s+with\s+(?:your|someone|anyone|a)\b",
    r"\bdouble[- ]tap\b",
    r"♻️\s*repost",
    ),
]

_QUESTION = re.compile(
    r"(?:^|[.!?…]\s+)[\"“]?(?:agree|thoughts|right|true|am\s+i\s+wrong|who\s+else|"
    r"what\s+do\s+you\s+think|do\s+you\s+agree|yes\s+or\s+no|agree\s+or\s+disagree|"
    r"your\s+thoughts|any\s+thoughts|what\s+about\s+you|would\s+you|can\s+you\s+relate)"
    r"\s*\?+",
    re.I | re.M,
)

_HUMBLEBRAG = _compile(
    r"\bhumbled\b",
    r"\bhonou?red\s+(?:to|and)\b",
    r"\bblessed\s+(?:to|and)\b",
    r"\b(?:proud|thrilled|excited|delighted|pleased|happy|ecstatic)\s+(?:and\s+\w+\s+)?"
    r"to\s+announce\b",
    r"\bi\s+(?:rarely|never|don'?t\s+usually|do\s+not\s+usually|don'?t\s+often)\s+post\b",
    r"\bnever\s+(?:thought|imagined|dreamed)\s+i'?d\b",
    r"\bcan'?t\s+believe\s+i\s+(?:get|got|am|was)\b",
    r"\b(?:not\s+to\s+brag|i'?m\s+not\s+one\s+to\s+brag)\b",
    r"\b(?:\d+|a\s+few|two|three|five|ten)\s+years\s+ago,?\s+i\s+(?:was|had|couldn'?t|lived)\b",
    r"\bwho\s+would\s+have\s+thought\b",
)

_CLICKBAIT = _compile(
    r"\byou\s+won'?t\s+believe\b",
    r"\bwhat\s+happened\s+next\b",
    r"\b(?:this|one)\s+(?:simple\s+|weird\s+)?trick\b",
    r"\bblow\s+your\s+mind\b",
    r"\bmind[- ]?blowing\b",
    r"\b(?:no\s*one|nobody)\s+(?:is\s+)?talk(?:s|ing)\s+about\b",
    r"\bread\s+(?:that|this)\s+again\b",
    r"\blet\s+that\s+sink\s+in\b",
    r"\bunpopular\s+opinion\b",
    r"\bgame[- ]?changer\b",
    r"\bchanged\s+my\s+life\b",
    r"\bwill\s+change\s+(?:your\s+life|everything|the\s+way\s+you)\b",
    r"\b(?:99|90|95)\s*%\s+of\s+(?:people|developers|you)\s+(?:don'?t|never|fail|get)\b",
    r"\bmost\s+people\s+(?:don'?t|never|will\s+never)\s+(?:know|realise|realize)\b",
    r"\b\d+\s+(?:things|reasons|secrets|hacks)\s+(?:you|nobody|no\s+one|every)\b",
    r"\bthe\s+secret\s+(?:to|nobody|they)\b",
    r"\bi\s+was\s+shocked\b",
    r"🚨",
)

_LIST_OR_HEADING = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|>|\|)")
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s+|$)")

_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),  # pictographs, emoticons, transport, flags, supplemental symbols
    (0x2600, 0x27BF),  # miscellaneous symbols and dingbats (☀ ✅ ✨ ❤)
    (0x2B00, 0x2BFF),  # stars and arrows used as emoji (⭐ ⬆)
    (0xFE0F, 0xFE0F),  # emoji presentation selector
    (0x200D, 0x200D),  # zero-width joiner inside family and profession emoji
    (0x20E3, 0x20E3),  # keycap
)

# How strongly one hit of each kind reads as bait, before the noisy-or.
ENGAGEMENT_WEIGHT = 0.6
QUESTION_WEIGHT = 0.5
HUMBLEBRAG_WEIGHT = 0.45
CLICKBAIT_WEIGHT = 0.45
LINK_ONLY_WEIGHT = 0.8
PADDING_WEIGHT = 0.7
SHOUTING_WEIGHT = 0.6
FREE_HASHTAGS = 3
REASON_THRESHOLD = 0.25


@dataclass(frozen=True, slots=True)
class BaitFeatures:
    engagement_request: int = 0
    engagement_question: int = 0
    line_padding: float = 0.0
    hashtag_count: int = 0
    hashtag_ratio: float = 0.0
    humblebrag: int = 0
    clickbait: int = 0
    link_only: float = 0.0
    emoji_only: float = 0.0
    shouting: float = 0.0
    word_count: int = 0


def _hits(patterns: list[re.Pattern[str]], text: str) -> int:
    # Counted by where each match starts, so two patterns agreeing on one phrase count once.
    return len({m.start() for p in patterns for m in p.finditer(text)})


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _EMOJI_RANGES)


def _line_padding(prose: str) -> float:
    lines = [line.strip() for line in prose.splitlines()]
    lines = [line for line in lines if line and not _LIST_OR_HEADING.match(line)]
    if len(lines) < 5:
        return 0.0
    one_liners = 0
    for line in lines:
        sentences = [s for s in _SENTENCE_END.split(line) if s.strip()]
        if len(sentences) <= 1 and len(line.split()) <= 15:
            one_liners += 1
    ramp = min(1.0, (len(lines) - 4) / 4)
    return round(one_liners / len(lines) * ramp, 3)


def _shouting(prose_words: list[str]) -> float:
    lettered = [w for w in prose_words if sum(c.isalpha() for c in w) >= 3]
    if len(lettered) < 6:
        return 0.0
    loud = sum(1 for w in lettered if w.isupper())
    return round(loud / len(lettered), 3)


def bait_features(text: str) -> BaitFeatures:
    """Measure `text` (a post's raw Markdown). Never raises, whatever the input."""
    text = text or ""
    prose = strip_code(text)
    prose_words = words(text)
    n_words = len(prose_words)
    n_tags = count_hashtags(text)
    visible = [ch for ch in prose if not ch.isspace()]
    emoji = sum(1 for ch in visible if _is_emoji(ch))
    has_link = URL.search(prose) is not None
    return BaitFeatures(
        engagement_request=_hits(_ENGAGEMENT, prose),
        engagement_question=len(_QUESTION.findall(prose)),
        line_padding=_line_padding(prose),
        hashtag_count=n_tags,
        hashtag_ratio=round(n_tags / (n_tags + n_words), 3) if n_tags else 0.0,
        humblebrag=_hits(_HUMBLEBRAG, prose),
        clickbait=_hits(_CLICKBAIT, prose),
        link_only=round(max(0.0, 1 - n_words / 12), 3) if has_link else 0.0,
        emoji_only=round(emoji / len(visible), 3) if visible else 0.0,
        shouting=_shouting(prose_words),
        word_count=n_words,
    )


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def contributions(features: BaitFeatures) -> dict[str, float]:
    """Each signal's share of the bait score, in [0, 1], keyed by reason."""
    f = features
    stuffing = 0.0
    if f.hashtag_count > FREE_HASHTAGS:
        stuffing = max(_clamp((f.hashtag_count - FREE_HASHTAGS) / 7),
                       _clamp((f.hashtag_ratio - 0.15) / 0.35))
    return {
        "engagement_request": _clamp(ENGAGEMENT_WEIGHT * f.engagement_request),
        "engagement_question": _clamp(QUESTION_WEIGHT * f.engagement_question),
        "line_padding": PADDING_WEIGHT * _clamp((f.line_padding - 0.5) / 0.4),
        "hashtag_stuffing": stuffing,
        "humblebrag": _clamp(HUMBLEBRAG_WEIGHT * f.humblebrag),
        "clickbait": _clamp(CLICKBAIT_WEIGHT * f.clickbait),
        "link_only": LINK_ONLY_WEIGHT * _clamp(f.link_only),
        "emoji_only": _clamp((f.emoji_only - 0.3) / 0.4),
        "shouting": SHOUTING_WEIGHT * _clamp((f.shouting - 0.5) / 0.4),
    }


def bait_score(features: BaitFeatures) -> float:
    """0 (no sign of bait) to 1 (certainly bait): the noisy-or of the contributions."""
    keep = 1.0
    for value in contributions(features).values():
        keep *= 1.0 - value
    return round(_clamp(1.0 - keep), 3)


REASONS = {
    "engagement_request": _("Asks for likes, comments or shares instead of saying something"),
    "engagement_question": _("Ends on a bare question to draw replies (\u201cAgree?\u201d)"),
    "line_padding": _("Stretched out to one short sentence per line"),
    "hashtag_stuffing": _("Stuffed with hashtags"),
    "humblebrag": _("Reads as a humblebrag"),
    "clickbait": _("Uses clickbait phrasing"),
    "link_only": _("Mostly a link, with few words of the author's own"),
    "emoji_only": _("Mostly emoji"),
    "shouting": _("Mostly in capital letters"),
}


def bait_reasons(features: BaitFeatures) -> list[str]:
    """Short explanations (English msgids; translate when shown) of what makes this look like
    bait, strongest first. Empty when nothing counts for much."""
    ranked = sorted(contributions(features).items(), key=lambda item: -item[1])
    return [REASONS[name] for name, value in ranked if value >= REASON_THRESHOLD]
