"""Writes for providers and their LRS credentials.

Services that change a provider take the `actor` doing it and check they manage it; `actor=None`
is the operator at the command line (`learnwork provider ...`), who may do anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import Conflict, InvalidInput
from learnwork.providers import auth, keys
from learnwork.providers.errors import NotProviderAdmin
from learnwork.providers.models import LrsCredential, Provider
from learnwork.providers.validation import clean_text, clean_url

MAX_ACTIVE_CREDENTIALS = 20
MAX_PROVIDERS_PER_PERSON = 10
# Words the provider pages use as paths of their own (/providers/new/, /providers/linked/).
RESERVED_SLUGS = frozenset({"new", "linked", "link", "manage"})


def is_admin(*, user: User | None, provider: Provider) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return provider.admins.filter(pk=user.pk).exists()


def check_admin(*, actor: User | None, provider: Provider) -> None:
    """Raise unless `actor` manages `provider` (None, the command line, always may)."""
    if actor is not None and not is_admin(user=actor, provider=provider):
        raise NotProviderAdmin()


def _free_slug(base: str) -> str:
    base = (base or "provider")[:50].strip("-") or "provider"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Provider.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def provider_create(*, name: str, admin: User | None = None, slug: str = "",
                    website: str = "", description: str = "") -> Provider:
    """Register an organisation as a course provider; `admin` becomes its first manager."""
    name = clean_text(name, limit=120, field="name", what=_("The name"), required=True)
    website = clean_url(website, field="website")
    description = clean_text(description, limit=2000, field="description",
                             what=_("The description"))
    if admin is not None and admin.managed_providers.count() >= MAX_PROVIDERS_PER_PERSON:
        raise InvalidInput(_("You already manage %(n)d providers.")
                           % {"n": MAX_PROVIDERS_PER_PERSON})
    wanted = slugify(slug or name)
    if slug and (not wanted or wanted != slug.lower()):
        raise InvalidInput(_("A short name uses only letters, digits and hyphens."),
                           field="slug")
    if slug and (wanted in RESERVED_SLUGS or Provider.objects.filter(slug=wanted).exists()):
        raise Conflict(_("The short name “%(slug)s” is taken.") % {"slug": wanted},
                       code="slug_taken")
    try:
        with transaction.atomic():
            provider = Provider.objects.create(
                name=name, slug=wanted if slug else _free_slug(wanted),
                website=website, description=description,
            )
    except IntegrityError:
        raise Conflict(_("That short name was just taken; try again."),
                       code="slug_taken") from None
    if admin is not None:
        provider.admins.add(admin)
    return provider


@transaction.atomic
def provider_update(*, actor: User | None, provider: Provider, name: str | None = None,
                    website: str | None = None, description: str | None = None) -> Provider:
    check_admin(actor=actor, provider=provider)
    if name is not None:
        provider.name = clean_text(name, limit=120, field="name", what=_("The name"),
                                   required=True)
    if website is not None:
        provider.website = clean_url(website, field="website")
    if description is not None:
        provider.description = clean_text(description, limit=2000, field="description",
                                          what=_("The description"))
    provider.save()
    return provider


@transaction.atomic
def provider_admin_add(*, actor: User | None, provider: Provider, user: User) -> None:
    check_admin(actor=actor, provider=provider)
    provider.admins.add(user)


@transaction.atomic
def provider_admin_remove(*, actor: User | None, provider: Provider, user: User) -> None:
    check_admin(actor=actor, provider=provider)
    if provider.admins.exclude(pk=user.pk).count() == 0:
        raise InvalidInput(_("A provider needs at least one person managing it."))
    provider.admins.remove(user)


def clean_scopes(scopes: Iterable[str] | None) -> list[str]:
    if scopes is None:
        return list(auth.DEFAULT_SCOPES)
    cleaned = []
    for scope in scopes:
        scope = str(scope).strip()
        if scope not in auth.SCOPES:
            raise InvalidInput(_("Unknown scope “%(scope)s”; use any of: %(all)s.")
                               % {"scope": scope[:40], "all": ", ".join(auth.SCOPES)},
                               field="scopes")
        if scope not in cleaned:
            cleaned.append(scope)
    if not cleaned:
        raise InvalidInput(_("Give the credential at least one scope."), field="scopes")
    return cleaned


@transaction.atomic
def credential_create(*, actor: User | None, provider: Provider, label: str = "",
                      scopes: Iterable[str] | None = None) -> tuple[LrsCredential, str]:
    """A new key and secret; the secret is returned once and only its digest is kept."""
    check_admin(actor=actor, provider=provider)
    label = clean_text(label, limit=80, field="label", what=_("The label"))
    chosen = clean_scopes(scopes)
    active = LrsCredential.objects.filter(provider=provider, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_CREDENTIALS:
        raise InvalidInput(_("This provider has %(n)d active credentials. Revoke one before "
                             "creating another.") % {"n": MAX_ACTIVE_CREDENTIALS})
    secret = keys.new_secret()
    credential = LrsCredential.objects.create(
        provider=provider, key=keys.new_key(), secret_digest=keys.digest(secret),
        scopes=chosen, label=label,
    )
    return credential, secret


@transaction.atomic
def credential_revoke(*, actor: User | None, credential: LrsCredential) -> LrsCredential:
    check_admin(actor=actor, provider=credential.provider)
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at", "updated"])
    # Forgotten now and again after commit, so a request racing the revoke cannot keep it.
    auth.forget(credential)
    transaction.on_commit(lambda: auth.forget(credential))
    return credential

