from masthead.newsroom.tests import builders


def test_the_author_page_shows_the_profile_and_their_stories(client, newsroom):
    author = newsroom["author"]
    other = builders.author_make(index=newsroom["authors"], name="Someone Else")
    builders.article_make(section=newsroom["news"], title="Her story", authors=[author])
    builders.article_make(section=newsroom["news"], title="His story", authors=[other])
    html = client.get(author.url).content.decode()
    assert "Daria Test</h1>" in html and "News Editor" in html and "Writes things." in html
    assert "Her story" in html and "His story" not in html


def test_the_author_page_paginates_with_show_more(client, newsroom):
    author = newsroom["author"]
    for n in range(12):
        builders.article_make(
            section=newsroom["news"], title=f"Piece {n:02d}", authors=[author], hours_ago=n
        )
    first = client.get(author.url).content.decode()
    assert "Piece 00" in first and "Piece 10" not in first
    assert 'href="?page=2" data-show-more="stories"' in first
    second = client.get(author.url + "?page=2").content.decode()
    assert "Piece 10" in second and "Piece 11" in second and "Show More" not in second


def test_author_links_are_rendered(client, newsroom):
    author = newsroom["author"]
    author.links = [("link", {"label": "Website", "url": "https://example.org/daria"})]
    author.save_revision().publish()
    html = client.get(author.url).content.decode()
    assert '<a href="https://example.org/daria" rel="me noopener">Website</a>' in html


def test_the_author_index_lists_authors(client, newsroom):
    html = client.get("/authors/").content.decode()
    assert "Daria Test" in html and 'href="/authors/daria-test/">Read more' in html
