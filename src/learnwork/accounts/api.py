from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from learnwork.accounts import selectors, services
from learnwork.accounts.auth import require_write
from learnwork.accounts.models import Profile
from learnwork.accounts.schemas import MyProfileOut, ProfilePatch, VisibilityPatch
from learnwork.core.api import COMMON_ERRORS, errors

router = Router(tags=["me"])


def _my_profile(request: HttpRequest, profile: Profile) -> dict[str, object]:
    user = profile.user
    return {
        "handle": user.username,
        "email": user.email,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "bio": profile.bio,
        "bio_html": profile.bio_html,
        "location": profile.location,
        "links": profile.links,
        "avatar_url": request.build_absolute_uri(profile.avatar.url) if profile.avatar else None,
        "timezone": user.timezone,
        "visibility": {"about": profile.about_visibility, "skills": profile.skills_visibility,
                       "goals": profile.goals_visibility},
        "profile_url": request.build_absolute_uri(
            reverse("profiles:detail", kwargs={"handle": user.username})
        ),
    }


@router.get("/me/profile", response={200: MyProfileOut, **errors(*COMMON_ERRORS)},
            summary="Your own profile, with every section")
def my_profile(request: HttpRequest) -> dict[str, object]:
    return _my_profile(request, selectors.profile_for_user(user=request.user))  # type: ignore[arg-type]


@router.patch("/me/profile",
              response={200: MyProfileOut, **errors(400, 403, *COMMON_ERRORS)},
              summary="Change your profile; send only the fields to change")
def patch_my_profile(request: HttpRequest, payload: ProfilePatch) -> dict[str, object]:
    require_write(request)
    changes = payload.model_dump(exclude_unset=True)
    if "links" in changes and changes["links"] is not None:
        changes["links"] = [dict(link) for link in changes["links"]]
    profile = services.profile_update(user=request.user, **changes)  # type: ignore[arg-type]
    return _my_profile(request, profile)


@router.patch("/me/privacy",
              response={200: MyProfileOut, **errors(400, 403, *COMMON_ERRORS)},
              summary="Choose who sees each section of your profile")
def patch_my_privacy(request: HttpRequest, payload: VisibilityPatch) -> dict[str, object]:
    require_write(request)
    profile = services.profile_set_visibility(user=request.user,  # type: ignore[arg-type]
                                              **payload.model_dump())
    return _my_profile(request, profile)
