from django.urls import path

from learnwork.posts import list_feed_views

# Mounted at /lists/, beside social's list pages (`lists:index`, `lists:manage`, …).
app_name = "list_feed"

urlpatterns = [
    path("<int:list_id>/", list_feed_views.detail, name="detail"),
]
