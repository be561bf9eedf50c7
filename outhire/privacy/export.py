"""The access export (GDPR Art. 15 and 20): everything Outhire holds about one person, as a zip.

`data.json` holds the profile, contact details, consents, notes, every application at every
client with its stage history, answers, messages, comments, interviews with their feedback
summaries, assessments, offers, the hire (with its pre-boarding items and right-to-work
checks), surveys, self-identification, AI scores with the decisions taken beside them, and the
person's data requests. `documents/` holds the files.
Staff appear by role, not by name: the export is the candidate's data, not their colleagues'.

The export reads across every client, so it runs unscoped; who may download it is decided by
the page that offers it (the person themselves in the portal, provider staff in the log).
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from outhire.accounts.tenancy import unscoped
from outhire.analytics.models import CandidateSurvey
from outhire.candidates.models import Candidate
from outhire.community.models import Member
from outhire.interviews.models import Interview, Scorecard
from outhire.lib.i18n import candidate_language
from outhire.offers.models import Hire, Offer
from outhire.pipeline.models import Application, ApplicationAnswer, Comment, Message, StageEvent
from outhire.preboarding.models import Item as PreboardingItem
from outhire.privacy.models import DataRequest, SelfIdentification
from outhire.referrals.models import Referral
from outhire.screening.models import AssessmentSitting, ScoreLog, SimilarityLog

FORMAT_VERSION = 1

# The README's words, each paragraph a message: the zip is in the person's language.
README_TITLE = gettext_noop("Your data held by Outhire")
README_FILES = gettext_noop(
    "data.json   everything held about you, as JSON (UTF-8): your profile and contact details,\n"
    "            consents, notes, and each application with its stages, messages, interviews\n"
    "            and feedback, assessments, offers, surveys, AI scores and the decisions taken\n"
    "            beside them, and your data requests.\n"
    "documents/  the files you or a recruiter uploaded (resumes, cover letters...)."
)
README_AI = gettext_noop(
    "AI scores only helped people rank applications: every decision was a person's, and is\n"
    "listed beside the score. Staff are named by their role."
)
README_EXPORTED = gettext_noop("Exported %(when)s.")
MISSING_FILE = gettext_noop("This file's record exists but the file could not be found.")


def readme(when: str) -> str:
    """README.txt, in the active language."""
    title = _(README_TITLE)
    return (
        f"{title}\n{'=' * len(title)}\n\n{_(README_FILES)}\n\n{_(README_AI)}\n\n"
        + _(README_EXPORTED) % {"when": when}
        + "\n"
    )


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj, fields: list[str]) -> dict:
    return {name: _value(getattr(obj, name)) for name in fields}


def _candidates_of(candidate: Candidate) -> list[Candidate]:
    """The person and the records merged into theirs (a merge keeps the old one as a pointer)."""
    found, frontier = [candidate], [candidate.pk]
    while frontier:
        merged = list(Candidate.objects.filter(merged_into__in=frontier))
        found += merged
        frontier = [c.pk for c in merged]
    return found


def collect(candidate: Candidate) -> dict:
    """The export's data as a dict (the zip's data.json)."""
    with unscoped():
        return _collect(candidate)


def _collect(candidate: Candidate) -> dict:
    people = _candidates_of(candidate)
    ids = [c.pk for c in people]
    applications = list(
        Application.objects.filter(candidate__in=ids)
        .select_related("client", "requisition", "stage", "disposition")
        .order_by("created_at", "id")
    )
    app_ids = [a.pk for a in applications]
    by_app: dict[int, dict] = {}
    for app in applications:
        by_app[app.pk] = {
            "client": app.client.name,
            "job": app.requisition.title,
            "reference": app.requisition.reference,
            "status": app.get_status_display(),
            "stage": app.stage.name if app.stage_id else "",
            "applied_at": _value(app.created_at),
            "closed_at": _value(app.closed_at),
            "reason": app.disposition.name if app.disposition_id else "",
            "source": app.source,
            "answers": [],
            "history": [],
            "messages": [],
            "comments": [],
            "interviews": [],
            "assessments": [],
            "offers": [],
            "hire": None,
            "surveys": [],
            "self_identification": None,
            "referral": None,
            "ai_scores": [],
        }
    for answer in ApplicationAnswer.objects.filter(application__in=app_ids).order_by("position"):
        by_app[answer.application_id]["answers"].append(
            {"question": answer.question_text, "answer": answer.answer}
        )
    for event in (
        StageEvent.objects.filter(application__in=app_ids)
        .select_related("from_stage", "to_stage", "disposition")
        .order_by("at", "id")
    ):
        by_app[event.application_id]["history"].append(
            {
                "at": _value(event.at),
                "event": event.get_kind_display(),
                "from": event.from_stage.name if event.from_stage_id else "",
                "to": event.to_stage.name if event.to_stage_id else "",
                "status": event.to_status,
                "reason": event.disposition.name if event.disposition_id else event.reason,
            }
        )
    for message in Message.objects.filter(application__in=app_ids).order_by("created_at", "id"):
        by_app[message.application_id]["messages"].append(
            _row(
                message,
                ["direction", "status", "subject", "body", "from_address", "created_at", "sent_at"],
            )
        )
    for comment in Comment.objects.filter(application__in=app_ids).order_by("created_at", "id"):
        by_app[comment.application_id]["comments"].append(
            {
                "at": _value(comment.created_at),
                "internal": comment.internal,
                "body": comment.body,
            }
        )
    scorecards: dict[int, list] = {}
    for card in (
        Scorecard.objects.filter(interview__application__in=app_ids, submitted_at__isnull=False)
        .prefetch_related("ratings__competency")
        .order_by("submitted_at", "id")
    ):
        scorecards.setdefault(card.interview_id, []).append(
            {
                "submitted_at": _value(card.submitted_at),
                "recommendation": card.get_recommendation_display(),
                "ratings": [
                    {"competency": r.competency.name, "score": r.score} for r in card.ratings.all()
                ],
            }
        )
    for interview in Interview.objects.filter(application__in=app_ids).order_by("starts_at", "id"):
        by_app[interview.application_id]["interviews"].append(
            {
                **_row(interview, ["title", "kind", "status", "starts_at", "ends_at", "location"]),
                "feedback": scorecards.get(interview.pk, []),
            }
        )
    for sitting in (
        AssessmentSitting.objects.filter(application__in=app_ids)
        .select_related("assessment")
        .prefetch_related("answers__question")
        .order_by("sent_at", "id")
    ):
        by_app[sitting.application_id]["assessments"].append(
            {
                "assessment": sitting.assessment.name,
                **_row(
                    sitting,
                    [
                        "sent_at",
                        "submitted_at",
                        "auto_points",
                        "reviewer_points",
                        "possible_points",
                    ],
                ),
                "answers": [
                    {
                        "question": a.question.prompt,
                        "choice": a.choice,
                        "rating": a.rating,
                        "text": a.text,
                        "points": a.points,
                    }
                    for a in sitting.answers.all()
                ],
            }
        )
    for offer in Offer.objects.filter(application__in=app_ids).order_by("version", "id"):
        by_app[offer.application_id]["offers"].append(
            _row(
                offer,
                [
                    "version",
                    "status",
                    "base_salary",
                    "currency",
                    "pay_period",
                    "bonus",
                    "other_terms",
                    "start_date",
                    "expires_on",
                    "sent_at",
                    "resolved_at",
                    "decline_reason",
                    "signed_name",
                ],
            )
        )
    for hire in Hire.objects.filter(application__in=app_ids):
        by_app[hire.application_id]["hire"] = _row(
            hire, ["hired_at", "start_date", "base_salary", "currency", "left_on"]
        )
        by_app[hire.application_id]["hire"]["preboarding"] = []
    for item in (
        PreboardingItem.objects.filter(checklist__hire__application__in=app_ids)
        .select_related("checklist__hire")
        .prefetch_related("checks")
    ):
        row = _row(item, ["title", "party", "due_on", "status", "done_at", "details"])
        row["right_to_work_checks"] = [
            _row(c, ["outcome", "method", "checked_on", "document_type", "document_expires"])
            for c in item.checks.all()
        ]
        by_app[item.checklist.hire.application_id]["hire"]["preboarding"].append(row)
    for survey in CandidateSurvey.objects.filter(
        application__in=app_ids, responded_at__isnull=False
    ):
        by_app[survey.application_id]["surveys"].append(
            _row(survey, ["moment", "score", "comment", "responded_at"])
        )
    for answers in SelfIdentification.objects.filter(application__in=app_ids):
        by_app[answers.application_id]["self_identification"] = {
            "sex": answers.sex,
            "race_ethnicity": answers.race_ethnicity,
        }
    for referral in Referral.objects.filter(application__in=app_ids):
        by_app[referral.application_id]["referral"] = _row(
            referral, ["via", "referred_name", "note", "created_at"]
        )
    for log in ScoreLog.objects.filter(candidate__in=ids).order_by("shown_at", "id"):
        entry = {
            **_row(log, ["matcher_version", "score", "reasons", "shown_at", "decision"]),
            "decided_at": _value(log.decided_at),
            "decided_by": "a recruiter" if log.decided_by_id else "",
        }
        if log.application_id in by_app:
            by_app[log.application_id]["ai_scores"].append(entry)
    similar = [
        _row(log, ["matcher_version", "score", "shown_at", "decision", "decided_at"])
        for log in SimilarityLog.objects.filter(candidate__in=ids).order_by("shown_at", "id")
    ]

    documents = []
    for person in people:
        for document in person.documents.all().order_by("uploaded_at", "id"):
            documents.append(
                {
                    **_row(
                        document,
                        ["kind", "original_name", "file_type", "size", "sha256", "uploaded_at"],
                    ),
                    "file": _document_name(document),
                }
            )
    return {
        "format": FORMAT_VERSION,
        "exported_at": _value(timezone.now()),
        "profile": {
            **_row(
                candidate,
                [
                    "first_name",
                    "last_name",
                    "address",
                    "location",
                    "time_zone",
                    "current_title",
                    "current_employer",
                    "linkedin_url",
                    "github_url",
                    "portfolio_url",
                    "summary",
                    "years_experience",
                    "source",
                    "source_detail",
                    "created_at",
                    "last_activity_at",
                    "restricted_at",
                    "objected_at",
                ],
            ),
            "tags": sorted(t.name for t in candidate.tags.all()),
        },
        "merged_records": [f"Candidate #{p.pk}" for p in people[1:]],
        "contact_details": [
            {"kind": p.kind, "value": p.value, "primary": p.is_primary, "label": p.label}
            for person in people
            for p in person.contact_points.all()
        ],
        "experience_and_education": [
            _row(e, ["kind", "name", "title", "detail", "start_date", "end_date", "summary"])
            for person in people
            for e in person.profile_entries.all()
        ],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "method": c.get_method_display(),
                "given_at": _value(c.given_at),
                "expires_at": _value(c.expires_at),
                "withdrawn_at": _value(c.withdrawn_at),
                "evidence": c.evidence,
                "status": c.status,
            }
            for person in people
            for c in person.consents.all()
        ],
        "notes": [
            {"at": _value(n.created_at), "visibility": n.visibility, "body": n.body}
            for person in people
            for n in person.notes.all()
        ],
        "talent_pools": sorted(
            {m.pool.name for person in people for m in person.pool_memberships.all()}
        ),
        "communities": [
            {
                "community": m.community.name,
                "joined_at": _value(m.joined_at),
                "confirmed_at": _value(m.confirmed_at),
                "unsubscribed_at": _value(m.unsubscribed_at),
                "interests": m.interests,
                "location": m.location,
            }
            for m in Member.objects.filter(candidate__in=ids).select_related("community")
        ],
        "timeline": [
            {"at": _value(e.at), "kind": e.kind, "summary": e.summary}
            for person in people
            for e in person.timeline.all()
        ],
        "applications": list(by_app.values()),
        "similar_candidate_suggestions": similar,
        "documents": documents,
        "data_requests": [
            {
                "kind": r.get_kind_display(),
                "status": r.get_status_display(),
                "received_at": _value(r.received_at),
                "deadline": _value(r.deadline),
                "completed_at": _value(r.completed_at),
            }
            for r in DataRequest.objects.filter(candidate__in=ids).order_by("received_at")
        ],
    }


def _document_name(document) -> str:
    extension = document.file_type or "bin"
    return f"documents/{document.pk}-{document.kind}.{extension}"


def export_zip(candidate: Candidate) -> bytes:
    """The zip a person downloads: README.txt (in their language), data.json and their
    documents."""
    data = collect(candidate)
    buffer = io.BytesIO()
    with (
        translation.override(candidate_language(candidate)),
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr("README.txt", readme(data["exported_at"]))
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        with unscoped():
            for person in _candidates_of(candidate):
                for document in person.documents.all():
                    if not document.file:
                        continue
                    try:
                        # Copied across in blocks from whichever backend holds it.
                        with (
                            document.file.open("rb") as handle,
                            archive.open(_document_name(document), "w") as member,
                        ):
                            shutil.copyfileobj(handle, member, 1024 * 1024)
                    except FileNotFoundError:
                        archive.writestr(
                            _document_name(document) + ".missing.txt",
                            _(MISSING_FILE) + "\n",
                        )
    return buffer.getvalue()
