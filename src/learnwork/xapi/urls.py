"""The LRS under /xapi/: plain Django views (xAPI is its own protocol, not the JSON API).

Each resource answers with or without a trailing slash, as clients differ.
"""

from django.urls import re_path

from learnwork.xapi import document_views, views

app_name = "xapi"

urlpatterns = [
    re_path(r"^statements/?$", views.statements, name="statements"),
    re_path(r"^statements/more/(?P<token>[A-Za-z0-9_:\-.]+)/?$", views.more,
            name="statements_more"),
    re_path(r"^activities/state/?$", document_views.state, name="state"),
    re_path(r"^activities/profile/?$", document_views.activity_profile, name="activity_profile"),
    re_path(r"^activities/?$", document_views.activities, name="activities"),
    re_path(r"^agents/profile/?$", document_views.agent_profile, name="agent_profile"),
    re_path(r"^agents/?$", document_views.agents, name="agents"),
    re_path(r"^about/?$", views.about, name="about"),
]
