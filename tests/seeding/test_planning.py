"""Planning is pure: these tests need no database."""

from __future__ import annotations

import zoneinfo

import pytest

from learnwork.accounts.validators import handle_validators
from learnwork.seeding import UnknownTier, get_tier
from learnwork.seeding.people import CAN_APPLY, CAN_TEACH, LEARNING, plan_people
from learnwork.seeding.sample import OCCUPATIONS, sample_id, sample_taxonomy


@pytest.fixture(scope="module")
def sample():
    return sample_taxonomy()


def test_same_seed_plans_the_same_people(sample):
    assert plan_people(seed=7, count=40, taxonomy=sample) == plan_people(
        seed=7, count=40, taxonomy=sample
    )


def test_another_seed_plans_other_people(sample):
    first = [p.handle for p in plan_people(seed=1, count=40, taxonomy=sample)]
    second = [p.handle for p in plan_people(seed=2, count=40, taxonomy=sample)]
    assert first != second


def test_a_smaller_plan_is_a_prefix_of_a_larger_one(sample):
    # This is what lets tier M extend tier S rather than replace it.
    assert plan_people(seed=1, count=200, taxonomy=sample)[:60] == plan_people(
        seed=1, count=60, taxonomy=sample
    )


def test_planned_people_are_believable(sample):
    people = plan_people(seed=1, count=300, taxonomy=sample)
    assert len({p.handle for p in people}) == 300
    for person in people:
        for validate in handle_validators:
            validate(person.handle)
        occupation = sample.occupations[person.occupation_id]
        held = {s.skill_id for s in person.skills}
        assert len(person.skills) >= 3
        assert held <= set(occupation.skills)
        assert 1 <= len(person.goals) <= 3
        assert not held & {g.skill_id for g in person.goals}
        for skill in person.skills:
            assert 1 <= skill.level <= 5
            assert {
                CAN_TEACH: (4, 5), CAN_APPLY: (2, 3, 4), LEARNING: (1, 2),
            }[skill.proficiency].__contains__(skill.level)
        for goal in person.goals:
            assert goal.why
            assert 30 <= goal.target_in_days <= 365
        assert zoneinfo.ZoneInfo(person.city.timezone)
        assert len(person.headline) <= 140
        assert person.bio and person.display_name.strip()
        assert held <= {skill for skill, _ in person.expertise}
        assert all(1.0 <= level <= 5.0 for _, level in person.expertise)


def test_levels_follow_a_believable_mix(sample):
    skills = [s for p in plan_people(seed=1, count=400, taxonomy=sample) for s in p.skills]
    share = {kind: sum(s.proficiency == kind for s in skills) / len(skills)
             for kind in (LEARNING, CAN_APPLY, CAN_TEACH)}
    assert share[CAN_APPLY] > 0.5
    assert 0.03 < share[CAN_TEACH] < 0.3
    assert 0.05 < share[LEARNING] < 0.35


def test_hidden_expertise_is_there_for_later_stages(sample):
    people = plan_people(seed=1, count=300, taxonomy=sample)
    assert sum(bool(p.strengths()) for p in people) > 50
    # Some strengths never appear on the profile: only what people post can reveal them.
    unlisted = [p for p in people
                if set(p.strengths()) - {s.skill_id for s in p.skills}]
    assert unlisted


def test_thin_occupations_are_left_out(sample):
    assert str(sample_id("piano tuner")) not in sample.occupations
    assert len(sample.occupations) == len(OCCUPATIONS) - 1


def test_tiers():
    assert get_tier("s").people == 1_000
    assert get_tier("M").people == 10_000
    with pytest.raises(UnknownTier, match="unknown tier 'Q'"):
        get_tier("Q")
