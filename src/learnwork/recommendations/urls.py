from django.urls import path

from learnwork.recommendations import audit_views, views

# Mounted at the site root (config/urls.py), so each page names its own prefix.
app_name = "recommendations"

urlpatterns = [
    # Who can I learn from: people for each learning goal.
    path("learn-from/", views.learn_from, name="learn_from"),
    path("learn-from/dismissed/", views.dismissed, name="dismissed"),
    path("learn-from/people/<str:handle>/<slug:action>/", views.act, name="act"),
    # The follow audit.
    path("following/audit/", audit_views.audit_page, name="audit"),
    path("following/audit/apply/", audit_views.audit_apply, name="audit_apply"),
]
