"""Related stories: shared tags and shared words, scored once at publication, not per view."""

import re

from django.db import transaction

from masthead.discovery.models import RelatedArticle
from masthead.newsroom import queries as newsroom_queries
from masthead.newsroom.models import ArticlePage

RELATED_COUNT = 4
# Only this many recent candidates are scored: bounded work whatever the archive.
CANDIDATES = 500
_WORD = re.compile(r"\w{4,}", re.UNICODE)  # words of four letters or more, in any script


def _words(article: ArticlePage) -> set[str]:
    return {word.lower() for word in _WORD.findall(f"{article.title} {article.standfirst}")}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def related_score(
    *, tags: set, words: set, other_tags: set, other_words: set, same_section: bool
) -> float:
    """Shared tags weigh most, then shared words; the same section breaks near-ties."""
    return (
        2.0 * _jaccard(tags, other_tags)
        + _jaccard(words, other_words)
        + (0.1 if same_section else 0.0)
    )


def related_compute(
    *, article: ArticlePage, count: int = RELATED_COUNT
) -> list[tuple[ArticlePage, float]]:
    tags = {tag.pk for tag in article.tags.all()}
    words = _words(article)
    parent_path = article.path[: -ArticlePage.steplen]
    candidates = (
        newsroom_queries.articles_public()
        .filter(locale_id=article.locale_id)
        .exclude(pk=article.pk)
        .only("pk", "title", "standfirst", "path", "first_published_at")
        .prefetch_related("tagged_items")
        .order_by("-first_published_at")[:CANDIDATES]
    )
    scored = []
    for candidate in candidates:
        score = related_score(
            tags=tags,
            words=words,
            other_tags={item.tag_id for item in candidate.tagged_items.all()},
            other_words=_words(candidate),
            same_section=candidate.path.startswith(parent_path),
        )
        if score > 0.1:  # more than just the same section
            scored.append((candidate, score))
    # Newer stories win ties: the candidates come newest first and sort() is stable.
    scored.sort(key=lambda pair: -pair[1])
    return scored[:count]


@transaction.atomic
def related_refresh(*, article: ArticlePage) -> list[int]:
    """Recompute and store one article's related stories; returns their ids."""
    chosen = related_compute(article=article)
    RelatedArticle.objects.filter(source=article).delete()
    RelatedArticle.objects.bulk_create(
        RelatedArticle(source=article, target=target, position=position, score=score)
        for position, (target, score) in enumerate(chosen)
    )
    return [target.pk for target, _ in chosen]


def related_ids_computed(article: ArticlePage, limit: int) -> list[int]:
    """The stories computed as related when `article` was published, best first."""
    return list(
        RelatedArticle.objects.filter(source=article)
        .order_by("position")
        .values_list("target_id", flat=True)[:limit]
    )
