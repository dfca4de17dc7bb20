"""The follow audit's judgement: what to do about one followed account, from its figures.

Pure: plain numbers in, a suggestion out (`suggest`), and its reason in words when asked
(`Suggestion.reason`, `explain`), so it is tested without a database (`audit_selectors.py`
gathers the figures). The figures cover the last `WINDOW_DAYS`
days of the reader's home feed:

- `shown`: posts of theirs the reader was shown (feed impressions);
- `learned`: how many of those the reader marked "I learned from this";
- `posted`: posts they wrote in the window (silence is zero);
- per skill on the posts shown: how many were shown and how many learned from.

The rules, first match wins:

1. Silent (`posted == 0`): **unfollow**. Nothing in 30 days; following again is one click.
2. Already muted: **keep** (the reader chose to keep following quietly; nothing of theirs is
   shown, so nothing more can be judged).
3. Fewer than `MIN_SHOWN` (5) posts shown, and none learned from: **keep**, too little to judge.
4. None learned from, over at least `UNFOLLOW_SHOWN` (30) posts shown: **unfollow**.
5. None learned from, over at least `MUTE_SHOWN` (10): **mute** (shown a lot, never learned;
   muting keeps the follow without the posts, and can be undone without them knowing).
6. None learned from, 5 to 9 shown: **keep**, not enough to judge yet.
7. **Follow only for skill S** when the learning is on one skill and the rest did not help:
   at least `FOCUS_MIN_LEARNED` (2) posts learned from, at least `FOCUS_SHARE` (80 %) of them
   on S, at least `FOCUS_MIN_OTHER` (4) of the posts shown were not on S, and those were
   learned from at most `FOCUS_OTHER_RATE` (1 in 10) of the time (the rest "never helped",
   with room for one slip). S is the skill most learned-from posts carry (ties: the one with
   fewer posts shown, then by label). Not suggested when they are already followed for S only.
8. Otherwise (they taught the reader something): **keep**.

Skill figures count posts, and a post tagged with two skills counts for both; so "80 % on S"
is the share of learned-from posts that carry S, whatever else they carry.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WINDOW_DAYS: Final = 30
MIN_SHOWN: Final = 5
MUTE_SHOWN: Final = 10
UNFOLLOW_SHOWN: Final = 30
FOCUS_MIN_LEARNED: Final = 2
FOCUS_SHARE: Final = 0.8
FOCUS_MIN_OTHER: Final = 4
FOCUS_OTHER_RATE: Final = 0.1

KEEP, FOCUS, MUTE, UNFOLLOW = "keep", "focus", "mute", "unfollow"
ACTIONS: Final = (KEEP, FOCUS, MUTE, UNFOLLOW)
# The order "what to look at first" sorts by: the strongest suggestion first.
URGENCY: Final = {UNFOLLOW: 0, MUTE: 1, FOCUS: 2, KEEP: 3}


@dataclass(frozen=True, slots=True)
class SkillFigure:
    skill_id: uuid.UUID
    label: str
    shown: int
    learned: int = 0


@dataclass(frozen=True, slots=True)
class Figures:
    shown: int = 0
    learned: int = 0
    posted: int = 0
    # Every skill on the posts shown, most shown first.
    skills: Sequence[SkillFigure] = ()
    # The skills the account is followed for; empty: everything.
    topic_ids: frozenset[uuid.UUID] = frozenset()
    muted: bool = False

    @property
    def silent(self) -> bool:
        return self.posted == 0

    @property
    def share(self) -> float | None:
        """The share of the posts shown that the reader learned from (None: none shown)."""
        return self.learned / self.shown if self.shown else None


# Which rule made the suggestion (see the module doc); `reason` words it.
SILENT, MUTED, UNSEEN, TOO_FEW, NEVER_MANY, NEVER_MUCH, ON_ONE_SKILL, LEARNED = (
    "silent", "muted", "unseen", "too_few", "never_many", "never_much", "on_one_skill",
    "learned")


@dataclass(frozen=True, slots=True)
class Suggestion:
    action: str
    rule: str
    figures: Figures
    # For FOCUS: the skill to follow them for, with its figures.
    skill: SkillFigure | None = None

    @property
    def skill_id(self) -> uuid.UUID | None:
        return self.skill.skill_id if self.skill else None

    @property
    def skill_label(self) -> str | None:
        return self.skill.label if self.skill else None

    @property
    def reason(self) -> str:
        """Why, in a sentence, in the current language. Worded on demand: a page shows fifty
        of the thousand suggestions it sorts, and translating costs more than deciding."""
        return explain(self)


def focus_skill(figures: Figures) -> SkillFigure | None:
    """The skill most of the learned-from posts carry (ties: fewer shown, then label)."""
    learned = [skill for skill in figures.skills if skill.learned > 0]
    if not learned:
        return None
    return min(learned, key=lambda s: (-s.learned, s.shown, s.label.casefold(), str(s.skill_id)))


def _focus(figures: Figures) -> SkillFigure | None:
    if figures.learned < FOCUS_MIN_LEARNED:
        return None
    skill = focus_skill(figures)
    if skill is None or skill.learned < FOCUS_SHARE * figures.learned:
        return None
    if figures.topic_ids == {skill.skill_id}:
        return None
    other_shown = figures.shown - skill.shown
    other_learned = figures.learned - skill.learned
    if other_shown < FOCUS_MIN_OTHER or other_learned > FOCUS_OTHER_RATE * other_shown:
        return None
    return skill


def suggest(figures: Figures) -> Suggestion:
    """What to do about one followed account, and by which rule (see the module doc)."""
    shown, learned = figures.shown, figures.learned
    if figures.silent:
        return Suggestion(UNFOLLOW, SILENT, figures)
    if figures.muted:
        return Suggestion(KEEP, MUTED, figures)
    if learned == 0:
        if shown == 0:
            return Suggestion(KEEP, UNSEEN, figures)
        if shown >= UNFOLLOW_SHOWN:
            return Suggestion(UNFOLLOW, NEVER_MANY, figures)
        if shown >= MUTE_SHOWN:
            return Suggestion(MUTE, NEVER_MUCH, figures)
        return Suggestion(KEEP, TOO_FEW, figures)
    skill = _focus(figures)
    if skill is not None:
        return Suggestion(FOCUS, ON_ONE_SKILL, figures, skill=skill)
    return Suggestion(KEEP, LEARNED, figures)


def _on_one_skill(figures: Figures, skill: SkillFigure) -> str:
    other_shown = figures.shown - skill.shown
    other_learned = figures.learned - skill.learned
    if other_learned:
        rest = ngettext("only %(learned)d of their %(other)d other posts helped",
                        "only %(learned)d of their %(other)d other posts helped",
                        other_shown) % {"learned": other_learned, "other": other_shown}
    else:
        rest = ngettext("their %(other)d other post did not help",
                        "none of their %(other)d other posts helped",
                        other_shown) % {"other": other_shown}
    return ngettext(
        "You learned from %(learned)d post of theirs, on %(skill)s; %(rest)s.",
        "You learned from %(learned)d posts of theirs, %(on)d on %(skill)s; %(rest)s.",
        figures.learned,
    ) % {"learned": figures.learned, "on": skill.learned, "skill": skill.label, "rest": rest}


def explain(suggestion: Suggestion) -> str:
    """The suggestion's reason, in words."""
    figures, rule = suggestion.figures, suggestion.rule
    shown = figures.shown
    if rule == SILENT:
        return _("Silent: no posts in the last %(days)d days.") % {"days": WINDOW_DAYS}
    if rule == MUTED:
        return _("You mute them, so none of their posts reach you.")
    if rule == UNSEEN:
        return ngettext("None of their %(n)d post reached your feed: too little to judge.",
                        "None of their %(n)d posts reached your feed: too little to judge.",
                        figures.posted) % {"n": figures.posted}
    if rule == NEVER_MANY:
        return _("You learned from none of the %(n)d posts of theirs you were shown.") % {
            "n": shown}
    if rule == NEVER_MUCH:
        return _("You were shown %(n)d of their posts and learned from none.") % {"n": shown}
    if rule == TOO_FEW:
        return ngettext(
            "You learned from none of the %(n)d post shown so far: too few to judge.",
            "You learned from none of the %(n)d posts shown so far: too few to judge.",
            shown) % {"n": shown}
    if rule == ON_ONE_SKILL and suggestion.skill is not None:
        return _on_one_skill(figures, suggestion.skill)
    return ngettext(
        "You learned from %(learned)d of the %(shown)d post of theirs you were shown.",
        "You learned from %(learned)d of the %(shown)d posts of theirs you were shown.",
        shown) % {"learned": figures.learned, "shown": shown}
