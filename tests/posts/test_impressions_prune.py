from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from learnwork.posts.models import FeedImpression
from tests.factories import UserFactory

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_prune_keeps_recent_impressions_and_deletes_old_ones(capsys):
    reader = UserFactory()
    old_post, new_post = PostFactory(), PostFactory()
    now = timezone.now()
    # Kept a month: the follow audit reports the last 30 days from them.
    FeedImpression.objects.create(user=reader, post=old_post, shown_at=now - timedelta(days=32))
    FeedImpression.objects.create(user=reader, post=new_post, shown_at=now - timedelta(days=29))

    call_command("prune_feed_impressions")

    assert list(FeedImpression.objects.values_list("post_id", flat=True)) == [new_post.pk]
    assert "Deleted 1 feed impressions." in capsys.readouterr().out


def test_prune_refuses_to_empty_today():
    with pytest.raises(CommandError, match="at least one day"):
        call_command("prune_feed_impressions", days=0)
