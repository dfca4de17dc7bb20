"""Keeping teacher evidence fresh without touching the apps that own the evidence.

The evidence comes from posts, learned marks, learning records, badges and profiles, all owned
by lower apps that must not know recommendations exist (the layers forbid the import). So this
app listens to their models' save signals and, once the transaction commits, enqueues a refresh
of the person concerned (tasks.py). A refresh is idempotent, so a missed or doubled signal costs
freshness or a little work, never correctness; the daily full rebuild (`manage.py
rebuild_teacher_evidence`, or on demand when suggestions find it older than a day) settles
everything.

Deletes are listened to only where Django collects the rows anyway (posts, learning records):
a delete receiver on a model that is otherwise deleted in one statement (reactions, user skills,
badges) would make every such delete, and every account deletion, read the rows first. A mark
taken back or a "can teach" removed shows on the next full rebuild.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def schedule_person(person_id: int | None) -> None:
    if person_id is None:
        return
    from learnwork.recommendations.tasks import refresh_people

    # robust: a refresh that fails is logged; it must never fail the change that caused it.
    transaction.on_commit(lambda: refresh_people.enqueue(person_ids=[person_id]), robust=True)


def schedule_post(post_id: int | None) -> None:
    if post_id is None:
        return
    from learnwork.recommendations.tasks import refresh_post_authors

    transaction.on_commit(lambda: refresh_post_authors.enqueue(post_ids=[post_id]), robust=True)


def _gone_with_owner(owner_id: int, origin: Any) -> bool:
    """Deleted because its owner's account is: their rows go with the account, and a refresh
    per post or record would be a task each for nothing."""
    return getattr(origin, "pk", None) == owner_id and origin._meta.label_lower == "accounts.user"


def _post_changed(sender: Any, instance: Any, raw: bool = False, origin: Any = None,
                  **kwargs: Any) -> None:
    if not raw and not _gone_with_owner(instance.author_id, origin):
        schedule_person(instance.author_id)


def _reaction_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.kind == "learned":
        schedule_post(instance.post_id)


def _owner_changed(sender: Any, instance: Any, raw: bool = False, origin: Any = None,
                   **kwargs: Any) -> None:
    if not raw and not _gone_with_owner(instance.user_id, origin):
        schedule_person(instance.user_id)


def connect() -> None:
    from learnwork.accounts.models import Profile
    from learnwork.credentials.models import ImportedBadge
    from learnwork.journeys.models import LearningRecord
    from learnwork.posts.models import Post, Reaction
    from learnwork.skills.models import UserSkill

    uid = "learnwork.recommendations"
    post_save.connect(_post_changed, sender=Post, dispatch_uid=f"{uid}:post-saved")
    post_delete.connect(_post_changed, sender=Post, dispatch_uid=f"{uid}:post-deleted")
    post_save.connect(_reaction_saved, sender=Reaction, dispatch_uid=f"{uid}:reaction")
    for model in (LearningRecord, ImportedBadge, UserSkill, Profile):
        post_save.connect(_owner_changed, sender=model,
                          dispatch_uid=f"{uid}:{model._meta.label_lower}-saved")
    post_delete.connect(_owner_changed, sender=LearningRecord,
                        dispatch_uid=f"{uid}:record-deleted")
