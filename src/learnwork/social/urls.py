from django.urls import path

from learnwork.social import views

app_name = "social"

urlpatterns = [
    path("following/", views.following, name="following"),
    path("mutes/words/", views.mute_word, name="mute_word"),
    path("mutes/<int:mute_id>/remove/", views.unmute, name="unmute"),
    path("people/<str:handle>/", views.person, name="person"),
    path("people/<str:handle>/<slug:action>/", views.person_action, name="person_action"),
    path("skills/<uuid:skill_id>/<slug:action>/", views.skill_action, name="skill_action"),
]
