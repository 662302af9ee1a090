from masthead.core.views import server_error
from masthead.newsroom.tests import builders


def test_a_missing_page_is_a_styled_404(client, newsroom):
    response = client.get("/no/such/story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html and 'class="site-header"' in html


def test_the_500_page_renders_without_the_database(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_404_page_offers_search_and_the_latest_stories(client, newsroom):
    story = builders.article_make(section=newsroom["news"], title="The ferry runs again")
    html = client.get("/news/an-old-address/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html
    assert f'<a href="{story.url}">The ferry runs again</a>' in html
