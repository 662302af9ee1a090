"""Who may open what: every area of the site requested as each kind of person, against the
roles' design (staff/roles.py); and which views take a POST without a CSRF token, each with
the proof it asks for instead."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Site

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]

ROLES = ["anonymous", "member", "contributor", "editor", "membership_manager", "admin"]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = {"contributor", "editor", "membership_manager", "admin"}
NEWSROOM = {"contributor", "editor", "admin"}
EDITORS = {"editor", "admin"}
MEMBERSHIP = {"membership_manager", "admin"}
LISTS = {"editor", "membership_manager", "admin"}
ADMINS = {"admin"}

# Who gets the page (200); everyone else is sent to sign in.
EXPECTED = {
    "/": EVERYONE,
    "/join/": EVERYONE,
    "/newsletters/": EVERYONE,
    "/account/": SIGNED_IN,
    "/account/data/": SIGNED_IN,
    "/admin/": STAFF,
    "/admin/reports/site-history/": STAFF,
    "/admin/pages/": NEWSROOM,
    "/admin/images/": NEWSROOM,
    "/admin/documents/": NEWSROOM,
    "/admin/redirects/": EDITORS,
    "/admin/settings/core/newsroomsettings/{site}/": EDITORS,
    "/admin/newsletters/editions/": EDITORS,
    "/admin/newsletters/": LISTS,
    "/admin/newsletters/lists/": LISTS,
    "/admin/newsletters/subscribers/": LISTS,
    "/admin/newsletters/export.csv": LISTS,
    "/admin/membership-dashboard/": MEMBERSHIP,
    "/admin/membership-dashboard/export.csv": MEMBERSHIP,
    "/admin/member/": MEMBERSHIP,
    "/admin/tier/": MEMBERSHIP,
    "/admin/campaign/": MEMBERSHIP,
    "/admin/gift/": MEMBERSHIP,
    "/admin/users/": ADMINS,
    "/admin/account/two-factor/": STAFF,
    "/admin/two-factor/reset/{editor}/": ADMINS,
    "/admin/groups/": ADMINS,
    "/admin/workflows/list/": ADMINS,
    "/django-admin/": ADMINS,
}


def test_each_role_reaches_exactly_its_areas(client, cast, readers, newsroom):
    people = {"anonymous": None, "member": readers["paying"]}
    people |= {role: cast[role] for role in ROLES[2:]}
    site = Site.objects.get(is_default_site=True).pk
    wrong = []
    for pattern, allowed in EXPECTED.items():
        url = pattern.format(site=site, editor=cast["editor"].pk)
        for role, person in people.items():
            client.logout()
            if person is not None:
                client.force_login(person)
            status = client.get(url).status_code
            if (status == 200) != (role in allowed) or status not in (200, 302, 403, 404):
                wrong.append((url, role, status))
    assert wrong == [], "\n".join(map(str, wrong))


# Views that take a POST without Django's CSRF token, and what they check instead.
CSRF_EXEMPT = {
    "masthead.discovery.views.view_beacon": "changes only a view counter, once per reader",
    "masthead.membership.views.webhooks.stripe_webhook": "Stripe's signature",
    "masthead.newsletters.views.unsubscribe": "the signed token (RFC 8058 one-click)",
    "masthead.newsletters.views.signup": "an Origin check (the box sits on cached pages)",
    "masthead.newsletters.webhooks.esp_tracking": "basic auth or the provider's signature, "
    "routed only when one is configured",
    # Wagtail's admin API (Django REST framework): it checks the CSRF token itself for
    # session sign-ins.
    "wagtail.admin.api.views.PagesAdminAPIViewSet": "DRF's own CSRF check",
    "wagtail.images.api.admin.views.ImagesAdminAPIViewSet": "DRF's own CSRF check",
    "wagtail.documents.api.admin.views.DocumentsAdminAPIViewSet": "DRF's own CSRF check",
}


def views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from views(entry)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def test_only_the_listed_views_skip_the_csrf_check():
    exempt = set()
    for view in views():
        if getattr(view, "csrf_exempt", False):
            cls = getattr(view, "view_class", None)
            if cls is not None:
                bases = [f"{base.__module__}.{base.__qualname__}" for base in cls.__mro__]
                name = next((base for base in bases if base in CSRF_EXEMPT), bases[0])
            else:
                name = f"{view.__module__}.{view.__qualname__}"
            exempt.add(name)
    assert exempt == set(CSRF_EXEMPT)


def test_state_changing_forms_refuse_a_post_without_the_token(cast, readers, newsroom):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    member = readers["paying"]
    posts = [
        (None, "/account/sign-in/", {"email": "reader@readers.example"}),
        (None, "/join/", {"kind": "donation", "preset": "25", "email": "a@readers.example"}),
        (None, "/gift/", {"purchaser_email": "a@readers.example"}),
        (member, "/account/delete/", {}),
        (member, "/account/cancel/", {}),
        (member, "/account/newsletters/", {}),
        (member, "/account/sign-out/", {}),
        (cast["editor"], f"/admin/pages/{newsroom['news'].pk}/unpublish/", {}),
        (cast["admin"], "/admin/users/add/", {"username": "mallory"}),
        (cast["membership_manager"], "/admin/membership-dashboard/complimentary/", {}),
    ]
    for person, url, data in posts:
        client.logout()
        if person is not None:
            client.force_login(person)
        assert client.post(url, data).status_code == 403, url
