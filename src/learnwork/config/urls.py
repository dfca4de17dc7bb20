from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as serve_media

from learnwork.config.api import api
from learnwork.core import views as core_views
from learnwork.posts import feed_views

urlpatterns = [
    # Signed in: the home feed; everyone else: the welcome page.
    path("", feed_views.home, name="home"),
    path("about/", core_views.about, name="about"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("settings/", include("learnwork.accounts.urls")),
    path("skills/", include("learnwork.skills.urls")),
    path("social/", include("learnwork.social.urls")),
    path("posts/", include("learnwork.posts.urls")),
    path("feed/", include("learnwork.posts.feed_urls")),
    path("journey/", include("learnwork.journeys.urls")),
    path("credentials/", include("learnwork.credentials.urls")),
    path("lists/", include("learnwork.social.list_urls")),
    path("lists/", include("learnwork.posts.list_feed_urls")),
    path("", include("learnwork.recommendations.urls")),
    path("providers/", include("learnwork.providers.urls")),
    path("courses/", include("learnwork.providers.course_urls")),
    path("xapi/", include("learnwork.xapi.urls")),
    path("api/v1/", api.urls),
    path("", include("learnwork.profiles.urls")),
]

if settings.SERVE_MEDIA:
    # Media here is only what Learnwork itself wrote (re-encoded avatars), so serving it from
    # Django is safe; large deployments point STORAGE_BACKEND at an object store instead.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    ]

handler404 = "learnwork.core.views.not_found"
handler500 = "learnwork.core.views.server_error"
handler403 = "learnwork.core.views.forbidden"
handler400 = "learnwork.core.views.bad_request"
