"""Checks for learning records: each takes raw input and returns the stored form, or raises
an InvalidInput (NotFound for unknown skills) naming the field and saying what to do."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnwork.accounts.models import User, Visibility
from learnwork.core.errors import InvalidInput, NotFound
from learnwork.core.markdown import render_markdown
from learnwork.journeys.localtime import local_date
from learnwork.journeys.models import (
    RECORD_MAX_SKILLS,
    REFLECTION_MAX_CHARS,
    TITLE_MAX_CHARS,
    LearningRecord,
)
from learnwork.skills.models import Skill

SOURCE_MAX_CHARS = 120
URL_MAX_CHARS = 500
EXTERNAL_ID_MAX_CHARS = 500
CONFIRMED_BY_MAX_CHARS = 120
EARLIEST = date(1900, 1, 1)
PLAN_AHEAD = timedelta(days=3653)  # ten years

Kind = LearningRecord.Kind
Status = LearningRecord.Status
Origin = LearningRecord.Origin

_url = URLValidator(schemes=["http", "https"])


def clean_text(value: Any, *, limit: int, field: str, what: str, required: bool = False,
               multiline: bool = False) -> str:
    """Text as it is stored: NULs and control characters dropped (tabs and, when multiline,
    line ends kept), trimmed; checked for size. A single line has its whitespace collapsed."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    keep = "\n\t" if multiline else ""
    text = "".join(ch for ch in text if ch in keep or unicodedata.category(ch) != "Cc")
    text = text.strip() if multiline else " ".join(text.split())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(_("%(what)s has characters that cannot be stored. Remove them and "
                             "try again.") % {"what": what}, field=field) from None
    if required and not text:
        raise InvalidInput(_("%(what)s is required.") % {"what": what}, code="empty",
                           field=field)
    if len(text) > limit:
        raise InvalidInput(_("%(what)s can be at most %(limit)s characters; this has "
                             "%(count)s.") % {"what": what, "limit": f"{limit:,}",
                                              "count": f"{len(text):,}"},
                           code="too_long", field=field)
    return text


def clean_choice(value: Any, choices: Iterable[str], *, field: str, message: str) -> str:
    if value not in set(choices):
        raise InvalidInput(message, field=field)
    return str(value)


def clean_link(value: Any) -> str:
    url = str(value or "").strip()
    if not url:
        return ""
    try:
        if len(url) > URL_MAX_CHARS or any(unicodedata.category(ch) == "Cc" for ch in url):
            raise ValidationError("not a link")
        _url(url)
    except ValidationError as exc:
        raise InvalidInput(
            _("%(url)s is not a web address: a link starts with http:// or https:// and has at "
              "most %(n)d characters.") % {"url": url[:80], "n": URL_MAX_CHARS}, field="url",
        ) from exc
    return url


def clean_skill_ids(raw: Iterable[uuid.UUID | str]) -> list[uuid.UUID]:
    """Distinct, existing skill ids in the order given; raises naming the ones that are not."""
    if isinstance(raw, str | bytes):
        raw = [raw] if raw else []
    ids: list[uuid.UUID] = []
    for value in raw:
        try:
            pk = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        except ValueError:
            raise InvalidInput(
                _("“%(value)s” is not a skill id. Search for the skill by name and pick it from "
                  "the list.") % {"value": str(value)[:40]}, field="skill_ids") from None
        if pk not in ids:
            ids.append(pk)
    if len(ids) > RECORD_MAX_SKILLS:
        raise InvalidInput(_("Tag at most %(n)d skills.") % {"n": RECORD_MAX_SKILLS},
                           field="skill_ids")
    if not ids:
        return ids
    known = set(Skill.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(pk) for pk in ids if pk not in known]
    if missing:
        raise NotFound(ngettext("No skill has the id %(ids)s.", "No skills have the ids %(ids)s.",
                                len(missing)) % {"ids": ", ".join(missing)},
                       code="skill_not_found", field="skill_ids")
    return ids


def _day(value: Any, *, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise InvalidInput(_("Give the date as YYYY-MM-DD."), field=field)
    if value < EARLIEST:
        raise InvalidInput(_("Pick a date after 1900."), field=field)
    return value


def clean_dates(user: User, *, status: str, origin: str, started_on: Any,
                finished_on: Any) -> tuple[date | None, date | None]:
    """Start and finish checked against the status and the person's own today; a finished
    record without a finish date finished today."""
    started = _day(started_on, field="started_on")
    finished = _day(finished_on, field="finished_on")
    today = local_date(user)
    if origin != Origin.MANUAL:
        # A provider's or issuer's clock (or time zone) can be a little ahead of the learner's;
        # what they report is not the learner's mistake to fix.
        started = min(started, today) if started else None
        finished = min(finished, today) if finished else None
    if status != Status.FINISHED and finished is not None:
        raise InvalidInput(_("Only finished learning has a finish date. Mark it finished, or "
                             "leave the date empty."), field="finished_on")
    if status == Status.FINISHED and finished is None:
        finished = max(today, started) if started else today
    if finished is not None and finished > today:
        raise InvalidInput(_("The finish date is in the future. Pick today or an earlier day."),
                           field="finished_on")
    if started is not None and status != Status.PLANNED and started > today:
        raise InvalidInput(_("The start date is in the future. Pick today or an earlier day, "
                             "or mark the record planned."), field="started_on")
    if started is not None and started > today + PLAN_AHEAD:
        raise InvalidInput(_("Plan at most ten years ahead."), field="started_on")
    if started is not None and finished is not None and finished < started:
        raise InvalidInput(_("The finish date is before the start date."), field="finished_on")
    return started, finished


def clean_record(user: User, origin: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every stored field of a record from `values`, checked; raises on the first bad one."""
    status = clean_choice(values["status"], Status.values, field="status",
                          message=_("Choose planned, in progress or finished."))
    started, finished = clean_dates(user, status=status, origin=origin,
                                    started_on=values.get("started_on"),
                                    finished_on=values.get("finished_on"))
    reflection = clean_text(values.get("reflection"), limit=REFLECTION_MAX_CHARS,
                            field="reflection", what=_("What you learned"), multiline=True)
    return {
        "kind": clean_choice(values["kind"], Kind.values, field="kind",
                             message=_("Choose a course, book, article, talk, project, "
                                       "certificate or badge.")),
        "title": clean_text(values["title"], limit=TITLE_MAX_CHARS, field="title",
                            what=_("The title"), required=True),
        "status": status,
        "source_name": clean_text(values.get("source_name"), limit=SOURCE_MAX_CHARS,
                                  field="source_name", what=_("Who it is by")),
        "url": clean_link(values.get("url")),
        "started_on": started,
        "finished_on": finished,
        "reflection": reflection,
        "reflection_html": render_markdown(reflection) if reflection else "",
        "visibility": clean_choice(values.get("visibility", Visibility.EVERYONE),
                                   Visibility.values, field="visibility",
                                   message=_("Choose who sees it: everyone, members or only "
                                             "you.")),
    }
