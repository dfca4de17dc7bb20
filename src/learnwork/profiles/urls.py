from django.urls import path, re_path

from learnwork.journeys import views as journeys
from learnwork.profiles import views

app_name = "profiles"

urlpatterns = [
    path("settings/data/", views.data_page, name="data"),
    path("settings/data/export.json", views.data_export, name="export"),
    path("settings/data/delete/", views.account_delete, name="delete"),
    re_path(r"^@(?P<handle>[A-Za-z0-9_]{1,30})/?$", views.profile_detail, name="detail"),
    re_path(r"^@(?P<handle>[A-Za-z0-9_]{1,30})/journey/heatmap\.svg$", journeys.heatmap_svg,
            name="journey_heatmap"),
    re_path(r"^@(?P<handle>[A-Za-z0-9_]{1,30})/journey/skills\.svg$", journeys.skills_svg,
            name="journey_skills"),
]
