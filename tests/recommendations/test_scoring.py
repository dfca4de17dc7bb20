"""The pure scoring: evidence, closeness, variety and the reasons in words (no database)."""

from __future__ import annotations

from learnwork.recommendations import scoring
from learnwork.recommendations.scoring import Candidate, Evidence, evidence_score, rank, reasons


def taught(learners: int, posts: int | None = None, **kwargs) -> Evidence:
    posts = learners if posts is None else posts
    return Evidence(learned_marks=learners, learned_weight=float(learners), learners=learners,
                    learned_posts=min(learners, posts), posts=posts, **kwargs)


def test_no_evidence_scores_nothing():
    assert evidence_score(Evidence()) == 0


def test_more_people_learning_scores_higher():
    assert evidence_score(taught(12)) > evidence_score(taught(4)) > evidence_score(taught(1))


def test_posts_that_teach_reliably_beat_a_flood_with_the_same_marks():
    reliable = taught(6, posts=6)
    flood = taught(6, posts=60)
    assert evidence_score(reliable) > evidence_score(flood)


def test_one_lucky_post_is_not_yet_a_teacher():
    # Smoothed: one post that one person learned from is weaker than five posts five did.
    assert evidence_score(taught(1, posts=1)) < evidence_score(taught(5, posts=5)) / 2


def test_learned_marks_outweigh_records_which_outweigh_declarations():
    marks = evidence_score(taught(3))
    records = evidence_score(Evidence(records=2, confirmed_records=1))
    can_teach = evidence_score(Evidence(can_teach=True, declared_level=3))
    proficient = evidence_score(Evidence(declared_level=4))
    assert marks > records > can_teach > proficient > 0
    assert evidence_score(Evidence(declared_level=3)) == 0


def test_confirmed_records_and_verified_badges_count_more_than_unconfirmed():
    assert (evidence_score(Evidence(records=1, confirmed_records=1))
            > evidence_score(Evidence(records=1)))
    assert evidence_score(Evidence(badges=1)) > evidence_score(Evidence(records=1))


def test_posting_alone_ranks_above_nobody_but_below_any_evidence():
    only_posts = evidence_score(Evidence(posts=40))
    assert 0 < only_posts < evidence_score(Evidence(declared_level=4))


def test_people_the_reader_follows_learning_from_someone_lifts_them():
    a = Candidate(person_id=1, evidence=taught(5))
    b = Candidate(person_id=2, evidence=taught(5), friends_learned=3)
    assert [r.person_id for r in rank([a, b], limit=2)] == [2, 1]


def test_popularity_is_damped_not_rewarded():
    famous = Candidate(person_id=1, evidence=taught(5, followers=3000))
    unknown = Candidate(person_id=2, evidence=taught(5, followers=3))
    ranked = rank([famous, unknown], limit=2)
    assert [r.person_id for r in ranked] == [2, 1]
    # Damped, not buried: a famous teacher with clearly more evidence still comes first.
    stronger = Candidate(person_id=3, evidence=taught(25, followers=3000))
    assert rank([stronger, unknown], limit=1)[0].person_id == 3


def test_variety_holds_back_teachers_of_the_same_crowd():
    crowd = frozenset(range(100, 120))
    others = frozenset(range(200, 215))
    first = Candidate(person_id=1, evidence=taught(20), learner_ids=crowd)
    twin = Candidate(person_id=2, evidence=taught(19), learner_ids=crowd)
    different = Candidate(person_id=3, evidence=taught(15), learner_ids=others)
    without_variety = sorted([first, twin, different],
                             key=lambda c: -scoring.relevance(c)[0])
    assert [c.person_id for c in without_variety] == [1, 2, 3]
    assert [r.person_id for r in rank([first, twin, different], limit=3)] == [1, 3, 2]


def test_rank_is_stable_cut_to_the_limit_and_drops_the_empty():
    same = [Candidate(person_id=pk, evidence=taught(3)) for pk in (9, 4, 7)]
    nothing = Candidate(person_id=1, evidence=Evidence())
    ranked = rank([*same, nothing], limit=2)
    assert [r.person_id for r in ranked] == [4, 7]
    assert rank([nothing], limit=5) == []


def test_stored_base_score_is_used_when_given():
    a = Candidate(person_id=1, evidence=taught(1), base=50.0)
    b = Candidate(person_id=2, evidence=taught(30))
    assert rank([a, b], limit=1)[0].person_id == 1


def test_reasons_say_how_many_learned_and_how_many_you_follow():
    said = reasons(taught(14, followers=200), name="Ana", skill_label="statistics",
                   friends_learned=3)
    assert said[0] == ("14 people learned from Ana's posts on statistics; 3 of them are "
                       "people you follow.")
    one = reasons(taught(1, followers=200), name="Ben", skill_label="SQL", friends_learned=1)
    assert one[0] == "1 person learned from Ben's posts on SQL; 1 of them is someone you follow."


def test_reasons_name_records_badges_and_what_they_say_they_teach():
    said = reasons(Evidence(records=2, confirmed_records=1, badges=1, can_teach=True,
                            declared_level=5),
                   name="Cleo", skill_label="statistics", declared_label="regression analysis")
    assert said == [
        "Finished 2 courses or other learning in statistics, 1 of them confirmed by the "
        "provider.",
        "Holds 1 verified badge in statistics.",
        "Says they can teach regression analysis.",
    ]


def test_reasons_name_a_high_self_rating_when_they_do_not_say_they_teach():
    assert reasons(Evidence(declared_level=4), name="Ivy", skill_label="statistics",
                   declared_label="regression analysis") == [
        "Rates themselves proficient in regression analysis (4 of 5)."]
    assert reasons(Evidence(declared_level=5), name="Ivy", skill_label="statistics") == [
        "Rates themselves an expert in statistics (5 of 5)."]


def test_reasons_point_out_the_not_widely_followed():
    said = reasons(taught(4, followers=2), name="Ana", skill_label="statistics")
    assert "Not widely followed yet: found through what people learned." in said


def test_reasons_for_someone_who_only_posts():
    assert reasons(Evidence(posts=3), name="Dan", skill_label="SQL") == [
        "Wrote 3 posts on SQL; nobody has marked learning from them yet."]
