"""Factories for course providers, their credentials and courses (through the services)."""

from __future__ import annotations

import base64

import factory

from learnwork.providers import services
from learnwork.providers.models import Course, Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Open Academy {n}")
    slug = factory.Sequence(lambda n: f"open-academy-{n}")
    website = "https://academy.example"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    description = "A practical course."
    url = factory.Sequence(lambda n: f"https://academy.example/courses/{n}")
    activity_id = factory.Sequence(lambda n: f"https://academy.example/xapi/courses/{n}")

    @factory.post_generation
    def skills(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.skills.set(extracted)  # type: ignore[attr-defined]


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def credential_for(provider, scopes=None, label="test"):
    """(credential, Authorization header value) for a fresh credential of `provider`."""
    credential, secret = services.credential_create(actor=None, provider=provider,
                                                    label=label, scopes=scopes)
    return credential, basic(credential.key, secret)
