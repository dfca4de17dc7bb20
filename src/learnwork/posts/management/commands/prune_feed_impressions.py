from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnwork.core.errors import DomainError
from learnwork.posts import feed_services


class Command(BaseCommand):
    help = "Delete home-feed impressions older than the feed looks back (run daily, e.g. cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=feed_services.IMPRESSION_KEEP_DAYS,
                            help="keep impressions newer than this many days")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            deleted = feed_services.impressions_prune(older_than_days=options["days"])
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(f"Deleted {deleted} feed impressions.")
