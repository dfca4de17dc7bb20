"""What one reader has chosen to read and not to read, as plain data (no database).

`selectors.reading_graph` builds it in a handful of queries; the feed keeps it for the length of
a request and asks it about each candidate post.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field

from learnwork.social.muting import text_is_muted

SkillIds = frozenset[uuid.UUID]


@dataclass(frozen=True, slots=True)
class ReadingGraph:
    user_id: int
    # People followed for everything they post.
    everything_from: frozenset[int] = frozenset()
    # People followed only for chosen skills: their topics and every narrower skill.
    topics_from: dict[int, SkillIds] = field(default_factory=dict)
    # Followed skills and every narrower skill.
    followed_skill_ids: SkillIds = frozenset()
    muted_person_ids: frozenset[int] = frozenset()
    # Muted skills and every narrower skill.
    muted_skill_ids: SkillIds = frozenset()
    muted_words: tuple[str, ...] = ()
    # Blocked by the reader, or blocking the reader: hidden both ways.
    blocked_ids: frozenset[int] = frozenset()

    @property
    def followee_ids(self) -> frozenset[int]:
        return self.everything_from.union(self.topics_from)

    @property
    def hidden_author_ids(self) -> frozenset[int]:
        """Authors whose posts never show, whatever else matches."""
        return self.muted_person_ids | self.blocked_ids

    def is_hidden(self, *, author_id: int, skill_ids: Collection[uuid.UUID] = (),
                  text: str = "") -> bool:
        """Muted or blocked: a mute of a person, a skill or a word beats every follow."""
        if author_id in self.muted_person_ids or author_id in self.blocked_ids:
            return True
        if self.muted_skill_ids and not self.muted_skill_ids.isdisjoint(skill_ids):
            return True
        return bool(self.muted_words) and text_is_muted(text, self.muted_words)

    def follows_post(self, *, author_id: int, skill_ids: Collection[uuid.UUID] = ()) -> bool:
        """Whether a post reaches the reader through a follow (of its author or a skill)."""
        if author_id in self.everything_from:
            return True
        topics = self.topics_from.get(author_id)
        if topics is not None and not topics.isdisjoint(skill_ids):
            return True
        return not self.followed_skill_ids.isdisjoint(skill_ids)

    def admits(self, *, author_id: int, skill_ids: Collection[uuid.UUID] = (),
               text: str = "") -> bool:
        """Followed and not hidden: what belongs in the reader's following feed."""
        return (self.follows_post(author_id=author_id, skill_ids=skill_ids)
                and not self.is_hidden(author_id=author_id, skill_ids=skill_ids, text=text))
