"""Factories for learning records. They go through the services, so the rendered reflection and
the checked dates are what the app itself would have written."""

from __future__ import annotations

from typing import Any

import factory

from learnwork.journeys import services
from learnwork.journeys.models import LearningRecord
from tests.factories import UserFactory


class RecordFactory(factory.django.DjangoModelFactory):
    """RecordFactory(user=..., title=..., status=..., skills=[skill, ...], confirmed_by=...)."""

    class Meta:
        model = LearningRecord

    user = factory.SubFactory(UserFactory)
    kind = LearningRecord.Kind.COURSE
    title = factory.Sequence(lambda n: f"Course number {n}")
    status = LearningRecord.Status.FINISHED
    source_name = ""
    url = ""
    started_on = None
    finished_on = None
    reflection = ""
    visibility = "everyone"
    origin = LearningRecord.Origin.MANUAL
    external_id = ""
    skills: Any = ()
    confirmed_by = ""
    hidden = False

    @classmethod
    def _create(cls, model_class: type[LearningRecord], *args: Any,
                **kwargs: Any) -> LearningRecord:
        confirmed_by = kwargs.pop("confirmed_by")
        hidden = kwargs.pop("hidden")
        skills = kwargs.pop("skills") or ()
        record = services.record_create(skill_ids=[getattr(s, "pk", s) for s in skills],
                                        **kwargs)
        if confirmed_by:
            record = services.record_confirm(record=record, confirmed_by=confirmed_by)
        if hidden:
            record = services.record_set_hidden(user=record.user, record_id=record.pk,
                                                hidden=True)
        return record
