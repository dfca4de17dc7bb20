"""The hand-off from the LRS to learning journeys.

After a request stores statements, the LRS calls `statements_stored` on commit; when someone
linked an identity with the sending provider it queues one task (`sync_statements`), so the LRS
answers without waiting for journeys. The task reads the
statements back and, for each that says someone *finished* an activity, asks
`providers.journey.record_finished` to put it on the journey of the person who linked that
actor for the sending provider. Statements about actors nobody linked do nothing here: they stay
in the store and never show on a profile.

What counts as finishing (the verb IRI decides; the display name never does):

| verb IRI                                                  | meaning                          |
|-----------------------------------------------------------|----------------------------------|
| http://adlnet.gov/expapi/verbs/completed                  | finished the activity            |
| http://adlnet.gov/expapi/verbs/passed                     | finished it and passed           |
| http://adlnet.gov/expapi/verbs/mastered                   | finished it at mastery           |
| http://adlnet.gov/expapi/verbs/attended                   | attended (a session, an event)   |
| https://w3id.org/xapi/tla/verbs/earned                    | earned (TLA: a credential)       |
| https://w3id.org/xapi/openbadges/verbs/earned             | earned an Open Badge             |
| http://specification.openbadges.org/xapi/verbs/earned     | earned an Open Badge (recipe)    |
| http://standard.openbadges.org/xapi/verbs/earned.json     | the same, its older IRI          |

`passed`/`completed` with `result.success: false` are not finishing (the learner failed).

The record's kind comes from the activity type (`object.definition.type`), see `KINDS`; any
other type is a course. The actor is an Agent with `mbox` (a `mailto:` address) or `account`
(`homePage`, `name`); `mbox_sha1sum`, `openid` and Groups cannot be linked and are skipped.
Voided statements never arrive here (the LRS reads back only unvoided ones).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from django_tasks import task

from learnwork.core.errors import DomainError
from learnwork.journeys.models import LearningRecord
from learnwork.providers import journey
from learnwork.providers.selectors import has_linked_identities, linked_user
from learnwork.xapi.models import Statement
from learnwork.xapi.selectors import statements_by_ids

log = logging.getLogger(__name__)

FINISHING_VERBS = frozenset({
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/mastered",
    "http://adlnet.gov/expapi/verbs/attended",
    "https://w3id.org/xapi/tla/verbs/earned",
    "https://w3id.org/xapi/openbadges/verbs/earned",
    "http://specification.openbadges.org/xapi/verbs/earned",
    "http://standard.openbadges.org/xapi/verbs/earned.json",
})

Kind = LearningRecord.Kind
KINDS: dict[str, str] = {
    "http://adlnet.gov/expapi/activities/course": Kind.COURSE,
    "http://adlnet.gov/expapi/activities/module": Kind.COURSE,
    "http://adlnet.gov/expapi/activities/lesson": Kind.COURSE,
    "http://adlnet.gov/expapi/activities/assessment": Kind.COURSE,
    "http://adlnet.gov/expapi/activities/meeting": Kind.TALK,
    "http://id.tincanapi.com/activitytype/webinar": Kind.TALK,
    "http://id.tincanapi.com/activitytype/lecture": Kind.TALK,
    "http://id.tincanapi.com/activitytype/book": Kind.BOOK,
    "http://activitystrea.ms/schema/1.0/article": Kind.ARTICLE,
    "http://id.tincanapi.com/activitytype/blog": Kind.ARTICLE,
    "http://id.tincanapi.com/activitytype/project": Kind.PROJECT,
    "http://id.tincanapi.com/activitytype/certificate": Kind.CERTIFICATE,
    "http://activitystrea.ms/schema/1.0/badge": Kind.BADGE,
    "https://w3id.org/xapi/openbadges/activity-types/badge": Kind.BADGE,
}
# A batch can hold many statements; the task reads them in slices of this many.
BATCH = 500


def statements_stored(statement_ids: list[str], *, provider_id: int | None = None) -> None:
    """Called on commit with the ids of the statements a request stored, and the provider
    that sent them when the caller knows it (one request comes from one provider). When
    nobody linked an identity with it, there is nothing to do and no task is queued (one
    indexed lookup, so ingest stays cheap)."""
    if not statement_ids:
        return
    if provider_id is None:
        provider_id = (Statement.objects.filter(statement_id=uuid.UUID(str(statement_ids[0])))
                       .values_list("provider_id", flat=True).first())
    if provider_id is None or not has_linked_identities(provider_id=provider_id):
        return
    sync_statements.enqueue(statement_ids=[str(i) for i in statement_ids])


@task()
def sync_statements(*, statement_ids: list[str]) -> int:
    """Put what the statements report finished on linked learners' journeys; how many
    statements changed a journey."""
    changed = 0
    for start in range(0, len(statement_ids), BATCH):
        for provider_id, statement in statements_by_ids(
                statement_ids=statement_ids[start:start + BATCH]):
            event = finished_event(provider_id, statement)
            if event is None:
                continue
            try:
                if journey.record_finished(event=event) is not None:
                    changed += 1
            except DomainError as exc:
                # The LRS has already accepted the statement; one odd one must not stop the rest.
                log.warning("statement %s not put on a journey: %s",
                            statement.get("id"), exc.detail)
    return changed


def _text(language_map: Any) -> str:
    if not isinstance(language_map, dict) or not language_map:
        return ""
    for tag in ("en", "en-US", "en-GB", "und"):
        if isinstance(language_map.get(tag), str):
            return str(language_map[tag])
    first = next(iter(language_map.values()))
    return first if isinstance(first, str) else ""


def _timestamp(statement: dict[str, Any]) -> datetime | None:
    for key in ("timestamp", "stored"):
        try:
            moment = datetime.fromisoformat(str(statement.get(key) or ""))
        except ValueError:
            continue
        if moment.tzinfo is not None:
            return moment
    return None


def _learner(provider_id: int, actor: Any) -> Any:
    if not isinstance(actor, dict) or actor.get("objectType", "Agent") != "Agent":
        return None
    mbox = actor.get("mbox")
    if isinstance(mbox, str) and mbox.lower().startswith("mailto:"):
        return linked_user(provider_id=provider_id, email=mbox[len("mailto:"):])
    account = actor.get("account")
    if isinstance(account, dict):
        home_page, name = account.get("homePage"), account.get("name")
        if isinstance(home_page, str) and isinstance(name, str):
            return linked_user(provider_id=provider_id, home_page=home_page, account_name=name)
    return None


def finished_event(provider_id: int, statement: dict[str, Any]) -> journey.Finished | None:
    """The journey event a stored statement stands for, or None if it is not one (not a
    finishing verb, not about an activity, a failure, or an actor nobody linked)."""
    verb = statement.get("verb")
    if not isinstance(verb, dict) or verb.get("id") not in FINISHING_VERBS:
        return None
    target = statement.get("object")
    if not isinstance(target, dict) or target.get("objectType", "Activity") != "Activity":
        return None
    activity_id = target.get("id")
    if not isinstance(activity_id, str) or not activity_id or len(activity_id) > 500:
        return None
    result = statement.get("result")
    if isinstance(result, dict) and result.get("success") is False:
        return None
    user = _learner(provider_id, statement.get("actor"))
    if user is None:
        return None
    raw_definition = target.get("definition")
    definition: dict[str, Any] = raw_definition if isinstance(raw_definition, dict) else {}
    more_info = definition.get("moreInfo")
    return journey.Finished(
        provider_id=provider_id, user=user, activity_id=activity_id,
        kind=KINDS.get(str(definition.get("type") or ""), Kind.COURSE),
        name=_text(definition.get("name")).strip(),
        more_info=more_info if isinstance(more_info, str) else "",
        at=_timestamp(statement), statement_id=str(statement.get("id") or ""),
    )
