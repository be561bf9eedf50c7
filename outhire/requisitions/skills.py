"""A requisition's must-have and nice-to-have skills, and those proposed from its description.

Must-have skills count in matching: a candidate who lacks them has their score capped. When the
recruiter left a list empty, the skills taxonomy proposes one from the title and description (the
matcher's own reading of a job) for a person to confirm. A proposal is never used as if someone
had chosen it: until it is confirmed the matcher reads the description as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from outhire.requisitions import services
from outhire.requisitions.models import Requisition
from outhire.screening import matcher

if TYPE_CHECKING:
    from django.http import HttpRequest

    from outhire.accounts.models import User
    from outhire.accounts.tenancy import Access

# A long list of must-haves caps nearly everyone: propose the few the text names first.
MAX_MUST_HAVE = 6
MAX_NICE_TO_HAVE = 8
MAX_SKILLS = 40
MAX_NAME = 100


@dataclass(frozen=True)
class Proposal:
    """Skills proposed for the lists the recruiter left empty (the other list stays as it is)."""

    must_have: tuple[str, ...] = ()
    nice_to_have: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.must_have or self.nice_to_have)


def propose(*, title: str, description: str) -> tuple[list[str], list[str]]:
    """(must-have, nice-to-have) skills the taxonomy finds in a job's title and description."""
    propose_skills = getattr(matcher, "propose_skills", None)
    if propose_skills is not None:
        required, preferred = propose_skills(title, description)
    else:
        profile = matcher.job_profile({"title": title, "description": description})
        required, preferred = profile.required_skills, profile.preferred_skills
    required = list(dict.fromkeys(required))[:MAX_MUST_HAVE]
    preferred = [s for s in dict.fromkeys(preferred) if s not in required][:MAX_NICE_TO_HAVE]
    return required, preferred


def proposal_for(
    *, title: str, description: str, must_have: list | None, nice_to_have: list | None
) -> Proposal:
    """What to propose for the lists that are empty; nothing when both are chosen."""
    if must_have and nice_to_have:
        return Proposal()
    required, preferred = propose(title=title or "", description=description or "")
    return Proposal(
        must_have=() if must_have else tuple(required),
        nice_to_have=() if nice_to_have else tuple(preferred),
    )


def requisition_proposal(requisition: Requisition) -> Proposal:
    return proposal_for(
        title=requisition.title,
        description=requisition.description,
        must_have=requisition.must_have_skills,
        nice_to_have=requisition.nice_to_have_skills,
    )


def clean_names(values: list[str]) -> list[str]:
    """Skill names as typed or posted: stripped, without repeats; too many or too long refused."""
    names = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if len(names) > MAX_SKILLS:
        raise ValidationError(
            _("At most %(MAX_SKILLS)s skills in a list.") % {"MAX_SKILLS": MAX_SKILLS}
        )
    if any(len(name) > MAX_NAME for name in names):
        raise ValidationError(
            _("A skill's name has at most %(MAX_NAME)s characters.") % {"MAX_NAME": MAX_NAME}
        )
    return names


def requisition_skills_confirm(
    *,
    requisition: Requisition,
    must_have: list[str],
    nice_to_have: list[str],
    by: User,
    access: Access | None = None,
    request: HttpRequest | None = None,
) -> list[str]:
    """Save proposed skills a person confirmed into the lists that are still empty.

    A list someone filled in the meantime is left as it is, so confirming twice (a double
    click, two tabs) changes nothing the second time. Returns the names of the lists saved.
    The update goes through `requisition_update` (its checks and its audit event).
    """
    current = Requisition.objects.get(pk=requisition.pk)
    fields = {}
    must_have, nice_to_have = clean_names(must_have), clean_names(nice_to_have)
    if must_have and not current.must_have_skills:
        fields["must_have_skills"] = must_have
    if nice_to_have and not current.nice_to_have_skills:
        fields["nice_to_have_skills"] = nice_to_have
    if fields:
        services.requisition_update(
            requisition=requisition, fields=fields, by=by, access=access, request=request
        )
    return list(fields)
