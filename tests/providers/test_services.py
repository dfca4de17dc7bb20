"""Provider services: registering, short names, and who manages what."""

from __future__ import annotations

import pytest

from learnwork.core.errors import Conflict, InvalidInput
from learnwork.providers import catalogue, services
from learnwork.providers.errors import CourseNotFound, NotProviderAdmin
from learnwork.providers.models import Provider
from tests.api_client import bearer, send

from .factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_register_makes_a_free_short_name_and_an_admin(ana):
    first = services.provider_create(name="Open Academy", admin=ana)
    second = services.provider_create(name="Open Academy!")
    reserved = services.provider_create(name="New")
    assert (first.slug, second.slug, reserved.slug) == ("open-academy", "open-academy-2",
                                                         "new-2")
    assert services.is_admin(user=ana, provider=first)
    assert not services.is_admin(user=ana, provider=second)


@pytest.mark.parametrize(("values", "error"), [
    ({"name": "  "}, InvalidInput),
    ({"name": "X", "slug": "Not a slug!"}, InvalidInput),
    ({"name": "X", "slug": "linked"}, Conflict),
    ({"name": "X", "website": "javascript:alert(1)"}, InvalidInput),
    ({"name": "X" * 121}, InvalidInput),
])
def test_register_refuses_bad_input(values, error):
    with pytest.raises(error):
        services.provider_create(**values)
    assert not Provider.objects.exists()


def test_a_taken_short_name_is_a_conflict(provider):
    with pytest.raises(Conflict):
        services.provider_create(name="Other", slug="open-academy")


def test_admins_manage_and_a_provider_keeps_one(provider, ana, ben):
    with pytest.raises(NotProviderAdmin):
        services.provider_update(actor=ana, provider=provider, name="Mine now")
    services.provider_admin_add(actor=ben, provider=provider, user=ana)
    services.provider_update(actor=ana, provider=provider, name="Open Academy Ltd")
    services.provider_admin_remove(actor=ana, provider=provider, user=ben)
    with pytest.raises(InvalidInput):
        services.provider_admin_remove(actor=ana, provider=provider, user=ana)
    provider.refresh_from_db()
    assert provider.name == "Open Academy Ltd" and list(provider.admins.all()) == [ana]
    ana.is_active = False
    ana.save()
    assert not services.is_admin(user=ana, provider=provider)


def test_unpublished_courses_cannot_be_added(ana):
    course = CourseFactory(published=False)
    with pytest.raises(CourseNotFound):
        catalogue.course_add_to_journey(user=ana, course_id=course.pk)


def test_register_over_the_api(client, ana):
    response = send(client, "post", "/providers", {"name": "Data School"}, **bearer(ana))
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "data-school" and body["verified"] is False
    assert body["authority"]["account"]["name"] == "data-school"
    assert send(client, "get", "/providers/data-school").json()["name"] == "Data School"
    assert send(client, "get", "/providers/nobody").status_code == 404
    assert send(client, "post", "/providers", {"name": "X"},
                **bearer(ana, "read")).status_code == 403
