from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from learnwork.recommendations import evidence


class Command(BaseCommand):
    help = ("Recompute everyone's teacher evidence for \"who can I learn from\" suggestions "
            "(run daily, e.g. from cron; the worker keeps it fresh in between).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-older-than", type=float, default=None, metavar="HOURS",
                            help="do nothing when the last full rebuild is newer than this")

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["if_older_than"]
        last = evidence.last_full_refresh()
        if hours is not None and last is not None and (
                (timezone.now() - last).total_seconds() < hours * 3600):
            self.stdout.write(f"The last full rebuild ended at {last:%Y-%m-%d %H:%M} UTC; "
                              "nothing to do.")
            return
        log = self.stdout.write if options["verbosity"] > 1 else None
        report = evidence.rebuild(log=log)
        self.stdout.write(f"Teacher evidence rebuilt: {report.rows:,} rows for "
                          f"{report.people:,} people in {report.seconds:.1f} s.")
