"""Writes for badges people import: by web address, baked image or pasted text; check again,
change who sees it, delete.

Each import verifies first (fetching what the badge names happens outside any transaction),
then writes in one transaction. A badge that fails its checks is kept, with the reason in
words, so its owner sees why; input that is not a badge at all is refused and nothing is
stored. A verified badge becomes a confirmed learning record on its owner's journey, tagged
with the ESCO skills it aligns to; a recheck that finds it revoked or expired takes that
confirmation back. The badge image is only ever stored re-encoded as a PNG.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import uuid
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learnwork.accounts import selectors as accounts
from learnwork.accounts.models import User, Visibility
from learnwork.core import ratelimit
from learnwork.core.errors import DomainError, InvalidInput
from learnwork.journeys import services as journeys
from learnwork.journeys.models import RECORD_MAX_SKILLS, LearningRecord
from learnwork.skills.models import Skill

from . import badge_verify, fetch
from .badge_errors import BadgeNotFound, DuplicateBadge, UnreadableInput
from .baking import looks_like_jws, unbake_png, unbake_svg
from .limits import (
    MAX_IMAGE_BYTES,
    MAX_JSON_BYTES,
    MAX_UPLOAD_BYTES,
    badge_png,
    check_size,
    decode_text,
    sniff,
)
from .models import ImportedBadge
from .verdict import FAILED, VERIFIED, Verdict, web_url

# Every import fetches what the badge names, so importing is rate-limited per person.
IMPORT_RATE = "60/h"
CONFIRMED_BY_MAX = 120
SOURCE_NAME_MAX = 120
RECORD_EARLIEST = datetime.date(1900, 1, 1)
KIND_NAMES = {"jpeg": gettext_lazy("a JPEG image"), "gif": gettext_lazy("a GIF image"),
              "webp": gettext_lazy("a WebP image"), "pdf": gettext_lazy("a PDF document"),
              "zip": gettext_lazy("a ZIP archive")}

Source = ImportedBadge.Source
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_link = URLValidator(schemes=["http", "https"])


def _emails(user: User) -> list[str]:
    return accounts.verified_emails(user=user)


def _count_import(user: User) -> None:
    ratelimit.hit(f"badge-import:{user.pk}", IMPORT_RATE)


def badge_import_url(*, user: User, url: str) -> ImportedBadge:
    """Import the badge (an Open Badges 2.0 hosted assertion, or a 3.0 credential) at `url`."""
    url = (url or "").strip()
    if not url:
        raise InvalidInput(_("Paste the web address of your badge."), field="url")
    fetch.check_url(url)
    _count_import(user)
    verdict = badge_verify.verify_url(url, emails=_emails(user))
    return _store(user=user, verdict=verdict, source=Source.URL, source_url=url)


def badge_import_file(*, user: User, data: bytes) -> ImportedBadge:
    """Import a badge baked into a PNG or SVG image (or a downloaded .json/.jwt file)."""
    check_size(data, limit=MAX_UPLOAD_BYTES, what=_("The file"))
    if not data:
        raise InvalidInput(_("The file is empty."), field="file")
    kind = sniff(data)
    image: bytes | None = None
    if kind == "png":
        image = badge_png(data)  # refuses an image bomb before anything else is done
        text, source = unbake_png(data), Source.PNG
    elif kind == "svg":
        text, source = unbake_svg(data), Source.SVG
    elif kind in ("json", "jwt"):
        return badge_import_pasted(user=user, text=decode_text(data, what=_("The file")))
    else:
        raise UnreadableInput(
            _("Upload the badge as a PNG or SVG image; this file is %(kind)s.")
            % {"kind": KIND_NAMES.get(kind or "", _("of a kind that is not a badge"))})
    _count_import(user)
    verdict = badge_verify.verify_text(text, emails=_emails(user))
    return _store(user=user, verdict=verdict, source=source, image=image)


def badge_import_pasted(*, user: User, text: str) -> ImportedBadge:
    """Import pasted text: a badge's JSON, a signed JWS/VC-JWT, or its web address."""
    check_size(text or "", limit=2 * MAX_JSON_BYTES, what=_("The pasted text"))
    text = (text or "").strip()
    if _URL.match(text):
        return badge_import_url(user=user, url=text)
    source = Source.JWT if looks_like_jws(text) else Source.JSON
    if not text:
        raise InvalidInput(_("Paste the badge's JSON or its signed text (starting with eyJ)."),
                           field="credential")
    _count_import(user)
    verdict = badge_verify.verify_text(text, emails=_emails(user))
    return _store(user=user, verdict=verdict, source=source)


def _data_uri(uri: str) -> bytes:
    header, _sep, payload = uri[5:].partition(",")
    if len(payload) > MAX_IMAGE_BYTES * 2:
        raise UnreadableInput(_("The badge image is too large."))
    if header.endswith(";base64"):
        try:
            return base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UnreadableInput(_("The badge image is damaged.")) from exc
    return unquote_to_bytes(payload)


def _image_for(verdict: Verdict) -> bytes | None:
    """The badge's own image re-encoded as a PNG, or None: a badge is kept without one."""
    ref = verdict.image_ref
    try:
        if ref.startswith("data:"):
            return badge_png(_data_uri(ref))
        if web_url(ref):
            return badge_png(fetch.get(ref, kind="image").body)
    except DomainError:
        return None
    return None


