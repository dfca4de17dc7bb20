"""The learning record store: statements, their lookup keys, attachments, documents and
canonical activity definitions.

Built for the ingest benchmark: a statement is one row holding its JSON exactly as it is
returned (`data`, text, so a page of results is spliced together without re-encoding) plus the
few columns reads need; every filter GET /statements offers (agent, verb, activity,
registration, related_agents, related_activities) is a lookup in `StatementKey`, one 64-bit
hash per (provider, filter kind, value) with the statement's `stored` time, so a filtered page
(and its `since`/`until` range) is one index range walk on (key, stored, statement) joined to
the statement by primary key.

Rows carry `provider_id` and `credential_id` as plain integers rather than foreign keys: the
store is the layer above providers, and ingest should not pay a constraint check per row.
`services.provider_data_delete` removes a provider's records.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Statement(models.Model):
    # Pages are ordered by (stored, seq): seq breaks ties within a batch (which shares one
    # `stored`) and with `stored` makes the `more` cursor.
    seq = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(unique=True)
    provider_id = models.BigIntegerField()
    credential_id = models.BigIntegerField()
    stored = models.DateTimeField()
    voided = models.BooleanField(default=False)
    # Verb http://adlnet.gov/expapi/verbs/voided: such a statement can never be voided itself.
    voiding = models.BooleanField(default=False)
    # The statement this one's object refers to (StatementRef), for voiding and for filters
    # that match a statement through the one it targets.
    object_ref = models.UUIDField(null=True, blank=True)
    # The sha2 hashes of attachments whose content the store holds, space-separated.
    attachment_hashes = models.TextField(blank=True, default="")
    data = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["provider_id", "stored", "seq"], name="xapi_stmt_provider_stored"),
            models.Index(fields=["object_ref"], name="xapi_stmt_object_ref",
                         condition=Q(object_ref__isnull=False)),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementKey(models.Model):
    """One filterable value of a statement: `key` hashes (provider, kind, value); `stored` is
    the statement's, copied so that the index alone orders and ranges a filtered page."""

    pk = models.CompositePrimaryKey("key", "stored", "statement")
    key = models.BigIntegerField()
    stored = models.DateTimeField()
    # No index of its own: reads reach keys by (key, stored, statement), and an index per
    # key row would be one more write per filter value on the ingest path.
    statement = models.ForeignKey(Statement, on_delete=models.DO_NOTHING, db_constraint=False,
                                  db_index=False, related_name="keys")

    def __str__(self) -> str:
        return f"{self.key} -> {self.statement_id}"


class Attachment(models.Model):
    """An attachment's content, stored once per SHA-2 hash through Django's storage API."""

    sha2 = models.CharField(max_length=128, primary_key=True)
    content_type = models.CharField(max_length=255)
    length = models.BigIntegerField()
    file = models.FileField(upload_to="xapi/attachments/", max_length=300)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha2


class Document(models.Model):
    """A State, Activity Profile or Agent Profile document of one provider."""

    class Kind(models.IntegerChoices):
        STATE = 1, "state"
        ACTIVITY_PROFILE = 2, "activity profile"
        AGENT_PROFILE = 3, "agent profile"

    provider_id = models.BigIntegerField()
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    # A hash of (provider, kind, activity, agent, registration): the documents listed and
    # deleted together; `slot` adds the document's id: this one document.
    scope = models.CharField(max_length=64)
    slot = models.CharField(max_length=64, unique=True)
    activity_iri = models.TextField(blank=True)
    agent_key = models.TextField(blank=True)
    registration = models.UUIDField(null=True, blank=True)
    document_id = models.TextField()
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()
    etag = models.CharField(max_length=40)
    updated = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "updated"], name="xapi_doc_scope_updated")]

    def __str__(self) -> str:
        return self.document_id


class ActivityDefinition(models.Model):
    """The canonical definition of an activity, merged from a provider's statements."""

    provider_id = models.BigIntegerField()
    activity_hash = models.CharField(max_length=64)
    activity_iri = models.TextField()
    definition = models.JSONField(default=dict)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider_id", "activity_hash"],
                                    name="xapi_activity_once_per_provider"),
        ]

    def __str__(self) -> str:
        return self.activity_iri
