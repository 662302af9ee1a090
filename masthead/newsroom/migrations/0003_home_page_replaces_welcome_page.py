"""Put a Masthead home page where Wagtail's placeholder "Welcome" page stands.

Only the untouched placeholder is replaced: a site that already has pages keeps them.
"""

from django.db import migrations


def home_page_create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("newsroom.HomePage")

    placeholder = Page.objects.filter(depth=2, content_type__model="page", numchild=0).first()
    if placeholder is None or Page.objects.filter(depth=2).count() > 1:
        return
    placeholder_path = placeholder.path
    placeholder.delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(app_label="newsroom", model="homepage")
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type,
        path=placeholder_path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(home_page_create, migrations.RunPython.noop)]
