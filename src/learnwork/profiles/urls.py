from django.urls import path, re_path

from learnwork.profiles import views

app_name = "profiles"

urlpatterns = [
    path("settings/data/", views.data_page, name="data"),
    path("settings/data/export.json", views.data_export, name="export"),
    path("settings/data/delete/", views.account_delete, name="delete"),
    re_path(r"^@(?P<handle>[A-Za-z0-9_]{1,30})/?$", views.profile_detail, name="detail"),
]
