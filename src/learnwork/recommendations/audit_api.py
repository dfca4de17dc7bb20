"""The follow audit in JSON: the figures and suggestions, and actions on many accounts at once."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import P, QueryEx, Router

from learnwork.accounts.auth import require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.recommendations import audit_selectors, audit_services
from learnwork.recommendations.audit import SkillFigure
from learnwork.recommendations.audit_schemas import AuditActionsIn, AuditActionsOut, AuditOut
from learnwork.recommendations.audit_selectors import AuditRow
from learnwork.recommendations.audit_services import AuditAction

router = Router(tags=["follow audit"])

SortIn = Literal["suggestion", "name", "shown", "learned", "posted", "followed"]
SuggestionIn = Literal["keep", "focus", "mute", "unfollow"]


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _skill(figure: SkillFigure) -> dict[str, Any]:
    return {"id": figure.skill_id, "label": figure.label, "shown": figure.shown,
            "learned": figure.learned}


def _row(row: AuditRow) -> dict[str, Any]:
    figures, suggestion = row.figures, row.suggestion
    return {
        "person": {"handle": row.handle, "name": row.name},
        "followed_since": row.followed_since, "topics": [pk for pk, _label in row.topics],
        "muted": figures.muted, "shown": figures.shown, "learned": figures.learned,
        "share": figures.share, "posted": figures.posted, "silent": figures.silent,
        "last_posted": row.last_posted, "skills": [_skill(s) for s in figures.skills],
        "suggestion": {"action": suggestion.action, "reason": suggestion.reason,
                       "skill": _skill(suggestion.skill) if suggestion.skill else None},
    }


@router.get("/following/audit", url_name="follow_audit",
            response={200: AuditOut, **errors(*COMMON_ERRORS)},
            summary="Every account you follow: what it brought you over 30 days, and what to do")
def get_audit(request: HttpRequest, sort: SortIn = "suggestion",
              suggestion: SuggestionIn | None = None,
              limit: QueryEx[int, P(ge=1, le=2000)] = 100,
              offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> dict[str, Any]:
    """Figures come from your home feed over the last 30 days: posts shown, how many you
    learned from, the skills they covered, and whether they posted at all. `suggestion` is
    keep, focus (follow only for one skill), mute or unfollow, with its reason."""
    result = audit_selectors.follow_audit(reader=_me(request))
    rows = audit_selectors.sorted_rows(result.rows, sort=sort, suggestion=suggestion)
    return {"since": result.since, "following": result.following, "counts": result.counts,
            "total": len(rows), "accounts": [_row(row) for row in rows[offset:offset + limit]]}


@router.post("/following/audit/actions", url_name="follow_audit_actions",
             response={200: AuditActionsOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Keep, follow only for one skill, mute or unfollow many accounts at once "
                     "(all or nothing)")
def post_actions(request: HttpRequest, payload: AuditActionsIn) -> dict[str, Any]:
    """Each action goes through the same rules as following, muting and unfollowing one by
    one. If any is refused, none is made, and the error names the account."""
    require_write(request)
    applied = audit_services.audit_apply(
        reader=_me(request),
        actions=[AuditAction(handle=item.handle, action=item.action, skill_id=item.skill_id)
                 for item in payload.actions])
    return {"applied": [{"person": {"handle": a.person.username, "name": a.person.profile.name},
                         "action": a.action, "skill_id": a.skill_id} for a in applied]}
