"""The recommendations JSON API: people to learn your goals from, and your dismissals."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import P, PathEx, QueryEx, Router, Status

from learnwork.accounts.auth import require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.recommendations import selectors, services
from learnwork.recommendations.models import Dismissal
from learnwork.recommendations.schemas import DismissalIn, DismissalOut, SuggestionsOut
from learnwork.recommendations.selectors import Suggestion, display_name
from learnwork.skills.models import Skill
from learnwork.social.selectors import person_by_handle

router = Router(tags=["recommendations"])

Id = PathEx[int, P(ge=1, le=2**63 - 1)]


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _ref(skill: Skill) -> dict[str, Any]:
    return {"id": skill.pk, "label": skill.label, "kind": skill.kind}


def _person(user: User) -> dict[str, str]:
    return {"handle": user.username, "name": display_name(user)}


def _suggestion(s: Suggestion) -> dict[str, Any]:
    e = s.evidence
    return {
        "person": _person(s.person),
        "profile_url": reverse("profiles:detail", kwargs={"handle": s.person.username}),
        "score": s.score, "reasons": s.reasons, "people_you_follow_learned": s.friends_learned,
        "evidence": {
            "learners": e.learners, "learned_marks": e.learned_marks,
            "learned_posts": e.learned_posts, "posts": e.posts, "records": e.records,
            "confirmed_records": e.confirmed_records, "badges": e.badges,
            "can_teach": e.can_teach, "declared_level": e.declared_level or None,
            "declared_skill": _ref(s.declared_skill) if s.declared_skill else None,
            "followers": e.followers,
        },
    }


def _dismissal(row: Dismissal) -> dict[str, Any]:
    return {"id": row.pk, "person": _person(row.person),
            "skill": _ref(row.skill) if row.skill else None, "created": row.created}


@router.get("/recommendations/people", url_name="recommended_people",
            response={200: SuggestionsOut, **errors(404, *COMMON_ERRORS)},
            summary="People to learn from, for each of your learning goals (or the one given), "
                    "best first, each with the reasons in words")
def recommended_people(request: HttpRequest, goal: uuid.UUID | None = None,
                       limit: QueryEx[int, P(ge=1, le=selectors.MAX_LIMIT)] = 10
                       ) -> dict[str, Any]:
    found = selectors.suggestions(reader=_me(request), goal_id=goal, limit=limit)
    return {"ready": found.ready,
            "goals": [{"goal": _ref(block.skill),
                       "people": [_suggestion(s) for s in block.people]}
                      for block in found.goals]}


@router.get("/recommendations/dismissals", url_name="recommendation_dismissals",
            response={200: list[DismissalOut], **errors(*COMMON_ERRORS)},
            summary="Suggestions you dismissed, newest first")
def list_dismissals(request: HttpRequest, limit: QueryEx[int, P(ge=1, le=500)] = 100,
                    offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    rows = selectors.dismissals_for(reader=_me(request))[offset:offset + limit]
    return [_dismissal(row) for row in rows]


@router.post("/recommendations/dismissals", url_name="recommendation_dismiss",
             response={201: DismissalOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Stop suggesting someone: for one goal skill, or everywhere. It stays "
                     "dismissed until you delete the dismissal")
def dismiss(request: HttpRequest, payload: DismissalIn) -> Status[dict[str, Any]]:
    require_write(request)
    person = person_by_handle(handle=payload.handle)
    row = services.dismiss(reader=_me(request), person=person, skill_id=payload.skill_id)
    return Status(201, _dismissal(selectors.dismissal_get(reader=_me(request),
                                                          dismissal_id=row.pk)))


@router.delete("/recommendations/dismissals/{dismissal_id}",
               url_name="recommendation_undismiss",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Take a dismissal back: they may be suggested again")
def undismiss(request: HttpRequest, dismissal_id: Id) -> Status[None]:
    require_write(request)
    services.undismiss(reader=_me(request), dismissal_id=dismissal_id)
    return Status(204, None)
