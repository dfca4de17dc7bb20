from django.urls import path

from learnwork.credentials import import_views, issue_views

app_name = "credentials"

urlpatterns = [
    # Issued credentials (issue_views): the owner's page, public pages and the issuer Profile.
    path("", issue_views.credential_list, name="list"),
    path("issue/", issue_views.credential_issue, name="issue"),
    path("verify", issue_views.credential_verify, name="verify"),
    path("issuer", issue_views.issuer, name="issuer"),
    path("<uuid:credential_id>/", issue_views.credential_detail, name="detail"),
    path("<uuid:credential_id>.json", issue_views.credential_json, name="json"),
    path("<uuid:credential_id>/badge.svg", issue_views.credential_badge, name="badge"),
    path("<uuid:credential_id>/revoke/", issue_views.credential_revoke, name="revoke"),
    # Imported badges (import_views): the list and import forms, one badge, its controls.
    path("badges/", import_views.badge_list, name="badges"),
    path("badges/import/", import_views.badge_import, name="badge_import"),
    path("badges/<int:badge_id>/", import_views.badge_detail, name="badge_detail"),
    path("badges/<int:badge_id>/recheck/", import_views.badge_recheck, name="badge_recheck"),
    path("badges/<int:badge_id>/visibility/", import_views.badge_visibility,
         name="badge_visibility"),
    path("badges/<int:badge_id>/delete/", import_views.badge_delete, name="badge_delete"),
]
