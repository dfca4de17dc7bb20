from django.urls import path

from learnwork.journeys import views

app_name = "journeys"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("suggest/", views.suggest, name="suggest"),
    path("<int:record_id>/edit/", views.edit, name="edit"),
    path("<int:record_id>/delete/", views.delete, name="delete"),
    path("<int:record_id>/hide/", views.hide, name="hide"),
    path("<int:record_id>/share/", views.share, name="share"),
]
