"""Demo content for the discovery workshop: five module pages with lessons, one quiz per machine,
files to download, step-by-step photos; a few of the demo learner's completions and attempts.
Idempotent: a course that already has module pages is left as it is."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.rich_text import RichText

from . import demo_content as C
from .models import LessonPage, ModuleOpening, ModulePage
from .services import mark_lesson_done, submit_quiz

COLOURS = [(11, 93, 75), (10, 79, 168), (179, 38, 30), (110, 82, 0), (74, 74, 74)]


def _picture(title: str, number: int):
    """A plain illustration (a numbered step card): the demo has no photos of its own."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont
    from wagtail.images.models import Image

    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    colour = COLOURS[number % len(COLOURS)]
    canvas = PILImage.new("RGB", (1600, 1000), (243, 244, 241))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((60, 60, 1540, 940), radius=60, outline=colour, width=24)
    draw.ellipse((140, 140, 460, 460), fill=colour)
    font = ImageFont.load_default(size=180)
    draw.text((300, 300), str(number), fill=(255, 255, 255), font=font, anchor="mm")
    # No words in the picture: the step's text and the alt text carry them.
    draw.rounded_rectangle((560, 260, 1400, 340), radius=40, fill=(208, 212, 204))
    draw.rounded_rectangle((560, 420, 1240, 500), radius=40, fill=(208, 212, 204))
    draw.rounded_rectangle((160, 620, 1400, 820), radius=40, outline=colour, width=12)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    from django.core.files.images import ImageFile

    image = Image(title=title, file=ImageFile(buffer, name=f"demo-{number}.jpg"))
    image.save()
    return image


def _document(title: str, filename: str, content: str):
    from wagtail.documents.models import Document

    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    data = content.encode("utf-8")
    document = Document(title=title, file_size=len(data))
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


def _photo(image, alt):
    image.contextual_alt_text = alt
    image.decorative = False
    return image


def _steps(title, steps):
    return (
        "steps",
        {
            "title": title,
            "steps": [
                {"photo": _photo(_picture(text, i + 1), text), "text": text} for i, text in enumerate(steps)
            ],
        },
    )


def _text(html):
    return ("text", RichText(html))


def _lessons(skills):
    keyring = _document("Gabarit porte-clés (SVG)", "gabarit-porte-cles.svg", C.KEYRING_SVG)
    cube_stl = _document("Cube de calibration 20 mm (STL)", "cube-calibration-20mm.stl", C.CUBE_STL)
    cube_gcode = _document("Cube de calibration 20 mm (G-code)", "cube-calibration-20mm.gcode", C.CUBE_GCODE)
    return {
        "Sécurité au fab lab": [
            (
                "Les règles de l'atelier",
                "Six règles simples pour ne pas se blesser.",
                [
                    _text(
                        "<p>Le fab lab est un atelier.</p><p>Il y a des machines qui coupent, "
                        "qui chauffent et qui brûlent.</p><p>Les règles protègent tout le monde.</p>"
                    ),
                    (
                        "safety",
                        {"title": "Avant d'entrer dans l'atelier, je vérifie", "items": C.SAFETY_RULES},
                    ),
                ],
                {},
            ),
            (
                "En cas de problème",
                "Que faire si quelqu'un se blesse ou si quelque chose prend feu.",
                [
                    _text(
                        "<p><b>Je garde mon calme.</b></p><p>J'arrête la machine avec le gros "
                        "bouton rouge : l'arrêt d'urgence.</p><p>J'appelle le fab manager.</p>"
                        "<p>Si quelqu'un est blessé, j'appelle le 15 (SAMU) ou le 112.</p>"
                    ),
                    _steps(
                        "Les trois gestes",
                        [
                            "J'appuie sur l'arrêt d'urgence.",
                            "J'appelle le fab manager.",
                            "J'appelle le 15 ou le 112 si quelqu'un est blessé.",
                        ],
                    ),
                ],
                {},
            ),
        ],
        "Dessin vectoriel": [
            (
                "Découvrir Inkscape",
                "Le logiciel gratuit pour dessiner son objet.",
                [
                    _text(
                        "<p>Inkscape est un logiciel de dessin.</p><p>Il est gratuit.</p>"
                        "<p>Il fait des dessins « vectoriels » : des traits que la machine sait suivre.</p>"
                    ),
                    _steps(
                        "Dessiner un porte-clés",
                        [
                            "J'ouvre le gabarit du porte-clés.",
                            "J'écris mon prénom avec l'outil Texte.",
                            "J'enregistre mon fichier sur ma clé USB.",
                        ],
                    ),
                    (
                        "file",
                        {
                            "document": keyring,
                            "description": "Le modèle du porte-clés, à ouvrir dans Inkscape.",
                        },
                    ),
                ],
                {},
            ),
            (
                "Préparer son fichier pour la découpe",
                "Les couleurs que la machine comprend.",
                [
                    _text(
                        "<p>La machine lit les couleurs des traits.</p><ul>"
                        "<li><b>Rouge, trait très fin</b> : la machine découpe.</li>"
                        "<li><b>Noir, forme remplie</b> : la machine grave.</li></ul>"
                        "<p>Je transforme mon texte en chemin : menu Chemin, puis Objet en chemin.</p>"
                    ),
                ],
                {},
            ),
        ],
        "Découpe laser": [
            (
                "Comment marche la découpeuse laser",
                "Un rayon de lumière très fort qui brûle la matière.",
                [
                    _text(
                        "<p>Le laser est un rayon de lumière très fort.</p><p>Il brûle la matière "
                        "pour la couper ou pour la graver.</p><p>Il peut faire du feu. "
                        "Il fait de la fumée. Il peut abîmer les yeux.</p>"
                    ),
                    ("safety", {"title": "Avant de lancer une découpe, je vérifie", "items": C.LASER_CHECKS}),
                ],
                {},
            ),
            (
                "Lancer une découpe pas à pas",
                "De la clé USB à l'objet découpé.",
                [
                    _steps(
                        "Lancer une découpe",
                        [
                            "J'allume l'aspiration des fumées.",
                            "Je pose la plaque de bois bien à plat.",
                            "Je fais la mise au point avec la cale.",
                            "J'ouvre mon fichier et je vérifie les couleurs.",
                            "Je ferme le capot et je lance. Je reste à côté.",
                        ],
                    ),
                ],
                {},
            ),
            (
                "Quiz : habilitation découpe laser",
                "Réussir ce quiz valide la théorie. Le formateur valide ensuite la pratique.",
                [
                    _text(
                        "<p>Cinq questions sur la sécurité et la découpe.</p>"
                        "<p>Il faut 80 % pour réussir.</p>"
                    ),
                    ("quiz", C.LASER_QUIZ),
                ],
                {"quiz_skill": skills.get("Découpe laser"), "quiz_level": 1, "quiz_pass_mark": 80},
            ),
        ],
        "Impression 3D": [
            (
                "Comment marche une imprimante 3D",
                "Du plastique fondu, posé couche par couche.",
                [
                    _text(
                        "<p>L'imprimante 3D fait fondre un fil de plastique : le filament.</p>"
                        "<p>Elle pose le plastique couche par couche.</p>"
                        "<p>La buse est très chaude. Je ne la touche jamais.</p>"
                    ),
                    (
                        "file",
                        {
                            "document": cube_stl,
                            "description": "La forme du cube, à ouvrir dans le trancheur.",
                        },
                    ),
                    (
                        "file",
                        {
                            "document": cube_gcode,
                            "description": "Le cube déjà préparé pour notre imprimante.",
                        },
                    ),
                ],
                {},
            ),
            (
                "Quiz : habilitation impression 3D",
                "Réussir ce quiz valide la théorie. Le formateur valide ensuite la pratique.",
                [("quiz", C.PRINT_QUIZ)],
                {"quiz_skill": skills.get("Impression 3D"), "quiz_level": 1, "quiz_pass_mark": 75},
            ),
        ],
        "Fabriquer son objet": [
            (
                "Mon projet en cinq étapes",
                "De l'idée à l'objet fini.",
                [
                    _steps(
                        "Mon projet",
                        [
                            "Je dessine mon idée sur papier.",
                            "Je mesure : quelle taille, quelle matière ?",
                            "Je dessine mon objet dans Inkscape.",
                            "Je découpe avec le fab manager.",
                            "J'assemble et je fais les finitions.",
                        ],
                    ),
                    ("safety", {"title": "Pour la séance, je prépare", "items": C.PROJECT_CHECKS}),
                ],
                {},
            ),
        ],
    }


