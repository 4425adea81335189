"""Quiz scoring rules (courses.learning.scoring), including partial multiple-choice answers."""

from fractions import Fraction

from courses.learning.scoring import question_points, score_quiz


def q(correct, multiple):
    return {
        "question": "?",
        "multiple": multiple,
        "answers": [{"text": str(i), "correct": c} for i, c in enumerate(correct)],
        "explanation": "",
    }


def test_single_choice_right_wrong_or_several_ticks():
    correct = [False, True, False]
    assert question_points(correct=correct, chosen={1}, multiple=False) == 1
    assert question_points(correct=correct, chosen={0}, multiple=False) == 0
    # A forged request ticking two radio answers gets nothing.
    assert question_points(correct=correct, chosen={0, 1}, multiple=False) == 0
    assert question_points(correct=correct, chosen=set(), multiple=False) == 0


def test_multiple_choice_partial_answers():
    correct = [True, True, True, False]  # three right, one wrong
    assert question_points(correct=correct, chosen={0, 1, 2}, multiple=True) == 1
    assert question_points(correct=correct, chosen={0, 1}, multiple=True) == Fraction(2, 3)
    assert question_points(correct=correct, chosen={0}, multiple=True) == Fraction(1, 3)
    # A wrong tick takes off its share of the wrong answers (all of it, here: there is one).
    assert question_points(correct=correct, chosen={0, 1, 3}, multiple=True) == 0
    # Never below zero.
    assert question_points(correct=correct, chosen={3}, multiple=True) == 0


def test_ticking_every_box_scores_nothing():
    for correct in ([True, False], [True, True, False, False], [True, True, True, False]):
        assert question_points(correct=correct, chosen=set(range(len(correct))), multiple=True) == 0


def test_two_right_two_wrong_half_and_half():
    correct = [True, True, False, False]
    assert question_points(correct=correct, chosen={0}, multiple=True) == Fraction(1, 2)
    assert question_points(correct=correct, chosen={0, 1, 2}, multiple=True) == Fraction(1, 2)


def test_out_of_range_answers_are_ignored():
    assert question_points(correct=[True, False], chosen={0, 7, -1}, multiple=True) == 1


def test_quiz_score_is_the_mean_rounded_down_and_threshold_is_exact():
    questions = [q([True, False], False)] * 3
    result = score_quiz(questions, {0: {0}, 1: {0}, 2: {1}}, pass_mark=67)
    assert result.score == 66  # 66.67 % shown as 66
    assert not result.passed  # and 66.67 does not reach 67
    assert score_quiz(questions, {0: {0}, 1: {0}, 2: {1}}, pass_mark=66).passed
    assert [r.status for r in result.questions] == ["right", "right", "wrong"]


def test_partial_question_counts_its_share_of_the_quiz():
    questions = [q([True, False], False), q([True, True, False, False], True)]
    result = score_quiz(questions, {0: {0}, 1: {0}}, pass_mark=75)
    assert result.score == 75 and result.passed
    assert [r.status for r in result.questions] == ["right", "partial"]
    assert not score_quiz(questions, {0: {0}, 1: {0}}, pass_mark=76).passed


def test_full_marks_pass_a_hundred_percent_threshold():
    questions = [q([True, True, False], True)]
    assert score_quiz(questions, {0: {0, 1}}, pass_mark=100).passed
