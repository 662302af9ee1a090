from masthead.core.views import server_error


def test_a_missing_page_is_a_styled_404(client, newsroom):
    response = client.get("/no/such/story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html and 'class="site-header"' in html


def test_the_500_page_renders_without_the_database(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
