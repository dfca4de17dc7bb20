from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from learnwork.accounts.auth import public_auth, public_openapi
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.profiles import selectors
from learnwork.profiles.schemas import PublicProfileOut

router = Router(tags=["profiles"])


@router.get("/profiles/{handle}", auth=public_auth, openapi_extra=public_openapi,
            response={200: PublicProfileOut, **errors(404, *COMMON_ERRORS)},
            summary="A person's profile, with only the sections you may see")
def public_profile(request: HttpRequest, handle: str) -> dict[str, object]:
    view = selectors.profile_page(viewer=request.user, handle=handle)
    profile = view.profile
    return {
        "handle": profile.user.username,
        "display_name": profile.name,
        "headline": profile.headline,
        "avatar_url": request.build_absolute_uri(profile.avatar.url) if profile.avatar else None,
        "about_visible": view.show_about,
        "bio_html": profile.bio_html if view.show_about else None,
        "location": profile.location if view.show_about else None,
        "links": profile.links if view.show_about else None,
        "skills_visible": view.show_skills,
        "skills": [
            {"skill_id": us.skill_id, "label": us.skill.label, "proficiency": us.proficiency,
             "level": us.level, "evidence": us.evidence}
            for us in view.skills
        ] if view.show_skills else None,
        "goals_visible": view.show_goals,
        "goals": [
            {"skill_id": g.skill_id, "label": g.skill.label, "why": g.why,
             "target_date": g.target_date}
            for g in view.goals
        ] if view.show_goals else None,
    }
