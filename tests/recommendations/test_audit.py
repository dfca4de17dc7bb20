"""The follow audit's judgement (pure: no database)."""

from __future__ import annotations

import uuid

from learnwork.recommendations import audit
from learnwork.recommendations.audit import Figures, SkillFigure, suggest

STATS, PYTHON, COOKING = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def skill(pk, label, shown, learned=0):
    return SkillFigure(skill_id=pk, label=label, shown=shown, learned=learned)


def test_silence_means_unfollow_whatever_else():
    got = suggest(Figures(posted=0))
    assert got.action == audit.UNFOLLOW
    assert got.reason == "Silent: no posts in the last 30 days."
    # Posts shown earlier in the window do not make up for silence in it.
    assert suggest(Figures(posted=0, shown=3, learned=3)).action == audit.UNFOLLOW


def test_muted_accounts_are_kept_as_they_are():
    got = suggest(Figures(posted=12, muted=True))
    assert got.action == audit.KEEP and "You mute them" in got.reason


def test_nothing_shown_or_too_little_is_kept():
    got = suggest(Figures(posted=7, shown=0))
    assert got.action == audit.KEEP
    assert got.reason == "None of their 7 posts reached your feed: too little to judge."
    got = suggest(Figures(posted=7, shown=4))
    assert got.action == audit.KEEP and "too few to judge" in got.reason


def test_shown_a_lot_never_learned_is_mute_and_many_is_unfollow():
    assert suggest(Figures(posted=40, shown=audit.MUTE_SHOWN - 1)).action == audit.KEEP
    got = suggest(Figures(posted=40, shown=audit.MUTE_SHOWN))
    assert got.action == audit.MUTE
    assert got.reason == "You were shown 10 of their posts and learned from none."
    assert suggest(Figures(posted=40, shown=audit.UNFOLLOW_SHOWN - 1)).action == audit.MUTE
    got = suggest(Figures(posted=40, shown=audit.UNFOLLOW_SHOWN))
    assert got.action == audit.UNFOLLOW
    assert got.reason == "You learned from none of the 30 posts of theirs you were shown."


def test_learning_on_one_skill_while_the_rest_never_helped_is_follow_only_for_it():
    figures = Figures(posted=20, shown=14, learned=4,
                      skills=(skill(COOKING, "cooking", 8), skill(STATS, "statistics", 6, 4)))
    got = suggest(figures)
    assert got.action == audit.FOCUS
    assert (got.skill_id, got.skill_label) == (STATS, "statistics")
    assert got.reason == ("You learned from 4 posts of theirs, 4 on statistics; none of their "
                          "8 other posts helped.")


def test_one_slip_in_ten_still_counts_as_never_helped():
    figures = Figures(posted=30, shown=25, learned=5,
                      skills=(skill(STATS, "statistics", 5, 4), skill(COOKING, "cooking", 20, 1)))
    got = suggest(figures)
    assert got.action == audit.FOCUS and got.skill_id == STATS
    assert "only 1 of their 20 other posts helped" in got.reason


def test_no_focus_when_other_skills_helped_too():
    helped = Figures(posted=20, shown=14, learned=5,
                     skills=(skill(STATS, "statistics", 6, 3), skill(COOKING, "cooking", 8, 2)))
    got = suggest(helped)
    assert got.action == audit.KEEP
    assert got.reason == "You learned from 5 of the 14 posts of theirs you were shown."


def test_no_focus_without_enough_to_go_on():
    # One post learned from is not a pattern.
    assert suggest(Figures(posted=9, shown=9, learned=1,
                           skills=(skill(STATS, "statistics", 3, 1),))).action == audit.KEEP
    # Nearly everything shown was on that skill already: nothing to cut.
    assert suggest(Figures(posted=9, shown=9, learned=3,
                           skills=(skill(STATS, "statistics", 7, 3),))).action == audit.KEEP


def test_no_focus_when_already_followed_for_that_skill_only():
    figures = Figures(posted=20, shown=14, learned=4, topic_ids=frozenset({STATS}),
                      skills=(skill(COOKING, "cooking", 8), skill(STATS, "statistics", 6, 4)))
    assert suggest(figures).action == audit.KEEP
    # Followed for two skills, learning on one: narrow it.
    wider = Figures(posted=20, shown=14, learned=4, topic_ids=frozenset({STATS, COOKING}),
                    skills=figures.skills)
    assert suggest(wider).action == audit.FOCUS


def test_the_focus_skill_is_the_most_learned_then_the_narrowest():
    figures = Figures(shown=20, learned=4,
                      skills=(skill(PYTHON, "Python", 10, 4), skill(STATS, "statistics", 5, 4),
                              skill(COOKING, "cooking", 9, 1)))
    assert audit.focus_skill(figures).skill_id == STATS
    assert audit.focus_skill(Figures(shown=3, skills=(skill(STATS, "s", 3),))) is None


def test_share():
    assert Figures(shown=8, learned=2).share == 0.25
    assert Figures(shown=0).share is None
