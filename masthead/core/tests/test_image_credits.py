"""An image's credit says what kind of image it is: "Photo: …", "Map: …", "Illustration: …",
or the credit alone, wherever it shows (a story's lead image, a picture in its body, the
newsletter), in the reader's language."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from PIL import Image

from masthead.core.models import MastheadImage
from masthead.newsletters.rendering import edition_render
from masthead.newsletters.tests.builders import edition_make, newsletter_make
from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db

CREDIT = "City survey office"


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        ("photo", "Photo: City survey office"),
        ("illustration", "Illustration: City survey office"),
        ("map", "Map: City survey office"),
        ("graphic", "Graphic: City survey office"),
        ("video_still", "Video still: City survey office"),
        ("handout", "Handout: City survey office"),
        ("none", "City survey office"),
    ],
)
def test_each_kind_has_its_word(kind, line):
    assert MastheadImage(credit=CREDIT, credit_kind=kind).credit_line == line


def test_no_credit_no_line():
    assert MastheadImage(credit="", credit_kind="map").credit_line == ""


def test_new_images_are_photos():
    assert MastheadImage().credit_kind == "photo"


def test_the_words_are_translated():
    with translation.override("uk"):
        assert MastheadImage(credit=CREDIT, credit_kind="map").credit_line == f"Мапа: {CREDIT}"
        assert MastheadImage(credit=CREDIT).credit_line == f"Фото: {CREDIT}"


def test_a_map_as_lead_image_reads_map_not_photo(client, newsroom):
    image = builders.image_make(title="Route", credit=CREDIT, credit_kind="map")
    story = builders.article_make(section=newsroom["news"], lead_image=image)
    html = client.get(story.url).content.decode()
    assert f'<span class="credit">Map: {CREDIT}</span>' in html
    assert "Photo:" not in html


def test_a_credit_that_says_it_all_stands_alone_in_the_body(client, newsroom):
    image = builders.image_make(
        title="Chart", credit="Chart: Courier data desk", credit_kind="none"
    )
    story = builders.article_make(section=newsroom["news"])
    story.body = json.dumps([{"type": "image", "value": {"image": image.pk, "caption": "Rents"}}])
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert '<span class="credit">Chart: Courier data desk</span>' in html
    assert "Photo:" not in html


def test_the_newsletter_says_what_the_image_is(newsroom):
    image = builders.image_make(title="Drawing", credit="Ivanna Test", credit_kind="illustration")
    story = builders.article_make(section=newsroom["news"], lead_image=image)
    rendered = edition_render(edition_make(newsletter_make(), articles=[story]))
    assert ">Illustration: Ivanna Test</p>" in rendered.html  # styles are inlined
    assert "Photo:" not in rendered.html


@pytest.mark.parametrize(("posted", "kind"), [({"credit_kind": "map"}, "map"), ({}, "photo")])
def test_the_editor_says_what_kind_of_image_it_is(client, cast, posted, kind):
    client.force_login(cast["editor"])
    form = client.get("/admin/images/add/").content.decode()
    assert '<option value="video_still">Video still</option>' in form
    response = client.post(
        "/admin/images/add/",
        {"title": "Route", "file": SimpleUploadedFile("r.png", png(), "image/png"), **posted},
    )
    assert response.status_code == 302  # the multiple uploader sends no kind: a photo
    assert MastheadImage.objects.get().credit_kind == kind


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_images_there_before_become_photos():
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("core", "0006_image_credit_kind")
    [before] = [node for node in migration.dependencies if node[0] == "core"]
    executor.migrate([before])
    old = executor.loader.project_state(before)
    Image = old.apps.get_model("core", "MastheadImage")
    Image.objects.create(title="Old", file="original_images/old.jpg", width=1, height=1, credit="X")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert MastheadImage.objects.get(title="Old").credit_line == "Photo: X"
