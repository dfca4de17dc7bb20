"""Reading the query parameters of each resource, as strictly as xAPI asks: an unknown
parameter, one in the wrong case, or a value in the wrong format is a 400 naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from learnwork.xapi import formats
from learnwork.xapi.canonical import agent_key, loads_strict
from learnwork.xapi.errors import BadRequest, StatementInvalid
from learnwork.xapi.validate_parts import check_agent

STATEMENT_GET = frozenset({
    "statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
    "related_activities", "related_agents", "since", "until", "limit", "format", "attachments",
    "ascending",
})
FORMATS = ("exact", "ids", "canonical")
MAX_LIMIT = 100


def only(params: dict[str, str], allowed: frozenset[str], resource: str) -> None:
    for name in params:
        if name not in allowed:
            lowered = {a.lower(): a for a in allowed}
            hint = (_(' Did you mean "%(name)s"? Parameter names are case-sensitive.')
                    % {"name": lowered[name.lower()]}) if name.lower() in lowered else ""
            raise BadRequest(_('%(resource)s does not take the parameter "%(name)s".')
                             % {"resource": resource, "name": name} + hint)


def boolean(params: dict[str, str], name: str) -> bool:
    value = params.get(name)
    if value is None:
        return False
    if value not in ("true", "false"):
        raise BadRequest(_('The parameter %(name)s must be true or false (got "%(value)s").')
                         % {"name": name, "value": value[:40]})
    return value == "true"


def timestamp(params: dict[str, str], name: str) -> datetime | None:
    if name not in params:
        return None
    moment = formats.parse_timestamp(params[name])
    if moment is None:
        raise BadRequest(_("The parameter %(name)s must be an ISO 8601 timestamp such as "
                           "2024-05-01T09:30:00Z.") % {"name": name})
    return moment


def iri(params: dict[str, str], name: str, *, required: bool = False) -> str | None:
    value = params.get(name)
    if value is None:
        if required:
            raise BadRequest(_("The parameter %(name)s is required.") % {"name": name})
        return None
    if not formats.is_iri(value):
        raise BadRequest(_("The parameter %(name)s must be an IRI with a scheme.")
                         % {"name": name})
    return value


def uuid_param(params: dict[str, str], name: str) -> str | None:
    value = params.get(name)
    if value is not None and not formats.is_uuid(value):
        raise BadRequest(_("The parameter %(name)s must be a UUID.") % {"name": name})
    return value.lower() if value else None


def agent(params: dict[str, str], name: str = "agent", *, required: bool = True,
          groups: bool = True) -> tuple[dict[str, Any], str] | None:
    """The agent parameter (JSON) and its identity key; anonymous groups cannot be looked up."""
    raw = params.get(name)
    if raw is None:
        if required:
            raise BadRequest(_("The parameter %(name)s is required: an Agent as JSON, such as "
                               '{"mbox": "mailto:ada@example.org"}.') % {"name": name})
        return None
    value = loads_strict(raw, _("The parameter %(name)s") % {"name": name})
    try:
        checked = check_agent(value, name)
    except StatementInvalid as exc:
        raise BadRequest(exc.detail) from exc
    if checked.get("objectType") == "Group" and not groups:
        raise BadRequest(_("The parameter %(name)s must be an Agent, not a Group.")
                         % {"name": name})
    key = agent_key(checked)
    if key is None:
        raise BadRequest(_("The parameter %(name)s must identify an Agent or an identified "
                           "Group (mbox, mbox_sha1sum, openid or account).") % {"name": name})
    return checked, key


@dataclass
class StatementQuery:
    agent: str | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_agents: bool = False
    related_activities: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 0
    format: str = "exact"
    attachments: bool = False
    ascending: bool = False
    # The `more` cursor: continue after this (stored, seq), in the query's order.
    after: int | None = None
    after_stored: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def token(self) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, datetime) else v
                for k, v in self.__dict__.items() if v not in (None, False, 0, "exact", {})}

    @classmethod
    def from_token(cls, data: dict[str, Any]) -> StatementQuery:
        query = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        for name in ("since", "until", "after_stored"):
            value = getattr(query, name)
            if isinstance(value, str):
                setattr(query, name, datetime.fromisoformat(value))
        return query


def statement_query(params: dict[str, str]) -> StatementQuery:
    agent_pair = agent(params, required=False)
    limit_raw = params.get("limit", "0")
    if not limit_raw.isdigit():
        raise BadRequest(_("The parameter limit must be a whole number (0 for the server's "
                           "maximum)."))
    fmt = params.get("format", "exact")
    if fmt not in FORMATS:
        raise BadRequest(_("The parameter format must be ids, exact or canonical."))
    return StatementQuery(
        agent=agent_pair[1] if agent_pair else None, verb=iri(params, "verb"),
        activity=iri(params, "activity"), registration=uuid_param(params, "registration"),
        related_agents=boolean(params, "related_agents"),
        related_activities=boolean(params, "related_activities"),
        since=timestamp(params, "since"), until=timestamp(params, "until"),
        limit=min(int(limit_raw), MAX_LIMIT) or MAX_LIMIT, format=fmt,
        attachments=boolean(params, "attachments"), ascending=boolean(params, "ascending"),
    )


def single_statement(params: dict[str, str]) -> tuple[str, bool, str, bool] | None:
    """(id, voided?, format, attachments) for statementId/voidedStatementId, else None."""
    if "statementId" in params and "voidedStatementId" in params:
        raise BadRequest(_("Send statementId or voidedStatementId, not both."))
    name = ("statementId" if "statementId" in params
            else "voidedStatementId" if "voidedStatementId" in params else None)
    if name is None:
        return None
    others = set(params) - {name, "format", "attachments"}
    if others:
        raise BadRequest(_("With %(name)s only format and attachments may be sent, not "
                           "%(others)s.") % {"name": name, "others": ", ".join(sorted(others))})
    ident = uuid_param(params, name)
    fmt = params.get("format", "exact")
    if fmt not in FORMATS:
        raise BadRequest(_("The parameter format must be ids, exact or canonical."))
    return ident or "", name == "voidedStatementId", fmt, boolean(params, "attachments")
