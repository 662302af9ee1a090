from django.db import models


class RelatedArticle(models.Model):
    """A precomputed "related story": written when an article is published, read cheaply."""

    source = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="related_computed"
    )
    target = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.FloatField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_related_pair"),
            models.UniqueConstraint(fields=["source", "position"], name="unique_related_position"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.score:.2f})"


class ArticleViewHour(models.Model):
    """How many readers opened an article in one hour: no cookies, no per-reader rows."""

    article = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="view_hours"
    )
    hour = models.DateTimeField(db_index=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="unique_article_view_hour")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.views}"
