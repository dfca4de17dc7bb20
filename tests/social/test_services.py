from __future__ import annotations

import uuid

import pytest

from learnwork.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from learnwork.social import services
from learnwork.social.models import Block, Follow, FollowTopic, Mute, SkillFollow
from learnwork.social.services import MAX_MUTED_WORDS, MAX_TOPICS
from tests.factories import UserFactory

from .factories import BlockFactory, FollowFactory, MuteFactory

pytestmark = pytest.mark.django_db


def topics_of(follow):
    return set(FollowTopic.objects.filter(follow=follow).values_list("skill_id", flat=True))


def test_follow_for_everything_then_for_topics_keeps_one_follow(ana, ben, tree):
    first = services.follow(follower=ana, followee=ben)
    assert topics_of(first) == set()

    again = services.follow(follower=ana, followee=ben,
                            topic_skill_ids=[tree.stats.pk, str(tree.sql.pk), tree.sql.pk])
    assert again.pk == first.pk
    assert topics_of(again) == {tree.stats.pk, tree.sql.pk}

    services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    assert topics_of(first) == {tree.sql.pk}
    services.follow(follower=ana, followee=ben)
    assert topics_of(first) == set()
    assert Follow.objects.count() == 1


def test_following_yourself_is_refused(ana):
    with pytest.raises(InvalidInput, match="You can't follow yourself"):
        services.follow(follower=ana, followee=ana)
    assert not Follow.objects.exists()


def test_following_someone_who_blocked_you_is_forbidden_and_writes_nothing(ana, ben, tree):
    BlockFactory(blocker=ben, blocked=ana)
    with pytest.raises(PermissionDenied, match="@ben has blocked you") as caught:
        services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    assert caught.value.status == 403
    assert not Follow.objects.exists() and not FollowTopic.objects.exists()


def test_following_someone_you_blocked_asks_you_to_unblock_first(ana, ben):
    BlockFactory(blocker=ana, blocked=ben)
    with pytest.raises(InvalidInput, match="Unblock them first") as caught:
        services.follow(follower=ana, followee=ben)
    assert caught.value.code == "unblock_first"
    assert not Follow.objects.exists()


def test_unknown_topic_names_the_skill_and_writes_nothing(ana, ben, tree):
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match=str(missing)) as caught:
        services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk, missing])
    assert caught.value.field == "topics"
    assert not Follow.objects.exists() and not FollowTopic.objects.exists()


def test_bad_topic_on_an_existing_follow_leaves_its_topics_alone(ana, ben, tree):
    follow = services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    with pytest.raises(InvalidInput, match="not a skill id"):
        services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.stats.pk, "nope"])
    with pytest.raises(NotFound):
        services.set_follow_topics(follower=ana, followee=ben,
                                   topic_skill_ids=[tree.stats.pk, uuid.uuid4()])
    assert topics_of(follow) == {tree.sql.pk}


def test_too_many_topics_is_refused(ana, ben):
    with pytest.raises(InvalidInput, match=f"at most {MAX_TOPICS}"):
        services.follow(follower=ana, followee=ben,
                        topic_skill_ids=[uuid.uuid4() for _ in range(MAX_TOPICS + 1)])
    assert not Follow.objects.exists()


def test_following_an_inactive_account_is_not_found(ana):
    gone = UserFactory(is_active=False)
    with pytest.raises(NotFound):
        services.follow(follower=ana, followee=gone)


