"""Dates as the person lives them: "today" and a moment's date in their own time zone."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, tzinfo

from django.utils import timezone

from learnwork.accounts.models import User


def zone_of(user: User) -> tzinfo:
    """`user`'s time zone, or UTC when they set none (or an unknown one)."""
    name = getattr(user, "timezone", "") or ""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return zoneinfo.ZoneInfo("UTC")


def local_date(user: User, moment: datetime | None = None) -> date:
    """The calendar date of `moment` (default: now) where `user` lives."""
    return timezone.localtime(moment or timezone.now(), zone_of(user)).date()
