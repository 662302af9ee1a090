"""A story when it is shared: the social card the networks build from its Open Graph tags,
and the share links under it. The links are plain addresses of each network's share page:
no script, button or picture is loaded from any of them."""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _

# A server name as people type it: "mastodon.social", "https://mastodon.social/", or their
# address "@olena@mastodon.social".
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class SocialCard:
    """What a network shows for the story's address: the same rules as the page's head."""

    title: str
    description: str
    image: object  # a MastheadImage, or None: a card with no picture
    image_is_fallback: bool  # the newsroom's share image, for want of a lead image
    site_name: str
    domain: str


@dataclass(frozen=True)
class ShareLink:
    name: str  # what the link says
    label: str  # its accessible name, "Share on Bluesky"
    url: str


def social_card(*, article, newsroom, site_name: str) -> SocialCard:
    """`newsroom` is the site's NewsroomSettings (its share image stands in for a story
    without a lead image), `site_name` the Wagtail site's name."""
    fallback = getattr(newsroom, "share_image", None)
    return SocialCard(
        title=article.seo_title or article.title,
        description=article.search_description or article.standfirst,
        image=article.lead_image or fallback,
        image_is_fallback=not article.lead_image and fallback is not None,
        site_name=site_name,
        domain=urlsplit(article.full_url or "").hostname or "",
    )


def share_links(*, url: str, title: str, x_handle: str = "") -> list[ShareLink]:
    """Links to share `url` under `title`; Mastodon goes through our page that asks for the
    reader's server (there is no one Mastodon to send them to)."""
    text = f"{title} {url}"
    x_query = {"text": title, "url": url} | ({"via": x_handle.lstrip("@")} if x_handle else {})
    return [
        ShareLink(
            "Bluesky",
            _("Share on %(network)s") % {"network": "Bluesky"},
            "https://bsky.app/intent/compose?" + urlencode({"text": text}),
        ),
        ShareLink(
            "Mastodon",
            _("Share on %(network)s") % {"network": "Mastodon"},
            reverse("share_mastodon") + "?" + urlencode({"text": text}),
        ),
        ShareLink(
            "Facebook",
            _("Share on %(network)s") % {"network": "Facebook"},
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink(
            "X",
            _("Share on %(network)s") % {"network": "X"},
            "https://x.com/intent/post?" + urlencode(x_query),
        ),
        ShareLink(
            "Telegram",
            _("Share on %(network)s") % {"network": "Telegram"},
            "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        ),
        ShareLink(
            "WhatsApp",
            _("Share on %(network)s") % {"network": "WhatsApp"},
            "https://wa.me/?" + urlencode({"text": text}),
        ),
        ShareLink(
            "LinkedIn",
            _("Share on %(network)s") % {"network": "LinkedIn"},
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ShareLink(
            _("E-mail"),
            # Its translation must hold the translation of "E-mail": what the link says.
            _("Share by e-mail"),
            # mailto: wants %20 for spaces, not the + of a query string.
            f"mailto:?subject={quote(title)}&body={quote(text)}",
        ),
    ]


def mastodon_server(typed: str) -> str:
    """The server's host name from what a reader typed, or "" if it is not one."""
    host = typed.strip().lower().removeprefix("https://").removeprefix("http://")
    host = host.split("/", 1)[0].rsplit("@", 1)[-1]
    return host if _HOSTNAME.match(host) else ""


def mastodon_share_url(*, server: str, text: str) -> str:
    return f"https://{server}/share?" + urlencode({"text": text})
