import io

import pytest
from django.urls import reverse
from PIL import Image

from learnwork.accounts import services
from learnwork.accounts.avatars import process_avatar
from learnwork.core.errors import InvalidInput, PayloadTooLarge

pytestmark = pytest.mark.django_db


def _png(size=(600, 400), color=(10, 120, 80)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def test_bio_markdown_is_rendered_and_sanitised(user):
    profile = services.profile_update(
        user=user,
        bio="**Data** person <script>alert(1)</script> [me](javascript:alert(1)) "
            "[site](https://example.org)",
    )
    assert "<strong>Data</strong>" in profile.bio_html
    assert "<script" not in profile.bio_html
    assert 'href="javascript' not in profile.bio_html
    assert 'href="https://example.org"' in profile.bio_html
    assert "nofollow" in profile.bio_html


def test_links_must_be_web_addresses_and_nothing_is_saved_on_error(user):
    services.profile_update(user=user, headline="Before")
    with pytest.raises(InvalidInput) as err:
        services.profile_update(user=user, headline="After", links=["ftp://x.org"])
    assert "web address" in err.value.detail
    user.profile.refresh_from_db()
    assert user.profile.headline == "Before"


def test_unknown_timezone_is_refused(user):
    with pytest.raises(InvalidInput):
        services.profile_update(user=user, timezone="Mars/Olympus")


def test_profile_form_saves_without_javascript(member_client):
    response = member_client.post(reverse("accounts:settings"), {
        "display_name": "Ana Silva", "headline": "Analyst learning statistics",
        "bio": "Hello", "location": "Lisbon",
        "links": "Blog | https://ana.example.org\nhttps://github.com/ana",
        "timezone": "Europe/Lisbon",
    })
    assert response.status_code == 302
    profile = member_client.user.profile
    profile.refresh_from_db()
    assert profile.display_name == "Ana Silva"
    assert profile.links == [{"label": "Blog", "url": "https://ana.example.org"},
                             {"label": "", "url": "https://github.com/ana"}]


def test_profile_form_shows_errors_next_to_field(member_client):
    response = member_client.post(reverse("accounts:settings"),
                                  {"display_name": "Ana", "links": "not a url"})
    assert response.status_code == 200
    assert "is not a web address" in response.content.decode()


def test_avatar_is_cropped_resized_and_reencoded():
    out = process_avatar(_png())
    image = Image.open(io.BytesIO(out))
    assert image.format == "WEBP"
    assert image.size == (256, 256)


@pytest.mark.parametrize("data", [b"", b"GIF89a not really", b"<svg onload=alert(1)>"])
def test_avatar_refuses_what_is_not_an_image(data):
    with pytest.raises(InvalidInput):
        process_avatar(data)


def test_avatar_refuses_oversize_files():
    with pytest.raises(PayloadTooLarge):
        process_avatar(b"\0" * (5 * 1024 * 1024 + 1))


def test_avatar_refuses_decompression_bombs():
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, format="PNG")  # tiny file, 400 Mpx
    with pytest.raises(InvalidInput):
        process_avatar(buf.getvalue())


def test_avatar_upload_page_flow(member_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(_png())
    upload.name = "me.png"
    response = member_client.post(reverse("accounts:avatar"), {"avatar": upload})
    assert response.status_code == 302
    profile = member_client.user.profile
    profile.refresh_from_db()
    assert profile.avatar.name.endswith(".webp")
    assert (tmp_path / profile.avatar.name).exists()

    bad = io.BytesIO(b"not an image")
    bad.name = "x.png"
    response = member_client.post(reverse("accounts:avatar"), {"avatar": bad})
    assert response.status_code == 400
    assert "not an image" in response.content.decode()
    profile.refresh_from_db()
    assert profile.avatar.name.endswith(".webp")  # the old one is kept


def test_privacy_settings_save(member_client):
    response = member_client.post(reverse("accounts:privacy"), {
        "about_visibility": "members", "skills_visibility": "only_me",
        "goals_visibility": "everyone",
    })
    assert response.status_code == 302
    profile = member_client.user.profile
    profile.refresh_from_db()
    assert (profile.about_visibility, profile.skills_visibility, profile.goals_visibility) == (
        "members", "only_me", "everyone")


def test_settings_need_login(client):
    for name in ("accounts:settings", "accounts:privacy", "accounts:tokens", "profiles:data"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
