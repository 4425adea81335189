"""Reads of module and lesson pages, scoped to the user who asks (lms.access decides), free of N+1."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from lms.access import (
    ContentAccess,
    can_read_course_content,
    is_staff_member,
    learner_of,
    stricter_access,
)

from .models import LessonCompletion, LessonPage, ModuleOpening, ModulePage, QuizAttempt


def _openings(module) -> dict:
    return {o.cohort_id: o.opening_date for o in module.openings.all()}


def _course_id(module) -> int:
    # The course is the module's parent; its path is the module's path minus one step.
    from wagtail.models import Page

    return Page.objects.filter(path=module.path[: -module.steplen]).values_list("pk", flat=True).first()


def readable_page(*, user, page, today=None):
    """The module or lesson if `user` may read it now (published module, access, opening to the
    learner's cohort), else None."""
    today = today or timezone.localdate()
    if isinstance(page, LessonPage):
        module = page.get_parent().specific
        if not isinstance(module, ModulePage):
            return None
        if not module.live and not is_staff_member(user):  # staff preview drafts in the admin
            return None
        access = stricter_access(module.access, page.access)
    else:
        module, access = page, page.access
    openings = _openings(module) if access == ContentAccess.LEARNERS else None
    allowed = can_read_course_content(
        user, course_id=_course_id(module), access=access, opening_dates=openings, today=today
    )
    return page if allowed else None


def _visible_lessons(*, user, module):
    """Published lessons of a module the user may read (the module itself already checked)."""
    lessons = LessonPage.objects.child_of(module).live().defer_streamfields().order_by("path")
    if is_staff_member(user):
        return list(lessons)
    learners_read = None  # asked once, when a lesson is for learners only

    def shown(lesson):
        nonlocal learners_read
        access = stricter_access(module.access, lesson.access)
        if access == ContentAccess.LEARNERS:
            if learners_read is None:
                # A public module opened to other cohorts must not list lessons that 404 here.
                learners_read = can_read_course_content(
                    user,
                    course_id=_course_id(module),
                    access=access,
                    opening_dates=_openings(module),
                    today=timezone.localdate(),
                )
            return learners_read
        return access == ContentAccess.PUBLIC

    return [lesson for lesson in lessons if shown(lesson)]


def _done_ids(learner, lesson_ids) -> set:
    if learner is None or not lesson_ids:
        return set()
    return set(
        LessonCompletion.objects.filter(learner=learner, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )


def module_page_context(*, user, module) -> dict:
    learner = learner_of(user)
    lessons = _visible_lessons(user=user, module=module)
    done = _done_ids(learner, [lesson.pk for lesson in lessons])
    for lesson in lessons:
        lesson.is_done = lesson.pk in done
    return {
        "course": module.get_parent().specific,
        "lessons": lessons,
        "learner": learner,
        "done_count": len(done),
        "progress": _percent(len(done), len(lessons)),
    }


def _percent(part, whole) -> int:
    return min(100, round(100 * part / whole)) if whole else 0


def quiz_questions(quiz, chosen=None) -> list[dict]:
    """The quiz as the form shows it: never which answers are right."""
    chosen = chosen or {}
    if quiz is None:
        return []
    return [
        {
            "index": i,
            "number": i + 1,
            "question": q["question"],
            "multiple": bool(q["multiple"]),
            "answers": [
                {"index": j, "text": a["text"], "checked": j in chosen.get(i, set())}
                for j, a in enumerate(q["answers"])
            ],
        }
        for i, q in enumerate(quiz["questions"])
    ]


def feedback_from_result(result) -> dict:
    return {
        "score": result.score,
        "passed": result.passed,
        "pass_mark": result.pass_mark,
        "items": [
            {"question": q.question, "status": q.status, "explanation": q.explanation}
            for q in result.questions
        ],
        "saved": False,
    }


def feedback_from_attempt(attempt) -> dict:
    return {
        "score": attempt.score,
        "passed": attempt.passed,
        "pass_mark": attempt.pass_mark,
        "items": attempt.answers,
        "saved": True,
    }


def lesson_page_context(*, user, lesson, attempt_id=None) -> dict:
    module = lesson.get_parent().specific
    learner = learner_of(user)
    siblings = _visible_lessons(user=user, module=module)
    position = next((i for i, s in enumerate(siblings) if s.pk == lesson.pk), None)
    attempts = []
    shown_attempt = None
    done = False
    if learner is not None:
        done = LessonCompletion.objects.filter(learner=learner, lesson=lesson).exists()
        attempts = list(QuizAttempt.objects.filter(learner=learner, lesson=lesson)[:10])
        if attempt_id:
            shown_attempt = next((a for a in attempts if str(a.pk) == str(attempt_id)), None)
    return {
        "module": module,
        "course": module.get_parent().specific,
        "learner": learner,
        "is_done": done,
        "quiz": lesson.quiz,
        "quiz_questions": quiz_questions(lesson.quiz),
        "feedback": feedback_from_attempt(shown_attempt) if shown_attempt else None,
        "has_passed": any(a.passed for a in attempts),
        "attempts": attempts,
        "best_score": max((a.score for a in attempts), default=None),
        "shown_attempt": shown_attempt,
        "previous_lesson": siblings[position - 1] if position else None,
        "next_lesson": siblings[position + 1]
        if position is not None and position + 1 < len(siblings)
        else None,
        "lesson_number": (position or 0) + 1,
        "lesson_total": len(siblings),
    }


# The learner space and the trainer's roster.


def _course_tree_filter(courses, depth_offset):
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + depth_offset)
    return condition


def learner_modules(*, learner, enrolments, next_session=None, today=None) -> dict:
    """Modules of the learner's courses (`enrolments` with cohort__course loaded) with their
    progress, and what to read before the next session. At most four queries (none without
    modules) whatever the number of courses, modules and lessons."""
    from learners.models import Enrolment

    today = today or timezone.localdate()
    # The enrolments are already loaded: no query to know the learner's cohorts.
    cohort_courses = {e.cohort_id: e.cohort.course_id for e in enrolments if e.status in Enrolment.HOLDS_SEAT}
    courses = {}
    for e in enrolments:
        if e.cohort_id in cohort_courses:
            courses.setdefault(e.cohort.course_id, e.cohort.course)
    if not courses:
        return {"course_modules": [], "to_prepare": [], "to_prepare_session": None}
    modules = list(
        ModulePage.objects.live()
        .filter(_course_tree_filter(courses.values(), 1))
        .exclude(access=ContentAccess.STAFF)
        .prefetch_related(Prefetch("openings", queryset=ModuleOpening.objects.select_related("session")))
        .order_by("path")
    )
    if not modules:
        return {"course_modules": [], "to_prepare": [], "to_prepare_session": None}
    lessons = list(
        LessonPage.objects.live()
        .filter(_course_tree_filter(courses.values(), 2))
        .exclude(access=ContentAccess.STAFF)
        .defer_streamfields()
        .order_by("path")
    )
    done = _done_ids(learner, [lesson.pk for lesson in lessons])
    by_module = {}
    for lesson in lessons:
        lesson.is_done = lesson.pk in done
        by_module.setdefault(lesson.path[: -lesson.steplen], []).append(lesson)
    my_cohorts = {}
    for cohort_id, course_id in cohort_courses.items():
        my_cohorts.setdefault(course_id, []).append(cohort_id)
    result = {course_id: [] for course_id in courses}
    for module in modules:
        course_id = next(c.pk for c in courses.values() if module.path.startswith(c.path))
        openings = {o.cohort_id: o.opening_date for o in module.openings.all()}
        mine = my_cohorts.get(course_id, [])
        # Same rule as lms.access.can_read_course_content: openings reserve a module to the
        # cohorts they name; without any, every cohort of the course reads it.
        dates = [openings[c] for c in mine if c in openings] if openings else [None]
        if not dates and module.access != ContentAccess.PUBLIC:
            continue  # opened to other cohorts only: not part of this learner's path
        module.is_open = module.access == ContentAccess.PUBLIC or any(d is None or d <= today for d in dates)
        module.opens_on = None if module.is_open else min(d for d in dates if d)
        module.lesson_list = by_module.get(module.path, [])
        module.done_count = sum(1 for lesson in module.lesson_list if lesson.is_done)
        module.progress = _percent(module.done_count, len(module.lesson_list))
        result[course_id].append(module)
    to_prepare = []
    if next_session is not None and next_session.module_id:
        # Only the modules kept for this learner: one opened to other cohorts has no is_open.
        for module in (m for kept in result.values() for m in kept):
            if module.course_module_id == next_session.module_id and module.is_open:
                to_prepare = [lesson for lesson in module.lesson_list if not lesson.is_done]
    return {
        "course_modules": [{"course": courses[c], "modules": mods} for c, mods in result.items() if mods],
        "to_prepare": to_prepare,
        "to_prepare_session": next_session if to_prepare else None,
    }


def cohort_preparation(*, enrolments, sessions, today=None) -> dict:
    """For the trainer's roster: the next session's module (`sessions`: the cohort's, in order),
    and for each learner how many of its lessons they have done. No query when the next sessions
    have no module, three otherwise."""
    today = today or timezone.localdate()
    session = next((s for s in sessions if s.date >= today and s.module_id), None)
    module = None
    if session is not None:
        module = (
            ModulePage.objects.live()
            .filter(course_module_id=session.module_id)
            .prefetch_related("openings")
            .first()
        )
    if module is not None and not _opened_to(module, session.cohort_id):
        module = None  # opened to other cohorts only: nothing for this one to prepare
    if module is None:
        return {"prep_session": session, "prep_module": None, "prep_total": 0}
    lesson_ids = list(
        LessonPage.objects.live()
        .child_of(module)
        .exclude(access=ContentAccess.STAFF)
        .values_list("pk", flat=True)
    )
    counts = dict(
        LessonCompletion.objects.filter(
            lesson_id__in=lesson_ids, learner_id__in=[e.learner_id for e in enrolments]
        )
        .values("learner_id")
        .annotate(n=Count("pk"))
        .values_list("learner_id", "n")
    )
    for e in enrolments:
        e.prep_done = counts.get(e.learner_id, 0)
        e.prep_complete = bool(lesson_ids) and e.prep_done >= len(lesson_ids)
    return {"prep_session": session, "prep_module": module, "prep_total": len(lesson_ids)}


def theory_passes(*, learner_ids, skill_ids) -> set:
    """{(learner_id, skill_id, level)} of passed quizzes tied to a skill level: the theory part."""
    return set(
        QuizAttempt.objects.filter(
            learner_id__in=learner_ids, skill_id__in=skill_ids, passed=True
        ).values_list("learner_id", "skill_id", "level")
    )


def _opened_to(module, cohort_id) -> bool:
    """The rule of lms.access.can_read_course_content, dates aside: openings reserve a module to
    the cohorts they name; a module without any is for every cohort of the course."""
    openings = module.openings.all()
    return not openings or any(o.cohort_id == cohort_id for o in openings)


def theory_lessons(*, course, skill_ids, cohort_id=None) -> dict:
    """{(skill_id, level): lesson} of the course's published lessons whose quiz is the theory part;
    with `cohort_id`, only in modules opened to that cohort (a quiz its learners cannot open must
    not hold back their practical validation)."""
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .filter(quiz_skill_id__in=skill_ids)
        .defer_streamfields()
        .order_by("path")
    )
    if lessons and cohort_id is not None:
        modules = ModulePage.objects.live().descendant_of(course).prefetch_related("openings")
        allowed = {m.path for m in modules if _opened_to(m, cohort_id)}
        lessons = [lesson for lesson in lessons if lesson.path[: -lesson.steplen] in allowed]
    found = {}
    for lesson in lessons:
        found.setdefault((lesson.quiz_skill_id, lesson.quiz_level), lesson)
    return found


