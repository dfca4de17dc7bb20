"""Reading the ESCO CSV files: every row is parsed and checked before a single one is written.

Reading everything first keeps the write phase short (one transaction, no half-imported state)
and lets a malformed file fail with its name and line instead of a database error halfway in.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
import uuid
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Model
from django.utils.translation import gettext as _

from learnwork.skills.errors import TaxonomyFileError

# stage, rows done so far, rows in the stage (None while a file is being read).
Progress = Callable[[str, int, int | None], None]

SKILLS = "skills.csv.gz"
GROUPS = "skill_groups.csv.gz"
BROADER = "skill_broader.csv.gz"
OCCUPATIONS = "occupations.csv.gz"
OCCUPATION_SKILLS = "occupation_skill.csv.gz"

COLUMNS: dict[str, tuple[str, ...]] = {
    SKILLS: ("id", "type", "reuse", "label", "alt_labels", "description"),
    GROUPS: ("id", "code", "label", "description"),
    BROADER: ("id", "broader_id", "broader_kind"),
    OCCUPATIONS: ("id", "isco_group", "code", "label", "alt_labels", "description"),
    OCCUPATION_SKILLS: ("occupation_id", "skill_id", "essential"),
}
FILES = tuple(COLUMNS)

SKILL_TYPES = {"S": "skill", "K": "knowledge", "": "skill"}
ESSENTIAL = {"1": True, "true": True, "0": False, "false": False}
# ESCO's knowledge groups include the ISCED-F fields of education, whose ids are codes ("0613").
ISCED_CODE = re.compile(r"^\d{2,4}$")
ISCED_URI = "http://data.europa.eu/esco/isced-f/{}"
# Column widths of the models, checked here so PostgreSQL and SQLite reject the same files.
MAX_LENGTHS = {"label": 255, "code": 24, "reuse": 24, "isco_group": 8, "occupation_code": 32}


@dataclass(frozen=True, slots=True)
class ConceptRow:
    kind: str
    reuse: str
    code: str
    label: str
    alt_labels: str
    description: str


@dataclass(frozen=True, slots=True)
class OccupationRow:
    isco_group: str
    code: str
    label: str
    alt_labels: str
    description: str


@dataclass
class Taxonomy:
    concepts: dict[uuid.UUID, ConceptRow] = field(default_factory=dict)
    relations: set[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=set)
    occupations: dict[uuid.UUID, OccupationRow] = field(default_factory=dict)
    occupation_skills: dict[tuple[uuid.UUID, uuid.UUID], bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def checksum(directory: Path) -> str:
    """One SHA-256 over the files this importer reads, in a fixed order."""
    digest = hashlib.sha256()
    for name in FILES:
        path = directory / name
        if not path.is_file():
            raise TaxonomyFileError(_("%(file)s is missing from %(dir)s.")
                                    % {"file": name, "dir": directory})
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_taxonomy(directory: Path, *, progress: Progress | None = None) -> Taxonomy:
    """Parse and cross-check every file; raises TaxonomyFileError naming the file and line."""
    tax = Taxonomy()
    _read_groups(directory, tax, progress)
    _read_skills(directory, tax, progress)
    _read_broader(directory, tax, progress)
    _read_occupations(directory, tax, progress)
    _read_occupation_skills(directory, tax, progress)
    return tax


class _Reader:
    """Rows of one gzip CSV as dicts, with the line number for error messages."""

    def __init__(self, directory: Path, name: str, progress: Progress | None) -> None:
        self.path = directory / name
        self.name = name
        self.progress = progress
        self.line = 1

    def fail(self, message: str) -> TaxonomyFileError:
        return TaxonomyFileError(_("%(file)s line %(line)d: %(message)s")
                                 % {"file": self.name, "line": self.line, "message": message})

    def rows(self) -> Iterator[dict[str, str]]:
        if not self.path.is_file():
            raise TaxonomyFileError(_("%(file)s is missing from %(dir)s.")
                                    % {"file": self.name, "dir": self.path.parent})
        try:
            with gzip.open(self.path, "rt", encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in COLUMNS[self.name] if c not in (reader.fieldnames or ())]
                if missing:
                    raise self.fail(_("missing column(s) %(cols)s.")
                                    % {"cols": ", ".join(missing)})
                self.line = reader.line_num + 1
                for count, row in enumerate(reader, start=1):
                    # The row starts on the line after the previous one ended (quoted
                    # descriptions span several lines), which is what a person looks for.
                    if None in row or any(v is None for v in row.values()):
                        self.line = reader.line_num
                        raise self.fail(_("wrong number of fields."))
                    yield row
                    self.line = reader.line_num + 1
                    if self.progress is not None and count % 5000 == 0:
                        self.progress(f"read {self.name}", count, None)
        except (EOFError, OSError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
            raise self.fail(_("the file is damaged or cut short (%(error)s).")
                            % {"error": exc}) from exc

    def parse_uuid(self, value: str, column: str) -> uuid.UUID:
        try:
            return uuid.UUID(value)
        except ValueError:
            raise self.fail(_("%(column)s %(value)r is not a valid id.")
                            % {"column": column, "value": value[:60]}) from None

    def concept_id(self, value: str, column: str) -> uuid.UUID:
        if ISCED_CODE.match(value):
            return isced_id(value)
        return self.parse_uuid(value, column)

    def text(self, row: dict[str, str], column: str, limit: str | None = None) -> str:
        value = " ".join(row[column].split()) if column != "description" else row[column].strip()
        max_length = MAX_LENGTHS.get(limit or column)
        if max_length is not None and len(value) > max_length:
            raise self.fail(_("%(column)s is longer than %(n)d characters.")
                            % {"column": column, "n": max_length})
        return value


def isced_id(code: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, ISCED_URI.format(code))


def _alt_labels(raw: str, label: str) -> str:
    seen = {label.casefold()}
    labels = []
    for part in raw.split("|"):
        text = " ".join(part.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            labels.append(text)
    return "\n".join(labels)


def _read_groups(directory: Path, tax: Taxonomy, progress: Progress | None) -> None:
    reader = _Reader(directory, GROUPS, progress)
    for row in reader.rows():
        raw_id = row["id"].strip()
        concept_id = reader.concept_id(raw_id, "id")
        code = raw_id if ISCED_CODE.match(raw_id) else reader.text(row, "code")
        label = reader.text(row, "label")
        if not label:
            raise reader.fail(_("the label is empty."))
        tax.concepts[concept_id] = ConceptRow("group", "", code, label, "",
                                              row["description"].strip())


def _read_skills(directory: Path, tax: Taxonomy, progress: Progress | None) -> None:
    reader = _Reader(directory, SKILLS, progress)
    untyped = 0
    for row in reader.rows():
        concept_id = reader.parse_uuid(row["id"].strip(), "id")
        kind = SKILL_TYPES.get(row["type"].strip())
        if kind is None:
            raise reader.fail(_("type %(type)r is not S or K.") % {"type": row["type"][:20]})
        untyped += not row["type"].strip()
        label = reader.text(row, "label")
        if not label:
            raise reader.fail(_("the label is empty."))
        tax.concepts[concept_id] = ConceptRow(
            kind, reader.text(row, "reuse"), "", label, _alt_labels(row["alt_labels"], label),
            row["description"].strip(),
        )
    if untyped:
        tax.notes.append(_("%(file)s: %(n)d skills have no type; imported as skills.")
                         % {"file": SKILLS, "n": untyped})


def _read_broader(directory: Path, tax: Taxonomy, progress: Progress | None) -> None:
    reader = _Reader(directory, BROADER, progress)
    dangling = 0
    for row in reader.rows():
        narrower = reader.concept_id(row["id"].strip(), "id")
        broader = reader.concept_id(row["broader_id"].strip(), "broader_id")
        if narrower not in tax.concepts:
            # A few ESCO relations describe concepts that are not in this edition's files;
            # nothing we hold hangs off them, so they are skipped, like the occupation quirk.
            dangling += 1
            continue
        if broader not in tax.concepts:
            raise reader.fail(_("broader_id %(id)s is neither a skill nor a skill group.")
                              % {"id": row["broader_id"][:60]})
        if narrower != broader:
            tax.relations.add((narrower, broader))
    if dangling:
        tax.notes.append(_("%(file)s: skipped %(n)d rows about concepts not in the files.")
                         % {"file": BROADER, "n": dangling})


def _read_occupations(directory: Path, tax: Taxonomy, progress: Progress | None) -> None:
    reader = _Reader(directory, OCCUPATIONS, progress)
    for row in reader.rows():
        occupation_id = reader.parse_uuid(row["id"].strip(), "id")
        label = reader.text(row, "label")
        if not label:
            raise reader.fail(_("the label is empty."))
        tax.occupations[occupation_id] = OccupationRow(
            reader.text(row, "isco_group"), reader.text(row, "code", "occupation_code"), label,
            _alt_labels(row["alt_labels"], label), row["description"].strip(),
        )


def _read_occupation_skills(directory: Path, tax: Taxonomy, progress: Progress | None) -> None:
    reader = _Reader(directory, OCCUPATION_SKILLS, progress)
    missing: set[str] = set()
    skipped = 0
    for row in reader.rows():
        occupation_id = reader.parse_uuid(row["occupation_id"].strip(), "occupation_id")
        skill_id = reader.parse_uuid(row["skill_id"].strip(), "skill_id")
        essential = ESSENTIAL.get(row["essential"].strip().lower())
        if essential is None:
            raise reader.fail(_("essential must be 1 or 0, not %(value)r.")
                              % {"value": row["essential"][:20]})
        if occupation_id not in tax.occupations:
            # Known quirk of ESCO v1.1.1: one occupation is referenced but never defined.
            missing.add(str(occupation_id))
            skipped += 1
            continue
        if skill_id not in tax.concepts:
            raise reader.fail(_("skill_id %(id)s is not in %(skills)s.")
                              % {"id": skill_id, "skills": SKILLS})
        tax.occupation_skills[(occupation_id, skill_id)] = essential
    if skipped:
        tax.notes.append(
            _("%(file)s: skipped %(n)d rows for occupations missing from %(occ)s: %(ids)s.")
            % {"file": OCCUPATION_SKILLS, "n": skipped, "occ": OCCUPATIONS,
               "ids": ", ".join(sorted(missing)[:5])}
        )


# Writing. Called by services.taxonomy_import inside its transaction.

BATCH = 2000


def write_taxonomy(tax: Taxonomy, *, progress: Progress | None = None) -> dict[str, int]:
    """Upsert concepts and occupations, and make both link tables equal to the files."""
    from learnwork.skills.models import Occupation, OccupationSkill, Skill

    concepts = [
        Skill(id=pk, kind=c.kind, reuse=c.reuse, code=c.code, label=c.label,
              alt_labels=c.alt_labels, description=c.description)
        for pk, c in tax.concepts.items()
    ]
    _upsert(Skill, concepts, ["id"], ["kind", "reuse", "code", "label", "alt_labels",
                                      "description"], "concepts", progress)
    occupations = [
        Occupation(id=pk, isco_group=o.isco_group, code=o.code, label=o.label,
                   alt_labels=o.alt_labels, description=o.description)
        for pk, o in tax.occupations.items()
    ]
    _upsert(Occupation, occupations, ["id"],
            ["isco_group", "code", "label", "alt_labels", "description"], "occupations", progress)
    _sync_relations(tax, progress)
    existing = {
        (occ, skill): (pk, essential)
        for pk, occ, skill, essential in OccupationSkill.objects.values_list(
            "pk", "occupation_id", "skill_id", "essential").iterator(chunk_size=BATCH)
    }
    # Only new or changed links are written, so a re-run of the same files is cheap.
    changed = [
        OccupationSkill(occupation_id=occ, skill_id=skill, essential=essential)
        for (occ, skill), essential in tax.occupation_skills.items()
        if existing.get((occ, skill), (None, None))[1] != essential
    ]
    _upsert(OccupationSkill, changed, ["occupation", "skill"], ["essential"],
            "occupation links", progress)
    stale = [pk for key, (pk, _e) in existing.items() if key not in tax.occupation_skills]
    _delete(OccupationSkill, stale)
    # Concepts gone from the files are kept: people's skills and goals may point at them.
    stale_concepts = Skill.objects.count() - len(tax.concepts)
    return {"concepts": len(concepts), "occupations": len(occupations),
            "relations": len(tax.relations), "occupation_skills": len(tax.occupation_skills),
            "stale_concepts": stale_concepts}


def _sync_relations(tax: Taxonomy, progress: Progress | None) -> None:
    from learnwork.skills.models import SkillRelation

    existing = {
        (narrower, broader): pk
        for pk, narrower, broader in SkillRelation.objects.values_list(
            "pk", "narrower_id", "broader_id").iterator(chunk_size=BATCH)
    }
    # A relation has nothing to update, only to exist: insert the missing, drop the stale.
    new = [SkillRelation(narrower_id=n, broader_id=b)
           for n, b in tax.relations if (n, b) not in existing]
    for start in range(0, len(new), BATCH):
        SkillRelation.objects.bulk_create(new[start:start + BATCH], ignore_conflicts=True)
        if progress is not None:
            progress("write relations", min(start + BATCH, len(new)), len(new))
    _delete(SkillRelation, [pk for key, pk in existing.items() if key not in tax.relations])


def _upsert(model: type[Model], rows: Sequence[Model], unique: list[str], update: list[str],
            stage: str, progress: Progress | None) -> None:
    for start in range(0, len(rows), BATCH):
        model._default_manager.bulk_create(rows[start:start + BATCH], update_conflicts=True,
                                  unique_fields=unique, update_fields=update)
        if progress is not None:
            progress(f"write {stage}", min(start + BATCH, len(rows)), len(rows))


def _delete(model: type[Model], pks: list[int]) -> None:
    for start in range(0, len(pks), 500):
        model._default_manager.filter(pk__in=pks[start:start + 500]).delete()
