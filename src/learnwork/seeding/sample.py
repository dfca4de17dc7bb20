"""A tiny stand-in for the ESCO taxonomy, for tests and smoke checks that cannot wait for the real
import. Labels are real ESCO labels, so the curated occupation families apply to it too."""

from __future__ import annotations

import uuid

from learnwork.seeding.taxonomy import Taxonomy, build_taxonomy

_NAMESPACE = uuid.UUID("5b0c1a52-8d5e-4c1b-9a55-3c52c0ad0d11")

# label -> kind ("skill" or "knowledge")
SKILLS: dict[str, str] = {
    "analyse big data": "skill", "SQL": "knowledge", "statistics": "knowledge",
    "data mining": "knowledge", "present reports": "skill", "perform data cleansing": "skill",
    "visual presentation techniques": "knowledge", "machine learning": "knowledge",
    "Python (computer programming)": "knowledge", "cloud technologies": "knowledge",
    "develop data processing applications": "skill", "interpret current data": "skill",
    "create software design": "skill", "debug software": "skill", "use software libraries": "skill",
    "JavaScript": "knowledge", "agile project management": "knowledge", "write code": "skill",
    "web programming": "knowledge", "develop creative ideas": "skill",
    "apply nursing care in long-term care": "skill", "administer medication": "skill",
    "health care legislation": "knowledge", "show empathy": "skill",
    "keep records of patients": "skill", "nutrition": "knowledge",
    "maintain beehives": "skill", "honey extraction": "knowledge", "plant pollination": "knowledge",
    "sell products": "skill", "tune keyboard musical instruments": "skill",
    "woodworking tools": "knowledge", "assemble musical instruments": "skill",
    "repair musical instruments": "skill", "acoustics": "knowledge",
}

# label -> (isco group, essential skills, optional skills)
OCCUPATIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "data analyst": ("2511", (
        "analyse big data", "SQL", "statistics", "perform data cleansing", "present reports",
    ), (
        "data mining", "visual presentation techniques", "machine learning",
        "Python (computer programming)", "cloud technologies",
    )),
    "data scientist": ("2511", (
        "analyse big data", "statistics", "machine learning", "Python (computer programming)",
        "develop data processing applications",
    ), (
        "data mining", "cloud technologies", "interpret current data", "SQL",
    )),
    "software developer": ("2512", (
        "create software design", "debug software", "write code", "use software libraries",
    ), (
        "JavaScript", "agile project management", "cloud technologies",
        "Python (computer programming)", "SQL",
    )),
    "web developer": ("2513", (
        "web programming", "JavaScript", "write code", "debug software",
    ), (
        "develop creative ideas", "agile project management", "SQL", "use software libraries",
    )),
    "nurse responsible for general care": ("2221", (
        "apply nursing care in long-term care", "administer medication", "show empathy",
        "keep records of patients", "health care legislation",
    ), (
        "nutrition", "present reports",
    )),
    "apiarist": ("6123", (
        "maintain beehives", "honey extraction", "plant pollination",
    ), (
        "sell products", "keep records of patients", "present reports",
    )),
    "keyboard musical instrument maker": ("7312", (
        "tune keyboard musical instruments", "woodworking tools", "assemble musical instruments",
    ), (
        "repair musical instruments", "acoustics", "sell products",
    )),
    # Too few skills to make a believable person: the seeder must leave it out.
    "piano tuner": ("7312", ("tune keyboard musical instruments",), ("acoustics",)),
}


def sample_id(label: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, label)


def sample_taxonomy() -> Taxonomy:
    """The sample as plain data, with no database."""
    return build_taxonomy(
        skills=[(sample_id(label), label, kind) for label, kind in SKILLS.items()],
        occupations=[
            (sample_id(label), label, isco) for label, (isco, _, _) in OCCUPATIONS.items()
        ],
        links=_links(),
    )


def create_sample_taxonomy() -> None:
    """Write the sample into the skills tables (a test database, never a real instance)."""
    from learnwork.skills.models import Occupation, OccupationSkill, Skill

    Skill.objects.bulk_create(
        Skill(id=sample_id(label), kind=kind, label=label) for label, kind in SKILLS.items()
    )
    # A group is never anyone's skill: the seeder must skip it.
    Skill.objects.create(id=sample_id("group:ICT"), kind=Skill.Kind.GROUP,
                         label="information and communication technologies")
    Occupation.objects.bulk_create(
        Occupation(id=sample_id(label), label=label, isco_group=isco)
        for label, (isco, _, _) in OCCUPATIONS.items()
    )
    OccupationSkill.objects.bulk_create(
        OccupationSkill(occupation_id=occupation, skill_id=skill, essential=essential)
        for occupation, skill, essential in _links()
    )


def _links() -> list[tuple[uuid.UUID, uuid.UUID, bool]]:
    return [
        (sample_id(occupation), sample_id(skill), essential)
        for occupation, (_, essentials, optionals) in OCCUPATIONS.items()
        for skills, essential in ((essentials, True), (optionals, False))
        for skill in skills
    ]
