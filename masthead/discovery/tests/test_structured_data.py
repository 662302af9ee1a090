from datetime import timedelta

import extruct
import pytest

from masthead.conftest import renditions_worker_run
from masthead.newsroom.tests import builders


def json_ld(client, url) -> dict[str, dict]:
    html = client.get(url).content.decode()
    found = extruct.extract(html, base_url="http://testserver", syntaxes=["json-ld"])["json-ld"]
    return {thing["@type"]: thing for thing in found}


@pytest.fixture
def story(newsroom):
    return builders.article_make(
        section=newsroom["news"],
        title='River reaches "its" mark </script><script>alert(1)</script>',
        standfirst="Crews worked through the night.",
        authors=[newsroom["author"]],
        lead_image=builders.image_make(size=(1600, 900)),
        tags=["flood"],
    )


def test_an_article_is_a_news_article_with_what_google_asks_for(client, story):
    renditions_worker_run(story.lead_image)
    article = json_ld(client, story.url)["NewsArticle"]
    assert article["@context"] == "https://schema.org"
    assert article["headline"].startswith('River reaches "its" mark')
    assert len(article["image"]) == 3 and all(url.startswith("http") for url in article["image"])
    assert article["datePublished"] and article["dateModified"]
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Daria Test",
            "url": "http://localhost/authors/daria-test/",
            "jobTitle": "News Editor",
            "image": article["author"][0]["image"],
        }
    ]
    assert article["publisher"]["@type"] == "NewsMediaOrganization"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": story.full_url}
    assert article["isAccessibleForFree"] is True
    assert article["articleSection"] == "News" and article["keywords"] == ["flood"]


def test_a_headline_cannot_break_out_of_the_script(client, story):
    html = client.get(story.url).content.decode()
    assert "</script><script>alert(1)" not in html


def test_articles_carry_breadcrumbs(client, story):
    crumbs = json_ld(client, story.url)["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Home", "News", story.title]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]


def test_a_video_page_is_a_video_object(client, newsroom):
    video = builders.video_make(
        index=newsroom["videos"],
        title="River from the air",
        poster=builders.image_make(),
        duration=timedelta(minutes=3, seconds=14),
    )
    data = json_ld(client, video.url)["VideoObject"]
    assert data["name"] == "River from the air" and data["duration"] == "PT3M14S"
    assert data["thumbnailUrl"] and data["uploadDate"]


def test_a_video_file_is_the_video_objects_content(client, newsroom):
    poster = builders.image_make(size=(1600, 900))
    renditions_worker_run(poster)
    video = builders.video_make(
        index=newsroom["videos"],
        poster=poster,
        video_file=builders.document_make(filename="river.mp4", data=b"\x00\x00\x00\x18ftyp"),
        captions=builders.document_make(filename="river.vtt", data=b"WEBVTT\n"),
        duration=timedelta(seconds=6),
        width=640,
        height=360,
    )
    data = json_ld(client, video.url)["VideoObject"]
    assert data["contentUrl"] == f"http://testserver{video.video_file.url}"
    assert data["encodingFormat"] == "video/mp4"
    assert data["duration"] == "PT6S"
    assert (data["width"], data["height"]) == (640, 360)
    assert data["uploadDate"] == video.first_published_at.isoformat()
    assert len(data["thumbnailUrl"]) == 3
    assert all(url.startswith("http://testserver/") for url in data["thumbnailUrl"])
    assert data["caption"] == {
        "@type": "MediaObject",
        "contentUrl": f"http://testserver{video.captions.url}",
        "encodingFormat": "text/vtt",
        "inLanguage": "en",
    }
    assert "embedUrl" not in data


def test_an_embedded_video_names_its_privacy_enhanced_player(client, newsroom):
    video = builders.video_make(
        index=newsroom["videos"],
        poster=builders.image_make(size=(1600, 900)),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        duration=timedelta(hours=1, seconds=5),
    )
    data = json_ld(client, video.url)["VideoObject"]
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert data["duration"] == "PT1H0M5S"
    assert data["thumbnailUrl"] and data["uploadDate"]
    assert "contentUrl" not in data


def test_an_author_page_is_a_profile_page(client, newsroom):
    profile = json_ld(client, newsroom["author"].url)["ProfilePage"]
    assert profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == "Daria Test"


def test_the_home_page_is_a_website_with_a_search_action(client, newsroom):
    site = json_ld(client, "/")["WebSite"]
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
