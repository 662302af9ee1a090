import sys

from django.core.management.base import BaseCommand

from masthead.discovery.related import related_refresh
from masthead.newsroom.models import ArticlePage


class Command(BaseCommand):
    help = "Recompute the related stories of every published article (after an import, say)."

    def handle(self, *args, **options):
        ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
        for number, article in enumerate(
            ArticlePage.objects.live().filter(pk__in=ids).iterator(), 1
        ):
            related_refresh(article=article)
            if number % 25 == 0 or number == len(ids):
                sys.stderr.write(f"\r  related stories  {number}/{len(ids)}")
        sys.stderr.write("\n")
        self.stdout.write(self.style.SUCCESS(f"Related stories computed for {len(ids)} articles."))
