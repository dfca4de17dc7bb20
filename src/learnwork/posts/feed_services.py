"""Writes for the home feed: the reader's feed settings, and what they were shown (impressions)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Final

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learnwork.accounts.models import User
from learnwork.core.errors import InvalidInput
from learnwork.posts.models import FeedImpression, FeedSettings
from learnwork.posts.ranking import PRESETS

PRESET_LABELS = {
    "balanced": gettext_lazy("Balanced"),
    "fresh": gettext_lazy("Fresh: what's new first"),
    "deep_learning": gettext_lazy("Deep learning: what people learned most from"),
    "my_goals": gettext_lazy("My goals: closest to what I'm learning"),
}
WEIGHT_MIN, WEIGHT_MAX = 0.0, 2.0
BUDGET_MIN, BUDGET_MAX = 1, 200
HASHTAGS_MAX = 50


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


def _weight(value: Any, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give a number from 0 to 2."), field=field) from None
    if not math.isfinite(number) or not WEIGHT_MIN <= number <= WEIGHT_MAX:
        raise InvalidInput(_("Give a number from 0 to 2."), field=field)
    return round(number, 2)


def _whole(value: Any, field: str, low: int, high: int, message: str) -> int:
    fractional = isinstance(value, float) and not value.is_integer()
    if isinstance(value, bool) or fractional:
        raise InvalidInput(message, field=field)
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(message, field=field) from None
    if not low <= number <= high:
        raise InvalidInput(message, field=field)
    return number


@transaction.atomic
def feed_settings_update(
    *, user: User, preset: str | None = None, weight_freshness: float | None = None,
    weight_learning: float | None = None, weight_goals: float | None = None,
    mode: str | None = None, daily_budget: int | None = None,
    max_hashtags: int | None | _Unset = UNSET,
) -> FeedSettings:
    """Change how `user`'s home feed is chosen. Only what is passed changes.

    `preset` sets all three weights at once (and cannot be combined with them);
    `max_hashtags=None` removes the hashtag limit.
    """
    weights = {"weight_freshness": weight_freshness, "weight_learning": weight_learning,
               "weight_goals": weight_goals}
    changes: dict[str, Any] = {}
    if preset is not None:
        if preset not in PRESETS:
            raise InvalidInput(_("Choose one of the presets: %(names)s.")
                               % {"names": ", ".join(PRESETS)}, field="preset")
        if any(value is not None for value in weights.values()):
            raise InvalidInput(_("Choose a preset or set the weights yourself, not both."),
                               field="preset")
        chosen = PRESETS[preset]
        changes.update(weight_freshness=chosen.freshness, weight_learning=chosen.learning,
                       weight_goals=chosen.goals)
    for name, value in weights.items():
        if value is not None:
            changes[name] = _weight(value, name)
    if mode is not None:
        if mode not in FeedSettings.Mode.values:
            raise InvalidInput(_("The feed is either “ranked” or “chronological”."),
                               field="mode")
        changes["mode"] = mode
    if daily_budget is not None:
        changes["daily_budget"] = _whole(
            daily_budget, "daily_budget", BUDGET_MIN, BUDGET_MAX,
            _("Choose from %(low)d to %(high)d posts a day.")
            % {"low": BUDGET_MIN, "high": BUDGET_MAX})
    if not isinstance(max_hashtags, _Unset):
        changes["max_hashtags"] = None if max_hashtags is None else _whole(
            max_hashtags, "max_hashtags", 0, HASHTAGS_MAX,
            _("Choose from 0 to %(high)d hashtags, or leave it empty for no limit.")
            % {"high": HASHTAGS_MAX})

    settings, _created = FeedSettings.objects.select_for_update().get_or_create(user=user)
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.full_clean(exclude=["user"])
    settings.save()
    return settings


def record_impressions(*, user: User, post_ids: Iterable[int],
                       at: datetime | None = None) -> int:
    """Note that `user` was shown these posts in their feed. A post already noted keeps its
    first time, so it counts against one day's budget only. Returns how many rows were sent."""
    at = at or timezone.now()
    ids = [int(post_id) for post_id in dict.fromkeys(post_ids)]
    if ids:
        # One statement, atomic on its own: every feed request writes these, and on PostgreSQL
        # the BEGIN and COMMIT around an ORM bulk insert are two more round trips.
        stamp = connection.ops.adapt_datetimefield_value(at)
        values = ", ".join(["(%s, %s, %s)"] * len(ids))
        params: list[Any] = []
        for post_id in ids:
            params += [int(user.pk), post_id, stamp]
        sql = (f"INSERT INTO {FeedImpression._meta.db_table} (user_id, post_id, shown_at) "  # noqa: S608
               f"VALUES {values} ON CONFLICT (user_id, post_id) DO NOTHING")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Impressions may be lost in a crash (a post shows once more, the day's count is a
            # few short), so their commit does not wait for the disk (about 1-3 ms a request
            # here). Both statements go as one query: its own implicit transaction, so the
            # setting covers this insert and nothing else.
            sql = f"SET LOCAL synchronous_commit TO OFF; {sql}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return len(ids)


# The feed looks back 14 days, but the follow audit reports what each account brought the reader
# over the last 30, from these same rows: keep a month and a day.
IMPRESSION_KEEP_DAYS: Final = 31


def impressions_prune(*, older_than_days: int = IMPRESSION_KEEP_DAYS) -> int:
    """Delete feed impressions the feed can no longer use; returns how many went."""
    if older_than_days < 1:
        raise InvalidInput(_("Keep at least one day of impressions."))
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _by_model = FeedImpression.objects.filter(shown_at__lt=cutoff).delete()
    return deleted
