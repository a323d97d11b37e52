"""The job-offer safety check: questions as data, which question comes next, and the score.

Plain functions over plain data (no aiogram, no database), so the rules that decide whether an
offer is called dangerous can be tested on their own. The questions live in
`content/contract_check.yaml`; `parse_questionnaire` validates them strictly, because a typo in
a flag (e.g. `red: [yes]` read by YAML as `True`) would silently turn a red flag off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

LOCALES = ("ky", "ru", "en")
# "eaeu": Kazakhstan or another country of the Eurasian Economic Union other than Russia.
DESTINATIONS = ("russia", "turkey", "korea", "europe", "eaeu", "other")
# Kyrgyzstan is in the EAEU: its citizens work in the other member states without a work visa,
# permit or patent (content-facts §1, EAEU Treaty Art. 97), so questions about work visas must
# not be asked (or scored) for these destinations: a visa-free EAEU job is no warning sign.
WORK_VISA_FREE = frozenset({"russia", "eaeu"})
# Buttons every question has; a question may add "na" (e.g. "No agency") with its own label.
BASE_ANSWERS = ("yes", "no", "unsure")
ALL_ANSWERS = (*BASE_ANSWERS, "na")
# At most 16 questions on any path: the check is done on a phone, often on a cheap one.
MIN_QUESTIONS, MAX_QUESTIONS = 10, 16
VERIFIED_FORMAT_HINT = "YYYY-MM-DD"


class Level(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


_SEVERITY = {Level.GREEN: 0, Level.AMBER: 1, Level.RED: 2}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: Mapping[str, str]
    topic: Mapping[str, str]  # neutral title for results, shares and staff stats
    explain: Mapping[str, str]
    todo: Mapping[str, str]
    red: frozenset[str]
    amber: frozenset[str]
    na_label: Mapping[str, str] | None
    destinations: frozenset[str] | None  # None: asked for every destination
    skip_if: Mapping[str, str]  # {earlier question id: answer}
    sources: tuple[str, ...]
    verified: date
    review_by: date  # when staff re-read the question against its sources
    needs_work_visa: bool = False  # about work visas: never asked where none is needed (EAEU)

    @property
    def answers(self) -> tuple[str, ...]:
        return (*BASE_ANSWERS, "na") if self.na_label else BASE_ANSWERS

    def level_of(self, answer: str) -> Level:
        if answer in self.red:
            return Level.RED
        if answer in self.amber:
            return Level.AMBER
        return Level.GREEN


@dataclass(frozen=True, slots=True)
class Questionnaire:
    questions: tuple[Question, ...]
    version: str  # hash of the file: stored with results so stats survive edits knowingly

    def get(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


@dataclass(frozen=True, slots=True)
class Flag:
    question_id: str
    level: Level
    answer: str


@dataclass(frozen=True, slots=True)
class Result:
    level: Level
    flags: tuple[Flag, ...]  # red first, then amber; each group in question order

    @property
    def red(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.level is Level.RED)

    @property
    def amber(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.level is Level.AMBER)


# ---------------------------------------------------------------- flow


def applicable(
    questionnaire: Questionnaire, destination: str, answers: Mapping[str, str]
) -> list[Question]:
    """The questions this person is asked, in order: filtered by destination and by earlier
    answers (no contract → no questions about what the contract says)."""
    chosen: list[Question] = []
    for question in questionnaire.questions:
        if question.destinations is not None and destination not in question.destinations:
            continue
        if question.needs_work_visa and destination in WORK_VISA_FREE:
            continue
        if any(answers.get(qid) == value for qid, value in question.skip_if.items()):
            continue
        chosen.append(question)
    return chosen


def next_question(
    questionnaire: Questionnaire,
    destination: str,
    answers: Mapping[str, str],
    after: str | None = None,
) -> Question | None:
    """The first unanswered question after `after` (or from the start), wrapping round, so a
    changed answer leads to what is still open rather than through everything again.
    None: everything is answered and the result can be shown."""
    questions = applicable(questionnaire, destination, answers)
    ids = [q.id for q in questions]
    start = ids.index(after) + 1 if after in ids else 0
    for question in questions[start:] + questions[:start]:
        if question.id not in answers:
            return question
    return None


def previous_question(
    questionnaire: Questionnaire,
    destination: str,
    answers: Mapping[str, str],
    current: str | None,
) -> Question | None:
    """The question before `current`; before the first one there is none (the caller then
    goes back to the destination choice). `current=None` means "from the result screen"."""
    questions = applicable(questionnaire, destination, answers)
    ids = [q.id for q in questions]
    if current is None:
        return questions[-1] if questions else None
    if current not in ids:
        return None
    index = ids.index(current)
    return questions[index - 1] if index > 0 else None


def position(
    questionnaire: Questionnaire, destination: str, answers: Mapping[str, str], current: str
) -> tuple[int, int]:
    """(number, total) for the progress line "4/12"."""
    ids = [q.id for q in applicable(questionnaire, destination, answers)]
    number = ids.index(current) + 1 if current in ids else len(ids)
    return number, len(ids)


def answered_count(
    questionnaire: Questionnaire, destination: str, answers: Mapping[str, str]
) -> tuple[int, int]:
    questions = applicable(questionnaire, destination, answers)
    return sum(1 for q in questions if q.id in answers), len(questions)


# ---------------------------------------------------------------- scoring


def score(questionnaire: Questionnaire, destination: str, answers: Mapping[str, str]) -> Result:
    """Green / amber / red from the answers to the questions that apply.

    Any red answer → red; otherwise any amber answer → amber; otherwise green. A question that
    applies but has no answer counts as "not sure": the check never calls an offer safer than
    what the person actually told it. Answers to questions that no longer apply (a changed
    destination, a skipped follow-up) are ignored.
    """
    flags: list[Flag] = []
    for question in applicable(questionnaire, destination, answers):
        answer = answers.get(question.id, "unsure")
        if answer not in question.answers:
            answer = "unsure"
        level = question.level_of(answer)
        if level is not Level.GREEN:
            flags.append(Flag(question.id, level, answer))
    flags.sort(key=lambda f: -_SEVERITY[f.level])  # stable: question order within a level
    overall = max((f.level for f in flags), key=_SEVERITY.__getitem__, default=Level.GREEN)
    return Result(level=overall, flags=tuple(flags))


# ---------------------------------------------------------------- loading


class QuestionnaireError(ValueError):
    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        #: Every problem, each starting with the question's id (or "questions[i]").
        self.problems = problems if problems is not None else [message]


def _texts(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: needs ky/ru/en texts")
        return {}
    out: dict[str, str] = {}
    for locale in LOCALES:
        value = raw.get(locale)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}.{locale}: missing")
            continue
        out[locale] = value.strip()
    extra = set(raw) - set(LOCALES)
    if extra:
        problems.append(f"{where}: unknown languages {sorted(extra)}")
    return out


def _answers(raw: Any, where: str, problems: list[str]) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        # `[yes]` unquoted is read by YAML 1.1 as [True]: refuse rather than guess.
        problems.append(f"{where}: must be a list of quoted answers {ALL_ANSWERS}")
        return frozenset()
    unknown = set(raw) - set(ALL_ANSWERS)
    if unknown:
        problems.append(f"{where}: unknown answers {sorted(unknown)}")
    return frozenset(raw)


def parse_questionnaire(data: Any, version: str = "") -> Questionnaire:
    problems: list[str] = []
    raw_questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(raw_questions, list):
        raise QuestionnaireError("top level needs a `questions` list")
    questions: list[Question] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_questions):
        where = f"questions[{index}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: not a mapping")
            continue
        qid = raw.get("id")
        if not isinstance(qid, str) or not qid.replace("_", "").isalnum() or len(qid) > 20:
            problems.append(f"{where}: id must be [a-z0-9_], at most 20 characters")
            continue
        where = f"{qid}"
        if qid in seen:
            problems.append(f"{where}: duplicate id")
        red = _answers(raw.get("red"), f"{where}.red", problems)
        amber = _answers(raw.get("amber"), f"{where}.amber", problems)
        if red & amber:
            problems.append(f"{where}: an answer is both red and amber")
        if not red and not amber:
            problems.append(f"{where}: flags no answer at all")
        na_label = (
            _texts(raw["na_label"], f"{where}.na_label", problems) if raw.get("na_label") else None
        )
        if "na" in red | amber and na_label is None:
            problems.append(f"{where}: flags `na` but has no na_label")
        destinations_raw = raw.get("destinations")
        destinations = None
        if destinations_raw is not None:
            if not isinstance(destinations_raw, list) or set(destinations_raw) - set(DESTINATIONS):
                problems.append(f"{where}.destinations: use {DESTINATIONS}")
            else:
                destinations = frozenset(destinations_raw)
        skip_if_raw = raw.get("skip_if") or {}
        skip_if: dict[str, str] = {}
        if not isinstance(skip_if_raw, dict):
            problems.append(f"{where}.skip_if: must be a mapping")
        else:
            for other, value in skip_if_raw.items():
                if other not in seen:
                    problems.append(f"{where}.skip_if: {other} is not an earlier question")
                if value not in ALL_ANSWERS:
                    problems.append(f"{where}.skip_if: quote the answer ({value!r})")
                skip_if[str(other)] = str(value)
        sources = raw.get("sources")
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) and s.strip() for s in sources)
        ):
            problems.append(f"{where}.sources: every question cites at least one source")
            sources = []
        verified = raw.get("verified")
        if not isinstance(verified, date):
            problems.append(f"{where}.verified: a date ({VERIFIED_FORMAT_HINT})")
            verified = date.min
        review_by = raw.get("review_by")
        if not isinstance(review_by, date):
            problems.append(f"{where}.review_by: a date ({VERIFIED_FORMAT_HINT})")
            review_by = date.min
        elif review_by < verified:
            problems.append(f"{where}.review_by: {review_by} is before verified {verified}")
        needs_work_visa = raw.get("needs_work_visa", False)
        if not isinstance(needs_work_visa, bool):
            problems.append(f"{where}.needs_work_visa: true or false")
            needs_work_visa = False
        if needs_work_visa and destinations is not None and destinations & WORK_VISA_FREE:
            problems.append(
                f"{where}: a work-visa question cannot apply to {sorted(WORK_VISA_FREE)}"
            )
        seen.add(qid)
        questions.append(
            Question(
                id=qid,
                text=_texts(raw.get("text"), f"{where}.text", problems),
                topic=_texts(raw.get("topic"), f"{where}.topic", problems),
                explain=_texts(raw.get("explain"), f"{where}.explain", problems),
                todo=_texts(raw.get("todo"), f"{where}.todo", problems),
                red=red,
                amber=amber,
                na_label=na_label,
                destinations=destinations,
                skip_if=skip_if,
                sources=tuple(s.strip() for s in sources),
                verified=verified,
                review_by=review_by,
                needs_work_visa=needs_work_visa,
            )
        )
    for destination in DESTINATIONS:
        count = len(applicable(Questionnaire(tuple(questions), version), destination, {}))
        if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
            problems.append(
                f"{destination}: {count} questions; keep {MIN_QUESTIONS}–{MAX_QUESTIONS}"
            )
    if problems:
        raise QuestionnaireError("; ".join(problems), problems)
    return Questionnaire(tuple(questions), version)
