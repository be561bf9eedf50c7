"""Demo applications through the public apply flow, so recruiters see answers and sources.

For the first open requisition live on each demo client's careers site: three screening
questions (one with a knockout rule) and three applications sent through the real flow
(staged PDF resume, answers, consents, self-identification), from Indeed, a Facebook share
and the careers site itself; one answers a knockout question and is flagged for review.
Safe to re-run: a requisition that already has answers is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from outhire.candidates.models import Tag
from outhire.careers.apply import services
from outhire.careers.apply.attribution import Attribution
from outhire.careers.models import JobPosting
from outhire.demo import jobs
from outhire.pipeline.models import ApplicationAnswer
from outhire.requisitions.models import ScreeningQuestion

QUESTIONS = [
    ("Do you have the right to work in the country of this job?", "yes_no", [], {"equals": "no"}),
    ("How many years of relevant experience do you have?", "number", [], {}),
    ("Which working pattern suits you best?", "choice", ["Full time", "Part time", "Shifts"], {}),
]
# Made-up people to draw the applicants from; every family has a dozen or more among them.
CROWD = 200
ARRIVALS = [
    Attribution(utm_source="indeed", utm_medium="cpc", utm_campaign="demo-spring",
                referrer="https://www.indeed.com/viewjob"),
    Attribution(utm_source="facebook", utm_medium="social"),
    Attribution(),
]  # fmt: skip


@dataclass
class ApplyDemoReport:
    applications: int = 0

    def __str__(self) -> str:
        return f"{self.applications} applications through the careers site"


def seed_applications(*, per_job: int = 3) -> ApplyDemoReport:
    from outhire.demo.files import render_pdf
    from outhire.demo.people import family_tag, people

    report = ApplyDemoReport()
    postings = list(
        JobPosting.objects.live(channel=JobPosting.Channel.CAREERS)
        .select_related("requisition", "client")
        .order_by("client_id", "requisition_id")
    )
    first_per_client = {}
    for posting in postings:
        first_per_client.setdefault(posting.client_id, posting)
    # People who do the kind of work the job is, as those who find an advert mostly are.
    crowd = people(CROWD, today=timezone.localdate(), seed=4711)
    for posting in first_per_client.values():
        requisition = posting.requisition
        if ApplicationAnswer.objects.filter(application__requisition=requisition).exists():
            continue
        questions = _questions(requisition)
        job = jobs.JOBS.get(requisition.title)
        fitting = [p for p in crowd if job is None or p.family.key in job.families]
        for k in range(per_job):
            person = fitting[k]
            crowd.remove(person)
            resume = person.resume
            upload = services.upload_stage(
                data=render_pdf(person), filename=f"{resume.first_name}-{resume.last_name}-cv.pdf"
            )
            data = services.ApplyData(
                first_name=resume.first_name,
                last_name=resume.last_name,
                email=resume.email,
                phone=resume.phone,
                location=resume.city,
                answers={q.pk: _answer(q, k) for q in questions},
                consent_processing=True,
                consent_talent_pool=k != 2,
                sex=("Female", "Male", "Declined")[k % 3],
            )
            result = services.application_submit(
                posting=posting, data=data, upload=upload, attribution=ARRIVALS[k % len(ARRIVALS)]
            )
            report.applications += 0 if result.duplicate else 1
            # A recruiter tags an applicant's field, as the talent network's people are.
            tag, _ = Tag.objects.get_or_create(name=family_tag(person.family))
            result.application.candidate.tags.add(tag)
    return report


def _answer(question: ScreeningQuestion, k: int) -> str:
    """The k-th demo applicant's answer: the second one says "no" to yes/no questions."""
    if question.kind == ScreeningQuestion.Kind.YES_NO:
        return "no" if k == 1 else "yes"
    if question.kind == ScreeningQuestion.Kind.NUMBER:
        return str(2 + 3 * k)
    if question.kind == ScreeningQuestion.Kind.CHOICE:
        return str((question.choices or [""])[k % max(len(question.choices or []), 1)])
    return "I would be glad to tell you more in a call."


def _questions(requisition) -> list[ScreeningQuestion]:
    existing = list(requisition.screening_questions.all())
    if existing:
        return existing
    return [
        ScreeningQuestion.objects.create(
            client_id=requisition.client_id,
            requisition=requisition,
            position=n,
            text=text,
            kind=kind,
            choices=choices,
            knockout=knockout,
        )
        for n, (text, kind, choices, knockout) in enumerate(QUESTIONS)
    ]
