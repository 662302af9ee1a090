import time
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders


def test_a_scheduled_story_goes_live_when_its_time_comes(client, newsroom):
    story = builders.article_make(section=newsroom["news"], title="Morning story", live=False)
    story.go_live_at = timezone.now() + timedelta(seconds=2)
    story.save_revision().publish()

    call_command("scheduler", "--once", verbosity=0)
    assert not ArticlePage.objects.get(pk=story.pk).live
    assert "Morning story" not in client.get("/news-feed/").content.decode()

    time.sleep(2.1)
    call_command("scheduler", "--once", verbosity=0)
    assert ArticlePage.objects.get(pk=story.pk).live
    assert "Morning story" in client.get("/news-feed/").content.decode()
