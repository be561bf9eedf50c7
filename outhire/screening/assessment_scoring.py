"""Scoring an assessment's answers (pure Python, no Django).

- multiple choice: the points of the option chosen (each option carries its points);
- rating scale 1-5: the rating as a share of the question's points (a 5 earns them all, a 1 a
  fifth), so a scale is comparable with other questions;
- free text: no automatic points; a reviewer awards 0 up to the question's points against its
  rubric.

Flag rules never reject anyone: a flagged answer (an option marked to flag, a rating at or below
the question's threshold) puts the sitting in front of a person with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CHOICE, RATING, TEXT = "choice", "rating", "text"
SCALE = 5


@dataclass(frozen=True)
class Question:
    id: int
    kind: str
    prompt: str
    options: list[dict] = field(default_factory=list)  # [{"label", "points", "flag"}]
    max_points: float = 5
    flag_at_or_below: int = 0


@dataclass(frozen=True)
class Answer:
    choice: int | None = None
    rating: int | None = None
    text: str = ""


@dataclass
class Scored:
    auto_points: float
    possible_points: float
    needs_review: bool
    flags: list[str]
    points: dict[int, float | None]  # question id -> automatic points (None for free text)


def possible(question: Question) -> float:
    if question.kind == CHOICE:
        return max((float(o.get("points") or 0) for o in question.options), default=0.0)
    return float(question.max_points)


def answer_points(question: Question, answer: Answer | None) -> float | None:
    if question.kind == TEXT:
        return None
    if answer is None:
        return 0.0
    if question.kind == CHOICE:
        if answer.choice is None or not 0 <= answer.choice < len(question.options):
            return 0.0
        return float(question.options[answer.choice].get("points") or 0)
    if answer.rating is None or not 1 <= answer.rating <= SCALE:
        return 0.0
    return round(question.max_points * answer.rating / SCALE, 2)


def flag_reason(question: Question, answer: Answer | None) -> str | None:
    if answer is None:
        return None
    if (
        question.kind == CHOICE
        and answer.choice is not None
        and (0 <= answer.choice < len(question.options))
    ):
        option = question.options[answer.choice]
        if option.get("flag"):
            return f"“{question.prompt}”: answered “{option.get('label')}”"
    if (
        question.kind == RATING
        and question.flag_at_or_below
        and answer.rating is not None
        and answer.rating <= question.flag_at_or_below
    ):
        return f"“{question.prompt}”: rated {answer.rating} of {SCALE}"
    return None


def score(questions: list[Question], answers: dict[int, Answer]) -> Scored:
    """Automatic points of a submission, what remains for a reviewer, and the flags raised."""
    points: dict[int, float | None] = {}
    flags: list[str] = []
    needs_review = False
    for q in questions:
        answer = answers.get(q.id)
        points[q.id] = answer_points(q, answer)
        if q.kind == TEXT and answer is not None and answer.text.strip():
            needs_review = True
        reason = flag_reason(q, answer)
        if reason:
            flags.append(reason)
    return Scored(
        auto_points=sum(p for p in points.values() if p is not None),
        possible_points=sum(possible(q) for q in questions),
        needs_review=needs_review,
        flags=flags,
        points=points,
    )


def parse_options(text: str) -> list[dict]:
    """Options typed one a line as "label | points" or "label | points | flag".

    Raises ValueError with a sentence naming the line at fault.
    """
    options = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        label = parts[0]
        if not label:
            raise ValueError(
                _("Line %(number)s: give the option's text before the “|”.") % {"number": number}
            )
        try:
            points = float(parts[1]) if len(parts) > 1 and parts[1] else 0.0
        except ValueError:
            raise ValueError(
                _("Line %(number)s: “%(points)s” is not a number of points.")
                % {"number": number, "points": parts[1]}
            ) from None
        if points < 0 or points > 100:
            raise ValueError(_("Line %(number)s: points go from 0 to 100.") % {"number": number})
        flag = len(parts) > 2 and parts[2].lower() in {"flag", "yes", "y", "1", "true"}
        options.append({"label": label[:300], "points": points, "flag": flag})
    return options


def options_text(options: list[dict]) -> str:
    return "\n".join(
        f"{o['label']} | {o['points']:g}" + (" | flag" if o.get("flag") else "") for o in options
    )
