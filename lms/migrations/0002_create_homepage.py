from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page with Tremplin's home page (as Wagtail's project template does)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("lms.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="lms")
    home = HomePage.objects.create(
        title="Bienvenue à la Fabrique du Tremplin",
        draft_title="Bienvenue à la Fabrique du Tremplin",
        slug="accueil",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        tagline="Apprendre en fabriquant, trouver sa voie.",
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Tremplin", "port": 80},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("lms.HomePage").objects.filter(slug="accueil", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
