from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = [
    # Health checks and metrics (docs/operations.md): probed every few seconds.
    path("", include("outhire.ops.urls")),
    # First: the public careers pages and feeds take the most traffic, and URL resolution
    # tries patterns in order.
    # Staff pages of the careers sites, before the public ones whose <slug>/ would hide them.
    path("careers/manage/", include("outhire.careers.manage_urls")),
    # The public careers pages in each language: /careers/acme/ in the default language,
    # /de/careers/acme/ in German (outhire/lib/i18n.py).
    *i18n_patterns(
        path("careers/", include("outhire.careers.urls")), prefix_default_language=False
    ),
    path("", include("outhire.work.urls")),
    path("", include("outhire.accounts.urls")),
    path("candidates/", include("outhire.candidates.urls")),
    path("requisitions/", include("outhire.requisitions.urls")),
    path("", include("outhire.engagements.urls")),
    path("", include("outhire.costs.urls")),
    path("", include("outhire.billing.urls")),
    path("api/v1/", include("outhire.api.urls")),
    path("", include("outhire.pipeline.urls")),
    path("", include("outhire.screening.urls")),
    path("", include("outhire.referrals.urls")),
    path("", include("outhire.community.urls")),
    path("", include("outhire.interviews.urls")),
    path("", include("outhire.offers.urls")),
    path("", include("outhire.preboarding.urls")),
    path("", include("outhire.webhooks.urls")),
    path("", include("outhire.analytics.urls")),
    path("", include("outhire.onboarding.urls")),
    path("", include("outhire.privacy.urls")),
    path("me/", include("outhire.portal.urls")),
]