def test_set_follow_topics_needs_a_follow(ana, ben, tree):
    with pytest.raises(NotFound, match="You don't follow @ben"):
        services.set_follow_topics(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    assert not Follow.objects.exists()

    follow = FollowFactory(follower=ana, followee=ben)
    services.set_follow_topics(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    assert topics_of(follow) == {tree.sql.pk}
    services.set_follow_topics(follower=ana, followee=ben, topic_skill_ids=[])
    assert topics_of(follow) == set()


def test_unfollow(ana, ben, tree):
    services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    services.unfollow(follower=ana, followee=ben)
    assert not Follow.objects.exists() and not FollowTopic.objects.exists()
    with pytest.raises(NotFound, match="You don't follow @ben"):
        services.unfollow(follower=ana, followee=ben)


def test_skill_follow_is_idempotent_and_unfollow_needs_a_follow(ana, tree):
    first = services.skill_follow(user=ana, skill_id=tree.stats.pk)
    assert services.skill_follow(user=ana, skill_id=str(tree.stats.pk)).pk == first.pk
    with pytest.raises(NotFound):
        services.skill_follow(user=ana, skill_id=uuid.uuid4())
    with pytest.raises(InvalidInput):
        services.skill_follow(user=ana, skill_id="statistics")
    services.skill_unfollow(user=ana, skill_id=tree.stats.pk)
    assert not SkillFollow.objects.exists()
    with pytest.raises(NotFound):
        services.skill_unfollow(user=ana, skill_id=tree.stats.pk)


def test_block_ends_follows_both_ways_and_is_idempotent(ana, ben, tree):
    services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    services.follow(follower=ben, followee=ana)
    other = FollowFactory(follower=ana)

    first = services.block(blocker=ana, blocked=ben)
    assert services.block(blocker=ana, blocked=ben).pk == first.pk
    assert list(Follow.objects.all()) == [other]
    assert not FollowTopic.objects.exists()
    # Blocked, ben can't follow ana back.
    with pytest.raises(PermissionDenied):
        services.follow(follower=ben, followee=ana)


def test_block_and_unblock_yourself_or_nobody(ana, ben):
    with pytest.raises(InvalidInput, match="You can't block yourself"):
        services.block(blocker=ana, blocked=ana)
    with pytest.raises(NotFound, match="You haven't blocked @ben"):
        services.unblock(blocker=ana, blocked=ben)
    services.block(blocker=ana, blocked=ben)
    services.unblock(blocker=ana, blocked=ben)
    assert not Block.objects.exists()
    services.follow(follower=ana, followee=ben)  # allowed again


def test_mute_person(ana, ben):
    first = services.mute_person(user=ana, person=ben)
    assert services.mute_person(user=ana, person=ben).pk == first.pk
    with pytest.raises(InvalidInput, match="You can't mute yourself"):
        services.mute_person(user=ana, person=ana)
    services.unmute_person(user=ana, person=ben)
    with pytest.raises(NotFound):
        services.unmute_person(user=ana, person=ben)


def test_mute_word_is_normalised(ana):
    mute = services.mute_word(user=ana, word="  Machine\t  LEARNING ")
    assert (mute.kind, mute.word) == ("word", "machine learning")


@pytest.mark.parametrize("word", ["", "   ", "x" * 101, "bad\x00word"])
def test_mute_word_must_be_one_to_a_hundred_ordinary_characters(ana, word):
    with pytest.raises(InvalidInput) as caught:
        services.mute_word(user=ana, word=word)
    assert caught.value.field == "word"
    assert not Mute.objects.exists()


def test_mute_word_of_exactly_a_hundred_characters(ana):
    assert services.mute_word(user=ana, word="y" * 100).word == "y" * 100


def test_duplicate_muted_word_conflicts(ana, ben):
    services.mute_word(user=ana, word="Crypto")
    with pytest.raises(Conflict, match="You already mute “crypto”"):
        services.mute_word(user=ana, word=" CRYPTO ")
    services.mute_word(user=ben, word="crypto")  # someone else's list is their own
    assert Mute.objects.filter(word="crypto").count() == 2


def test_muted_words_are_capped(ana):
    MuteFactory.create_batch(MAX_MUTED_WORDS, user=ana)
    with pytest.raises(InvalidInput, match="at most"):
        services.mute_word(user=ana, word="one more")


def test_mute_skill_and_unmute_by_id(ana, ben, tree):
    mute = services.mute_skill(user=ana, skill_id=tree.sql.pk)
    assert services.mute_skill(user=ana, skill_id=tree.sql.pk).pk == mute.pk
    with pytest.raises(NotFound):
        services.mute_skill(user=ana, skill_id=uuid.uuid4())
    # Someone else's mute id is not found, not forbidden.
    with pytest.raises(NotFound):
        services.unmute(user=ben, mute_id=mute.pk)
    services.unmute(user=ana, mute_id=mute.pk)
    assert not Mute.objects.exists()
    with pytest.raises(NotFound):
        services.unmute(user=ana, mute_id=mute.pk)
