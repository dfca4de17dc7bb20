"""Writes for the course catalogue: providers publish courses; people add one to their
journey (a planned record) or a skill it teaches to their learning goals.

A course added to a journey carries the course's activity IRI as the record's external id, so
when the provider later reports the learner finished it, the same record is confirmed instead
of a second one appearing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import Conflict, InvalidInput, NotFound
from learnwork.journeys import selectors as journeys_selectors
from learnwork.journeys import services as journeys
from learnwork.journeys.models import LearningRecord
from learnwork.providers.errors import CourseNotFound
from learnwork.providers.models import COURSE_MAX_SKILLS, Course, Provider
from learnwork.providers.services import check_admin
from learnwork.providers.validation import clean_text, clean_url
from learnwork.skills import services as skills_services
from learnwork.skills.models import LearningGoal, Skill

EDITABLE = frozenset({"title", "description", "url", "skill_ids", "format", "cost_amount",
                      "cost_currency", "language", "credential", "activity_id", "published"})
MAX_COURSES = 5000
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
MAX_PRICE = Decimal("99999999.99")


def clean_activity_id(value: Any) -> str:
    """An absolute IRI, as xAPI requires of activity ids (or empty)."""
    iri = str(value or "").strip()
    if not iri:
        return ""
    parts = urlsplit(iri)
    if (len(iri) > 500 or not parts.scheme or not (parts.netloc or parts.path)
            or any(ch.isspace() for ch in iri)):
        raise InvalidInput(_("The activity id must be an absolute IRI (like https://…/courses/"
                             "42) of at most 500 characters."), field="activity_id")
    return iri


def clean_cost(amount: Any, currency: Any) -> tuple[Decimal, str]:
    try:
        value = Decimal(str(amount if amount not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("The cost must be a number."), field="cost_amount") from None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        raise InvalidInput(_("The cost must be between 0 and %(max)s.") % {"max": MAX_PRICE},
                           field="cost_amount")
    value = value.quantize(Decimal("0.01"))
    code = str(currency or "").strip().upper()
    if value == 0:
        return value, ""
    if not _CURRENCY.match(code):
        raise InvalidInput(_("A price needs its currency as a three-letter ISO 4217 code, "
                             "such as EUR or USD."), field="cost_currency")
    return value, code


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in values:
        out["title"] = clean_text(values["title"], limit=200, field="title",
                                  what=_("The title"), required=True)
    if "description" in values:
        out["description"] = clean_text(values["description"], limit=5000,
                                        field="description", what=_("The description"),
                                        multiline=True)
    if "url" in values:
        out["url"] = clean_url(values["url"], field="url")
    if "format" in values:
        if values["format"] not in Course.Format.values:
            raise InvalidInput(_("The format is one of: %(all)s.")
                               % {"all": ", ".join(Course.Format.values)}, field="format")
        out["format"] = values["format"]
    if "language" in values:
        language = str(values["language"] or "").strip()
        if language and (len(language) > 16 or not _LANGUAGE.match(language)):
            raise InvalidInput(_("The language is a code such as en or pt-BR."),
                               field="language")
        out["language"] = language
    if "credential" in values:
        out["credential"] = clean_text(values["credential"], limit=200, field="credential",
                                       what=_("The credential"))
    if "activity_id" in values:
        out["activity_id"] = clean_activity_id(values["activity_id"])
    if "published" in values:
        out["published"] = bool(values["published"])
    return out


def clean_skill_ids(skill_ids: Iterable[uuid.UUID | str]) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    for raw in skill_ids:
        try:
            pk = raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
        except ValueError:
            raise InvalidInput(_("“%(id)s” is not a skill id.") % {"id": str(raw)[:40]},
                               field="skill_ids") from None
        if pk not in ids:
            ids.append(pk)
    if len(ids) > COURSE_MAX_SKILLS:
        raise InvalidInput(_("A course can teach at most %(n)d skills.")
                           % {"n": COURSE_MAX_SKILLS}, field="skill_ids")
    found = set(Skill.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise NotFound(_("No skill has the id %(ids)s.") % {"ids": ", ".join(missing[:5])},
                       code="skill_not_found")
    return ids


def _save(course: Course, skill_ids: list[uuid.UUID] | None) -> Course:
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError:
        raise Conflict(_("Another course of this provider already has the activity id "
                         "%(id)s.") % {"id": course.activity_id[:200]},
                       code="activity_id_taken") from None
    if skill_ids is not None:
        course.skills.set(Skill.objects.filter(pk__in=skill_ids))
    return course


@transaction.atomic
def course_create(*, actor: User | None, provider: Provider, title: str,
                  skill_ids: Iterable[uuid.UUID | str] = (), cost_amount: Any = 0,
                  cost_currency: str = "", **fields: Any) -> Course:
    """Publish a course (`actor=None`: the provider itself, by its credential, or the CLI)."""
    check_admin(actor=actor, provider=provider)
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"unknown course fields: {sorted(unknown)}")
    if Course.objects.filter(provider=provider).count() >= MAX_COURSES:
        raise InvalidInput(_("A provider can list %(n)d courses.") % {"n": MAX_COURSES})
    values = _clean({"title": title, **fields})
    amount, currency = clean_cost(cost_amount, cost_currency)
    course = Course(provider=provider, cost_amount=amount, cost_currency=currency, **values)
    return _save(course, clean_skill_ids(skill_ids))


def _course(provider: Provider, course_id: int) -> Course:
    course = Course.objects.select_for_update().filter(provider=provider, pk=course_id).first()
    if course is None:
        raise CourseNotFound()
    return course


@transaction.atomic
def course_update(*, actor: User | None, provider: Provider, course_id: int,
                  **fields: Any) -> Course:
    """Change the given fields only."""
    check_admin(actor=actor, provider=provider)
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"unknown course fields: {sorted(unknown)}")
    course = _course(provider, course_id)
    for name, value in _clean(fields).items():
        setattr(course, name, value)
    if "cost_amount" in fields or "cost_currency" in fields:
        course.cost_amount, course.cost_currency = clean_cost(
            fields.get("cost_amount", course.cost_amount),
            fields.get("cost_currency", course.cost_currency))
    skill_ids = fields.get("skill_ids")
    return _save(course, clean_skill_ids(skill_ids) if skill_ids is not None else None)


@transaction.atomic
def course_delete(*, actor: User | None, provider: Provider, course_id: int) -> None:
    """Remove a course from the catalogue; records people made from it stay theirs."""
    check_admin(actor=actor, provider=provider)
    _course(provider, course_id).delete()


def _published(course_id: int) -> Course:
    course = (Course.objects.select_related("provider").prefetch_related("skills")
              .filter(pk=course_id, published=True).first())
    if course is None:
        raise CourseNotFound()
    return course


@transaction.atomic
def course_add_to_journey(*, user: User, course_id: int) -> LearningRecord:
    """Put a published course on `user`'s journey as planned, with its skills (409 when it is
    there already)."""
    course = _published(course_id)
    if course.activity_id and journeys_selectors.record_by_external_id(
            user=user, external_id=course.activity_id):
        raise Conflict(_("“%(title)s” is already on your journey.") % {"title": course.title},
                       code="already_on_journey")
    return journeys.record_create(
        user=user, kind=LearningRecord.Kind.COURSE, title=course.title,
        status=LearningRecord.Status.PLANNED, source_name=course.provider.name[:120],
        url=course.url, skill_ids=[s.pk for s in course.skills.all()][:12],
        external_id=course.activity_id,
    )


@transaction.atomic
def course_skill_to_goals(*, user: User, course_id: int,
                          skill_id: uuid.UUID | str) -> LearningGoal:
    """Make a skill the course teaches one of `user`'s learning goals (409 if it is one)."""
    course = _published(course_id)
    if str(skill_id) not in {str(s.pk) for s in course.skills.all()}:
        raise InvalidInput(_("This course does not teach that skill."), field="skill_id")
    return skills_services.goal_add(user=user, skill_id=skill_id,
                                    why=_("To take “%(title)s”") % {"title": course.title[:200]})
