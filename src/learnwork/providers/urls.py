from django.urls import path

from learnwork.providers import learner_views, views

app_name = "providers"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("linked/", learner_views.linked, name="linked"),
    path("linked/<int:identity_id>/remove/", learner_views.unlink, name="unlink"),
    path("linked/verify/<str:token>/", learner_views.verify_email, name="verify_email"),
    path("link/<str:token>/", learner_views.link_account, name="link_account"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/credentials/", views.credential_create, name="credential_create"),
    path("<slug:slug>/manage/credentials/<int:credential_id>/revoke/", views.credential_revoke,
         name="credential_revoke"),
    path("<slug:slug>/manage/webhooks/", views.webhook_create, name="webhook_create"),
    path("<slug:slug>/manage/webhooks/<int:webhook_id>/delete/", views.webhook_delete,
         name="webhook_delete"),
    path("<slug:slug>/manage/deliveries/", views.deliveries, name="deliveries"),
    path("<slug:slug>/manage/courses/new/", views.course_edit, name="course_create"),
    path("<slug:slug>/manage/courses/import/", views.course_import_page, name="course_import"),
    path("<slug:slug>/manage/courses/<int:course_id>/", views.course_edit, name="course_edit"),
    path("<slug:slug>/manage/courses/<int:course_id>/delete/", views.course_delete,
         name="course_delete"),
]
