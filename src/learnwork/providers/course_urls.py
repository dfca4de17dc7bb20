from django.urls import path

from learnwork.providers import learner_views

app_name = "courses"

urlpatterns = [
    path("", learner_views.browse, name="browse"),
    path("<int:course_id>/", learner_views.course_detail, name="detail"),
    path("<int:course_id>/add-to-journey/", learner_views.add_to_journey, name="add_to_journey"),
    path("<int:course_id>/add-to-goals/", learner_views.add_to_goals, name="add_to_goals"),
]
