from __future__ import annotations

from django.urls import path

from outhire.careers import manage_views, views
from outhire.careers.apply.urls import urlpatterns as apply_urlpatterns
from outhire.lib import ids  # noqa: F401 (registers the <id:...> converter)

app_name = "careers"

# Fixed prefixes (feeds/, manage/) come before <slug>/ so no client slug can hide them.
urlpatterns: list = [
    path("", views.board, name="board"),
    path("feeds/indeed.xml", views.board_indeed_feed, name="board_indeed"),
    path("feeds/linkedin.xml", views.board_linkedin_feed, name="board_linkedin"),
    path("feeds/jobs.rss", views.board_rss_feed, name="board_rss"),
    path(
        "manage/requisitions/<id:requisition_id>/postings/",
        manage_views.postings,
        name="postings",
    ),
    path("manage/sites/", manage_views.site_list, name="site_list"),
    path("manage/sites/<slug:slug>/", manage_views.site_edit, name="site_edit"),
    path("manage/sites/<slug:slug>/preview/", manage_views.site_preview, name="site_preview"),
    path("<slug:slug>/", views.site, name="site"),
    path("<slug:slug>/theme.css", views.theme, name="theme"),
    path("<slug:slug>/logo", views.logo, name="logo"),
    path("<slug:slug>/jobs/<id:requisition_id>/", views.job, name="job"),
    path("<slug:slug>/feeds/indeed.xml", views.indeed_feed, name="indeed"),
    path("<slug:slug>/feeds/linkedin.xml", views.linkedin_feed, name="linkedin"),
    path("<slug:slug>/feed.rss", views.rss_feed, name="rss"),
    *apply_urlpatterns,
]
