"""The newsroom fixture is built once for a module and shared by its tests (conftest.py):
what one test changes must be gone for the next, in the database and in memory."""

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders

SEEN: dict[str, int] = {}


def test_a_test_changes_the_shared_newsroom(newsroom):
    SEEN["news"] = newsroom["news"].pk
    newsroom["news"].title = "Renamed by a test"
    newsroom["news"].save_revision().publish()
    builders.article_make(section=newsroom["news"], title="Left behind?")


def test_the_next_test_gets_it_as_it_was_built(newsroom):
    assert newsroom["news"].pk == SEEN["news"]  # the same rows: built once
    assert newsroom["news"].title == "News"
    assert not ArticlePage.objects.filter(title="Left behind?").exists()
