"""Suggest ESCO skills for a post from its text, for the author to confirm or change.

The core is pure: `PhraseIndex` is built from the skills search index's concepts (no database),
and `suggest(phrases, text)` reads the text's runs of one to four words (never across a
sentence, a comma or a line break) and looks each one up three ways:

- exactly, against every preferred and alternative label (quality 1.0 for the preferred label,
  0.95 for an alternative one);
- loosely: stop words dropped and each word cut to a rough stem, so "managing budgets" finds
  "manage budget" and "teaching of music" finds "teach music" (0.85 / 0.8); a label's part in
  parentheses may also be left out, so "Python" finds "Python (computer programming)" (0.75);
- with a typo: a word of six letters or more that is in no label is read as the label word one
  edit away (two for nine letters or more), so "statistcs" finds "statistics" (0.7).

A match is worth its quality times its specificity (one word 1.0, each further content word
+0.35; skill groups count 0.6 of that, being broad), plus a little when the author wrote it as a
hashtag or mentioned it more than once. A phrase inside a longer matched phrase is dropped
("learning" within "machine learning"). Single words that are ordinary English before they are
a skill ("plan", "less", "swift") are not suggested on their own, nor words under three letters.

`suggest_skills(text=...)` is the thin wrapper over the process-wide index.
"""

from __future__ import annotations

import re
import uuid
import weakref
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from learnwork.posts.hashtags import URL
from learnwork.skills.search import STOP_WORDS, Concept, SearchIndex, tokenize

MAX_NGRAM = 4
MAX_TEXT = 10_000
DEFAULT_LIMIT = 5
EXACT, EXACT_ALT, LOOSE, LOOSE_ALT, BARE, TYPO = 1.0, 0.95, 0.85, 0.8, 0.75, 0.7
GROUP_FACTOR = 0.6
HASHTAG_BONUS = 0.2
REPEAT_BONUS = 0.1
_PAREN = re.compile(r"\s*\([^)]*\)")
_BREAK = re.compile(r"[.,;:!?()\[\]{}\n|/\"“”]")
_CHUNK = re.compile(r"[^\W_][\w+#'’-]*", re.U)

# Labels in ESCO that are, far more often, plain English words in a post.
AMBIGUOUS = frozenset("""
less plan sing swim salt rage dies hair chef energy logic history spark swift scratch logging
improvise troubleshoot kris shiva prayer protein canvas cameras blueprints sensors migration
database communication crafting consultation betting ethics grammar spelling morality
semantics terminology literature politics pregnancy obesity explosives lasers livestock
wildlife patents trademarks securities surgery football golf tennis boxing yoga ski
snowboard maas ml puppet grovo staf rhetoric nutrition mechanics kinetics optics
""".split())


def stem(word: str) -> str:
    """A rough English stem, only for matching: "managing", "managed", "manages" → "manag"."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + keep
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def loose_key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in words if w not in STOP_WORDS)


@dataclass(frozen=True, slots=True)
class _Entry:
    concept: int
    label: str
    quality: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    skill_id: uuid.UUID
    label: str
    kind: str
    matched_phrase: str
    matched_label: str
    score: float


class PhraseIndex:
    """Every label phrase of up to MAX_NGRAM words, exact and loose, mapped to its concepts."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts = list(concepts)
        self.exact: dict[tuple[str, ...], list[_Entry]] = {}
        self.loose: dict[tuple[str, ...], list[_Entry]] = {}
        for number, concept in enumerate(self.concepts):
            for is_alt, text in ((False, concept.label),
                                 *((True, alt) for alt in concept.alt_labels)):
                self._add(number, text, is_alt)
        self.vocab = sorted({w for key in self.loose for w in key})
        self._vocab_set = set(self.vocab)
        self._by_length: dict[int, list[str]] = {}
        for word in self.vocab:
            self._by_length.setdefault(len(word), []).append(word)

    def _add(self, number: int, text: str, is_alt: bool) -> None:
        words = tuple(tokenize(text))
        if not words or len(words) > MAX_NGRAM + 1:
            return
        if len(words) <= MAX_NGRAM:
            self._put(self.exact, words, _Entry(number, text, EXACT_ALT if is_alt else EXACT))
        key = loose_key(words)
        if key and len(key) <= MAX_NGRAM:
            self._put(self.loose, key, _Entry(number, text, LOOSE_ALT if is_alt else LOOSE))
        bare = _PAREN.sub("", text)
        if bare != text:
            bare_key = loose_key(tokenize(bare))
            if bare_key and len(bare_key) <= MAX_NGRAM:
                self._put(self.loose, bare_key, _Entry(number, text, BARE))

    @staticmethod
    def _put(table: dict[tuple[str, ...], list[_Entry]], key: tuple[str, ...],
             entry: _Entry) -> None:
        entries = table.setdefault(key, [])
        for i, old in enumerate(entries):
            if old.concept == entry.concept:
                if entry.quality > old.quality:
                    entries[i] = entry
                return
        entries.append(entry)

    def correct(self, word: str) -> str | None:
        """The label word `word` is a typo of, if it is in no label and close to exactly one."""
        if len(word) < 6 or word in self._vocab_set or not word.isalpha():
            return None
        typos = 2 if len(word) >= 9 else 1
        best: tuple[int, str] | None = None
        for size in range(len(word) - typos, len(word) + typos + 1):
            bucket = self._by_length.get(size)
            if not bucket:
                continue
            found = process.extractOne(word, bucket, scorer=OSA.distance, score_cutoff=typos)
            if found is not None and (best is None or found[1] < best[0]):
                best = (int(found[1]), found[0])
        return best[1] if best else None


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    start: int
    end: int
    hashtag: bool


