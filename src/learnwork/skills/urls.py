from django.urls import path

from learnwork.skills import views

app_name = "skills"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("search/", views.search, name="search"),
    path("mine/", views.mine, name="mine"),
    path("<uuid:skill_id>/", views.detail, name="detail"),
]
