"""What `learnwork demo` sets up before serving: database, static files, skills, a seeded
community, the demo learner and a first admin.

Every step is safe to repeat. Accounts are created once and then kept: re-running the demo never
resets a password or overwrites a profile someone has been editing.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management import call_command, get_commands
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from learnwork.accounts.models import User
from learnwork.accounts.services import profile_update
from learnwork.journeys import services as journeys
from learnwork.journeys.localtime import local_date, zone_of
from learnwork.journeys.models import LearningRecord
from learnwork.posts.models import PostSkill
from learnwork.seeding import seed
from learnwork.seeding.context import SeedReport
from learnwork.seeding.errors import SeedError, SkillsNotImported
from learnwork.seeding.people import plan_person
from learnwork.seeding.places import CITIES
from learnwork.seeding.taxonomy import Taxonomy, load_taxonomy, occupation_by_label
from learnwork.seeding.tiers import TIERS
from learnwork.skills.models import LearningGoal, UserSkill
from learnwork.social import services as social_services

DEMO_TIER, DEMO_SEED = "S", 1
DEMO_HANDLE = "demo"
DEMO_EMAIL = "demo@learnwork.localhost"
# Fixed and printed on purpose: a demo instance is for trying things out, never for real data.
DEMO_PASSWORD = "learn-with-demo-1"  # noqa: S105
DEMO_NAME = ("Dana", "Demo")
ADMIN_HANDLE = "admin"
ADMIN_EMAIL = "admin@learnwork.localhost"
# A data analyst growing towards data science reads well in the feed and touches many skills;
# the other labels are fallbacks for smaller taxonomies.
DEMO_OCCUPATIONS = ("data analyst", "software developer", "project manager")


@dataclass(frozen=True)
class DemoAccount:
    user: User
    email: str
    password: str
    created: bool


@dataclass(frozen=True)
class AdminAccount:
    user: User
    email: str
    # Only set when this call created the account; the password is never stored in clear.
    password: str | None

    @property
    def created(self) -> bool:
        return self.password is not None


@dataclass(frozen=True)
class DemoInfo:
    report: SeedReport
    demo: DemoAccount
    admin: AdminAccount
    database: str


def prepare_demo(
    *,
    log: Callable[[str], None] = print,
    migrate: bool = True,
    static: bool = True,
    skills: bool = True,
    people: int | None = None,
    url: str = "http://127.0.0.1:8000",
    admin_password: str | None = None,
) -> DemoInfo:
    """Everything `learnwork demo` does before serving; each step is safe to repeat."""
    if migrate:
        log("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
    if static:
        log("Collecting static files…")
        call_command("collectstatic", interactive=False, verbosity=0)
    if skills:
        log("Loading the ESCO skills (the first time takes a minute)…")
        if "import_skills" not in get_commands():
            raise SeedError("this installation has no skills importer (import_skills is missing)")
        call_command("import_skills")
    size = TIERS[DEMO_TIER].people if people is None else people
    log(f"Seeding a community of {size:,} people…")
    report = seed(tier=DEMO_TIER, seed=DEMO_SEED, people=people)
    log(f"  {report.people_created:,} people added, "
        f"{report.stages['people'].existing:,} already there ({report.seconds:.1f} s)")
    demo = ensure_demo_account()
    admin = ensure_admin(password=admin_password)
    _name_site(url)
    db = settings.DATABASES["default"]
    database = (
        str(db["NAME"]) if db["ENGINE"].endswith("sqlite3")
        else f"{db['ENGINE'].rsplit('.', 1)[-1]} database {db['NAME']}"
    )
    return DemoInfo(report=report, demo=demo, admin=admin, database=database)


def _name_site(url: str) -> None:
    # allauth puts the site's name in every email subject; Django's default is "example.com".
    # Only that untouched default is replaced, never a name an admin has chosen.
    Site.objects.filter(pk=settings.SITE_ID, domain="example.com").update(
        domain=url.split("://", 1)[-1], name="Learnwork"
    )
    Site.objects.clear_cache()  # update() sends no signal, so the cache would keep the old name


def demo_banner(info: DemoInfo, *, url: str, serving: bool) -> str:
    if info.admin.password:
        admin = (f"    email     {info.admin.email}\n"
                 f"    password  {info.admin.password}   (shown once: note it now)")
    else:
        admin = f"    an admin account already exists (@{info.admin.user.username})"
    state = f"Learnwork is running at {url}" if serving else f"Learnwork is ready: {url}"
    footer = (
        "  Stop with Ctrl-C."
        if serving
        else "  Start it with `learnwork demo`, or run `learnwork serve` and `learnwork worker`\n"
        "  with LEARNWORK_DEMO=1 set (or a LEARNWORK_SECRET_KEY of your own)."
    )
    return "\n".join([
        "",
        "  " + state,
        "",
        "  Sign in as the demo learner",
        f"    email     {info.demo.email}",
        f"    password  {info.demo.password}",
        f"  Admin, at {url}/admin/",
        admin,
        "",
        "  Emails (sign-up confirmations, password resets) are printed in this terminal.",
        f"  Data lives in {info.database}.",
        footer,
        "",
    ])


def ensure_demo_account(*, today: date | None = None) -> DemoAccount:
    """The demo learner with a verified email, a filled profile, skills and goals."""
    with transaction.atomic():
        user = User.objects.filter(username=DEMO_HANDLE).first()
        created = user is None
        if user is None:
            user = _create_demo_user(today or timezone.now().date())
            _follow_starters(user)
            _seed_journey(user)
        _verified_email(user, user.email or DEMO_EMAIL)
    return DemoAccount(user=user, email=user.email, password=DEMO_PASSWORD, created=created)


def ensure_admin(*, password: str | None = None) -> AdminAccount:
    """A staff superuser, unless the instance already has one."""
    with transaction.atomic():
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing is not None:
            return AdminAccount(user=existing, email=existing.email, password=None)
        handle = ADMIN_HANDLE
        if User.objects.filter(username=handle).exists():
            handle = "learnwork_admin"
        password = password or secrets.token_urlsafe(12)
        # "admin" is a reserved handle for sign-ups; the instance's own admin is who it's for.
        user = User.objects.create_superuser(username=handle, email=ADMIN_EMAIL, password=password)
        _verified_email(user, ADMIN_EMAIL)
    return AdminAccount(user=user, email=ADMIN_EMAIL, password=password)


def _create_demo_user(today: date) -> User:
    taxonomy = load_taxonomy()
    if not taxonomy.occupations:
        raise SkillsNotImported()
    plan = plan_person(
        random.Random("learnwork-demo"),
        taxonomy,
        index=-1,
        occupation_id=_demo_occupation(taxonomy),
        seniority="mid",
        city=next(c for c in CITIES if c.name == "Lisbon"),
    )
    first, last = DEMO_NAME
    user = User.objects.create_user(
        username=DEMO_HANDLE, email=DEMO_EMAIL, password=DEMO_PASSWORD,
        first_name=first, last_name=last,
    )
    profile_update(
        user=user,
        display_name=f"{first} {last}",
        headline=plan.headline,
        bio=plan.bio,
        location=plan.city.location,
        timezone=plan.city.timezone,
    )
    UserSkill.objects.bulk_create(
        UserSkill(user=user, skill_id=s.skill_id, proficiency=s.proficiency, level=s.level)
        for s in plan.skills
    )
    LearningGoal.objects.bulk_create(
        LearningGoal(user=user, skill_id=g.skill_id, why=g.why,
                     target_date=today + timedelta(days=g.target_in_days))
        for g in plan.goals
    )
    return user


def _follow_starters(user: User, *, people: int = 12) -> None:
    """Give the demo learner a feed on day one: follow the people others learned from most on
    the demo's goals and skills (half of them only for that skill), and the first goal's skill."""
    goal_ids = list(LearningGoal.objects.filter(user=user).values_list("skill_id", flat=True))
    skill_ids = goal_ids + list(
        UserSkill.objects.filter(user=user).values_list("skill_id", flat=True))
    ranked = (
        PostSkill.objects.filter(skill_id__in=skill_ids).exclude(post__author=user)
        .values("post__author_id", "skill_id")
        .annotate(learned=Sum("post__learned_count")).order_by("-learned", "post__author_id")
    )
    chosen: dict[int, uuid.UUID] = {}
    for row in ranked[: people * 10]:
        if row["learned"] and row["post__author_id"] not in chosen:
            chosen[row["post__author_id"]] = row["skill_id"]
        if len(chosen) >= people:
            break
    authors = User.objects.in_bulk(list(chosen))
    for position, (author_id, skill_id) in enumerate(chosen.items()):
        topics = [skill_id] if position % 2 else []
        social_services.follow(follower=user, followee=authors[author_id],
                               topic_skill_ids=topics)
    if goal_ids:
        social_services.skill_follow(user=user, skill_id=goal_ids[0])


# kind, title, by, status, started and finished (days ago), reflection, skills (from the
# demo's own skills "s" or goals "g"), confirmed by.
_JOURNEY = (
    ("course", "Data analysis with SQL", "Open Data School", "finished", 320, 262,
     "Window functions replace most of my self-joins, and `EXPLAIN` shows why a query is "
     "slow before I guess.", "s0 s1", "Open Data School (demo provider)"),
    ("book", "Storytelling with Data", "Cole Nussbaumer Knaflic", "finished", 230, 198,
     "Start from the one sentence the chart must say; **remove** everything that does not "
     "help say it.", "s2", ""),
    ("project", "A dashboard for the neighbourhood food bank", "", "finished", 150, 84,
     "Talking to the volunteers first saved weeks: they needed two numbers, not twenty.",
     "s0 g0", ""),
    ("talk", "What a year of A/B tests taught us", "PyData Lisbon", "finished", 45, 45,
     "Decide the stopping rule before the test starts, or the test decides it for you.",
     "g0", ""),
    ("course", "Machine learning foundations", "Open University", "in_progress", 24, None, "",
     "g0 g1", ""),
    ("article", "Practical statistics for data scientists", "", "planned", None, None, "",
     "g1", ""),
)


def _seed_journey(user: User) -> None:
    """A few learning records for the demo learner over the past year, so the journey's
    timeline, heatmap and skills chart have something to show from the first visit."""
    today = local_date(user)
    ids = {
        "s": list(UserSkill.objects.filter(user=user).order_by("-level", "skill__label")
                  .values_list("skill_id", flat=True)),
        "g": list(LearningGoal.objects.filter(user=user).order_by("created", "pk")
                  .values_list("skill_id", flat=True)),
    }
    for kind, title, by, status, started, finished, reflection, picks, confirmed in _JOURNEY:
        wanted = [ids[p[0]][int(p[1:])] for p in picks.split() if int(p[1:]) < len(ids[p[0]])]
        record = journeys.record_create(
            user=user, kind=kind, title=title, source_name=by, status=status,
            started_on=today - timedelta(days=started) if started is not None else None,
            finished_on=today - timedelta(days=finished) if finished is not None else None,
            reflection=reflection, skill_ids=list(dict.fromkeys(wanted)))
        # Added when it started, as it would have been, so the heatmap shows a year of it.
        added = today - timedelta(days=started or 0)
        LearningRecord.objects.filter(pk=record.pk).update(
            created=datetime.combine(added, time(12), tzinfo=zone_of(user)))
        if confirmed and record.finished_on:
            journeys.record_confirm(record=record, confirmed_by=confirmed, at=datetime.combine(
                record.finished_on, time(12), tzinfo=zone_of(user)))


def _demo_occupation(taxonomy: Taxonomy) -> str:
    for label in DEMO_OCCUPATIONS:
        found = occupation_by_label(taxonomy, label)
        if found is not None:
            return found.id
    return taxonomy.common[0] if taxonomy.common else taxonomy.long_tail[0]


def _verified_email(user: User, email: str) -> None:
    # Sign-in needs a verified address (ACCOUNT_EMAIL_VERIFICATION = "mandatory").
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=email, verified=True,
                                    primary=not has_primary)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
