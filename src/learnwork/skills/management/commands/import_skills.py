"""`import_skills [--path DIR] [--force]`: load the ESCO taxonomy (`learnwork import-skills`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from learnwork.core.errors import DomainError
from learnwork.skills import services


class _Bars:
    """One tqdm bar per stage of the import, fed by the service's progress callback."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.stage: str | None = None
        self.bar: tqdm[Any] | None = None

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=stage, unit=" rows", leave=False)
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "Import the ESCO skills taxonomy shipped with Learnwork (or the files in --path)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=services.DEFAULT_TAXONOMY_DIR,
                            help="Folder with the ESCO .csv.gz files (default: the shipped set).")
        parser.add_argument("--force", action="store_true",
                            help="Import even if these exact files were imported before.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Bars only on a terminal: in CI logs and pipes they are just noise.
        bars = _Bars(enabled=options["verbosity"] > 0 and sys.stderr.isatty())
        try:
            report = services.taxonomy_import(directory=options["path"], progress=bars,
                                              force=options["force"])
        except DomainError as exc:
            # One line a person can act on; a traceback would only hide the file and line.
            raise CommandError(f"Skills import failed: {exc.detail}", returncode=1) from None
        finally:
            bars.close()
        if report.skipped:
            self.stdout.write(f"{report.version} is already imported (checksum "
                              f"{report.checksum[:12]}); use --force to import it again.")
            return
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS(
            f"Imported {report.version}: {report.concepts} skills and groups, "
            f"{report.relations} hierarchy links, {report.occupations} occupations, "
            f"{report.occupation_skills} occupation-skill links in {report.seconds:.1f} s."
        ))
        if report.stale_concepts:
            self.stdout.write(self.style.WARNING(
                f"{report.stale_concepts} skills in the database are no longer in the files; "
                "they are kept because people may hold them."))
