import pytest

from learnwork.core import ratelimit
from learnwork.core.errors import RateLimited


def test_rate_limit_counts_per_key():
    for _ in range(3):
        ratelimit.hit("k1", "3/m")
    with pytest.raises(RateLimited):
        ratelimit.hit("k1", "3/m")
    ratelimit.hit("k2", "3/m")


def test_bad_rate_is_explained():
    with pytest.raises(ValueError, match="120/m"):
        ratelimit.parse_rate("lots")


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "couldn" in response.content.decode()


@pytest.mark.django_db
def test_server_error_page_is_friendly(rf):
    from learnwork.core import views

    page = views.server_error(rf.get("/"))
    assert page.status_code == 500
    assert b"Something went wrong on our side" in page.content
    assert b"Traceback" not in page.content


@pytest.mark.django_db
def test_api_unknown_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404


@pytest.mark.django_db
def test_ids_beyond_the_database_range_are_not_found(client, django_user_model):
    user = django_user_model.objects.create_user(username="big", email="big@example.org")
    client.force_login(user)
    huge = 2**70
    page = client.get(f"/posts/{huge}/")
    assert page.status_code == 404
    api = client.get(f"/api/v1/posts/{huge}")
    assert api.status_code in (404, 422)
    assert api.json()["error"] in ("not_found", "invalid")


@pytest.mark.django_db
def test_optimize_database_runs_on_this_database(capsys):
    from django.core.management import call_command
    from django.db import connection

    call_command("optimize_database")
    assert f"refreshed ({connection.vendor})" in capsys.readouterr().out


def test_text_the_database_cannot_store_is_bad_input_not_a_server_error():
    # PostgreSQL refuses NUL characters in text; whichever endpoint meets that, the caller gets
    # a 422 naming the problem. Checked on a bare API so it holds on either database.
    from django.db.utils import DataError
    from django.test import RequestFactory
    from ninja import NinjaAPI

    from learnwork.core.api import install_error_handlers

    api = NinjaAPI(urls_namespace="nul-check")
    install_error_handlers(api)
    request = RequestFactory().get("/")
    nul = api.on_exception(request, DataError("text fields cannot contain NUL (0x00) bytes"))
    assert nul.status_code == 422 and b"NUL character" in nul.content
    other = api.on_exception(request, DataError("value too long for character varying(20)"))
    assert other.status_code == 500
