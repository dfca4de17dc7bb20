"""Typeahead search over skill labels: a pure, in-memory index (no database, no Django).

Every preferred and alternative label is an *entry*. Entries are numbered best-first by a static
rank (preferred before alternative, fewer words, shorter), so posting lists are sorted by rank and
"the best N candidates" is `heapq.nsmallest`. A query is split into words; each word is matched
against the *vocabulary* (distinct label words), exactly, as a prefix (the word being typed) and
with up to one or two typos (rapidfuzz over words of similar length), and the posting lists of
the matched words are intersected. Only the small surviving pool is scored in Python.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
import uuid
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

_TOKEN = re.compile(r"[a-z0-9]+[+#]*")
STOP_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())
EXACT, PREFIX = 3.0, 2.0
POOL = 300  # candidates scored per query; the rest are dropped by static rank first
MAX_FUZZY = 40  # vocabulary words one mistyped word may stand for


def normalize(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def max_typos(word: str) -> int:
    # Short words have too many near neighbours ("art" ~ "arm", "act") for typos to mean much.
    return 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2


@dataclass(frozen=True, slots=True)
class Concept:
    id: uuid.UUID
    kind: str
    label: str
    alt_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkillHit:
    skill_id: uuid.UUID
    label: str
    kind: str
    matched_alt_label: str | None
    score: float


@dataclass(frozen=True, slots=True)
class _Term:
    word: str
    prefix: bool


class SearchIndex:
    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts = list(concepts)
        raw: list[tuple[bool, int, int, str, int, tuple[str, ...]]] = []
        for number, concept in enumerate(self.concepts):
            seen: set[str] = set()
            for is_alt, text in ((False, concept.label),
                                 *((True, alt) for alt in concept.alt_labels)):
                words = tuple(tokenize(text))
                key = " ".join(words)
                if not words or key in seen:
                    continue
                seen.add(key)
                raw.append((is_alt, len(words), len(text), text, number, words))
        raw.sort()
        self.vocab: list[str] = sorted({w for entry in raw for w in entry[5]})
        self._word_id = {w: i for i, w in enumerate(self.vocab)}
        self._postings: list[list[int]] = [[] for _ in self.vocab]
        self._alt: list[bool] = []
        self._text: list[str] = []
        self._concept: list[int] = []
        self._words: list[tuple[int, ...]] = []
        self._content_words: list[int] = []
        self._by_kind: dict[str, set[int]] = {}
        for entry, (is_alt, _n, _len, text, number, words) in enumerate(raw):
            ids = tuple(dict.fromkeys(self._word_id[w] for w in words))
            for word_id in ids:
                self._postings[word_id].append(entry)
            self._alt.append(is_alt)
            self._text.append(text)
            self._concept.append(number)
            self._words.append(ids)
            self._content_words.append(sum(w not in STOP_WORDS for w in words) or 1)
            self._by_kind.setdefault(self.concepts[number].kind, set()).add(entry)
        self._by_length: dict[int, list[str]] = {}
        prefixes: dict[int, set[str]] = {}
        for word in self.vocab:
            self._by_length.setdefault(len(word), []).append(word)
            for size in range(4, len(word) + 1):
                prefixes.setdefault(size, set()).add(word[:size])
        self._prefixes = {size: sorted(values) for size, values in prefixes.items()}

    def __len__(self) -> int:
        return len(self._text)

    # Matching one query word against the vocabulary.

    def _prefix_range(self, prefix: str) -> range:
        return range(bisect_left(self.vocab, prefix), bisect_left(self.vocab, prefix + "\uffff"))

    def _matches(self, term: _Term) -> dict[int, float]:
        """Vocabulary word id → how well it matches: 3 exact, 2 prefix, below 2 a typo."""
        found: dict[int, float] = {}

        def offer(word_id: int, quality: float) -> None:
            if quality > found.get(word_id, 0.0):
                found[word_id] = quality

        word, typos = term.word, max_typos(term.word)
        exact = self._word_id.get(word)
        if exact is not None:
            # A stop word typed in full is weak evidence ("data an" is heading for "analysis").
            offer(exact, 1.0 if word in STOP_WORDS else EXACT)
        if term.prefix:
            for word_id in self._prefix_range(word):
                offer(word_id, PREFIX)
        if typos:
            for size in range(len(word) - typos, len(word) + typos + 1):
                bucket = self._by_length.get(size)
                if not bucket:
                    continue
                for match, distance, _i in process.extract(
                    word, bucket, scorer=OSA.distance, score_cutoff=typos, limit=MAX_FUZZY
                ):
                    offer(self._word_id[match], 1.5 - 0.5 * distance)
        if term.prefix and len(word) >= 5:
            # A typo inside the word still being typed: compare with prefixes of similar length.
            for size in (len(word) - 1, len(word), len(word) + 1):
                bucket = self._prefixes.get(size)
                if not bucket:
                    continue
                for match, distance, _i in process.extract(
                    word, bucket, scorer=OSA.distance, score_cutoff=1, limit=MAX_FUZZY
                ):
                    for word_id in self._prefix_range(match):
                        offer(word_id, 1.5 - 0.5 * max(distance, 1))
        return found

    # The query.

    def search(self, query: str, *, limit: int = 10,
               kinds: Collection[str] | None = None) -> list[SkillHit]:
        terms = self._terms(query)
        if not terms or limit <= 0:
            return []
        matches = [self._matches(term) for term in terms]
        candidates = self._intersect(matches)
        if not candidates and len(matches) > 1:
            # Nothing has every word: fall back to entries with any, ranked by how many match.
            candidates = set().union(*(self._union(m, cap=POOL) for m in matches))
        if kinds is not None:
            allowed: set[int] = set().union(*(self._by_kind.get(k, set()) for k in kinds))
            candidates &= allowed
        pool = heapq.nsmallest(POOL, candidates) if len(candidates) > POOL else candidates
        phrase = " ".join(t.word for t in terms)
        ranked = sorted(((self._score(e, matches, phrase), e) for e in pool), reverse=True)
        hits: list[SkillHit] = []
        seen: set[int] = set()
        for key, entry in ranked:
            number = self._concept[entry]
            if number in seen:
                continue
            seen.add(number)
            concept = self.concepts[number]
            hits.append(SkillHit(
                skill_id=concept.id, label=concept.label, kind=concept.kind,
                matched_alt_label=self._text[entry] if self._alt[entry] else None,
                score=round(key[0], 2),
            ))
            if len(hits) == limit:
                break
        return hits

    def _terms(self, query: str) -> list[_Term]:
        words = list(dict.fromkeys(tokenize(query)))
        if not words:
            return []
        typing = not query[-1:].isspace()
        terms = [_Term(w, typing and i == len(words) - 1) for i, w in enumerate(words)]
        # Stop words never narrow the result ("teaching of music" finds "teach music"), except
        # the word still being typed, which may be the start of a real one ("an" → "analyse").
        content = [t for t in terms if t.prefix or t.word not in STOP_WORDS]
        return content or terms

    def _union(self, matched: dict[int, float], cap: int | None = None) -> set[int]:
        postings = [self._postings[w] for w in matched]
        if cap is not None:
            return set(heapq.nsmallest(cap, {e for p in postings for e in p[:cap]}))
        result: set[int] = set()
        for posting in postings:
            result.update(posting)
        return result

    def _intersect(self, matches: list[dict[int, float]]) -> set[int]:
        sized = sorted(matches, key=lambda m: sum(len(self._postings[w]) for w in m))
        candidates = self._union(sized[0])
        for matched in sized[1:]:
            if not candidates:
                break
            size = sum(len(self._postings[w]) for w in matched)
            if size > 4 * len(candidates):
                # Cheaper to check each remaining candidate's few words than to build the union.
                candidates = {e for e in candidates
                              if any(w in matched for w in self._words[e])}
            else:
                candidates &= self._union(matched)
        return candidates

    def _score(self, entry: int, matches: list[dict[int, float]],
               phrase: str) -> tuple[float, bool, float, bool, int]:
        words = self._words[entry]
        total = 0.0
        # One label word per query word, so "teach" explains "teach dance" fully but not
        # "teach teaching principles".
        hit_words: set[int] = set()
        for matched in matches:
            best, best_word = 0.0, -1
            for word in words:
                quality = matched.get(word, 0.0)
                if quality > best:
                    best, best_word = quality, word
            if best:
                total += best
                hit_words.add(best_word)
        coverage = len(hit_words) / max(self._content_words[entry], len(hit_words))
        starts = " ".join(self.vocab[w] for w in words).startswith(phrase)
        return (total, not self._alt[entry], coverage, starts, -len(self._text[entry]))
