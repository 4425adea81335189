"""Blocks of a lesson: what a trainer puts on a page, shaped for a phone and easy reading."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class VideoBlock(blocks.StructBlock):
    # Shown as a link the learner chooses to open: no player loads with the page, nothing autoplays.
    video = EmbedBlock(label=_("adresse de la vidéo"), help_text=_("PeerTube, YouTube, Vimeo…"))
    title = blocks.CharBlock(label=_("titre"), max_length=120)
    duration = blocks.CharBlock(
        label=_("durée"), required=False, max_length=20, help_text=_("Par exemple 3 min")
    )

    class Meta:
        icon = "media"
        label = _("vidéo")
        template = "learning/blocks/video.html"


class FileBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("fichier"))
    description = blocks.CharBlock(
        label=_("à quoi il sert"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : le modèle du porte-clés à ouvrir dans Inkscape."),
    )

    class Meta:
        icon = "doc-full"
        label = _("fichier à télécharger (gabarit, G-code, STL…)")
        template = "learning/blocks/file.html"


class StepBlock(blocks.StructBlock):
    photo = ImageBlock(label=_("photo"), required=False)
    text = blocks.TextBlock(label=_("ce qu'il faut faire"))


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=120)
    steps = blocks.ListBlock(StepBlock(), label=_("étapes"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("pas à pas (une photo par étape)")
        template = "learning/blocks/steps.html"


class SafetyChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=120, default=_("Avant de commencer, je vérifie"))
    items = blocks.ListBlock(blocks.CharBlock(label=_("point à vérifier"), max_length=200), min_num=1)

    class Meta:
        icon = "warning"
        label = _("liste de sécurité")
        template = "learning/blocks/safety.html"


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("réponse"), max_length=200)
    correct = blocks.BooleanBlock(label=_("bonne réponse"), required=False)


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    multiple = blocks.BooleanBlock(
        label=_("plusieurs bonnes réponses possibles"),
        required=False,
        help_text=_("Cochée : la personne peut choisir plusieurs réponses."),
    )
    answers = blocks.ListBlock(AnswerBlock(), label=_("réponses"), min_num=2)
    explanation = blocks.TextBlock(
        label=_("explication"),
        help_text=_("Montrée après la réponse. Des phrases courtes, des mots simples."),
    )

    def clean(self, value):
        from django.core.exceptions import ValidationError

        value = super().clean(value)
        correct = sum(1 for a in value["answers"] if a["correct"])
        if correct == 0:
            raise blocks.StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Cochez au moins une bonne réponse."))}
            )
        if correct > 1 and not value["multiple"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "multiple": ValidationError(
                        _("Plusieurs réponses sont bonnes : cochez « plusieurs bonnes réponses possibles ».")
                    )
                }
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=120, default=_("Quiz"))
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("quiz")
        template = "learning/blocks/quiz.html"


class LessonBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("texte"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    image = ImageBlock(label=_("image"), template="learning/blocks/image.html")
    video = VideoBlock()
    file = FileBlock()
    steps = StepsBlock()
    safety = SafetyChecklistBlock()
    quiz = QuizBlock()

    class Meta:
        # One quiz per lesson: passing it completes the lesson.
        block_counts = {"quiz": {"max_num": 1}}
