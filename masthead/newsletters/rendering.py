"""An edition as an e-mail: HTML with its CSS inlined (mail apps drop <style> and external
sheets) and a plain-text part. Rendered once per edition; the per-reader links are
placeholders that `personalise` fills for each recipient."""

import logging
from dataclasses import dataclass
from datetime import timedelta

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.images.models import SourceImageIOError

from masthead.core.emails import absolute, newsroom_name
from masthead.newsroom import queries as newsroom_queries
from masthead.newsroom.models import ArticlePage

log = logging.getLogger(__name__)
PREFERENCES = "https://masthead.invalid/preferences"
UNSUBSCRIBE = "https://masthead.invalid/unsubscribe"
EMAIL_IMAGE_SPEC = "fill-1200x675|format-jpeg|jpegquality-75"
INLINER = css_inline.CSSInliner(keep_style_tags=True)  # @media rules stay in <style>


@dataclass(frozen=True)
class RenderedEdition:
    subject: str
    html: str
    text: str

    def personalise(self, *, preferences_url: str, unsubscribe_url: str) -> tuple[str, str]:
        """The HTML and text for one reader."""
        html = self.html.replace(PREFERENCES, preferences_url).replace(UNSUBSCRIBE, unsubscribe_url)
        text = self.text.replace(PREFERENCES, preferences_url).replace(UNSUBSCRIBE, unsubscribe_url)
        return html, text


def articles_for_fill(
    *, section, hours: int, limit: int, language: str | None = None
) -> list[ArticlePage]:
    """The stories of the last `hours` in `section` (or all sections), newest first: in the
    newsletter's `language` (its edition), never the other edition's."""
    articles = newsroom_queries.articles_live().filter(
        first_published_at__gte=timezone.now() - timedelta(hours=hours)
    )
    if language:
        articles = articles.filter(locale__language_code=language)
    if section is not None:
        articles = articles.child_of(section)
    return list(articles[:limit])


def edition_articles(edition) -> list[ArticlePage]:
    """The picked stories in their order (published ones only)."""
    ids = list(edition.stories.order_by("sort_order").values_list("article_id", flat=True))
    found = {a.pk: a for a in newsroom_queries.articles_live().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _story(article: ArticlePage) -> dict:
    image = None
    rendition = None
    if article.lead_image:
        try:
            rendition = article.lead_image.get_rendition(EMAIL_IMAGE_SPEC)
        except SourceImageIOError:  # the original is missing: the story goes without it
            log.warning("image %s: original missing, left out of the e-mail", article.lead_image.pk)
    if rendition and article.lead_image:
        image = {
            "url": absolute(rendition.url),
            "alt": article.lead_image.default_alt_text,
            "credit_line": article.lead_image.credit_line,
        }
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "url": absolute(article.url or ""),
        "image": image,
        "members_only": article.members_only,
        "section": article.section.title if article.section else "",
    }


def edition_render(edition, *, articles: list[ArticlePage] | None = None) -> RenderedEdition:
    """In the newsletter's language: its words, and its links (/uk/… for Ukrainian)."""
    with translation.override(edition.newsletter.language):
        return _render(edition, articles=articles)


def _render(edition, *, articles: list[ArticlePage] | None) -> RenderedEdition:
    if articles is None:
        articles = edition_articles(edition)
    newsroom_queries.sections_attach(articles)
    newsletter = edition.newsletter
    context = {
        "edition": edition,
        "newsletter": newsletter,
        "newsroom": newsroom_name(),
        "base_url": settings.BASE_URL,
        "stories": [_story(article) for article in articles],
        "web_url": absolute(reverse("newsletters:edition", args=[newsletter.slug, edition.pk]))
        if edition.pk
        else "",
        "preferences_url": PREFERENCES,
        "unsubscribe_url": UNSUBSCRIBE,
    }
    html = render_to_string("newsletters/email/edition.html", context)
    text = render_to_string("newsletters/email/edition.txt", context).strip() + "\n"
    return RenderedEdition(subject=edition.subject, html=INLINER.inline(html), text=text)
