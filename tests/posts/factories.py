"""Factories for posts, comments and reactions. They go through the services, so every derived
field (rendered HTML, hashtag count, bait, substance) and every counter is what the app itself
would have written."""

from __future__ import annotations

from typing import Any

import factory

from learnwork.posts import services
from learnwork.posts.models import Comment, Post, Reaction
from tests.factories import UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    """PostFactory(author=..., body=..., skills=[skill, ...], visibility=..., created=...)."""

    class Meta:
        model = Post

    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(
        lambda n: f"Note {n}: sorting first makes the median easy to find, because the middle "
                  "value is then the one in the middle.")
    visibility = Post.Visibility.EVERYONE
    skills: Any = ()
    created = None

    @classmethod
    def _create(cls, model_class: type[Post], *args: Any, **kwargs: Any) -> Post:
        return services.post_publish(
            author=kwargs["author"], body=kwargs["body"], visibility=kwargs["visibility"],
            skill_ids=[getattr(s, "pk", s) for s in kwargs.get("skills") or ()],
            created=kwargs.get("created"),
        )


class CommentFactory(factory.django.DjangoModelFactory):
    """CommentFactory(post=..., author=..., body=..., parent=...)."""

    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}: that matches what I saw too.")
    parent = None

    @classmethod
    def _create(cls, model_class: type[Comment], *args: Any, **kwargs: Any) -> Comment:
        parent = kwargs.get("parent")
        return services.comment_add(author=kwargs["author"], post=kwargs["post"],
                                    body=kwargs["body"],
                                    parent_id=parent.pk if parent is not None else None)


class ReactionFactory(factory.django.DjangoModelFactory):
    """ReactionFactory(post=..., user=..., kind="learned" | "helpful" | "saved")."""

    class Meta:
        model = Reaction

    post = factory.SubFactory(PostFactory)
    user = factory.SubFactory(UserFactory)
    kind = Reaction.Kind.LEARNED

    @classmethod
    def _create(cls, model_class: type[Reaction], *args: Any, **kwargs: Any) -> Reaction:
        return services.react(user=kwargs["user"], post=kwargs["post"], kind=kwargs["kind"])
