from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = ("Refresh the query planner's statistics (SQLite: PRAGMA optimize; PostgreSQL: "
            "ANALYZE). Run daily and after bulk loads: without them the feed's plans degrade.")

    def handle(self, *args: Any, **options: Any) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA optimize")
            else:
                cursor.execute("ANALYZE")
        self.stdout.write(f"Planner statistics refreshed ({connection.vendor}).")
