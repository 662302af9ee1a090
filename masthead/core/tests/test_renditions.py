"""Renditions are the worker's: a reader's request never waits for an encoder."""

import json

from django.conf import settings
from django_tasks_db.models import DBTaskResult

from masthead.conftest import background_tasks_run
from masthead.core import images
from masthead.core.models import MastheadImage
from masthead.core.pagecache import fragments
from masthead.newsroom.tests import builders


def _renditions_asked() -> list[list]:
    return [
        task.args_kwargs["args"]
        for task in DBTaskResult.objects.filter(task_path__endswith="renditions_make_task")
    ]


def _made(image) -> set[str]:
    return set(image.renditions.values_list("filter_spec", flat=True))


def test_a_picture_uploaded_is_made_by_the_worker_in_every_rendition_shown(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = builders.image_make(title="Harbour at dawn")
    assert _renditions_asked() == [[image.pk, images.specs_shown()]]
    assert _made(image) == set()
    background_tasks_run()
    assert _made(image) == set(images.specs_shown())


def test_a_new_story_shows_its_picture_at_once_and_asks_the_worker_once(
    client, newsroom, django_capture_on_commit_callbacks
):
    image = builders.image_make(title="Flooded square", size=(1600, 900))
    story = builders.article_make(section=newsroom["news"], title="Water rises", lead_image=image)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(story.url)
        page = response.content.decode()
        assert _made(image) == set()  # nothing encoded while the reader waited
        # Shared copies of the page (the page cache, a CDN) are kept seconds, not minutes.
        assert "s-maxage=10" in response["Cache-Control"]
        # The picture's own file, its size given, until its renditions are there.
        assert f'src="{image.file.url}"' in page and 'width="1600"' in page
    wide = images.rendition_specs("wide")
    asked = [specs for _, specs in _renditions_asked()]
    assert any(set(wide) <= set(specs) for specs in asked)
    assert len(asked) == len({tuple(specs) for specs in asked})  # each set asked once
    background_tasks_run()
    response = client.get(story.url)
    page = response.content.decode()
    assert f"s-maxage={settings.PAGE_CACHE_SECONDS}" in response["Cache-Control"]
    assert "<picture>" in page and f'src="{image.file.url}"' not in page
    assert _made(image) >= set(wide)


def test_publishing_a_story_asks_for_its_pictures(newsroom, django_capture_on_commit_callbacks):
    lead = builders.image_make(title="Lead")
    inline = builders.image_make(title="Inline")
    story = builders.article_make(section=newsroom["news"], lead_image=lead, live=False)
    story.body = json.dumps([{"type": "image", "value": {"image": inline.pk, "caption": ""}}])
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    asked = {image_id for image_id, specs in _renditions_asked() if specs == images.specs_shown()}
    assert asked == {lead.pk, inline.pk}


def test_a_picture_whose_file_is_gone_leaves_the_worker_running(db):
    image = builders.image_make()
    image.file.storage.delete(image.file.name)
    assert images.renditions_make_task.call(image.pk, images.specs_shown()) == 0
    # Its pages are not held provisional for its sake, nor the worker asked again.
    watching = fragments.provisional_watch()
    assert images.renditions_ready(image, images.specs_shown()) == {}
    assert not fragments.was_provisional()
    fragments.provisional_reset(watching)
    MastheadImage.objects.filter(pk=image.pk).delete()
    assert images.renditions_make_task.call(image.pk, images.specs_shown()) == 0


def test_a_fragment_holding_something_provisional_is_not_kept(db):
    built = []

    def build(provisional: bool):
        built.append(provisional)
        if provisional:
            fragments.provisional()
        return "html"

    watching = fragments.provisional_watch()
    fragments.remembered("outer-soon", lambda: fragments.remembered("inner", lambda: build(True)))
    assert fragments.was_provisional()  # the page that holds it is told
    fragments.provisional_reset(watching)
    fragments.remembered("outer-soon", lambda: build(True))
    assert built == [True, True]  # built again: not kept
    watching = fragments.provisional_watch()
    fragments.remembered("done", lambda: build(False))
    fragments.remembered("done", lambda: build(False))
    assert built == [True, True, False] and not fragments.was_provisional()
    fragments.provisional_reset(watching)
