"""Which video addresses become an embedded player, and from where it is framed."""

import pytest

from masthead.conftest import settings_in_fresh_process
from masthead.newsroom.video_embeds import frame_origins, video_embed

BOTH = ["YouTube", "Vimeo"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=abc",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        " http://www.youtube.com/watch?v=dQw4w9WgXcQ ",
    ],
)
def test_youtube_addresses_play_from_the_nocookie_domain(url):
    embed = video_embed(url=url, providers=BOTH)
    assert embed.provider.name == "YouTube"
    assert embed.player_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert embed.autoplay_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert embed.watch_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "player", "watch"),
    [
        (
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/76979871/8d4a3c92ab",
            "https://player.vimeo.com/video/76979871?dnt=1&h=8d4a3c92ab",
            "https://vimeo.com/76979871/8d4a3c92ab",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=8d4a3c92ab",
            "https://player.vimeo.com/video/76979871?dnt=1&h=8d4a3c92ab",
            "https://vimeo.com/76979871/8d4a3c92ab",
        ),
    ],
)
def test_vimeo_addresses_play_without_tracking(url, player, watch):
    embed = video_embed(url=url, providers=BOTH)
    assert (embed.provider.name, embed.player_url, embed.watch_url) == ("Vimeo", player, watch)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@courier",
        "https://www.youtube.com.example.org/watch?v=dQw4w9WgXcQ",
        "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/about",
        "https://dailymotion.com/video/x7tgad0",
        "not an address",
    ],
)
def test_other_addresses_are_not_embedded(url):
    assert video_embed(url=url, providers=BOTH) is None


def test_only_the_providers_allowed_are_embedded():
    assert video_embed(url="https://vimeo.com/76979871", providers=["YouTube"]) is None
    assert frame_origins(providers=["Vimeo"]) == ["https://player.vimeo.com"]


def test_a_provider_the_settings_do_not_know_is_refused_at_start():
    shown = settings_in_fresh_process(
        "s.VIDEO_EMBED_PROVIDERS", SECRET_KEY="x" * 50, VIDEO_EMBED_PROVIDERS="youtube,TikTok"
    )
    assert "VIDEO_EMBED_PROVIDERS must be none or a comma-separated list" in shown.stderr
