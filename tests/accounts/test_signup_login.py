import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from learnwork.accounts.models import Profile, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, handle="ana", email="ana@example.org"):
    return client.post(reverse("account_signup"), {
        "email": email, "username": handle,
        "password1": "a-long-enough-pass-42", "password2": "a-long-enough-pass-42",
    })


def test_signup_sends_verification_and_blocks_login_until_verified(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="ana")
    assert Profile.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)

    # Unverified: logging in leads to the "verify your email" page, not into the site.
    client.logout()
    response = client.post(reverse("account_login"),
                           {"login": "ana@example.org", "password": "a-long-enough-pass-42"})
    assert "_auth_user_id" not in client.session

    path = link.split("testserver", 1)[-1] if "testserver" in link else re.sub(
        r"^https?://[^/]+", "", link)
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_signup_rejects_bad_and_reserved_handles(client):
    for handle in ("a", "Bad Handle!", "admin"):
        response = _signup(client, handle=handle, email=f"x{len(handle)}@example.org")
        assert response.status_code == 200
        assert not User.objects.filter(email=f"x{len(handle)}@example.org").exists()


def test_handles_are_unique_ignoring_case(client):
    UserFactory(username="ana")
    response = _signup(client, handle="ANA", email="other@example.org")
    assert response.status_code == 200
    assert User.objects.filter(username__iexact="ana").count() == 1


def test_verified_member_logs_in_with_email(client):
    user = UserFactory()
    response = client.post(reverse("account_login"),
                           {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-one"})
    # The limit holds even for the right password, so guessing cannot continue.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_mail_is_sent(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert any("password" in m.subject.lower() for m in mail.outbox)


def test_production_settings_hash_passwords_with_argon2():
    code = ("import django; from django.conf import settings; django.setup(); "
            "print(settings.PASSWORD_HASHERS[0])")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"DJANGO_SETTINGS_MODULE": "learnwork.config.settings", "LEARNWORK_TESTING": "false",
             "LEARNWORK_SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_two_factor_page_offers_totp(member_client):
    response = member_client.get(reverse("mfa_index"))
    assert response.status_code == 200
    assert "Authenticator" in response.content.decode()


def test_signups_are_rate_limited_per_address(client):
    codes = [
        _signup(client, handle=f"person{i}", email=f"p{i}@example.org").status_code
        for i in range(12)
    ]
    assert 429 in codes
    assert User.objects.count() <= 10
