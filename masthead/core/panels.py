"""Panels the page types share, in the newsroom's words: the title under the name it has for
that kind of page ("Headline" for a story), and the slug as its "Address"."""

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.models import Page


def title_panel(*, heading: str, help_text: str) -> TitleFieldPanel:
    return TitleFieldPanel("title", heading=heading, help_text=help_text, placeholder=f"{heading}*")


def promote_tab(*, example: str, made_from: str = "title") -> list:
    """Wagtail's Promote tab with the slug called "Address". `example` is a web address with
    the slug in brackets, e.g. "/news/[tram-line-4-opens]/"; `made_from` names the title."""
    slug = example[example.index("[") + 1 : example.index("]")]
    address = FieldPanel(
        "slug",
        heading="Address",
        help_text=(
            f"The last part of the web address: “{slug}” in "
            f"{example.replace('[', '').replace(']', '')}. Made from the {made_from}: keep it "
            "short, lowercase words and hyphens. Changed after publishing, the old address "
            "redirects to the new one."
        ),
    )
    return [
        MultiFieldPanel(
            [address, FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="For search engines",
        ),
        *Page.promote_panels[1:],  # Wagtail's "For site menus"
    ]
