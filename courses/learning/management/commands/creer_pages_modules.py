"""Create a module page (a draft) for each inline programme module that has none yet."""

from django.core.management.base import BaseCommand

from courses.learning.services import create_module_pages
from courses.models import CoursePage


class Command(BaseCommand):
    help = "Crée une page de module (brouillon) pour chaque module du programme qui n'en a pas encore."

    def add_arguments(self, parser):
        parser.add_argument("--formation", help="identifiant (slug) d'une formation ; toutes sinon")
        parser.add_argument("--publier", action="store_true", help="publier les pages au lieu de brouillons")

    def handle(self, *args, formation=None, publier=False, **options):
        courses = CoursePage.objects.all()
        if formation:
            courses = courses.filter(slug=formation)
            if not courses.exists():
                self.stderr.write(f"Formation introuvable : {formation}")
                return
        total = 0
        for course in courses:
            created = create_module_pages(course=course, publish=publier)
            for page in created:
                self.stdout.write(f"{course.title} → {page.title}")
            total += len(created)
        self.stdout.write(f"{total} page(s) de module créée(s).")
