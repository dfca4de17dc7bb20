from django.urls import path

from learnwork.posts import views

app_name = "posts"

urlpatterns = [
    path("new/", views.compose, name="compose"),
    path("saved/", views.saved, name="saved"),
    path("suggest/", views.suggest, name="suggest"),
    path("skills/search/", views.skill_search_partial, name="skill_search"),
    path("skills/pick/", views.skill_pick, name="skill_pick"),
    path("<int:post_id>/", views.detail, name="detail"),
    path("<int:post_id>/edit/", views.edit, name="edit"),
    path("<int:post_id>/delete/", views.delete, name="delete"),
    path("<int:post_id>/react/<str:kind>/", views.react, name="react"),
    path("<int:post_id>/comments/", views.comment_add, name="comment_add"),
    path("<int:post_id>/comments/<int:comment_id>/edit/", views.comment_edit,
         name="comment_edit"),
    path("<int:post_id>/comments/<int:comment_id>/delete/", views.comment_delete,
         name="comment_delete"),
]
