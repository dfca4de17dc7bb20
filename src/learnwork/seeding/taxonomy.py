"""The ESCO taxonomy as plain data, plus the curated occupations most seeded people have.

Generation works on these plain structures rather than on model instances, so planning a person
touches no database and the same taxonomy rows always give the same people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

# Most people in a learning network have one of a few dozen common jobs; the rest of ESCO's 3,000
# occupations make the long tail. Labels are ESCO v1.1.1's, grouped into families whose members are
# natural next steps for each other (a data analyst learning what a data scientist knows).
COMMON_OCCUPATIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "software": (
        ("software developer", 6), ("web developer", 5), ("mobile application developer", 3),
        ("software architect", 2), ("software tester", 2), ("ICT application developer", 2),
    ),
    "data": (
        ("data analyst", 5), ("data scientist", 4), ("database administrator", 2),
        ("statistician", 1),
    ),
    "infrastructure": (
        ("ICT system administrator", 3), ("cloud engineer", 3), ("ICT network engineer", 2),
        ("ICT security engineer", 3),
    ),
    "design": (
        ("user interface designer", 3), ("user experience analyst", 2), ("graphic designer", 3),
        ("illustrator", 1),
    ),
    "management": (
        ("project manager", 4), ("ICT project manager", 3), ("product manager", 3),
        ("business analyst", 3), ("ICT business analyst", 2),
    ),
    "marketing": (
        ("marketing manager", 3), ("digital marketing manager", 3),
        ("public relations officer", 2), ("search engine optimisation expert", 1),
    ),
    "finance_people": (
        ("accountant", 3), ("financial analyst", 2), ("human resources officer", 3),
        ("recruitment consultant", 2), ("office manager", 2),
    ),
    "service": (
        ("sales assistant", 3), ("customer service representative", 3), ("chef", 2),
        ("restaurant manager", 1),
    ),
    "education": (
        ("primary school teacher", 3), ("secondary school teacher", 3),
        ("instructional designer", 2), ("e-learning architect", 1),
        ("career guidance advisor", 1), ("librarian", 1),
    ),
    "health": (
        ("nurse responsible for general care", 4), ("physiotherapist", 2), ("pharmacist", 2),
        ("psychologist", 2), ("social worker", 2), ("dietitian", 1),
    ),
    "media": (
        ("journalist", 2), ("translator", 2), ("photographer", 1),
    ),
    "built_environment": (
        ("architect", 2), ("civil engineer", 2), ("mechanical engineer", 2), ("electrician", 2),
        ("carpenter", 1), ("sustainability manager", 1),
    ),
}

# Fewer skills than this and a profile would look thin, with nothing left over to learn.
MIN_OCCUPATION_SKILLS = 6


@dataclass(frozen=True)
class SkillInfo:
    id: str
    label: str
    is_knowledge: bool


@dataclass(frozen=True)
class OccupationInfo:
    id: str
    label: str
    isco_group: str
    essential: tuple[str, ...]
    optional: tuple[str, ...]
    family: str = ""

    @property
    def skills(self) -> tuple[str, ...]:
        return self.essential + self.optional


@dataclass
class Taxonomy:
    skills: dict[str, SkillInfo]
    occupations: dict[str, OccupationInfo]
    common: tuple[str, ...] = ()
    common_weights: tuple[int, ...] = ()
    long_tail: tuple[str, ...] = ()
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_isco: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def neighbours(self, occupation_id: str) -> tuple[str, ...]:
        """Occupations someone in `occupation_id` might grow towards, best candidates first."""
        occupation = self.occupations[occupation_id]
        if occupation.family:
            pool = self.families[occupation.family]
        else:
            pool = self.by_isco.get(occupation.isco_group, ())
        return tuple(o for o in pool if o != occupation_id)


def build_taxonomy(
    *,
    skills: Iterable[tuple[object, str, str]],
    occupations: Iterable[tuple[object, str, str]],
    links: Iterable[tuple[object, object, bool]],
) -> Taxonomy:
    """Assemble a Taxonomy from rows: skills (id, label, kind), occupations (id, label,
    isco_group) and links (occupation_id, skill_id, essential). Row order does not matter."""
    skill_map = {
        str(sid): SkillInfo(str(sid), label, kind == "knowledge")
        for sid, label, kind in skills
        if kind != "group"
    }
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    for occupation_id, skill_id, is_essential in links:
        sid = str(skill_id)
        if sid in skill_map:
            (essential if is_essential else optional)[str(occupation_id)].append(sid)

    family_of = {
        label.lower(): family
        for family, members in COMMON_OCCUPATIONS.items()
        for label, _ in members
    }
    weight_of = {
        label.lower(): weight
        for members in COMMON_OCCUPATIONS.values()
        for label, weight in members
    }
    occupation_map: dict[str, OccupationInfo] = {}
    for oid, label, isco_group in sorted(occupations, key=lambda row: str(row[0])):
        key = str(oid)
        info = OccupationInfo(
            id=key,
            label=label,
            isco_group=isco_group or "",
            essential=tuple(sorted(essential.get(key, ()))),
            optional=tuple(sorted(optional.get(key, ()))),
            family=family_of.get(label.lower(), ""),
        )
        if len(info.skills) >= MIN_OCCUPATION_SKILLS:
            occupation_map[key] = info

    families: dict[str, list[str]] = defaultdict(list)
    by_isco: dict[str, list[str]] = defaultdict(list)
    for info in occupation_map.values():
        if info.family:
            families[info.family].append(info.id)
        by_isco[info.isco_group].append(info.id)
    common = tuple(sorted(
        (o.id for o in occupation_map.values() if o.family),
        key=lambda oid: occupation_map[oid].label,
    ))
    return Taxonomy(
        skills=skill_map,
        occupations=occupation_map,
        common=common,
        common_weights=tuple(weight_of[occupation_map[o].label.lower()] for o in common),
        long_tail=tuple(sorted(occupation_map)),
        families={k: tuple(sorted(v)) for k, v in families.items()},
        by_isco={k: tuple(sorted(v)) for k, v in by_isco.items()},
    )


def load_taxonomy() -> Taxonomy:
    """The imported ESCO taxonomy, read in three queries."""
    from learnwork.skills.models import Occupation, OccupationSkill, Skill

    return build_taxonomy(
        skills=Skill.objects.values_list("id", "label", "kind").iterator(chunk_size=5000),
        occupations=Occupation.objects.values_list("id", "label", "isco_group"),
        links=OccupationSkill.objects.values_list("occupation_id", "skill_id", "essential")
        .iterator(chunk_size=5000),
    )


def occupation_by_label(taxonomy: Taxonomy, label: str) -> OccupationInfo | None:
    wanted = label.lower()
    for info in taxonomy.occupations.values():
        if info.label.lower() == wanted:
            return info
    return None
