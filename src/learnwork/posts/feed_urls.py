from django.urls import path

from learnwork.posts import feed_views

app_name = "feed"

urlpatterns = [
    path("", feed_views.feed, name="home"),
    path("settings/", feed_views.tune, name="settings"),
]
