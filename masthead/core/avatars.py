"""People's pictures in the admin, made here: the picture they uploaded (Account, Profile
picture), else their initials on a colour of their own. Wagtail would ask Gravatar, which
tells a third party who opens the admin and shows a broken picture offline
(WAGTAIL_GRAVATAR_PROVIDER_URL is None in settings)."""

from urllib.parse import quote

# Dark enough for white letters at AA contrast.
COLOURS = ("#1f5f8b", "#7a3e9d", "#2e6b3f", "#9c3b2e", "#5b5f97", "#8a5a00", "#1d6e6e", "#6b4c3b")


def initials(*, user) -> str:
    name = (user.get_full_name() or user.get_username() or "?").strip()
    words = [word for word in name.replace(".", " ").split() if word[0].isalnum()]
    letters = "".join(word[0] for word in words[:2]) or name[:1]
    return letters.upper()


def avatar_url(*, user, size: int = 50) -> str:
    """A URL for the user's picture: their upload, else an SVG of their initials (a data:
    URL, so nothing is fetched from anywhere)."""
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return profile.avatar.url
    colour = COLOURS[(user.pk or 0) % len(COLOURS)]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        'viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui, sans-serif" font-size="42" font-weight="600">'
        f"{_xml_escape(initials(user=user))}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
