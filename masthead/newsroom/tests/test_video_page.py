from datetime import timedelta

from masthead.newsroom.models import VideoPage
from masthead.newsroom.tests import builders


def test_a_video_without_a_file_shows_its_poster_and_says_so(client, newsroom):
    video = builders.video_make(
        index=newsroom["videos"],
        title="River from the air",
        poster=builders.image_make(alt="Drone view"),
    )
    html = client.get(video.url).content.decode()
    assert "River from the air</h1>" in html
    assert 'alt="Drone view"' in html
    assert "has not been attached yet" in html


def test_a_video_file_plays_in_a_video_element(client, newsroom):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="Clip")
    document.file.save("clip.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=True)
    video = builders.video_make(
        index=newsroom["videos"], video_file=document, duration=timedelta(minutes=3, seconds=20)
    )
    html = client.get(video.url).content.decode()
    assert "<video controls" in html and "clip" in html
    assert "3:20" in html


def test_the_video_index_lists_videos_newest_first(client, newsroom):
    builders.video_make(index=newsroom["videos"], title="Older video", hours_ago=5)
    builders.video_make(index=newsroom["videos"], title="Newer video", hours_ago=1)
    html = client.get("/video/").content.decode()
    assert html.index("Newer video") < html.index("Older video")


def test_a_video_file_comes_with_its_captions_and_its_size(client, newsroom):
    video = builders.video_make(
        index=newsroom["videos"],
        video_file=builders.document_make(filename="river.mp4", data=b"\x00\x00\x00\x18ftyp"),
        captions=builders.document_make(filename="river.vtt", data=b"WEBVTT\n"),
        width=640,
        height=360,
    )
    html = client.get(video.url).content.decode()
    assert f'<source src="{video.video_file.url}" type="video/mp4">' in html
    assert (
        f'<track kind="captions" src="{video.captions.url}" srclang="en" label="English" default>'
    ) in html
    assert 'width="640" height="360"' in html


def test_an_embedded_video_is_its_poster_and_a_link_to_its_site_until_played(client, newsroom):
    video = builders.video_make(
        index=newsroom["videos"],
        title="River from the air",
        poster=builders.image_make(alt="Drone view"),
        video_url="https://youtu.be/dQw4w9WgXcQ",
    )
    html = client.get(video.url).content.decode()
    assert "<iframe" not in html  # nothing from YouTube until the reader presses play
    assert 'alt="Drone view"' in html
    assert (
        '<a class="video-embed__play" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" '
        'data-embed-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" '
        'data-embed-title="River from the air">'
    ) in html
    assert '<span class="visually-hidden">Play video: River from the air</span>' in html
    assert 'src="/static/newsroom/video-embed.js" defer' in html


def test_a_vimeo_video_plays_from_vimeos_player_without_tracking(client, newsroom):
    video = builders.video_make(
        index=newsroom["videos"], video_url="https://vimeo.com/76979871/8d4a3c92ab"
    )
    html = client.get(video.url).content.decode()
    assert 'href="https://vimeo.com/76979871/8d4a3c92ab"' in html
    assert (
        'data-embed-player="https://player.vimeo.com/video/76979871?dnt=1&amp;h=8d4a3c92ab'
        '&amp;autoplay=1"'
    ) in html


def test_a_video_on_a_site_the_newsroom_does_not_allow_is_only_a_link(client, newsroom, settings):
    settings.VIDEO_EMBED_PROVIDERS = ["YouTube"]
    video = builders.video_make(index=newsroom["videos"], video_url="https://vimeo.com/76979871")
    html = client.get(video.url).content.decode()
    assert "data-embed-player" not in html and "video-embed.js" not in html
    assert '<a href="https://vimeo.com/76979871">Watch the video on its site</a>' in html


def test_the_editor_is_told_when_an_address_cannot_be_embedded(newsroom):
    form_class = VideoPage.get_edit_handler().get_form_class()
    video = builders.video_make(index=newsroom["videos"])
    data = {"title": video.title, "slug": video.slug, "summary": video.summary}
    form = form_class(
        data={**data, "video_url": "https://example.com/clip"}, instance=video, parent_page=None
    )
    assert not form.is_valid()
    assert "only those can be embedded" in str(form.errors["video_url"])
    form = form_class(
        data={**data, "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        instance=video,
        parent_page=None,
    )
    assert "video_url" not in form.errors
