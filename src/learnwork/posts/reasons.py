""""Why am I seeing this?": the parts of a post's score, as one to four short sentences.

Pure: it takes plain facts (names and labels already looked up by `posts/feed.py`) and returns
translated strings, so it is tested without a database. The sentences, in this order:

1. where the post comes from: "You follow Ana", "You follow Ana for Python", "You follow the
   skill statistics", or, for goal discovery, "New from someone you don't follow yet: others
   learning statistics learned from it";
2. if it was pushed down for engagement bait, that, in words: nothing is hidden;
3. if it is only there because places are kept for new posts from follows, that;
4. the learning signal: "12 people learned from this, 5 of them learning data analysis like you";
5. how it meets a goal: "It matches your goal “statistics”" (or a narrower or broader skill).

At most four are given, in that order; a post kept for being new is never bait (bait does not
get those places) and has few learners yet, so in practice nothing is cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

GENERIC_BAIT = gettext_noop("Reads like engagement bait")
MAX_SENTENCES = 4
MAX_LABELS = 2


@dataclass(frozen=True)
class Facts:
    author_name: str
    followed_person: bool = False
    topic_labels: Sequence[str] = ()
    followed_skill_labels: Sequence[str] = ()
    goal_discovery: bool = False
    learned_count: int = 0
    like_you_count: int = 0
    like_you_goal: str | None = None
    goal_label: str | None = None
    # "same", "narrower" or "broader": how the post's skill sits against the goal.
    goal_relation: str | None = None
    matched_skill_label: str | None = None
    # English msgids from posts.bait.REASONS (translated here).
    bait_reasons: Sequence[str] = field(default_factory=list)
    # In today's feed thanks to the place kept for new posts from follows.
    kept_for_new: bool = False
    chronological: bool = False


def _labels(labels: Sequence[str]) -> str:
    shown = list(labels[:MAX_LABELS])
    if len(labels) > MAX_LABELS:
        shown.append(_("more"))
    return str(get_text_list(shown, _("and")))


def _source(facts: Facts) -> str:
    if facts.followed_person:
        return _("You follow %(name)s") % {"name": facts.author_name}
    if facts.topic_labels:
        return _("You follow %(name)s for %(topics)s") % {
            "name": facts.author_name, "topics": _labels(facts.topic_labels)}
    if facts.followed_skill_labels:
        return ngettext("You follow the skill %(skills)s", "You follow the skills %(skills)s",
                        len(facts.followed_skill_labels[:MAX_LABELS])) % {
            "skills": _labels(facts.followed_skill_labels)}
    if facts.goal_discovery:
        if facts.goal_label:
            return _("New from someone you don't follow yet: others learning %(goal)s learned "
                     "from it") % {"goal": facts.goal_label}
        return _("New from someone you don't follow yet: others learned from it")
    if facts.chronological:
        return _("From someone you follow")
    return _("From your follows")


def _bait(facts: Facts) -> str | None:
    if not facts.bait_reasons:
        return None
    reason = _(facts.bait_reasons[0])
    # "Asks for likes…" reads as "Ranked lower: asks for likes…"; an acronym keeps its case.
    if len(reason) > 1 and reason[1].islower():
        reason = reason[0].lower() + reason[1:]
    return _("Ranked lower: %(reason)s") % {"reason": reason}


def _new(facts: Facts) -> str | None:
    if not facts.kept_for_new:
        return None
    return _("It is new: a few places a day are kept for new posts, before anyone has had time "
             "to learn from them")


def _learning(facts: Facts) -> str | None:
    count, like_you = facts.learned_count, min(facts.like_you_count, facts.learned_count)
    if count <= 0:
        return None
    if like_you and facts.like_you_goal:
        if like_you == count:
            return ngettext(
                "%(count)d person learning %(goal)s like you learned from this",
                "%(count)d people learning %(goal)s like you learned from this", count,
            ) % {"count": count, "goal": facts.like_you_goal}
        return ngettext(
            "%(count)d person learned from this, %(like)d of them learning %(goal)s like you",
            "%(count)d people learned from this, %(like)d of them learning %(goal)s like you",
            count,
        ) % {"count": count, "like": like_you, "goal": facts.like_you_goal}
    return ngettext("%(count)d person learned from this", "%(count)d people learned from this",
                    count) % {"count": count}


def _goal(facts: Facts) -> str | None:
    if not facts.goal_label:
        return None
    skill = facts.matched_skill_label or facts.goal_label
    if facts.goal_relation == "narrower":
        return _("It is about %(skill)s, part of your goal “%(goal)s”") % {
            "skill": skill, "goal": facts.goal_label}
    if facts.goal_relation == "broader":
        return _("It is about %(skill)s, which takes in your goal “%(goal)s”") % {
            "skill": skill, "goal": facts.goal_label}
    return _("It matches your goal “%(goal)s”") % {"goal": facts.goal_label}


def sentences(facts: Facts) -> list[str]:
    """One to four sentences, most important first; the first always says where it is from."""
    found = [_source(facts), _bait(facts), _new(facts), _learning(facts), _goal(facts)]
    return [sentence for sentence in found if sentence][:MAX_SENTENCES]
