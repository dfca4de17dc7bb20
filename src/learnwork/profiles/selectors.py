"""The profile page as one viewer sees it, and the full personal data export."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from learnwork.accounts import selectors as accounts
from learnwork.accounts.models import Profile, User
from learnwork.credentials import import_selectors as imported_badges
from learnwork.credentials import issue_selectors as issued_credentials
from learnwork.credentials.models import ImportedBadge, IssuedCredential
from learnwork.journeys import selectors as journeys
from learnwork.journeys.pages import JourneyPage, journey_page
from learnwork.posts import selectors as posts
from learnwork.providers import selectors as providers
from learnwork.skills import selectors as skills
from learnwork.skills.models import LearningGoal, UserSkill
from learnwork.social import list_selectors as follow_lists
from learnwork.social import selectors as social


@dataclass
class ProfileView:
    profile: Profile
    is_owner: bool
    show_about: bool
    show_skills: bool
    show_goals: bool
    skills: list[UserSkill] = field(default_factory=list)
    goals: list[LearningGoal] = field(default_factory=list)
    social: social.PersonControl | None = None
    # The owner blocked the viewer: the page shows the name and nothing else.
    blocked: bool = False
    posts: posts.AuthorPosts | None = None
    # The learning journey and the evidence behind each skill; None when blocked.
    journey: JourneyPage | None = None
    # Open Badges earned elsewhere, and credentials this instance issued (live ones whose
    # record the viewer may see); empty when blocked either way.
    badges: list[ImportedBadge] = field(default_factory=list)
    credentials: list[IssuedCredential] = field(default_factory=list)


def profile_page(*, viewer: Any, handle: str) -> ProfileView:
    """What `viewer` may see of @handle's profile; private sections are not even loaded."""
    profile = accounts.profile_by_handle(handle=handle)
    owner = profile.user
    view = ProfileView(
        profile=profile,
        is_owner=bool(viewer.is_authenticated and viewer.pk == owner.pk),
        show_about=accounts.can_see(viewer=viewer, owner=owner,
                                    visibility=profile.about_visibility),
        show_skills=accounts.can_see(viewer=viewer, owner=owner,
                                     visibility=profile.skills_visibility),
        show_goals=accounts.can_see(viewer=viewer, owner=owner,
                                    visibility=profile.goals_visibility),
    )
    if view.show_skills:
        view.skills = list(skills.skills_for_profile(user=owner))
    view.social = social.person_control(viewer=viewer, profile=profile,
                                        owner_skills=view.skills if view.show_skills else None)
    if view.social.state.blocks_viewer:
        view.blocked = True
        view.show_about = view.show_skills = view.show_goals = False
        view.skills = []
    if view.show_goals:
        view.goals = list(skills.goals_for_profile(user=owner))
    if not view.blocked:
        blocked = view.social.state.blocked_either_way
        view.journey = journey_page(viewer=viewer, owner=owner, declared=view.skills,
                                    blocked=blocked)
        view.badges = imported_badges.badges_for_profile(viewer=viewer, owner=owner,
                                                         blocked=blocked)
        view.credentials = issued_credentials.credentials_for_profile(
            viewer=viewer, owner=owner, blocked=blocked)
        view.posts = posts.author_posts(viewer=viewer, author=owner)
    return view


def personal_data(*, user: User) -> dict[str, Any]:
    """Everything Learnwork holds about `user`, as one JSON-able document."""
    return {
        "format": "learnwork-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        **accounts.export_for(user=user),
        **skills.export_for(user=user),
        **social.export_for(user=user),
        **posts.export_for(user=user),
        **journeys.export_for(user=user),
        **imported_badges.export_for(user=user),
        **providers.export_for(user=user),
        "lists": follow_lists.export_for(user=user),
    }
