"""People's pictures in the admin are made here (their upload, else their initials): no admin
page asks Gravatar, which is a broken picture offline and tells a third party who opens it."""

from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.users.models import UserProfile

from masthead.core.avatars import avatar_url, initials
from masthead.newsroom.tests import builders

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/account/",
    "/admin/users/",
]


@pytest.fixture
def admin(client, cast):
    person = cast["admin"]
    person.email, person.first_name, person.last_name = "alice@courier.test", "Alice", "Editor"
    person.save()
    client.force_login(person)
    return person


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_no_admin_page_asks_gravatar(client, admin, newsroom, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()


def test_a_page_editor_with_its_history_asks_gravatar_neither(client, admin, newsroom):
    article = builders.article_make(section=newsroom["news"], owner=admin)
    article.save_revision(user=admin).publish(user=admin)
    for url in (f"/admin/pages/{article.pk}/edit/", f"/admin/pages/{article.pk}/history/"):
        assert "gravatar" not in client.get(url).content.decode().lower()


def test_the_admin_shows_their_initials(client, admin):
    html = client.get("/admin/").content.decode()
    assert "data:image/svg+xml," in html
    assert ">AE</text>" in unquote(avatar_url(user=admin))


def test_an_uploaded_picture_comes_first(admin):
    profile = UserProfile.get_for_user(admin)
    profile.avatar = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    profile.save()
    admin.refresh_from_db()
    assert avatar_url(user=admin).startswith("/media/avatar_images/")


@pytest.mark.parametrize(
    ("first", "last", "username", "expected"),
    [
        ("Olena", "Marchuk", "olena", "OM"),
        ("", "", "erin", "E"),
        ("Jean-Luc", "", "jl", "J"),
        ("Максим", "Литвин", "maksym", "МЛ"),
    ],
)
def test_initials(first, last, username, expected):
    from django.contrib.auth.models import User

    assert initials(user=User(first_name=first, last_name=last, username=username)) == expected


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()
