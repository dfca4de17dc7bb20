"""The skills JSON API: search and concepts (public), and your own skills and goals."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import P, QueryEx, Router, Status

from learnwork.accounts.auth import public_auth, public_openapi, require_write
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.skills import selectors, services
from learnwork.skills.models import LearningGoal, Skill, UserSkill
from learnwork.skills.schemas import (
    GoalIn,
    GoalOut,
    GoalPatch,
    SkillHitOut,
    SkillOut,
    UserSkillIn,
    UserSkillOut,
    UserSkillUpdate,
)

router = Router(tags=["skills"])


def _ref(skill: Skill) -> dict[str, Any]:
    return {"id": skill.pk, "label": skill.label, "kind": skill.kind}


def _user_skill(us: UserSkill) -> dict[str, Any]:
    return {"skill": _ref(us.skill), "proficiency": us.proficiency, "level": us.level,
            "level_label": us.level_label, "evidence": us.evidence, "created": us.created,
            "updated": us.updated}


def _goal(goal: LearningGoal) -> dict[str, Any]:
    return {"id": goal.pk, "skill": _ref(goal.skill), "why": goal.why,
            "target_date": goal.target_date, "created": goal.created, "updated": goal.updated}


@router.get("/skills/search", auth=public_auth, openapi_extra=public_openapi,
            url_name="skill_search",
            response={200: list[SkillHitOut], **errors(*COMMON_ERRORS)},
            summary="Find skills by name, as you type (forgiving of typos and word order)")
def search(request: HttpRequest, q: QueryEx[str, P(max_length=200)] = "",
           limit: QueryEx[int, P(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
    hits = selectors.skill_search(query=q, limit=limit)
    return [{"id": h.skill_id, "label": h.label, "kind": h.kind,
             "matched_alt_label": h.matched_alt_label} for h in hits]


@router.get("/skills/{skill_id}", auth=public_auth, openapi_extra=public_openapi,
            url_name="skill_detail",
            response={200: SkillOut, **errors(404, *COMMON_ERRORS)},
            summary="A skill, knowledge item or group, with its neighbours and occupations")
def detail(request: HttpRequest, skill_id: uuid.UUID) -> dict[str, Any]:
    d = selectors.skill_detail(skill_id=skill_id)
    occ = d.occupations
    return {
        "id": d.skill.pk, "kind": d.skill.kind, "reuse": d.skill.reuse, "code": d.skill.code,
        "label": d.skill.label, "alt_labels": d.skill.alt_label_list,
        "description": d.skill.description, "esco_uri": d.skill.esco_uri,
        "broader": [_ref(s) for s in d.broader], "narrower": [_ref(s) for s in d.narrower],
        "narrower_count": d.narrower_count,
        "occupations": {
            "essential_count": occ.essential_count, "optional_count": occ.optional_count,
            "essential": [{"id": o.pk, "label": o.label} for o in occ.essential],
            "optional": [{"id": o.pk, "label": o.label} for o in occ.optional],
        },
    }


@router.get("/me/skills", url_name="my_skills",
            response={200: list[UserSkillOut], **errors(*COMMON_ERRORS)},
            summary="Your skills")
def my_skills(request: HttpRequest) -> list[dict[str, Any]]:
    return [_user_skill(us) for us in selectors.skills_for_profile(user=request.user)]  # type: ignore[arg-type]


@router.post("/me/skills", url_name="my_skills_add",
             response={201: UserSkillOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
             summary="Add a skill to your profile (409 if it is already there: use PUT)")
def add_skill(request: HttpRequest, payload: UserSkillIn) -> Status[dict[str, Any]]:
    require_write(request)
    us = services.user_skill_set(user=request.user, must_be_new=True,  # type: ignore[arg-type]
                                 **payload.model_dump())
    return Status(201, _user_skill(us))


@router.put("/me/skills/{skill_id}", url_name="my_skill",
            response={200: UserSkillOut, **errors(400, 403, 404, *COMMON_ERRORS)},
            summary="Set how well you know a skill (adds it if needed)")
def put_skill(request: HttpRequest, skill_id: uuid.UUID,
              payload: UserSkillUpdate) -> dict[str, Any]:
    require_write(request)
    us = services.user_skill_set(user=request.user, skill_id=skill_id,  # type: ignore[arg-type]
                                 **payload.model_dump())
    return _user_skill(us)


@router.delete("/me/skills/{skill_id}", url_name="my_skill_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Remove a skill from your profile")
def delete_skill(request: HttpRequest, skill_id: uuid.UUID) -> Status[None]:
    require_write(request)
    services.user_skill_remove(user=request.user, skill_id=skill_id)  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/me/goals", url_name="my_goals",
            response={200: list[GoalOut], **errors(*COMMON_ERRORS)},
            summary="Your learning goals")
def my_goals(request: HttpRequest) -> list[dict[str, Any]]:
    return [_goal(g) for g in selectors.goals_for_profile(user=request.user)]  # type: ignore[arg-type]


@router.post("/me/goals", url_name="my_goals_add",
             response={201: GoalOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
             summary="Add a learning goal")
def add_goal(request: HttpRequest, payload: GoalIn) -> Status[dict[str, Any]]:
    require_write(request)
    goal = services.goal_add(user=request.user, **payload.model_dump())  # type: ignore[arg-type]
    return Status(201, _goal(goal))


@router.patch("/me/goals/{goal_id}", url_name="my_goal",
              response={200: GoalOut, **errors(400, 403, 404, *COMMON_ERRORS)},
              summary="Change a learning goal; send only the fields to change")
def patch_goal(request: HttpRequest, goal_id: int, payload: GoalPatch) -> dict[str, Any]:
    require_write(request)
    goal = services.goal_update(user=request.user, goal_id=goal_id,  # type: ignore[arg-type]
                                **payload.model_dump(exclude_unset=True))
    return _goal(goal)


@router.delete("/me/goals/{goal_id}", url_name="my_goal_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Remove a learning goal")
def delete_goal(request: HttpRequest, goal_id: int) -> Status[None]:
    require_write(request)
    services.goal_remove(user=request.user, goal_id=goal_id)  # type: ignore[arg-type]
    return Status(204, None)
