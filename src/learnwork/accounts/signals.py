from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from learnwork.accounts.models import Profile, User


@receiver(post_save, sender=User, dispatch_uid="accounts.create_profile")
def create_profile(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    # Every account has a profile, however it was made: sign-up, admin, createsuperuser, seed.
    if created and not kwargs.get("raw"):
        Profile.objects.get_or_create(user=instance)
