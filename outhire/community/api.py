"""Talent communities and nurture campaigns in the JSON API, for provider staff.

Staff read the communities (with member counts) and campaigns (with their counts) of the
clients they serve and the provider's own; for anyone else, including client tokens, the lists
are empty and a campaign is a 404.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from outhire.accounts import api_auth
from outhire.accounts.tenancy import get_visible_or_404
from outhire.community import selectors
from outhire.community.models import Campaign
from outhire.lib.api.pagination import Pagination

# A campaign out of reach is a 404, whatever else the request says (see accounts.api_auth).
router = Router(
    tags=["community"], auth=api_auth.path_checked_auth({"campaign_id": api_auth.visible(Campaign)})
)


class CommunityOut(Schema):
    id: int
    name: str
    client: str | None = Field(description="The client's slug; null for the provider's")
    members: int = Field(description="Everyone who joined, confirmed or not")
    waiting_for_confirmation: int
    reachable: int = Field(description="Confirmed, subscribed, consent in force")
    created_at: datetime


class CampaignOut(Schema):
    id: int
    subject: str
    segment: str
    community_id: int | None
    pool_id: int | None
    status: str = Field(description="sending or sent")
    recipients: int = Field(description="People in the segment when it started")
    sent: int
    skipped: int
    failed: int
    created_at: datetime
    finished_at: datetime | None


@router.get("/communities", response=list[CommunityOut], summary="Talent communities")
@paginate(Pagination)
def community_list(request: HttpRequest):
    rows = selectors.communities_with_counts(request.access)
    return [
        {
            "id": c.pk,
            "name": c.name,
            "client": c.client.slug if c.client else None,
            "members": c.member_count,
            "waiting_for_confirmation": c.pending_count,
            "reachable": c.reachable_count,
            "created_at": c.created_at,
        }
        for c in rows
    ]


@router.get("/campaigns", response=list[CampaignOut], summary="Nurture campaigns and their counts")
@paginate(Pagination)
def campaign_list(request: HttpRequest):
    return Campaign.objects.visible_to(request.access).select_related("community", "pool")


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="One nurture campaign")
def campaign_detail(request: HttpRequest, campaign_id: int):
    return get_visible_or_404(
        request.access, Campaign.objects.select_related("community", "pool"), pk=campaign_id
    )
