from django.urls import path

from learnwork.social import list_views

# Mounted at /lists/, beside the posts app's list feed (/lists/<id>/, `list_feed:detail`).
app_name = "lists"

urlpatterns = [
    path("", list_views.index, name="index"),
    path("new/", list_views.create, name="create"),
    path("<int:list_id>/edit/", list_views.manage, name="manage"),
    path("<int:list_id>/edit/save/", list_views.update, name="update"),
    path("<int:list_id>/delete/", list_views.delete, name="delete"),
    path("<int:list_id>/people/add/", list_views.add_person, name="add_person"),
    path("<int:list_id>/people/<str:handle>/remove/", list_views.remove_person,
         name="remove_person"),
    path("<int:list_id>/skills/add/", list_views.add_skill, name="add_skill"),
    path("<int:list_id>/skills/<uuid:skill_id>/remove/", list_views.remove_skill,
         name="remove_skill"),
]
