import pytest

from masthead.newsletters.tests import builders
from masthead.newsroom.tests import builders as newsroom_builders


@pytest.fixture
def briefing(db):
    return builders.newsletter_make(name="Morning Briefing", slug="morning-briefing", featured=True)


@pytest.fixture
def stories(newsroom):
    """Two published stories, the newer with a lead image."""
    image = newsroom_builders.image_make(title="Bridge", credit="Iryna Test / Courier")
    older = newsroom_builders.article_make(
        section=newsroom["city"], title="Council votes on the tram", hours_ago=5
    )
    newer = newsroom_builders.article_make(
        section=newsroom["news"], title="The old bridge reopens", hours_ago=1, lead_image=image
    )
    return [newer, older]
