from __future__ import annotations

import gzip
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from learnwork.skills import importer, selectors, services
from learnwork.skills.errors import TaxonomyFileError
from learnwork.skills.models import (
    Occupation,
    OccupationSkill,
    Skill,
    SkillRelation,
    TaxonomyImport,
)

from .conftest import read, rewrite

pytestmark = pytest.mark.django_db

PYTHON = uuid.UUID("b0000000-0000-4000-8000-000000000001")
PROGRAMMING = uuid.UUID("b0000000-0000-4000-8000-000000000002")
JAVASCRIPT = uuid.UUID("b0000000-0000-4000-8000-000000000003")
DEVELOPER = uuid.UUID("c0000000-0000-4000-8000-000000000001")


def counts() -> tuple[int, int, int, int, int]:
    return (Skill.objects.count(), SkillRelation.objects.count(), Occupation.objects.count(),
            OccupationSkill.objects.count(), TaxonomyImport.objects.count())


def test_import_loads_concepts_groups_hierarchy_and_occupations(esco_dir):
    report = services.taxonomy_import(directory=esco_dir)

    assert (report.concepts, report.relations, report.occupations,
            report.occupation_skills) == (11, 7, 2, 5)
    assert counts() == (11, 7, 2, 5, 1)
    python = Skill.objects.get(pk=PYTHON)
    assert python.kind == Skill.Kind.KNOWLEDGE
    # The preferred label is not repeated among the alternatives.
    assert python.alt_label_list == ["Python3", "Python", "Py3K"]
    assert Skill.objects.get(code="S1").kind == Skill.Kind.GROUP
    isced = Skill.objects.get(pk=importer.isced_id("0613"))
    assert (isced.kind, isced.code) == (Skill.Kind.GROUP, "0613")
    assert isced.esco_uri == "http://data.europa.eu/esco/isced-f/0613"
    assert Skill.objects.get(label="digital content creation").kind == Skill.Kind.SKILL
    assert selectors.descendant_ids(skill_ids=[importer.isced_id("06")]) == {
        importer.isced_id("06"), importer.isced_id("0613"), PROGRAMMING, PYTHON, JAVASCRIPT}
    assert OccupationSkill.objects.get(occupation_id=DEVELOPER, skill_id=JAVASCRIPT).essential \
        is False


def test_known_quirks_are_skipped_and_reported(esco_dir):
    report = services.taxonomy_import(directory=esco_dir)

    notes = " ".join(report.notes)
    assert "d0000000-0000-4000-8000-00000000beef" in notes  # occupation not in occupations
    assert "skipped 1 rows about concepts not in the files" in notes
    assert TaxonomyImport.objects.get().notes == report.notes


def test_import_is_idempotent(esco_dir):
    services.taxonomy_import(directory=esco_dir)
    first = counts()

    again = services.taxonomy_import(directory=esco_dir)
    assert again.skipped and counts() == first

    forced = services.taxonomy_import(directory=esco_dir, force=True)
    assert not forced.skipped
    assert counts()[:4] == first[:4]
    assert TaxonomyImport.objects.count() == 2


def test_reimport_updates_in_place_and_drops_stale_links(esco_dir):
    services.taxonomy_import(directory=esco_dir)
    rewrite(esco_dir, "skills.csv.gz", read(esco_dir, "skills.csv.gz").replace(
        "Python (computer programming),Python3", "Python programming,Python3"))
    rewrite(esco_dir, "occupation_skill.csv.gz", read(esco_dir, "occupation_skill.csv.gz")
            .replace("000000000003,0", "000000000003,1")
            .replace("c0000000-0000-4000-8000-000000000002,b0000000-0000-4000-8000-"
                     "000000000001,0\n", ""))
    rewrite(esco_dir, "skill_broader.csv.gz", read(esco_dir, "skill_broader.csv.gz").replace(
        "b0000000-0000-4000-8000-000000000003,b0000000-0000-4000-8000-000000000002,skill\n", ""))

    report = services.taxonomy_import(directory=esco_dir)

    assert not report.skipped
    assert Skill.objects.get(pk=PYTHON).label == "Python programming"
    assert OccupationSkill.objects.get(occupation_id=DEVELOPER, skill_id=JAVASCRIPT).essential
    assert OccupationSkill.objects.count() == 4
    assert not SkillRelation.objects.filter(narrower_id=JAVASCRIPT).exists()
    assert Skill.objects.count() == 11


