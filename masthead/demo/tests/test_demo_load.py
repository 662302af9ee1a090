"""Loading the demo on an empty site, and what it says when a part cannot be made here."""

import pytest
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.models import Page

from masthead.demo import services, videos
from masthead.newsroom.models import VideoPage

pytestmark = pytest.mark.django_db


def test_without_ffmpeg_the_demo_loads_and_a_later_run_gives_the_videos_their_clips(
    ffmpeg, db, monkeypatch
):
    with monkeypatch.context() as patch:
        patch.setattr(videos, "FFMPEG", "ffmpeg-not-here")
        notes = services.demo_load(prepare_renditions=False)
    assert notes == [
        "The videos have no clip: ffmpeg-not-here is not installed (apt-get install ffmpeg)."
    ]
    assert VideoPage.objects.live().count() == 3
    assert not VideoPage.objects.filter(video_file__isnull=False).exists()
    assert not Document.objects.exists()

    pages = Page.objects.count()
    assert services.demo_load(prepare_renditions=False) == []
    assert VideoPage.objects.filter(video_file__isnull=False, captions__isnull=False).count() == 3
    assert Page.objects.count() == pages


def test_the_demo_command_says_why_the_videos_have_no_clip(db, monkeypatch, capsys):
    # The whole load with its image renditions takes minutes: here only what it reports.
    note = "The videos have no clip: ffmpeg is not installed (apt-get install ffmpeg)."
    monkeypatch.setattr(services, "demo_load", lambda **options: [note])
    call_command("demo")
    assert note in capsys.readouterr().out


def test_synthetic_stories_need_the_newsroom_first(db):
    with pytest.raises(ValueError, match="Load the demo newsroom first"):
        services.demo_articles_generate(count=1)
