"""Plain-SQL helpers: id lists in the SQL, and several reads in one round trip."""
# ruff: noqa: S608 (the SQL here names tables and builds id lists on purpose)

from __future__ import annotations

import datetime as dt
import gc
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learnwork.accounts.models import User
from learnwork.core.rawsql import Statement, among, fetch_batch, uuid_of
from learnwork.skills import selectors as skills
from tests.factories import UserFactory
from tests.skills.factories import LearningGoalFactory, SkillFactory

pytestmark = pytest.mark.django_db
TABLE = User._meta.db_table


def _ids(sql: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


def test_among_matches_exactly_the_listed_ids_and_negates():
    people = UserFactory.create_batch(5)
    wanted = [people[0].pk, people[3].pk, 10**12]
    assert _ids(f"SELECT id FROM {TABLE} WHERE {among('id', wanted)}") == {people[0].pk,
                                                                          people[3].pk}
    rest = _ids(f"SELECT id FROM {TABLE} WHERE {among('id', wanted, negate=True)}")
    assert rest == {p.pk for p in people} - set(wanted)


def test_among_takes_uuids_and_refuses_an_empty_list():
    skill = SkillFactory()
    other = SkillFactory()
    table = skill._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {among('id', [skill.pk, uuid.uuid4()])}")
        assert [uuid_of(row[0]) for row in cursor.fetchall()] == [skill.pk]
    assert other.pk not in {uuid_of(pk) for pk in _ids(
        f"SELECT id FROM {table} WHERE {among('id', [other.pk], negate=True)}")}
    with pytest.raises(ValueError):
        among("id", [])


def test_among_never_lets_anything_but_ids_into_the_sql():
    with pytest.raises(ValueError):
        among("id", ["1); DROP TABLE accounts_user; --"])  # type: ignore[list-item]


def test_fetch_batch_returns_each_statements_rows_in_order_with_their_parameters():
    ana, ben = UserFactory(username="ana"), UserFactory(username="ben")
    statements = [
        Statement(f"SELECT username FROM {TABLE} WHERE id = %s", (ben.pk,)),
        Statement(f"SELECT id FROM {TABLE} WHERE id = %s AND username = %s", (ana.pk, "nobody")),
        Statement(f"SELECT username FROM {TABLE} WHERE id IN (%s, %s) ORDER BY username",
                  (ana.pk, ben.pk)),
    ]
    assert fetch_batch(statements) == [[("ben",)], [], [("ana",), ("ben",)]]
    assert fetch_batch([]) == []


def test_fetch_batch_is_one_round_trip_on_postgresql():
    user = UserFactory()
    statements = [Statement(f"SELECT id FROM {TABLE} WHERE id = %s", (user.pk,))] * 4
    with CaptureQueriesContext(connection) as captured:
        results = fetch_batch(statements)
    assert results == [[(user.pk,)]] * 4
    assert len(captured) == (1 if connection.vendor == "postgresql" else 4)


def test_fetch_batch_binds_values_safely():
    UserFactory(username="o'brien")
    found = fetch_batch([Statement(f"SELECT username FROM {TABLE} WHERE username = %s",
                                   ("o'brien",)),
                         Statement(f"SELECT username FROM {TABLE} WHERE username = %s",
                                   ("x'; DROP TABLE accounts_user; --",))])
    assert found == [[("o'brien",)], []]
    assert User.objects.filter(username="o'brien").exists()


def test_goals_in_plain_sql_come_in_the_orms_order():
    user = UserFactory()
    late = LearningGoalFactory(user=user, target_date=dt.date(2031, 1, 1))
    soon = LearningGoalFactory(user=user, target_date=dt.date(2030, 1, 1))
    open_ended = LearningGoalFactory(user=user, target_date=None)
    LearningGoalFactory()  # someone else's
    expected = [(g.skill_id, g.skill.label) for g in skills.goals_for_profile(user=user)]
    assert skills.goals_from(fetch_batch([skills.goals_of(user_id=user.pk)])[0]) == expected
    assert {pk for pk, _label in expected} == {late.skill_id, soon.skill_id,
                                               open_ended.skill_id}


def test_server_processes_freeze_what_they_loaded_and_collect_young_objects_less_often():
    from learnwork.config.runtime import YOUNG_THRESHOLD, tune_collector

    before = gc.get_threshold()
    try:
        tune_collector()
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