def _tokens(text: str) -> list[list[_Token]]:
    """The text's words with their places, in runs that no phrase may cross."""
    text = URL.sub(lambda m: " " * len(m.group()), text[:MAX_TEXT])
    runs: list[list[_Token]] = [[]]
    last = 0
    for match in _CHUNK.finditer(text):
        if _BREAK.search(text, last, match.start()) and runs[-1]:
            runs.append([])
        hashtag = match.start() > 0 and text[match.start() - 1] == "#"
        for word in tokenize(match.group()):
            runs[-1].append(_Token(word, match.start(), match.end(), hashtag))
        last = match.end()
    return [run for run in runs if run]


@dataclass
class _Match:
    concept: int
    label: str
    phrase: str
    first: int
    last: int
    score: float


def _worth(phrases: PhraseIndex, entry: _Entry, key: tuple[str, ...]) -> float:
    content = sum(1 for w in key if w not in STOP_WORDS) or 1
    value = entry.quality * (1 + 0.35 * (content - 1))
    if phrases.concepts[entry.concept].kind == "group":
        value *= GROUP_FACTOR
    return value


_AMBIGUOUS_STEMS = frozenset(stem(w) for w in AMBIGUOUS)


def _plausible(key: tuple[str, ...]) -> bool:
    """Whether a phrase with these content stems may be suggested at all."""
    if len(key) != 1:
        return len(key) > 1
    word = key[0]
    if word in AMBIGUOUS or word in _AMBIGUOUS_STEMS:
        return False
    return len(word) >= 3 or any(c in word for c in "+#")


def _lookup(phrases: PhraseIndex, gram: tuple[str, ...],
            corrections: dict[str, str | None]) -> list[_Entry]:
    if len(gram) == 1 and not _plausible(gram):
        return []
    entries = list(phrases.exact.get(gram, ()))
    if gram[0] in STOP_WORDS or gram[-1] in STOP_WORDS:
        # "in Python" is "Python" with a stray word: let the shorter phrase match it.
        return entries
    key = loose_key(gram)
    if not _plausible(key):
        return entries
    entries += phrases.loose.get(key, ())
    if entries:
        return entries
    for word in gram:
        if word not in corrections:
            corrections[word] = phrases.correct(stem(word))
    fixed = tuple(corrections[w] or stem(w) for w in gram if w not in STOP_WORDS)
    if fixed == key or not _plausible(fixed):
        return []
    return [_Entry(e.concept, e.label, min(e.quality, TYPO)) for e in phrases.loose.get(fixed, ())]


def _matches(phrases: PhraseIndex, text: str) -> list[_Match]:
    found: list[_Match] = []
    corrections: dict[str, str | None] = {}
    for run in _tokens(text):
        words = [t.word for t in run]
        for i in range(len(run)):
            for n in range(1, min(MAX_NGRAM, len(run) - i) + 1):
                gram = tuple(words[i:i + n])
                for entry in _lookup(phrases, gram, corrections):
                    worth = _worth(phrases, entry, gram)
                    if run[i].hashtag:
                        worth += HASHTAG_BONUS
                    found.append(_Match(entry.concept, entry.label,
                                        text[run[i].start:run[i + n - 1].end],
                                        run[i].start, run[i + n - 1].end, worth))
    return found


def suggest(phrases: PhraseIndex, text: str, *, limit: int = DEFAULT_LIMIT,
            exclude: Collection[uuid.UUID] = ()) -> list[Suggestion]:
    """Up to `limit` skills the text talks about, best first, each with the phrase that
    matched as it is written in the text."""
    matches = sorted(_matches(phrases, text),
                     key=lambda m: (-(m.last - m.first), -m.score))
    kept: list[_Match] = []
    for match in matches:
        inside = any(k.first <= match.first and match.last <= k.last
                     and (k.last - k.first) > (match.last - match.first) for k in kept)
        if not inside:
            kept.append(match)
    best: dict[int, _Match] = {}
    mentions: dict[int, set[int]] = {}
    for match in kept:
        mentions.setdefault(match.concept, set()).add(match.first)
        if match.concept not in best or match.score > best[match.concept].score:
            best[match.concept] = match
    excluded = set(exclude)
    ranked: list[Suggestion] = []
    for number, match in best.items():
        concept = phrases.concepts[number]
        if concept.id in excluded:
            continue
        repeats = min(3, len(mentions[number]) - 1)
        ranked.append(Suggestion(
            skill_id=concept.id, label=concept.label, kind=concept.kind,
            matched_phrase=match.phrase, matched_label=match.label,
            score=round(match.score + REPEAT_BONUS * repeats, 3),
        ))
    ranked.sort(key=lambda s: (-s.score, s.label))
    return ranked[:max(0, limit)]


_built: weakref.WeakKeyDictionary[SearchIndex, PhraseIndex] = weakref.WeakKeyDictionary()


def phrases_for(index: SearchIndex) -> PhraseIndex:
    """The phrase index over `index`'s concepts, built once per search index."""
    phrases = _built.get(index)
    if phrases is None:
        phrases = PhraseIndex(index.concepts)
        _built[index] = phrases
    return phrases


def suggest_skills(*, text: str, limit: int = DEFAULT_LIMIT,
                   exclude: Collection[uuid.UUID] = ()) -> list[Suggestion]:
    """Skills to suggest for a post, from the current taxonomy."""
    from learnwork.skills import index_cache

    if not text.strip():
        return []
    return suggest(phrases_for(index_cache.current_index()), text, limit=limit,
                   exclude=exclude)
