"""Which voluntary self-identification questions the apply form asks, by the job's country.

The bias audit (screening.bias, NYC Local Law 144) counts outcomes by the US EEO-1
categories of sex and race/ethnicity. Those categories are a US construct, asked of
applicants under US equal employment opportunity record-keeping (29 CFR 1602, the EEO-1
report), so they are asked only for jobs whose requisition's country is "US".

Everywhere else no question is asked by default. In the EU and EEA, racial or ethnic origin
is a special category of personal data (GDPR Art. 9): collecting it needs an Art. 9(2)
condition and a law of the member state that allows equality monitoring, and the categories
differ by country (where they exist at all: France forbids ethnic statistics). In Great
Britain equality monitoring is lawful (UK GDPR with the Data Protection Act 2018, Schedule 1,
paragraph 8) but uses the ONS census categories, not the EEO-1 ones, and the bias audit here
does not compute on them. A country is added to `QUESTION_SETS` only with its own categories
and the law that asks for them. A job with no country set asks nothing: a question the law
of the job's place does not call for is not asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy, pgettext_lazy

from outhire.privacy.models import DECLINED, RACE_CHOICES, SEX_CHOICES

# What the applicant reads for each stored value (the values stay the EEO-1 English names the
# bias audit counts), in the page's language.
LABELS = {
    "Male": pgettext_lazy("sex", "Male"),
    "Female": pgettext_lazy("sex", "Female"),
    "Hispanic or Latino": gettext_lazy("Hispanic or Latino"),
    "White": pgettext_lazy("race", "White"),
    "Black or African American": gettext_lazy("Black or African American"),
    "Native Hawaiian or Pacific Islander": gettext_lazy("Native Hawaiian or Pacific Islander"),
    "Asian": pgettext_lazy("race", "Asian"),
    "Native American or Alaska Native": gettext_lazy("Native American or Alaska Native"),
    "Two or more races": gettext_lazy("Two or more races"),
    DECLINED: gettext_lazy("I prefer not to say"),
}


def _labelled(choices) -> tuple[tuple[str, str], ...]:
    return tuple((value, LABELS.get(value, label)) for value, label in choices)


@dataclass(frozen=True)
class Question:
    # The SelfIdentification field the answer is stored in, and the apply form's field name.
    field: str
    label: str
    choices: tuple[tuple[str, str], ...]

    @property
    def values(self) -> frozenset[str]:
        return frozenset(value for value, _ in self.choices)


@dataclass(frozen=True)
class QuestionSet:
    country: str
    basis: str  # why these questions are asked there
    questions: tuple[Question, ...]


US_EEO = QuestionSet(
    country="US",
    basis=(
        "US equal employment opportunity: the EEO-1 categories of sex and race/ethnicity "
        "(29 CFR 1602), used by the bias audit of NYC Local Law 144."
    ),
    questions=(
        Question("sex", gettext_lazy("Sex"), _labelled(SEX_CHOICES)),
        Question("race_ethnicity", gettext_lazy("Race or ethnicity"), _labelled(RACE_CHOICES)),
    ),
)

QUESTION_SETS: dict[str, QuestionSet] = {US_EEO.country: US_EEO}
# Every field a question of any country may store; SelfIdentification has exactly these.
ALL_FIELDS = frozenset(q.field for qs in QUESTION_SETS.values() for q in qs.questions)


def question_set(country: str) -> QuestionSet | None:
    """The questions asked for a job in `country` (ISO 3166-1 alpha-2), or None."""
    return QUESTION_SETS.get((country or "").strip().upper())


def questions_for(country: str) -> tuple[Question, ...]:
    found = question_set(country)
    return found.questions if found else ()


def answers_for(country: str, answers: dict[str, str]) -> dict[str, str]:
    """The answers to store for a job in `country`: only to questions asked there, and only
    values those questions offer (anything else is dropped, never stored)."""
    kept = {}
    for question in questions_for(country):
        value = (answers.get(question.field) or "").strip()
        if value and value in question.values:
            kept[question.field] = value
    return kept
