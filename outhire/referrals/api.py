"""Referrals in the JSON API: the caller's own referrals, in the same plain words as the page.

A referrer (provider staff or a client's user, by session or token) reads only their own
referrals, for clients still in reach; a client-scoped token sees only that client's.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from outhire.accounts import api_auth
from outhire.lib.api.pagination import Pagination
from outhire.referrals import services

# No path here names an object: the caller's own referrals are all there is.
router = Router(tags=["referrals"], auth=[api_auth.token_auth, api_auth.session_auth])


class ReferralOut(Schema):
    id: int
    client: str = Field(description="The client's slug")
    job: str = Field(description="The job's title")
    requisition_id: int
    via: str = Field(description="link or form")
    referred_name: str = Field(description="The name typed on the referral form; empty for links")
    status: str = Field(
        description="received, in review, interviewing, offer, hired or not selected"
    )
    bonus: str = Field(description="not_eligible, pending, eligible or paid")
    bonus_due_on: date | None
    created_at: datetime


@router.get("/referrals", response=list[ReferralOut], summary="My referrals")
@paginate(Pagination)
def referral_list(request: HttpRequest):
    """The calling user's referrals, newest first, with their plain status and bonus state."""
    referrals = list(
        services.referrals_for_bonus(services.referrals_of(request.access, request.user))
    )
    policies = services.policies_by_client({r.client_id for r in referrals})
    rows = []
    for r in referrals:
        state = r.bonus_state(policies.get(r.client_id))
        rows.append(
            {
                "id": r.pk,
                "client": r.client.slug,
                "job": r.application.requisition.title,
                "requisition_id": r.application.requisition_id,
                "via": r.via,
                "referred_name": r.referred_name,
                "status": r.plain_status.lower(),
                "bonus": state.state,
                "bonus_due_on": state.eligible_on if state.state != "not_eligible" else None,
                "created_at": r.created_at,
            }
        )
    return rows
