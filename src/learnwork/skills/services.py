"""Writes for skills: the taxonomy import, a person's skills and their learning goals."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import Conflict, InvalidInput, NotFound
from learnwork.skills import hierarchy, importer, index_cache
from learnwork.skills.models import LearningGoal, Proficiency, Skill, TaxonomyImport, UserSkill

DEFAULT_TAXONOMY_DIR = Path(__file__).resolve().parent / "data" / "esco-v1.1.1-en"
MAX_EVIDENCE = 5
MAX_URL_LENGTH = 500
MAX_WHY = 500
_url = URLValidator(schemes=["http", "https"])
_UNSET: Any = object()


@dataclass
class ImportReport:
    version: str
    checksum: str
    skipped: bool = False
    concepts: int = 0
    occupations: int = 0
    relations: int = 0
    occupation_skills: int = 0
    stale_concepts: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def taxonomy_import(*, directory: Path = DEFAULT_TAXONOMY_DIR,
                    progress: importer.Progress | None = None,
                    force: bool = False) -> ImportReport:
    """Load the ESCO files in `directory`; a re-run updates in place.

    Skipped when the same files were already imported, unless `force`. Everything is checked
    before anything is written, and the writes share one transaction, so a bad file leaves
    the database as it was.
    """
    started = time.monotonic()
    directory = Path(directory)
    checksum = importer.checksum(directory)
    report = ImportReport(version=directory.name[:32], checksum=checksum)
    if not force and TaxonomyImport.objects.filter(checksum=checksum).exists():
        report.skipped = True
        return report
    tax = importer.read_taxonomy(directory, progress=progress)
    with transaction.atomic():
        counts = importer.write_taxonomy(tax, progress=progress)
        TaxonomyImport.objects.create(
            version=report.version, checksum=checksum, skills=counts["concepts"],
            occupations=counts["occupations"], relations=counts["relations"],
            occupation_skills=counts["occupation_skills"], notes=tax.notes,
        )
        transaction.on_commit(index_cache.invalidate)
        transaction.on_commit(hierarchy.invalidate)
    for name, value in counts.items():
        setattr(report, name, value)
    report.notes = tax.notes
    report.seconds = round(time.monotonic() - started, 2)
    return report


def _skill(skill_id: uuid.UUID | str) -> Skill:
    try:
        pk = skill_id if isinstance(skill_id, uuid.UUID) else uuid.UUID(str(skill_id))
    except ValueError:
        raise InvalidInput(_("That is not a skill id. Search for the skill by name and pick it "
                             "from the list."), field="skill_id") from None
    skill = Skill.objects.filter(pk=pk).first()
    if skill is None:
        raise NotFound(_("No skill has the id %(id)s. Search for the skill by name and pick it "
                         "from the list.") % {"id": pk}, code="skill_not_found")
    return skill


def clean_evidence(raw: Sequence[str] | str | None) -> list[str]:
    """Up to five distinct http(s) links; raises InvalidInput naming the first bad one."""
    items = raw.split() if isinstance(raw, str) else list(raw or [])
    links: list[str] = []
    for item in items:
        url = str(item).strip()
        if not url or url in links:
            continue
        try:
            if len(url) > MAX_URL_LENGTH:
                raise ValidationError("too long")
            _url(url)
        except ValidationError as exc:
            raise InvalidInput(
                _("%(url)s is not a web address: links must start with http:// or https:// "
                  "and be at most %(n)d characters.") % {"url": url[:80], "n": MAX_URL_LENGTH},
                field="evidence",
            ) from exc
        links.append(url)
    if len(links) > MAX_EVIDENCE:
        raise InvalidInput(_("Add at most %(n)d evidence links.") % {"n": MAX_EVIDENCE},
                           field="evidence")
    return links


def _check_level(level: Any) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        raise InvalidInput(_("Choose a level from 1 (beginner) to 5 (expert)."), field="level")
    return level


def _check_proficiency(proficiency: str) -> str:
    if proficiency not in Proficiency.values:
        raise InvalidInput(_("Choose learning, can apply or can teach."), field="proficiency")
    return proficiency


@transaction.atomic
def user_skill_set(*, user: User, skill_id: uuid.UUID | str,
                   proficiency: str = Proficiency.LEARNING, level: int = 1,
                   evidence: Sequence[str] | str | None = (),
                   must_be_new: bool = False) -> UserSkill:
    """Add a skill to `user`'s profile or change it. With `must_be_new`, a held skill conflicts."""
    values = {"proficiency": _check_proficiency(proficiency), "level": _check_level(level),
              "evidence": clean_evidence(evidence)}
    skill = _skill(skill_id)
    held = UserSkill.objects.select_for_update().filter(user=user, skill=skill).first()
    if held is not None:
        if must_be_new:
            raise Conflict(_("%(skill)s is already one of your skills.") % {"skill": skill.label},
                           code="skill_already_held")
        for name, value in values.items():
            setattr(held, name, value)
        held.save(update_fields=[*values, "updated"])
        return held
    try:
        with transaction.atomic():
            return UserSkill.objects.create(user=user, skill=skill, **values)
    except IntegrityError:
        # Another request added it between our check and insert (a double-click).
        raise Conflict(_("%(skill)s is already one of your skills.") % {"skill": skill.label},
                       code="skill_already_held") from None


