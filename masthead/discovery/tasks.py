from django_tasks import task

from masthead.discovery import related
from masthead.newsroom.models import ArticlePage


@task()
def related_refresh_task(article_id: int, neighbours: bool = True) -> list[int]:
    """Refresh an article's related stories, and those of the stories it now points to."""
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return []
    chosen = related.related_refresh(article=article)
    if neighbours:
        for neighbour in ArticlePage.objects.live().filter(pk__in=chosen):
            related.related_refresh(article=neighbour)
    return chosen
