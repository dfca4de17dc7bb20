"""Malformed and hostile input is refused with a clear message, nothing is stored, and the
server never fetches what it should not: private addresses, endless or silent servers,
redirects to other schemes."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from learnwork.core import outbound
from learnwork.credentials import baking, fetch
from learnwork.credentials.badge_errors import FetchFailed
from learnwork.credentials.models import ImportedBadge
from learnwork.journeys.models import LearningRecord
from tests.api_client import bearer, send
from tests.factories import UserFactory

from .badge_server import (  # noqa: F401
    badge_server,
    media_root,
    ob2,
    png_bytes,
    quick_timeouts,
)
from .test_limits import bomb_png

pytestmark = pytest.mark.django_db

IMPORT = reverse("credentials:badge_import")


@pytest.fixture
def ana_client(client, media_root):  # noqa: F811
    client.force_login(UserFactory(username="ana"))
    return client


def nothing_stored() -> bool:
    return not ImportedBadge.objects.exists() and not LearningRecord.objects.exists()


def post_url(client, url):
    return client.post(IMPORT, {"how": "url", "url": url})


def post_paste(client, text):
    return client.post(IMPORT, {"how": "paste", "credential": text})


def post_file(client, data, name="badge.png"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(IMPORT, {"how": "file", "file": upload})


def refused(response, status, message):
    page = response.content.decode()
    assert response.status_code == status, page[:2000]
    assert message in page, page[:4000]
    assert nothing_stored()


# Files ---------------------------------------------------------------------------------------

def test_huge_upload_is_too_large(ana_client):
    refused(post_file(ana_client, b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024)), 413,
            "The file is larger than 2 MB; a real badge is much smaller.")


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xff\xd8\xff\xe0" + b"\0" * 100, "a JPEG image"),
    (b"%PDF-1.4 hello", "a PDF document"),
    (b"MZ\x90\x00 an executable", "of a kind that is not a badge"),
])
def test_wrong_file_type_is_named(ana_client, data, kind):
    refused(post_file(ana_client, data, name="badge.png"), 400,
            f"Upload the badge as a PNG or SVG image; this file is {kind}.")


def test_png_decompression_bomb_is_refused(ana_client):
    bomb = baking.bake_png(bomb_png(), {"recipient": {}, "badge": "https://x.example/b"})
    refused(post_file(ana_client, bomb), 400,
            "The badge image claims far too many pixels to open safely.")


def test_png_without_a_badge(ana_client):
    refused(post_file(ana_client, png_bytes()), 400, "This PNG image has no Open Badge baked")


def test_svg_entity_bomb_is_refused(ana_client):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>')
    refused(post_file(ana_client, laughs, name="badge.svg"), 400,
            "The SVG uses XML entities or external references")


# Pasted text ---------------------------------------------------------------------------------

def test_json_nested_ten_thousand_deep(ana_client):
    refused(post_paste(ana_client, "[" * 10_000 + "]" * 10_000), 400,
            "The badge is nested more than 64 levels deep")


def test_text_that_is_not_json(ana_client):
    refused(post_paste(ana_client, "hello, this is my badge"), 400,
            "That is not an Open Badge: paste the badge&#x27;s JSON")
    refused(post_paste(ana_client, '{"name": "Python",'), 400,
            "The badge is not valid JSON: Expecting property name")


def test_json_that_is_not_a_badge(ana_client):
    refused(post_paste(ana_client, '{"hello": "world"}'), 400,
            "That JSON is not an Open Badge: it names no recipient and no badge.")


def test_pasting_more_than_a_megabyte_is_refused_by_the_form(ana_client):
    response = post_paste(ana_client, "{" + " " * (1024 * 1024 + 10) + "}")
    assert response.status_code == 400 and nothing_stored()


# Web addresses -------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/badge.json", "http://localhost/badge.json", "http://10.1.2.3/b",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/b", "http://0.0.0.0/b",
    "http://192.168.1.1/b", "http://[::ffff:127.0.0.1]/b",
])
def test_private_addresses_are_not_fetched(ana_client, settings, url):
    settings.BADGE_FETCH_ALLOW_PRIVATE = False
    refused(post_url(ana_client, url), 400,
            "is on a private or local network, which Learnwork does not fetch from.")


@pytest.mark.parametrize(("url", "message"), [
    ("file:///etc/passwd", "Only http and https addresses can be fetched"),
    ("ftp://example.org/badge", "Only http and https addresses can be fetched"),
    ("http://user:secret@example.org/b", "Addresses with a user name or password"),
    ("https:///nohost", "has no host name"),
    ("http://example.org:99999/", "is not a valid web address"),
])
def test_unfetchable_addresses_are_explained(ana_client, url, message):
    refused(post_url(ana_client, url), 400, message)


def test_private_address_after_a_redirect_is_not_fetched(ana_client, badge_server, settings,  # noqa: F811
                                                         monkeypatch):
    badge_server.put("/go", b"", content_type="text/plain", status=302,
                     headers={"Location": "http://10.0.0.1/badge.json"})
    settings.BADGE_FETCH_ALLOW_PRIVATE = False
    # The test server itself is on loopback: let only that address through.
    checked = outbound.is_public
    monkeypatch.setattr(outbound, "is_public", lambda a: a == "127.0.0.1" or checked(a))
    refused(post_url(ana_client, badge_server.url("/go")), 400,
            "10.0.0.1 is on a private or local network")
    assert badge_server.hits["/go"] == 1


def test_redirect_to_another_scheme_is_refused(badge_server):  # noqa: F811
    badge_server.put("/go", b"", content_type="text/plain", status=301,
                     headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchFailed, match="Only http and https addresses"):
        fetch.get(badge_server.url("/go"))


def test_endless_redirects_stop(badge_server):  # noqa: F811
    badge_server.put("/loop", b"", content_type="text/plain", status=302,
                     headers={"Location": "/loop"})
    with pytest.raises(FetchFailed, match="redirected too many times"):
        fetch.get(badge_server.url("/loop"))
    assert badge_server.hits["/loop"] == fetch.MAX_REDIRECTS + 1


def test_server_sending_fifty_megabytes_is_cut_off(ana_client, badge_server):  # noqa: F811
    badge_server.put("/huge", b"", content_type="application/json", behaviour="endless")
    refused(post_url(ana_client, badge_server.url("/huge")), 400,
            "sent more than 512 KB, more than any badge needs.")


def test_declared_huge_length_is_refused_before_reading(badge_server):  # noqa: F811
    badge_server.put("/big", b" " * (600 * 1024), content_type="application/json")
    with pytest.raises(FetchFailed, match="sent more than 512 KB"):
        fetch.get(badge_server.url("/big"))


def test_server_that_never_answers_times_out(ana_client, badge_server, quick_timeouts):  # noqa: F811
    badge_server.put("/silent", b"", content_type="application/json", behaviour="silent")
    refused(post_url(ana_client, badge_server.url("/silent")), 400,
            "did not answer within")


def test_server_that_drips_hits_the_deadline(badge_server, quick_timeouts):  # noqa: F811
    badge_server.put("/drip", b"", content_type="application/json", behaviour="drip")
    with pytest.raises(FetchFailed, match="took too long to send its answer"):
        fetch.get(badge_server.url("/drip"))


def test_a_web_page_is_not_badge_data(ana_client, badge_server):  # noqa: F811
    badge_server.put("/page", b"<html>hi</html>", content_type="text/html")
    refused(post_url(ana_client, badge_server.url("/page")), 400,
            "sent text/html, not badge data.")


def test_nothing_listening_is_explained(ana_client, settings):
    settings.BADGE_FETCH_ALLOW_PRIVATE = True
    refused(post_url(ana_client, "http://127.0.0.1:9/badge.json"), 400,
            "127.0.0.1 could not be reached")


def test_unknown_host_is_explained(ana_client):
    refused(post_url(ana_client, "https://no-such-host.invalid/badge.json"), 400,
            "The name no-such-host.invalid could not be found.")


# The API answers the same way ----------------------------------------------------------------

def test_api_refusals_are_json_errors(client, badge_server, settings):  # noqa: F811
    user = UserFactory(username="ana")
    auth = bearer(user)
    deep = send(client, "post", "/badges", {"credential": "[" * 10_000 + "]" * 10_000}, **auth)
    assert deep.status_code == 400 and deep.json()["error"] == "unreadable"
    assert "nested more than 64 levels deep" in deep.json()["detail"]
    settings.BADGE_FETCH_ALLOW_PRIVATE = False
    private = send(client, "post", "/badges", {"url": "http://127.0.0.1/b.json"}, **auth)
    assert private.status_code == 400 and private.json()["error"] == "fetch_failed"
    not_badge = send(client, "post", "/badges", {"credential": '{"a": 1}'}, **auth)
    assert not_badge.status_code == 400 and not_badge.json()["error"] == "not_a_badge"
    huge = client.post("/api/v1/badges/upload", {"file": io.BytesIO(b"\0" * (3 * 1024 * 1024))},
                       **auth)
    assert huge.status_code == 413 and huge.json()["error"] == "too_large"
    assert nothing_stored()


def test_api_body_nested_ten_thousand_deep_is_not_a_server_error(client):
    auth = bearer(UserFactory(username="ana"))
    response = client.post("/api/v1/badges", data='{"credential": ' + "[" * 10_000 + "]" * 10_000
                           + "}", content_type="application/json", **auth)
    assert 400 <= response.status_code < 500
    assert nothing_stored()