def theory_missing(*, enrolment, skill, level):
    """The lesson whose quiz the learner must pass before a trainer validates `skill` at `level`
    in this enrolment's course, or None when there is none or it is passed."""
    lesson = theory_lessons(
        course=enrolment.cohort.course, skill_ids=[skill.pk], cohort_id=enrolment.cohort_id
    ).get((skill.pk, int(level)))
    if lesson is None:
        return None
    passed = QuizAttempt.objects.filter(
        learner_id=enrolment.learner_id, skill=skill, level__gte=level, passed=True
    ).exists()
    return None if passed else lesson


def theory_waiting_practice(*, learner, best_levels: dict) -> list[dict]:
    """Skill levels whose quiz the learner passed and that no trainer has validated yet
    (`best_levels` {skill_id: highest validated level}). One query."""
    seen = {}
    for attempt in (
        QuizAttempt.objects.filter(learner=learner, passed=True, skill__isnull=False)
        .select_related("skill")
        .order_by("skill__name", "level")
    ):
        if best_levels.get(attempt.skill_id, 0) < attempt.level:
            seen.setdefault(
                (attempt.skill_id, attempt.level), {"skill": attempt.skill, "level": attempt.level}
            )
    return list(seen.values())


def learning_data(learner) -> dict:
    """The learner's quiz attempts and finished lessons, for "Mes données" (two queries)."""
    attempts = (
        QuizAttempt.objects.filter(learner=learner).select_related("skill").order_by("created_at", "pk")
    )
    completions = (
        LessonCompletion.objects.filter(learner=learner)
        .select_related("lesson")
        .order_by("completed_at", "pk")
    )
    results = {"right": "juste", "partial": "en partie juste", "wrong": "faux"}

    def answers(attempt):
        # The stored snapshot keeps its own keys; the learner reads French ones.
        return [
            {
                "question": a.get("question"),
                "reponses_choisies": a.get("chosen_text", []),
                "points": a.get("points"),
                "resultat": results.get(a.get("status"), a.get("status")),
                "explication": a.get("explanation"),
            }
            for a in attempt.answers or []
        ]

    def local(moment):
        return timezone.localtime(moment).isoformat()

    return {
        "quiz": [
            {
                "lecon": a.lesson_title,
                "le": local(a.created_at),
                "score": a.score,
                "note_pour_reussir": a.pass_mark,
                "reussi": a.passed,
                "habilitation": f"{a.skill.name} niveau {a.level}" if a.skill_id else None,
                "reponses": answers(a),
            }
            for a in attempts
        ],
        "lecons_terminees": [
            {"lecon": c.lesson.title, "le": local(c.completed_at), "comment": c.get_via_display()}
            for c in completions
        ],
    }


def document_readable(*, user, document) -> bool:
    """A file of a reserved lesson (template, G-code) is readable by whoever may read one of the
    published pages that link it. A file that only other pages of the site link, or that no page
    links, stays public as Wagtail serves it. Without this, a document's sequential id gave
    reserved files to anyone."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    if is_staff_member(user):
        return True
    page_ids = {
        int(pk)
        for pk in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    }
    if not page_ids:
        return True
    pages = list(Page.objects.filter(pk__in=page_ids).specific().defer_streamfields())
    learning = [p for p in pages if isinstance(p, ModulePage | LessonPage)]
    if not learning or any(p.live for p in pages if p not in learning):
        return True  # a page of the public site links it (or only drafts outside the courses)
    # Public pages first: most files answer without reading a module's openings.
    live = sorted((p for p in learning if p.live), key=lambda p: p.access != ContentAccess.PUBLIC)
    seen_modules = set()
    for page in live:
        module_path = page.path if isinstance(page, ModulePage) else page.path[: -page.steplen]
        if (module_path, page.access) in seen_modules:
            continue  # same module, same access: same answer
        seen_modules.add((module_path, page.access))
        if readable_page(user=user, page=page) is not None:
            return True
    return False  # linked from reserved lessons only (or drafts of them): reserved
