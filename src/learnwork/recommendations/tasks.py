"""Background work that keeps the teacher evidence fresh (run by `learnwork worker`).

Enqueued on commit by the signal receivers in `signals.py` when a post, a learned mark, a
learning record, a badge or a "can teach" declaration changes, and by `selectors.suggestions`
when the last full rebuild is more than a day old. Every task is safe to run twice.
"""

from __future__ import annotations

from django_tasks import task

from learnwork.recommendations import evidence


@task()
def refresh_people(*, person_ids: list[int]) -> int:
    """Recompute these people's evidence; returns the rows written."""
    return evidence.refresh_people(person_ids=person_ids).rows


@task()
def refresh_post_authors(*, post_ids: list[int]) -> int:
    """Recompute the evidence of whoever wrote these posts."""
    return evidence.refresh_post_authors(post_ids=post_ids).rows


@task()
def rebuild_evidence() -> int:
    """Everyone's evidence again (also what `manage.py rebuild_teacher_evidence` does)."""
    return evidence.rebuild().rows