def seed(context: dict) -> None:
    course = context["courses"]["decouverte-decoupe-laser"]
    cohort = context["cohorts"]["discovery"]
    if ModulePage.objects.child_of(course).exists():
        return
    skills = context["skills"]
    today = timezone.localdate()
    inline = {m.title: m for m in course.modules.all()}
    sessions = list(cohort.sessions.order_by("date", "start_time"))
    # The workshop's sessions follow the programme; today's is "Fabriquer son objet".
    plan = ["Sécurité au fab lab", "Dessin vectoriel", "Découpe laser", "Fabriquer son objet", "Finitions"]
    for session, title in zip(sessions, plan, strict=False):
        if session.module_id is None and title in inline:
            session.module = inline[title]
            session.save(update_fields=["module"])
    lessons_by_module = _lessons(skills)
    modules = {}
    for title, inline_title, access, intro in C.MODULES:
        module = ModulePage(
            title=title,
            intro=intro,
            access=access,
            course_module=inline.get(inline_title) if inline_title else None,
        )
        if title == "Impression 3D":
            # Opened to the workshop from a date: shown locked until then.
            module.openings.add(ModuleOpening(cohort=cohort, opens_on=today + timedelta(days=7)))
        elif title == "Fabriquer son objet" and len(sessions) >= 3:
            module.openings.add(ModuleOpening(cohort=cohort, session=sessions[2]))
        course.add_child(instance=module)
        module.save_revision().publish()
        for lesson_title, summary, body, quiz in lessons_by_module[title]:
            lesson = LessonPage(title=lesson_title, summary=summary, body=body, **quiz)
            module.add_child(instance=lesson)
            lesson.save_revision().publish()
        modules[title] = module

    # The demo learner has read the first two modules and tried the laser quiz twice.
    learner = context.get("demo_learner")
    user = learner.user if learner is not None else None
    if user is None:
        return
    for title in ("Sécurité au fab lab", "Dessin vectoriel"):
        for lesson in LessonPage.objects.child_of(modules[title]):
            mark_lesson_done(lesson=lesson, user=user)
    laser_quiz = (
        LessonPage.objects.child_of(modules["Découpe laser"]).filter(quiz_skill__isnull=False).first()
    )
    first_try = {0: {1}, 1: {0}, 2: {0}, 3: {0, 1, 3}, 4: {0}}  # 50 %: below the 80 % mark
    submit_quiz(lesson=laser_quiz, user=user, chosen=first_try)
    submit_quiz(lesson=laser_quiz, user=user, chosen={0: {0}, 1: {0, 1}, 2: {0}, 3: {0, 1, 2}, 4: {0}})
