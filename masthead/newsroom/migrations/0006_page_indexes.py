"""Two indexes on Wagtail's page table for the reads every page makes, so they cost the same
at 100,000 stories as at 100: an edition's newest stories first (every list, feed and "more
news"),
and a page by its URL path (core.pagecache.serving.descendant_at)."""

from django.db import migrations

INDEXES = {
    "masthead_page_newest": "wagtailcore_page (locale_id, first_published_at DESC, path DESC)",
    "masthead_page_url_path": "wagtailcore_page (url_path)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_articlepage_members_only"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
