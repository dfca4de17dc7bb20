from django.urls import path

from learnwork.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.settings_profile, name="settings"),
    path("avatar/", views.settings_avatar, name="avatar"),
    path("privacy/", views.settings_privacy, name="privacy"),
    path("tokens/", views.settings_tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.settings_token_revoke, name="token_revoke"),
]
