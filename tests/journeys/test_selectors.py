"""Reading journeys: who sees which record, the evidence behind skills, activity per day, and
query counts that do not grow with the number of records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from learnwork.accounts import services as accounts
from learnwork.journeys import selectors, services
from learnwork.journeys.errors import RecordNotFound
from learnwork.journeys.pages import journey_page
from learnwork.social import services as social
from tests.factories import UserFactory
from tests.posts.factories import PostFactory
from tests.skills.factories import SkillFactory, UserSkillFactory

from .factories import RecordFactory

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()


@pytest.fixture
def records(ana):
    return {
        "everyone": RecordFactory(user=ana, title="everyone"),
        "members": RecordFactory(user=ana, title="members", visibility="members"),
        "only_me": RecordFactory(user=ana, title="only me", visibility="only_me"),
        "hidden": RecordFactory(user=ana, title="hidden", origin="provider", hidden=True),
    }


def _titles(viewer, owner):
    return {r.title for r in selectors.journey_for(viewer=viewer, owner=owner)}


def test_who_sees_which_record(ana, ben, records):
    assert _titles(ANON, ana) == {"everyone"}
    assert _titles(ben, ana) == {"everyone", "members"}
    assert _titles(ana, ana) == {"everyone", "members", "only me", "hidden"}
    for name, record in records.items():
        for viewer, sees in ((ANON, name == "everyone"),
                             (ben, name in ("everyone", "members")), (ana, True)):
            assert selectors.can_see_record(viewer=viewer, record=record) is sees
            if not sees:
                with pytest.raises(RecordNotFound):
                    selectors.record_get(viewer=viewer, record_id=record.pk)


@pytest.mark.parametrize("who_blocks", ["owner", "viewer"])
def test_a_block_either_way_hides_everything(ana, ben, records, who_blocks):
    blocker, blocked = (ana, ben) if who_blocks == "owner" else (ben, ana)
    social.block(blocker=blocker, blocked=blocked)
    assert _titles(ben, ana) == set()
    with pytest.raises(RecordNotFound):
        selectors.record_get(viewer=ben, record_id=records["everyone"].pk)
    assert selectors.skill_evidence(viewer=ben, owner=ana) == []
    assert selectors.activity_by_day(viewer=ben, owner=ana) == {}
    # The owner's own view is untouched.
    assert len(_titles(ana, ana)) == 4


def test_deactivated_accounts_show_nothing(ana, ben, records):
    ana.is_active = False
    ana.save()
    assert _titles(ben, ana) == set()


def test_timeline_is_newest_first_and_grouped(ana):
    RecordFactory(user=ana, title="old", finished_on=dt.date(2023, 5, 1))
    RecordFactory(user=ana, title="new", finished_on=dt.date(2024, 5, 1))
    RecordFactory(user=ana, title="undated", status="in_progress")
    RecordFactory(user=ana, title="plan", status="planned")
    records = selectors.journey_for(viewer=ana, owner=ana)
    assert [r.title for r in records][:2] == ["new", "old"]
    groups = selectors.timeline_groups(records)
    assert [(g.key, [r.title for r in g.records]) for g in groups] == [
        ("in_progress", ["undated"]), ("planned", ["plan"]), ("2024", ["new"]),
        ("2023", ["old"])]


def test_evidence_tells_claimed_shown_and_verified_apart(ana, ben):
    sql, stats, python, r_lang = (SkillFactory(label=label)
                                  for label in ("SQL", "statistics", "Python", "R"))
    UserSkillFactory(user=ana, skill=python, level=4)
    UserSkillFactory(user=ana, skill=stats, level=2)
    RecordFactory(user=ana, title="stats course", skills=[stats])
    RecordFactory(user=ana, title="db badge", kind="badge", origin="badge", skills=[sql, stats],
                  confirmed_by="Data Institute")
    RecordFactory(user=ana, title="R, still going", status="in_progress", skills=[r_lang])
    RecordFactory(user=ana, title="secret SQL", visibility="only_me", skills=[sql])

    rows = {row.skill.label: row for row in selectors.skill_evidence(viewer=ben, owner=ana)}
    # Most verified first, then most shown, then the claim alone.
    assert list(rows) == ["statistics", "SQL", "Python"]
    assert rows["SQL"].strength == "verified" and rows["SQL"].declared is None
    assert rows["SQL"].verifiers == ["Data Institute"]
    assert [r.title for r in rows["SQL"].records] == ["db badge"]  # not the only-me one
    assert rows["statistics"].strength == "verified"
    assert [r.title for r in rows["statistics"].shown] == ["stats course"]
    assert [r.title for r in rows["statistics"].verified] == ["db badge"]
    assert rows["statistics"].declared.level == 2
    assert rows["Python"].strength == "claimed" and not rows["Python"].records
    assert "R" not in rows  # in progress is no evidence yet

    accounts.profile_set_visibility(user=ana, about="everyone", skills="only_me",
                                    goals="only_me")
    hidden_claims = selectors.skill_evidence(viewer=ben, owner=ana)
    assert [row.skill.label for row in hidden_claims] == ["statistics", "SQL"]
    assert all(row.declared is None for row in hidden_claims)
    assert len(selectors.skill_evidence(viewer=ana, owner=ana)) == 3


def test_activity_counts_each_record_once_a_day_and_skill_tagged_posts(ana, ben, monkeypatch):
    now = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    skill = SkillFactory()
    RecordFactory(user=ana, started_on=dt.date(2025, 3, 1), finished_on=dt.date(2025, 3, 10))
    RecordFactory(user=ana, finished_on=dt.date(2025, 3, 10), visibility="only_me")
    RecordFactory(user=ana, finished_on=dt.date(2023, 1, 1))  # long ago, but added today
    PostFactory(author=ana, skills=[skill], created=now - dt.timedelta(days=2))
    PostFactory(author=ana, created=now - dt.timedelta(days=3))  # no skills: not learning
    PostFactory(author=ana, skills=[skill], visibility="members",
                created=now - dt.timedelta(days=4))
    shared = RecordFactory(user=ana, finished_on=dt.date(2025, 3, 5))
    services.record_share_as_post(user=ana, record_id=shared.pk)

    march = dt.date(2025, 3, 1)
    assert selectors.activity_by_day(viewer=ANON, owner=ana) == {
        march: 1, dt.date(2025, 3, 5): 1, dt.date(2025, 3, 8): 1, dt.date(2025, 3, 10): 3}
    mine = selectors.activity_by_day(viewer=ana, owner=ana)
    assert mine[dt.date(2025, 3, 10)] == 4 and mine[dt.date(2025, 3, 6)] == 1
    assert selectors.activity_by_day(viewer=ana, owner=ana, days=3) == {
        dt.date(2025, 3, 8): 1, dt.date(2025, 3, 10): 4}


def test_activity_days_are_the_owners_days(ana, monkeypatch):
    monkeypatch.setattr(timezone, "now",
                        lambda: dt.datetime(2025, 3, 10, 23, 30, tzinfo=dt.UTC))
    ana.timezone = "Asia/Tokyo"
    ana.save()
    RecordFactory(user=ana, status="in_progress")
    assert selectors.activity_by_day(viewer=ana, owner=ana) == {dt.date(2025, 3, 11): 1}


def test_credentials_may_be_issued_only_for_confirmed_finished_records(ana):
    RecordFactory(user=ana, title="by hand")
    RecordFactory(user=ana, title="confirmed", origin="provider", confirmed_by="Open Uni")
    RecordFactory(user=ana, title="a badge", kind="badge", origin="badge", confirmed_by="Issuer")
    RecordFactory(user=UserFactory(), title="someone else's", confirmed_by="Open Uni")
    assert [r.title for r in selectors.eligible_for_credential(user=ana)] == ["confirmed"]


def test_provider_records_are_found_by_activity_id(ana):
    record = RecordFactory(user=ana, origin="provider", external_id="https://lms/x")
    assert selectors.record_by_external_id(user=ana, external_id="https://lms/x") == record
    assert selectors.record_by_external_id(user=ana, external_id="") is None
    assert selectors.record_by_external_id(user=UserFactory(), external_id="https://lms/x") is None


def test_export_has_every_record_hidden_ones_too(ana):
    skill = SkillFactory(label="statistics")
    RecordFactory(user=ana, title="visible", skills=[skill], reflection="It *works*.")
    RecordFactory(user=ana, title="hidden", hidden=True, origin="provider")
    data = selectors.export_for(user=ana)["learning_records"]
    assert {r["title"] for r in data} == {"visible", "hidden"}
    visible = next(r for r in data if r["title"] == "visible")
    assert visible["reflection"] == "It *works*."
    assert visible["skills"] == [{"skill_id": str(skill.pk), "label": "statistics"}]


def _many(owner, n):
    skills = [SkillFactory() for _ in range(3)]
    for i in range(n):
        RecordFactory(user=owner, title=f"r{i}", skills=skills[: i % 3 + 1],
                      confirmed_by="Open Uni" if i % 4 == 0 else "")


@pytest.mark.parametrize("n", [2, 25])
def test_query_counts_do_not_grow_with_records(ana, ben, n, django_assert_max_num_queries):
    _many(ana, n)
    PostFactory(author=ana, skills=[SkillFactory()])
    with django_assert_max_num_queries(3):
        assert len(selectors.journey_for(viewer=ben, owner=ana)) == n
    with django_assert_max_num_queries(5):
        assert selectors.skill_evidence(viewer=ben, owner=ana)
    with django_assert_max_num_queries(3):
        assert selectors.activity_by_day(viewer=ben, owner=ana)
    with django_assert_max_num_queries(3):
        page = journey_page(viewer=ben, owner=ana, declared=[], blocked=False)
        assert page.heatmap_svg and page.skills_svg and page.groups
    with django_assert_max_num_queries(2):
        assert len(selectors.export_for(user=ana)["learning_records"]) == n


def test_hidden_records_are_no_evidence_nor_activity_even_for_their_owner(ana):
    skill = SkillFactory(label="statistics")
    RecordFactory(user=ana, origin="provider", skills=[skill], hidden=True)
    assert len(selectors.journey_for(viewer=ana, owner=ana)) == 1
    assert selectors.skill_evidence(viewer=ana, owner=ana) == []
    assert selectors.activity_by_day(viewer=ana, owner=ana) == {}