@transaction.atomic
def user_skill_remove(*, user: User, skill_id: uuid.UUID | str) -> None:
    deleted, _rows = UserSkill.objects.filter(user=user, skill_id=_skill(skill_id).pk).delete()
    if not deleted:
        raise NotFound(_("That skill is not on your profile."))


def _check_target(target_date: date | None) -> date | None:
    if target_date is not None and target_date < timezone.localdate():
        raise InvalidInput(_("Pick a target date from today on."), field="target_date")
    return target_date


def _check_why(why: str | None) -> str:
    text = (why or "").strip()
    if len(text) > MAX_WHY:
        raise InvalidInput(_("Keep the reason under %(n)d characters.") % {"n": MAX_WHY},
                           field="why")
    return text


@transaction.atomic
def goal_add(*, user: User, skill_id: uuid.UUID | str, why: str = "",
             target_date: date | None = None) -> LearningGoal:
    values = {"why": _check_why(why), "target_date": _check_target(target_date)}
    skill = _skill(skill_id)
    conflict = Conflict(_("Learning %(skill)s is already one of your goals.")
                        % {"skill": skill.label}, code="goal_exists")
    if LearningGoal.objects.filter(user=user, skill=skill).exists():
        raise conflict
    try:
        with transaction.atomic():
            return LearningGoal.objects.create(user=user, skill=skill, **values)
    except IntegrityError:
        raise conflict from None


def _goal(user: User, goal_id: int) -> LearningGoal:
    # Someone else's goal is "not found" too, so ids reveal nothing about other people.
    goal = (LearningGoal.objects.select_for_update().select_related("skill")
            .filter(pk=goal_id, user=user).first())
    if goal is None:
        raise NotFound(_("That learning goal does not exist, or is not yours."))
    return goal


@transaction.atomic
def goal_update(*, user: User, goal_id: int, why: str | None = _UNSET,
                target_date: date | None = _UNSET) -> LearningGoal:
    """Change the given fields only; pass target_date=None to clear it."""
    goal = _goal(user, goal_id)
    fields = []
    if why is not _UNSET:
        goal.why = _check_why(why)
        fields.append("why")
    if target_date is not _UNSET and target_date != goal.target_date:
        goal.target_date = _check_target(target_date)
        fields.append("target_date")
    if fields:
        goal.save(update_fields=[*fields, "updated"])
    return goal


@transaction.atomic
def goal_remove(*, user: User, goal_id: int) -> None:
    _goal(user, goal_id).delete()
