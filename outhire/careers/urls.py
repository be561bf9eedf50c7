from __future__ import annotations

from django.urls import path

from outhire.careers import views
from outhire.careers.apply.urls import urlpatterns as apply_urlpatterns
from outhire.lib import ids  # noqa: F401 (registers the <id:...> converter)

app_name = "careers"

# The public pages, in every language (outhire/urls.py puts them under i18n_patterns: /de/careers/).
# Fixed prefixes (feeds/) come before <slug>/ so no client slug can hide them; the staff pages
# are under careers/manage/ in manage_urls.py.
urlpatterns: list = [
    path("", views.board, name="board"),
    path("feeds/indeed.xml", views.board_indeed_feed, name="board_indeed"),
    path("feeds/linkedin.xml", views.board_linkedin_feed, name="board_linkedin"),
    path("feeds/jobs.rss", views.board_rss_feed, name="board_rss"),
    path("<slug:slug>/", views.site, name="site"),
    path("<slug:slug>/theme.css", views.theme, name="theme"),
    path("<slug:slug>/logo", views.logo, name="logo"),
    path("<slug:slug>/jobs/<id:requisition_id>/", views.job, name="job"),
    path("<slug:slug>/feeds/indeed.xml", views.indeed_feed, name="indeed"),
    path("<slug:slug>/feeds/linkedin.xml", views.linkedin_feed, name="linkedin"),
    path("<slug:slug>/feed.rss", views.rss_feed, name="rss"),
    *apply_urlpatterns,
]
