"""The lesson page's two actions (quiz answers, "I have read it"): parse, call a service, answer.
Reached from LessonPage.serve once the page is known readable."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import selectors, services


def _chosen(post, count: int) -> dict[int, set[int]]:
    chosen = {}
    for i in range(count):
        picked = set()
        for raw in post.getlist(f"q{i}"):
            try:
                picked.add(int(raw))
            except (TypeError, ValueError):
                continue
        if picked:
            chosen[i] = picked
    return chosen


def _render(request, lesson, status=200, **extra):
    context = lesson.get_context(request)
    context.update(extra)
    return TemplateResponse(request, lesson.get_template(request), context, status=status)


def lesson_post(request, lesson):
    action = request.POST.get("action")
    url = lesson.get_url(request)
    if action == "done":
        try:
            services.mark_lesson_done(lesson=lesson, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Bravo, leçon terminée !"))
        return redirect(url)
    if action == "quiz":
        quiz = lesson.quiz
        count = len(quiz["questions"]) if quiz else 0
        chosen = _chosen(request.POST, count)
        try:
            result, attempt = services.submit_quiz(lesson=lesson, user=request.user, chosen=chosen)
        except ValidationError as exc:
            return _render(
                request,
                lesson,
                status=400,
                quiz_error=exc.messages[0],
                quiz_questions=selectors.quiz_questions(quiz, chosen),
            )
        if attempt is None:
            # Not a learner (a trainer trying it, a visitor on a public lesson): shown, not kept.
            return _render(
                request,
                lesson,
                feedback=selectors.feedback_from_result(result),
                quiz_questions=selectors.quiz_questions(quiz, chosen),
            )
        return redirect(f"{url}?essai={attempt.pk}#resultat")
    messages.error(request, _("Action inconnue."))
    return redirect(url)