def _break(directory: Path, name: str, old: str, new: str) -> None:
    text = read(directory, name)
    assert old in text
    rewrite(directory, name, text.replace(old, new, 1))


@pytest.mark.parametrize(("name", "old", "new", "expected"), [
    ("skills.csv.gz", "id,type,reuse", "ident,type,reuse",
     "skills.csv.gz line 1: missing column(s) id"),
    ("skills.csv.gz", "b0000000-0000-4000-8000-000000000004", "not-a-uuid",
     "skills.csv.gz line 5: id 'not-a-uuid' is not a valid id"),
    ("skill_broader.csv.gz", "a0000000-0000-4000-8000-000000000001,group",
     "e0000000-0000-4000-8000-000000000000,group",
     "skill_broader.csv.gz line 8: broader_id e0000000-0000-4000-8000-000000000000 is neither"),
    ("occupation_skill.csv.gz", "000000000004,1", "000000000004,maybe",
     "occupation_skill.csv.gz line 5: essential must be 1 or 0"),
    ("skills.csv.gz", "K,cross-sector,statistics", "X,cross-sector,statistics",
     "skills.csv.gz line 5: type 'X' is not S or K"),
])
def test_malformed_file_names_file_and_line_and_writes_nothing(esco_dir, name, old, new,
                                                               expected):
    _break(esco_dir, name, old, new)

    with pytest.raises(TaxonomyFileError) as caught:
        services.taxonomy_import(directory=esco_dir)

    assert expected in caught.value.detail
    assert counts() == (0, 0, 0, 0, 0)


def test_quoted_multiline_field_keeps_line_numbers_right(esco_dir):
    # The S1 description spans two lines, so the next row starts on line 5.
    _break(esco_dir, "skill_groups.csv.gz", "06,,", "zz,,")
    with pytest.raises(TaxonomyFileError, match="skill_groups.csv.gz line 5: id 'zz'"):
        services.taxonomy_import(directory=esco_dir)


def test_truncated_gzip_is_a_clear_error(esco_dir):
    path = esco_dir / "occupation_skill.csv.gz"
    path.write_bytes(path.read_bytes()[:-12])

    with pytest.raises(TaxonomyFileError, match="occupation_skill.csv.gz line .*damaged"):
        services.taxonomy_import(directory=esco_dir)
    assert counts() == (0, 0, 0, 0, 0)


def test_missing_file_is_a_clear_error(esco_dir):
    (esco_dir / "occupations.csv.gz").unlink()
    with pytest.raises(TaxonomyFileError, match="occupations.csv.gz is missing"):
        services.taxonomy_import(directory=esco_dir)


def test_failure_while_writing_rolls_everything_back(esco_dir, monkeypatch):
    services.taxonomy_import(directory=esco_dir)
    before = counts()
    rewrite(esco_dir, "skills.csv.gz", read(esco_dir, "skills.csv.gz").replace(
        "statistics,statistical", "statistics and probability,statistical"))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_sync_relations", explode)
    with pytest.raises(RuntimeError):
        services.taxonomy_import(directory=esco_dir)

    assert counts() == before
    assert not Skill.objects.filter(label="statistics and probability").exists()


def test_command_imports_and_reports(esco_dir, capsys):
    call_command("import_skills", path=esco_dir, verbosity=0)
    assert Skill.objects.count() == 11
    call_command("import_skills", path=esco_dir)
    assert "already imported" in capsys.readouterr().out


def test_command_prints_one_line_error_and_exits_1(esco_dir):
    with gzip.open(esco_dir / "skills.csv.gz", "wt") as handle:
        handle.write("id,label\n1,x\n")

    with pytest.raises(CommandError) as caught:
        call_command("import_skills", path=esco_dir, verbosity=0)

    assert caught.value.returncode == 1
    assert str(caught.value).startswith("Skills import failed: skills.csv.gz line 1: missing")
    assert "\n" not in str(caught.value)
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.real_data
def test_real_shipped_esco_set_imports_and_searches():
    report = services.taxonomy_import()

    assert (report.concepts, report.occupations) == (13_896 + 640, 3_007)
    assert report.relations > 20_000
    assert report.occupation_skills == 123_855 - 67  # the undefined occupation's rows
    assert any("a9e54177-a185-404d-b6e6-15663d31137e" in note for note in report.notes)
    labels = [hit.label for hit in selectors.skill_search(query="pyhton programing")]
    assert labels[0] == "Python (computer programming)"
    assert services.taxonomy_import().skipped
