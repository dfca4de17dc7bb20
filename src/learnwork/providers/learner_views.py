"""Learner pages: the course catalogue (browse, search, a course), adding a course to the journey
or its skills to goals, and the identities a person linked with providers (email addresses, and
accounts linked from a provider's one-time link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError
from learnwork.journeys.selectors import record_by_external_id
from learnwork.providers import catalogue, linking, selectors
from learnwork.providers.forms import CourseSearchForm, LinkEmailForm
from learnwork.skills.selectors import skill_get, skill_search

PAGE_SIZE = 20


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def browse(request: HttpRequest) -> HttpResponse:
    form = CourseSearchForm(request.GET or None)
    filters = selectors.CourseFilters()
    skill = None
    unknown_skill = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["skill_q"].strip():
            # Typed by name: the best match, shown so the person sees what was understood.
            hits = skill_search(query=data["skill_q"], limit=1)
            skill = skill_get(skill_id=hits[0].skill_id) if hits else None
            unknown_skill = "" if hits else data["skill_q"].strip()
        elif data["skill"]:
            try:
                skill = skill_get(skill_id=data["skill"])
            except DomainError:
                skill = None
        filters = selectors.CourseFilters(q=data["q"], skill_id=skill.pk if skill else None,
                                          format=data["format"], free=data["free"] or None)
    courses = selectors.course_search(filters=filters)
    page = Paginator(courses.none() if unknown_skill else courses, PAGE_SIZE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "providers/courses.html", {
        "form": form, "page": page, "skill": skill, "unknown_skill": unknown_skill,
        "query": query.urlencode()})


def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        course = selectors.course_get(course_id=course_id, viewer=_me(request))
    except DomainError:
        raise Http404 from None
    me = _me(request)
    on_journey = bool(me.is_authenticated and course.activity_id
                      and record_by_external_id(user=me, external_id=course.activity_id))
    return render(request, "providers/course_detail.html",
                  {"course": course, "on_journey": on_journey})


@login_required
@require_POST
def add_to_journey(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        record = catalogue.course_add_to_journey(user=_me(request), course_id=course_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("“%(title)s” is on your journey as planned.")
                         % {"title": record.title})
    return redirect("courses:detail", course_id=course_id)


@login_required
@require_POST
def add_to_goals(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        goal = catalogue.course_skill_to_goals(user=_me(request), course_id=course_id,
                                               skill_id=str(request.POST.get("skill_id", "")))
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Learning %(skill)s is now one of your goals.")
                         % {"skill": goal.skill.label})
    return redirect("courses:detail", course_id=course_id)


# Linked identities ----------------------------------------------------------------------


def _provider_choices() -> list[tuple[str, str]]:
    return [(p.slug, p.name) for p in selectors.providers_all()[:500]]


@login_required
@require_http_methods(["GET", "POST"])
def linked(request: HttpRequest) -> HttpResponse:
    form = LinkEmailForm(request.POST or None, providers=_provider_choices())
    if request.method == "POST" and form.is_valid():
        try:
            provider = selectors.provider_by_slug(slug=form.cleaned_data["provider"])
            identity = linking.identity_link_email(user=_me(request), provider=provider,
                                                   email=form.cleaned_data["email"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.detail)
        else:
            if identity.verified_at:
                messages.success(request, _("%(email)s is linked: what %(provider)s reports "
                                            "about it now reaches your journey.")
                                 % {"email": identity.email, "provider": provider.name})
            else:
                messages.info(request, _("We sent a link to %(email)s. Open it to finish "
                                         "linking.") % {"email": identity.email})
            return redirect("providers:linked")
    return render(request, "providers/linked.html", {
        "form": form, "identities": selectors.identities_of(user=_me(request))},
        status=400 if form.errors else 200)


@login_required
@require_POST
def unlink(request: HttpRequest, identity_id: int) -> HttpResponse:
    try:
        linking.identity_remove(user=_me(request), identity_id=identity_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Unlinked. Records already on your journey stay there."))
    return redirect("providers:linked")


@login_required
@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks: mail scanners open links, and opening must not be what links.
    if request.method == "POST":
        try:
            identity = linking.identity_verify_email(user=_me(request), token=token)
        except DomainError as exc:
            return render(request, "providers/link_invalid.html", {"detail": exc.detail},
                          status=exc.status)
        messages.success(request, _("%(email)s is linked with %(provider)s.")
                         % {"email": identity.email, "provider": identity.provider.name})
        return redirect("providers:linked")
    try:
        address = linking.email_link_address(token=token)
    except DomainError as exc:
        return render(request, "providers/link_invalid.html", {"detail": exc.detail},
                      status=exc.status)
    return render(request, "providers/link_confirm.html", {
        "action": reverse("providers:verify_email", kwargs={"token": token}),
        "what": address, "provider": None})


@login_required
@require_http_methods(["GET", "POST"])
def link_account(request: HttpRequest, token: str) -> HttpResponse:
    try:
        row = linking.link_token_get(token=token)
    except DomainError as exc:
        return render(request, "providers/link_invalid.html", {"detail": exc.detail},
                      status=exc.status)
    if request.method == "POST":
        try:
            linking.link_token_redeem(user=_me(request), token=token)
        except DomainError as exc:
            return render(request, "providers/link_invalid.html", {"detail": exc.detail},
                          status=exc.status)
        messages.success(request, _("Your account at %(provider)s is linked.")
                         % {"provider": row.provider.name})
        return redirect("providers:linked")
    return render(request, "providers/link_confirm.html", {
        "action": reverse("providers:link_account", kwargs={"token": token}),
        "what": f"{row.account_name} ({row.home_page})", "provider": row.provider})
