from masthead.newsroom.tests import builders


def test_a_section_lists_only_its_own_stories(client, newsroom):
    builders.article_make(section=newsroom["news"], title="A news story")
    builders.article_make(section=newsroom["city"], title="A city story")
    html = client.get("/city/").content.decode()
    assert "A city story" in html and "A news story" not in html
    assert html.count("<h1") == 1


def test_a_tag_page_lists_the_stories_with_that_tag(client, newsroom):
    builders.article_make(section=newsroom["news"], title="Flood story", tags=["Flood"])
    builders.article_make(section=newsroom["city"], title="Budget story", tags=["Budget"])
    html = client.get("/tags/flood/").content.decode()
    assert "Flood</h1>" in html
    assert "Flood story" in html and "Budget story" not in html


def test_the_tag_index_lists_tags_in_use_with_counts(client, newsroom):
    builders.article_make(section=newsroom["news"], tags=["Flood"])
    builders.article_make(section=newsroom["city"], tags=["Flood", "Budget"])
    html = client.get("/tags/").content.decode()
    assert 'href="/tags/flood/">Flood <span class="meta">(2)</span>' in html
    assert 'href="/tags/budget/">Budget <span class="meta">(1)</span>' in html


def test_an_unknown_tag_is_a_404(client, newsroom):
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_a_tag_only_on_drafts_is_not_listed(client, newsroom):
    builders.article_make(section=newsroom["news"], tags=["Secret"], live=False)
    assert "Secret" not in client.get("/tags/").content.decode()
