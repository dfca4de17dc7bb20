import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_signup_mail_waits_for_the_worker(client):
    """With the database backend, mail is queued and sent by `learnwork worker`, not inline."""
    from django_tasks_db.models import DBTaskResult

    client.post(reverse("account_signup"), {
        "email": "queued@example.org", "username": "queued",
        "password1": "a-long-enough-pass-42", "password2": "a-long-enough-pass-42",
    })
    assert mail.outbox == []
    # Other apps may queue their own work on signup (a recommendations refresh); the mail is one.
    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert sum(path.endswith("send_rendered_email") for path in queued) == 1, queued
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert [m.to for m in mail.outbox] == [["queued@example.org"]]
