"""Provider pages: register an organisation, its public page, and the dashboard where the people
who manage it create and revoke credentials (the secret shown once), webhooks and courses, and
read the delivery log. Forms post and redirect; everything works without JavaScript."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError
from learnwork.providers import catalogue, course_import, selectors, services, webhooks
from learnwork.providers.auth import authority_for
from learnwork.providers.forms import (
    CourseForm,
    CredentialForm,
    ImportForm,
    ProviderForm,
    WebhookForm,
)
from learnwork.providers.models import Course, Provider

MAX_IMPORT_CHARS = 2_000_000


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _add_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.detail)


def _managed(request: HttpRequest, slug: str) -> Provider:
    try:
        provider = selectors.provider_by_slug(slug=slug)
    except DomainError:
        raise Http404 from None
    if not services.is_admin(user=_me(request), provider=provider):
        raise PermissionDenied
    return provider


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "providers/mine.html", {
        "providers": selectors.providers_managed_by(user=_me(request))})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(admin=_me(request), **form.cleaned_data)
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("%(name)s is registered. Create a credential to send "
                                        "your first statement.") % {"name": provider.name})
            return redirect("providers:manage", slug=provider.slug)
    return render(request, "providers/create.html", {"form": form},
                  status=400 if form.errors else 200)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        provider = selectors.provider_by_slug(slug=slug)
    except DomainError:
        raise Http404 from None
    courses = selectors.course_search(filters=selectors.CourseFilters(provider=provider.slug))
    return render(request, "providers/detail.html", {
        "provider": provider, "courses": courses[:50],
        "manages": services.is_admin(user=_me(request), provider=provider)})


def _dashboard(request: HttpRequest, provider: Provider, *, status: int = 200,
               **extra: Any) -> HttpResponse:
    context = {
        "provider": provider, "authority": json.dumps(authority_for(provider), indent=2),
        "credentials": selectors.credentials_of(provider=provider),
        "webhooks": selectors.webhooks_of(provider=provider),
        "courses": selectors.courses_of(provider=provider)[:200],
        "recent": selectors.deliveries_of(provider=provider)[:5],
        "admins": selectors.admins_of(provider=provider),
        "credential_form": CredentialForm(), "webhook_form": WebhookForm(),
        **extra,
    }
    return render(request, "providers/manage.html", context, status=status)


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    return _dashboard(request, _managed(request, slug))


@login_required
@require_POST
def credential_create(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _managed(request, slug)
    form = CredentialForm(request.POST)
    if form.is_valid():
        try:
            credential, secret = services.credential_create(
                actor=_me(request), provider=provider, label=form.cleaned_data["label"],
                scopes=form.cleaned_data["scopes"])
        except DomainError as exc:
            _add_error(form, exc)
        else:
            # Rendered, not redirected: the secret must not outlive this one response.
            return _dashboard(request, provider, new_credential=credential, new_secret=secret)
    return _dashboard(request, provider, credential_form=form, status=400)


@login_required
@require_POST
def credential_revoke(request: HttpRequest, slug: str, credential_id: int) -> HttpResponse:
    provider = _managed(request, slug)
    credential = selectors.credential_of(provider=provider, credential_id=credential_id)
    if credential is None:
        raise Http404
    services.credential_revoke(actor=_me(request), credential=credential)
    messages.success(request, _("The credential %(key)s is revoked: it stops working now.")
                     % {"key": credential.key})
    return redirect("providers:manage", slug=provider.slug)


@login_required
@require_POST
def webhook_create(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _managed(request, slug)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            webhooks.webhook_create(actor=_me(request), provider=provider,
                                    url=form.cleaned_data["url"],
                                    events=form.cleaned_data["events"])
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The webhook is added. Its signing secret is shown "
                                        "below."))
            return redirect("providers:manage", slug=provider.slug)
    return _dashboard(request, provider, webhook_form=form, status=400)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, slug: str, webhook_id: int) -> HttpResponse:
    provider = _managed(request, slug)
    try:
        webhooks.webhook_delete(actor=_me(request), provider=provider, webhook_id=webhook_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("The webhook is deleted."))
    return redirect("providers:manage", slug=provider.slug)


@login_required
def deliveries(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _managed(request, slug)
    page = Paginator(selectors.deliveries_of(provider=provider), 25).get_page(
        request.GET.get("page"))
    return render(request, "providers/deliveries.html", {"provider": provider, "page": page})


def _course_initial(course: Course) -> dict[str, Any]:
    return {"title": course.title, "description": course.description, "url": course.url,
            "format": course.format, "cost_amount": course.cost_amount or None,
            "cost_currency": course.cost_currency, "language": course.language,
            "credential": course.credential, "activity_id": course.activity_id,
            "published": course.published,
            "skill_ids": "\n".join(str(s.pk) for s in course.skills.all())}


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, slug: str, course_id: int | None = None) -> HttpResponse:
    provider = _managed(request, slug)
    course = None
    if course_id is not None:
        course = selectors.courses_of(provider=provider).filter(pk=course_id).first()
        if course is None:
            raise Http404
    form = CourseForm(request.POST or None,
                      initial=_course_initial(course) if course else None)
    if request.method == "POST" and form.is_valid():
        values = {**form.cleaned_data, "cost_amount": form.cleaned_data["cost_amount"] or 0}
        try:
            if course is None:
                catalogue.course_create(actor=_me(request), provider=provider, **values)
            else:
                catalogue.course_update(actor=_me(request), provider=provider,
                                        course_id=course.pk, **values)
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("providers:manage", slug=provider.slug)
    return render(request, "providers/course_edit.html",
                  {"provider": provider, "course": course, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def course_delete(request: HttpRequest, slug: str, course_id: int) -> HttpResponse:
    provider = _managed(request, slug)
    try:
        catalogue.course_delete(actor=_me(request), provider=provider, course_id=course_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("The course is removed from the catalogue."))
    return redirect("providers:manage", slug=provider.slug)


@login_required
@require_http_methods(["GET", "POST"])
def course_import_page(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _managed(request, slug)
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = json.loads(form.cleaned_data["document"])
            report = course_import.course_import(actor=_me(request), provider=provider,
                                                 document=document)
        except (ValueError, RecursionError):
            form.add_error("document", _("This is not JSON."))
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("%(created)d courses added, %(updated)d updated.")
                             % {"created": len(report.created), "updated": len(report.updated)})
            if report.unmatched_skills:
                messages.warning(request, _("No ESCO skill matched: %(labels)s.")
                                 % {"labels": ", ".join(report.unmatched_skills[:20])})
            return redirect("providers:manage", slug=provider.slug)
    return render(request, "providers/course_import.html", {"provider": provider, "form": form},
                  status=400 if form.errors else 200)