def _existing_skills(ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    wanted = list(ids)
    known = set(Skill.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    return [pk for pk in wanted if pk in known][:RECORD_MAX_SKILLS]


def _issuer_label(badge: ImportedBadge) -> str:
    name = badge.issuer_name or urlsplit(badge.issuer_url).hostname or _("the badge's issuer")
    return name[:CONFIRMED_BY_MAX]


def _record_link(badge: ImportedBadge) -> str:
    try:
        _link(badge.criteria_url)
    except ValidationError:
        return ""
    return badge.criteria_url


def _record_day(badge: ImportedBadge) -> datetime.date | None:
    # Journeys refuse dates before 1900; a badge claiming one is dated the day it was added.
    day = badge.issued_on.date() if badge.issued_on else None
    return day if day and day >= RECORD_EARLIEST else None


def _confirm(badge: ImportedBadge, skill_ids: list[uuid.UUID]) -> None:
    """The journey record a verified badge shows as, created once and confirmed by its issuer."""
    record = badge.record
    if record is None:
        record = journeys.record_create(
            user=badge.user, kind=LearningRecord.Kind.BADGE, origin=LearningRecord.Origin.BADGE,
            status=LearningRecord.Status.FINISHED, title=badge.name,
            source_name=badge.issuer_name[:SOURCE_NAME_MAX], url=_record_link(badge),
            finished_on=_record_day(badge),
            skill_ids=skill_ids, visibility=badge.visibility)
        badge.record = record
        badge.save(update_fields=["record", "updated"])
    if not record.confirmed_by:
        journeys.record_confirm(record=record, confirmed_by=_issuer_label(badge))


def _fill(badge: ImportedBadge, verdict: Verdict) -> None:
    badge.spec = verdict.spec
    badge.name = verdict.name[:200]
    badge.description = verdict.description
    badge.issuer_name = verdict.issuer_name[:200]
    badge.issuer_url = verdict.issuer_url
    badge.criteria_url = verdict.criteria_url
    badge.issued_on = verdict.issued_on
    badge.expires = verdict.expires
    badge.status = verdict.status
    badge.status_detail = verdict.detail
    badge.checked_at = timezone.now()


def _store(*, user: User, verdict: Verdict, source: str, source_url: str = "",
           image: bytes | None = None) -> ImportedBadge:
    if ImportedBadge.objects.filter(user=user, fingerprint=verdict.fingerprint).exists():
        raise DuplicateBadge()
    image = image or _image_for(verdict)
    skill_ids = _existing_skills(verdict.skill_ids()) if verdict.ok else []
    badge = ImportedBadge(user=user, source=source, source_url=web_url(source_url),
                          raw=verdict.raw, fingerprint=verdict.fingerprint)
    _fill(badge, verdict)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    badge.save()
            except IntegrityError as exc:  # the same badge, imported twice at once
                raise DuplicateBadge() from exc
            if image:
                badge.image.save(f"{uuid.uuid4().hex}.png", ContentFile(image), save=False)
                badge.save(update_fields=["image"])
            if verdict.ok:
                _confirm(badge, skill_ids)
    except BaseException:
        if badge.image.name:
            badge.image.storage.delete(badge.image.name)
        raise
    return badge


def _own(user: User, badge_id: int, *, lock: bool = False) -> ImportedBadge:
    rows = ImportedBadge.objects.select_related("record")
    if lock:
        # Only the badge row is locked: the record is a nullable (outer) join.
        rows = rows.select_for_update(of=("self",))
    badge = rows.filter(pk=badge_id, user=user).first()
    if badge is None:
        raise BadgeNotFound()
    return badge


def badge_recheck(*, user: User, badge_id: int) -> ImportedBadge:
    """Check a badge again now (fetching the issuer's copies afresh) and keep what it finds."""
    badge = _own(user, badge_id)
    _count_import(user)
    try:
        verdict: Verdict | None = badge_verify.reverify(badge.raw, emails=_emails(user))
        problem = ""
    except DomainError as exc:
        verdict, problem = None, exc.detail
    with transaction.atomic():
        badge = _own(user, badge_id, lock=True)
        if verdict is not None:
            _fill(badge, verdict)
        else:
            badge.status, badge.status_detail = FAILED, problem
            badge.checked_at = timezone.now()
        badge.save()
        if badge.status == VERIFIED and verdict is not None:
            _confirm(badge, _existing_skills(verdict.skill_ids()))
        elif badge.record is not None:
            badge.record = journeys.record_unconfirm(record=badge.record)
    return badge


@transaction.atomic
def badge_delete(*, user: User, badge_id: int) -> None:
    """Delete an imported badge, its image and the journey record made from it."""
    badge = _own(user, badge_id, lock=True)
    if badge.record_id:
        journeys.record_delete(user=user, record_id=badge.record_id)
    image, storage = badge.image.name, badge.image.storage
    badge.delete()
    if image:
        transaction.on_commit(lambda: storage.delete(image))


@transaction.atomic
def badge_set_visibility(*, user: User, badge_id: int, visibility: str) -> ImportedBadge:
    """Choose who sees the badge (and the journey record made from it)."""
    if visibility not in Visibility.values:
        raise InvalidInput(_("Choose who sees it: everyone, members or only you."),
                           field="visibility")
    badge = _own(user, badge_id, lock=True)
    if badge.visibility != visibility:
        badge.visibility = visibility
        badge.save(update_fields=["visibility", "updated"])
    if badge.record_id:
        journeys.record_update(user=user, record_id=badge.record_id, visibility=visibility)
    return badge
