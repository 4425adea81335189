"""Quiz scoring, kept pure so that it is easy to test and to explain.

- Single choice: 1 point if the chosen answer is the right one, else 0.
- Multiple choice, with partial answers: each right answer ticked earns its share of the right
  answers (1 / number of right answers); each wrong answer ticked takes off its share of the wrong
  answers (1 / number of wrong answers); a question never scores below 0. Ticking every box scores
  0, ticking only the right ones scores 1, half the right ones and nothing wrong scores 0.5.
- The quiz score is the mean of its questions, in percent. The pass test is exact (fractions):
  2 questions right out of 3 is 66.67 %, which does not pass a 67 % mark; the score shown is
  rounded down, so a learner never sees a passing figure on a failed attempt.
"""

from dataclasses import dataclass, field
from fractions import Fraction
from math import floor


@dataclass
class QuestionResult:
    index: int
    question: str
    chosen: list[int]
    points: Fraction
    explanation: str
    multiple: bool

    @property
    def status(self) -> str:
        if self.points == 1:
            return "right"
        return "partial" if self.points > 0 else "wrong"


@dataclass
class QuizResult:
    questions: list[QuestionResult] = field(default_factory=list)
    pass_mark: int = 80

    @property
    def fraction(self) -> Fraction:
        if not self.questions:
            return Fraction(0)
        return sum((q.points for q in self.questions), Fraction(0)) / len(self.questions)

    @property
    def score(self) -> int:
        return floor(self.fraction * 100)

    @property
    def passed(self) -> bool:
        return bool(self.questions) and self.fraction * 100 >= self.pass_mark

    @property
    def right_count(self) -> int:
        return sum(1 for q in self.questions if q.status == "right")


def question_points(*, correct: list[bool], chosen: set[int], multiple: bool) -> Fraction:
    chosen = {i for i in chosen if 0 <= i < len(correct)}
    if not multiple:
        if len(chosen) != 1:
            return Fraction(0)
        return Fraction(1) if correct[next(iter(chosen))] else Fraction(0)
    rights = sum(1 for c in correct if c)
    wrongs = len(correct) - rights
    if rights == 0:
        return Fraction(0)
    gained = Fraction(sum(1 for i in chosen if correct[i]), rights)
    lost = Fraction(sum(1 for i in chosen if not correct[i]), wrongs) if wrongs else Fraction(0)
    return max(Fraction(0), gained - lost)


def score_quiz(questions, chosen: dict[int, set[int]], *, pass_mark: int) -> QuizResult:
    """`questions`: the quiz block's questions (dicts or StructValues with question, multiple,
    answers [{text, correct}], explanation); `chosen`: {question index: {answer indexes}}."""
    result = QuizResult(pass_mark=pass_mark)
    for i, q in enumerate(questions):
        correct = [bool(a["correct"]) for a in q["answers"]]
        picked = chosen.get(i, set())
        result.questions.append(
            QuestionResult(
                index=i,
                question=q["question"],
                chosen=sorted(picked),
                points=question_points(correct=correct, chosen=picked, multiple=bool(q["multiple"])),
                explanation=q["explanation"],
                multiple=bool(q["multiple"]),
            )
        )
    return result
