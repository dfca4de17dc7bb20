"""Bulk actions from the follow audit: through social's services, all or nothing."""

from __future__ import annotations

import uuid

import pytest

from learnwork.core.errors import InvalidInput, NotFound
from learnwork.recommendations import audit
from learnwork.recommendations.audit_services import MAX_BATCH, AuditAction, audit_apply
from learnwork.social.models import Follow, FollowTopic, Mute
from tests.social.factories import BlockFactory

from .test_audit_selectors import make_net

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(db):
    return make_net()


def state(reader):
    follows = {f.followee.username: {t.skill_id for t in FollowTopic.objects.filter(follow=f)}
               for f in Follow.objects.filter(follower=reader).select_related("followee")}
    muted = set(Mute.objects.filter(user=reader, kind="person")
                .values_list("person__username", flat=True))
    return follows, muted


def test_each_action_through_social(net):
    applied = audit_apply(reader=net.reader, actions=[
        AuditAction("@ANA", audit.FOCUS, str(net.stats.pk)),
        AuditAction("ben", audit.UNFOLLOW),
        AuditAction("cara", audit.KEEP),
    ])
    assert [(a.person.username, a.action, a.skill_id) for a in applied] == [
        ("ana", "focus", net.stats.pk), ("ben", "unfollow", None), ("cara", "keep", None)]
    follows, muted = state(net.reader)
    assert follows == {"ana": {net.stats.pk}, "cara": set()} and muted == {"cara"}

    audit_apply(reader=net.reader, actions=[AuditAction("ana", audit.MUTE)])
    follows, muted = state(net.reader)
    assert follows["ana"] == {net.stats.pk} and muted == {"ana", "cara"}


def test_one_refusal_changes_nothing_and_names_the_account(net):
    before = state(net.reader)
    stranger_error = [AuditAction("ana", audit.UNFOLLOW), AuditAction("nobody_here", "mute")]
    with pytest.raises(NotFound, match="@nobody_here"):
        audit_apply(reader=net.reader, actions=stranger_error)
    from tests.factories import UserFactory

    UserFactory(username="dora")
    with pytest.raises(NotFound, match="You don't follow @dora") as caught:
        audit_apply(reader=net.reader, actions=[AuditAction("ben", audit.UNFOLLOW),
                                                AuditAction("dora", audit.UNFOLLOW)])
    assert caught.value.code == "not_following"
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match=f"@ana: No skill has the id {missing}"):
        audit_apply(reader=net.reader, actions=[AuditAction("ben", audit.UNFOLLOW),
                                                AuditAction("ana", audit.FOCUS, missing)])
    assert state(net.reader) == before


def test_a_block_after_the_audit_was_loaded_is_refused_cleanly(net):
    BlockFactory(blocker=net.ana, blocked=net.reader)  # ends the follow too
    with pytest.raises(NotFound, match="You don't follow @ana"):
        audit_apply(reader=net.reader, actions=[AuditAction("ana", audit.FOCUS, net.stats.pk)])


@pytest.mark.parametrize(("actions", "message"), [
    ([], "Choose at least one account"),
    ([AuditAction("ana", "delete")], "“delete” is not an action"),
    ([AuditAction("ana", audit.FOCUS)], "Choose the skill to follow @ana for"),
    ([AuditAction("ana", audit.MUTE), AuditAction("@Ana", audit.KEEP)],
     "@ana is in the list twice"),
    ([AuditAction("ana", audit.FOCUS, "statistics")], "is not a skill id"),
])
def test_bad_batches_are_refused(net, actions, message):
    before = state(net.reader)
    with pytest.raises(InvalidInput, match=message):
        audit_apply(reader=net.reader, actions=actions)
    assert state(net.reader) == before


def test_batches_are_bounded(net):
    with pytest.raises(InvalidInput, match=f"at most {MAX_BATCH}"):
        audit_apply(reader=net.reader,
                    actions=[AuditAction(f"p{n}", audit.KEEP) for n in range(MAX_BATCH + 1)])
