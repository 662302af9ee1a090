from datetime import timedelta

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
