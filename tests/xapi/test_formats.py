"""The value formats xAPI names, tested as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from learnwork.xapi import formats
from learnwork.xapi.canonical import comparable, parse_accept_language, pick_language


@pytest.mark.parametrize("value, ok", [
    ("http://adlnet.gov/expapi/verbs/completed", True),
    ("urn:uuid:6f1c1b2e-3a3d-4c2b-9a47-0c6f5d1e8b21", True),
    ("https://例え.jp/活動", True),
    ("tag:example.org,2024:thing", True),
    ("no-scheme/path", False),
    ("http://has space.org", False),
    ("", False),
    ("://missing-scheme", False),
    (42, False),
])
def test_iri(value, ok):
    assert formats.is_iri(value) is ok


@pytest.mark.parametrize("value, ok", [
    ("6f1c1b2e-3a3d-4c2b-9a47-0c6f5d1e8b21", True),
    ("6F1C1B2E-3A3D-4C2B-9A47-0C6F5D1E8B21", True),
    ("AA97B177-9383-4934-8543-0F91A7A028368", False),  # a digit too many
    ("MA97B177-9383-4934-8543-0F91A7A02836", False),  # not hexadecimal
    ("6f1c1b2e3a3d4c2b9a470c6f5d1e8b21", False),  # not the standard form
    (12345, False),
])
def test_uuid(value, ok):
    assert formats.is_uuid(value) is ok


@pytest.mark.parametrize("tag, ok", [
    ("en", True), ("en-US", True), ("zh-Hant-TW", True), ("es-419", True),
    ("sl-rozaj-biske", True), ("x-private", True), ("i-klingon", True), ("de-CH-1996", True),
    ("en-", False), ("toolonglanguage", False), ("12", False), ("en_US", False), ("", False),
])
def test_language_tag(tag, ok):
    assert formats.is_language_tag(tag) is ok


@pytest.mark.parametrize("value, expected", [
    ("2024-05-01T09:30:00Z", datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),
    ("2024-05-01T11:30:00.250+02:00", datetime(2024, 5, 1, 9, 30, 0, 250000, tzinfo=UTC)),
    ("2008-09-15 15:53:00.601+00:00", datetime(2008, 9, 15, 15, 53, 0, 601000, tzinfo=UTC)),
    ("20240501T093000Z", datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),
    ("2024-05-01T09:30:00", datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),  # no offset: UTC
    ("2008-09-15T15:53:00.601-00", None),  # "offset unknown" is refused
    ("2008-09-15T15:53:00.601-0000", None),
    ("2008-09-15T15:53:00.601-00:00", None),
    ("01/011/2015", None),
    ("2024-02-30T00:00:00Z", None),
    ("should fail", None),
])
def test_timestamp(value, expected):
    assert formats.parse_timestamp(value) == expected


@pytest.mark.parametrize("value, ok", [
    ("PT1H0M0.1S", True), ("PT4H35M59.14S", True), ("PT16559.14S", True),
    ("P3Y1M29DT4H35M59.14S", True), ("P3Y", True), ("P4W", True), ("P1DT12H", True),
    ("P4W1D", False), ("PA1H0M0S", False), ("P", False), ("PT", False), ("P1DT", False),
    ("PT1.5H30M", False), ("P0003-02-01T04:05:06", False), ("1H", False),
])
def test_duration(value, ok):
    assert formats.is_duration(value) is ok


def test_durations_compare_to_the_hundredth_of_a_second():
    assert formats.duration_centiseconds("PT1M4.1234S") == formats.duration_centiseconds(
        "pt1m4.129s")
    assert formats.duration_centiseconds("PT4.10S") == "PT4.1S"
    assert formats.duration_centiseconds("P1M") == "P1M"


@pytest.mark.parametrize("value, api, ok", [
    ("1.0.0", "1.0.3", True), ("1.0.3", "1.0.3", True), ("1.0", "2.0.0", True),
    ("2.0.0", "2.0.0", True), ("2.0.0", "1.0.3", False), ("0.95", "2.0.0", False),
    ("2.1.0", "2.0.0", False), (1.0, "2.0.0", False),
])
def test_statement_version(value, api, ok):
    assert formats.is_statement_version(value, api) is ok


def test_equivalence_ignores_what_xapi_says_to_ignore():
    first = {
        "id": "6f1c1b2e-3a3d-4c2b-9a47-0c6f5d1e8b21",
        "actor": {"objectType": "Group", "member": [{"mbox": "mailto:a@x.org"},
                                                     {"mbox": "mailto:b@x.org"}]},
        "verb": {"id": "http://x.org/v", "display": {"en": "did"}},
        "object": {"id": "http://x.org/a", "definition": {"name": {"en": "A"}}},
        "result": {"duration": "PT1.001S", "score": {"raw": 1}},
        "timestamp": "2024-05-01T09:30:00Z", "version": "1.0.0",
    }
    second = {
        "actor": {"objectType": "Group", "member": [{"mbox": "mailto:B@X.org"},
                                                     {"mbox": "mailto:a@x.org"}]},
        "verb": {"id": "http://x.org/v"},
        "object": {"objectType": "Activity", "id": "http://x.org/a"},
        "result": {"duration": "PT1.00S", "score": {"raw": 1.0}},
        "authority": {"mbox": "mailto:lrs@x.org"}, "stored": "2024-06-01T00:00:00Z",
    }
    assert comparable(first) == comparable(second)
    assert comparable(first) != comparable({**second, "verb": {"id": "http://x.org/other"}})
    assert comparable(first) != comparable({**second, "result": {"score": {"raw": 2}}})


def test_accept_language_picks_one_language_per_map():
    languages = parse_accept_language("fr-CA;q=0.9, de;q=0.2, *;q=0.1")
    assert pick_language({"en-US": "hello", "fr": "bonjour", "de": "hallo"}, languages) == {
        "fr": "bonjour"}
    assert pick_language({"en-US": "hello", "es": "hola"}, languages) == {"en-US": "hello"}
    assert pick_language({"es": "hola", "it": "ciao"}, []) == {"es": "hola"}
