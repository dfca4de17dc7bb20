"""The JSON API at /api/v1: composed from each app's router."""

from ninja import NinjaAPI

from learnwork.accounts.api import router as accounts_router
from learnwork.accounts.auth import api_auth
from learnwork.core.api import install_error_handlers
from learnwork.credentials.import_api import router as imported_badges_router
from learnwork.credentials.issue_api import router as issued_credentials_router
from learnwork.journeys.api import router as journeys_router
from learnwork.posts.api import router as posts_router
from learnwork.posts.feed_api import router as feed_router
from learnwork.posts.list_feed_api import router as list_feed_router
from learnwork.profiles.api import router as profiles_router
from learnwork.providers.api import router as providers_router
from learnwork.providers.learner_api import router as courses_router
from learnwork.recommendations.api import router as recommendations_router
from learnwork.recommendations.audit_api import router as follow_audit_router
from learnwork.skills.api import router as skills_router
from learnwork.social.api import router as social_router
from learnwork.social.list_api import router as lists_router

api = NinjaAPI(
    title="Learnwork API",
    version="1.0.0",
    description=(
        "The Learnwork JSON API. Authenticate with a personal access token "
        "(`Authorization: Bearer lw_…`, created under Settings → Access tokens) or, from the "
        "browser, with your session. Errors are JSON: `{\"error\": code, \"detail\": text}`."
    ),
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", skills_router)
api.add_router("/", social_router)
api.add_router("/", posts_router)
api.add_router("/", feed_router)
api.add_router("/", lists_router)
api.add_router("/", list_feed_router)
api.add_router("/", follow_audit_router)
api.add_router("/", recommendations_router)
api.add_router("/", profiles_router)
api.add_router("/", journeys_router)
api.add_router("/", issued_credentials_router)
api.add_router("/", imported_badges_router)
api.add_router("/", providers_router)
api.add_router("/", courses_router)
