"""ReadingGraph's decisions, on plain data."""

from __future__ import annotations

import uuid

from learnwork.social.graph import ReadingGraph

STATS, SQL, REGRESSION = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def graph(**kwargs):
    return ReadingGraph(user_id=1, **kwargs)


def test_follow_of_everything_admits_every_post():
    g = graph(everything_from=frozenset({2}))
    assert g.admits(author_id=2)
    assert g.admits(author_id=2, skill_ids={SQL})
    assert not g.admits(author_id=3)
    assert g.followee_ids == {2}


def test_follow_for_topics_admits_only_those_skills():
    g = graph(topics_from={2: frozenset({STATS, REGRESSION})})
    assert g.admits(author_id=2, skill_ids={REGRESSION, SQL})
    assert not g.admits(author_id=2, skill_ids={SQL})
    assert not g.admits(author_id=2)
    assert g.followee_ids == {2}


def test_followed_skill_admits_anyone_posting_on_it():
    g = graph(followed_skill_ids=frozenset({STATS}))
    assert g.admits(author_id=9, skill_ids={STATS})
    assert not g.admits(author_id=9, skill_ids={SQL})


def test_mutes_and_blocks_beat_follows():
    g = graph(everything_from=frozenset({2, 3, 4}), muted_person_ids=frozenset({3}),
              blocked_ids=frozenset({4}), muted_skill_ids=frozenset({SQL}),
              muted_words=("crypto",))
    assert g.admits(author_id=2, text="hello")
    assert not g.admits(author_id=3)
    assert not g.admits(author_id=4)
    assert not g.admits(author_id=2, skill_ids={SQL})
    assert not g.admits(author_id=2, text="Crypto again")
    assert g.hidden_author_ids == {3, 4}
