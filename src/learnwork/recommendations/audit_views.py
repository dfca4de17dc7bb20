"""The follow audit page: every account you follow, what it brought you over 30 days, and a
suggestion for each; tick some and apply an action to all of them at once.

A plain GET page (sortable, filterable by suggestion, in pages of 50: the figures are computed
for everyone in a fixed number of queries, then sorted and sliced) and one POST form, which
redirects back with a message (post/redirect/get), so it all works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError
from learnwork.recommendations import audit, audit_selectors, audit_services
from learnwork.recommendations.audit_services import AuditAction

PER_PAGE = 50
SUGGESTED = "suggested"

ACTION_LABELS = {
    audit.KEEP: gettext_lazy("Keep"),
    audit.FOCUS: gettext_lazy("Follow only for one skill"),
    audit.MUTE: gettext_lazy("Mute"),
    audit.UNFOLLOW: gettext_lazy("Unfollow"),
}
BULK_CHOICES = [
    (SUGGESTED, gettext_lazy("Do what is suggested for each")),
    (audit.FOCUS, gettext_lazy("Follow only for the skill chosen in their row")),
    (audit.MUTE, gettext_lazy("Mute (keep following, hide their posts)")),
    (audit.UNFOLLOW, gettext_lazy("Unfollow")),
    (audit.KEEP, gettext_lazy("Keep as they are")),
]
SORT_LABELS = {
    "suggestion": gettext_lazy("Suggestion"),
    "name": gettext_lazy("Name"),
    "shown": gettext_lazy("Posts shown"),
    "learned": gettext_lazy("Learned from"),
    "posted": gettext_lazy("Posted"),
    "followed": gettext_lazy("Followed since"),
}


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _suggestion_label(suggestion: audit.Suggestion) -> str:
    if suggestion.action == audit.FOCUS and suggestion.skill_label:
        return _("Follow only for %(skill)s") % {"skill": suggestion.skill_label}
    return str(ACTION_LABELS[suggestion.action])


def _focus_options(row: audit_selectors.AuditRow) -> str:
    # Built here rather than in a template loop: fifty rows of up to eight options each were
    # a third of the page's rendering time.
    chosen = row.suggestion.skill_id
    return format_html_join("", "<option value=\"{}\"{}>{}</option>", (
        (skill.skill_id, mark_safe(" selected") if skill.skill_id == chosen else "",  # noqa: S308
         skill.label) for skill in row.focus_choices))


def _choice(value: str | None, allowed: Any, default: Any = None) -> Any:
    return value if value in allowed else default


@login_required
@require_GET
def audit_page(request: HttpRequest) -> HttpResponse:
    sort = _choice(request.GET.get("sort"), audit_selectors.SORTS, audit_selectors.DEFAULT_SORT)
    show = _choice(request.GET.get("show"), audit.ACTIONS)
    result = audit_selectors.follow_audit(reader=_me(request))
    rows = audit_selectors.sorted_rows(result.rows, sort=sort, suggestion=show)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "audit": result, "page": page, "sort": sort, "show": show,
        "entries": [(row, _suggestion_label(row.suggestion), _focus_options(row))
                    for row in page],
        "sorts": SORT_LABELS, "bulk_choices": BULK_CHOICES,
        "filters": [(action, ACTION_LABELS[action], result.counts.get(action, 0))
                    for action in (audit.UNFOLLOW, audit.MUTE, audit.FOCUS, audit.KEEP)],
        "here": request.get_full_path(),
    }
    return render(request, "recommendations/audit.html", context)


def _back(request: HttpRequest) -> str:
    fallback = reverse("recommendations:audit")
    candidate = str(request.POST.get("next") or "")
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return fallback


def _actions(request: HttpRequest, handles: list[str], choice: str) -> list[AuditAction]:
    suggestions: dict[str, audit.Suggestion] = {}
    if choice == SUGGESTED:
        suggestions = {row.handle.lower(): row.suggestion
                       for row in audit_selectors.follow_audit(reader=_me(request)).rows}
    actions = []
    for handle in handles:
        suggestion = suggestions.get(handle.lower())
        # Someone not in the audit is not followed: the service says so, naming them.
        action = (suggestion.action if suggestion else audit.KEEP) if choice == SUGGESTED \
            else choice
        skill = request.POST.get(f"skill-{handle}") or (suggestion.skill_id if suggestion
                                                         else None)
        actions.append(AuditAction(handle=handle, action=action, skill_id=skill))
    return actions


def _done(applied: list[audit_services.Applied]) -> str:
    counts = {action: sum(1 for a in applied if a.action == action) for action in audit.ACTIONS}
    parts = []
    if counts[audit.UNFOLLOW]:
        parts.append(ngettext("%(n)d unfollowed", "%(n)d unfollowed", counts[audit.UNFOLLOW])
                     % {"n": counts[audit.UNFOLLOW]})
    if counts[audit.MUTE]:
        parts.append(ngettext("%(n)d muted", "%(n)d muted", counts[audit.MUTE])
                     % {"n": counts[audit.MUTE]})
    if counts[audit.FOCUS]:
        parts.append(ngettext("%(n)d now followed for one skill only",
                              "%(n)d now followed for one skill only", counts[audit.FOCUS])
                     % {"n": counts[audit.FOCUS]})
    if counts[audit.KEEP]:
        parts.append(ngettext("%(n)d kept as before", "%(n)d kept as before", counts[audit.KEEP])
                     % {"n": counts[audit.KEEP]})
    return _("Done: %(parts)s.") % {"parts": ", ".join(parts)}


@login_required
@require_POST
def audit_apply(request: HttpRequest) -> HttpResponse:
    back = _back(request)
    handles = list(dict.fromkeys(h for h in request.POST.getlist("selected") if h))
    choice = str(request.POST.get("action", ""))
    if not handles:
        messages.error(request, _("Tick at least one account first."))
        return redirect(back)
    if choice != SUGGESTED and choice not in audit.ACTIONS:
        messages.error(request, _("Choose what to do with the ticked accounts."))
        return redirect(back)
    try:
        applied = audit_services.audit_apply(
            reader=_me(request),
            actions=_actions(request, handles[:audit_services.MAX_BATCH + 1], choice))
    except DomainError as exc:
        messages.error(request, _("Nothing was changed. %(detail)s") % {"detail": exc.detail})
    else:
        messages.success(request, _done(applied))
    return redirect(back)
