"""What can stop a seed run; the CLI prints these as one line."""

from __future__ import annotations


class SeedError(Exception):
    pass


class SkillsNotImported(SeedError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            detail
            or "the ESCO skills are not imported yet: run `learnwork import-skills` first"
        )
