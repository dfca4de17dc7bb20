"""`learnwork provider …`: what an operator does from the command line (the CLI parses the
arguments, Django is set up, and these print to stdout). The operator acts as staff: no
permission check, and a DomainError comes back as a one-line error."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import Conflict, NotFound
from learnwork.providers import selectors, services
from learnwork.providers.models import Provider


def _admin(handle: str | None) -> User | None:
    if not handle:
        return None
    user = User.objects.filter(username__iexact=handle.lstrip("@")).first()
    if user is None:
        raise NotFound(_("No member has the handle @%(handle)s.") % {"handle": handle})
    return user


def _print_credential(say: Callable[[str], None], provider: Provider, key: str,
                      secret: str, scopes: Sequence[str]) -> None:
    say(f"provider: {provider.name} ({provider.slug})")
    say(f"scopes:   {' '.join(scopes)}")
    say(f"key:      {key}")
    say(f"secret:   {secret}")
    say(_("The secret is shown only this once; store it now."))


def create(*, name: str, slug: str = "", scopes: Sequence[str] | None = None, label: str = "",
           admin: str | None = None, say: Callable[[str], None] = print) -> None:
    owner = _admin(admin)
    if not slug and selectors.providers_all().filter(name__iexact=name.strip()).exists():
        raise Conflict(_("A provider named “%(name)s” exists; add a credential to it with "
                         "`learnwork provider credential SLUG`.") % {"name": name.strip()})
    provider = services.provider_create(name=name, slug=slug, admin=owner)
    credential, secret = services.credential_create(actor=None, provider=provider,
                                                    label=label or "command line",
                                                    scopes=scopes)
    _print_credential(say, provider, credential.key, secret, credential.scopes)


def credential(*, slug: str, scopes: Sequence[str] | None = None, label: str = "",
               say: Callable[[str], None] = print) -> None:
    provider = selectors.provider_by_slug(slug=slug)
    made, secret = services.credential_create(actor=None, provider=provider,
                                              label=label or "command line", scopes=scopes)
    _print_credential(say, provider, made.key, secret, made.scopes)


def listing(*, say: Callable[[str], None] = print) -> None:
    providers = list(selectors.providers_all().prefetch_related("credentials"))
    if not providers:
        say(_("No course providers yet. Add one with `learnwork provider create NAME`."))
    for provider in providers:
        mark = " (verified)" if provider.verified else ""
        say(f"{provider.slug}  {provider.name}{mark}")
        for cred in provider.credentials.all():
            state = f"revoked {cred.revoked_at:%Y-%m-%d}" if cred.revoked_at else "active"
            used = f"last used {cred.last_used:%Y-%m-%d %H:%M}" if cred.last_used else "never used"
            say(f"  {cred.key}  {state}  {used}  {' '.join(cred.scopes)}  {cred.label}")


def revoke(*, key: str, say: Callable[[str], None] = print) -> None:
    made = selectors.credential_by_key(key=key)
    services.credential_revoke(actor=None, credential=made)
    say(_("Revoked %(key)s of %(provider)s.") % {"key": made.key,
                                                 "provider": made.provider.name})
