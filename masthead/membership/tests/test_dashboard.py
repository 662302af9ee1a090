"""The membership team's admin: dashboard figures and charts, members list, permissions."""

import pytest
from django.utils import timezone

from masthead.membership import queries, services
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tier):
    yearly = builders.tier_make(slug="patron", monthly="25.00", yearly="240.00")
    builders.member_join("a@readers.example", tier)
    builders.member_join("b@readers.example", tier)
    builders.member_join("c@readers.example", yearly, interval="year")
    gone = builders.member_join("d@readers.example", tier)
    services.member_end(member=gone, at=timezone.now(), reason="test")


def test_the_numbers_the_team_steers_by(members):
    numbers = queries.dashboard(weeks=12)
    assert numbers["active"] == 3
    assert numbers["mrr"] == {"USD": pytest.approx(5 + 5 + 20)}
    assert numbers["joined"][-1] == 4
    assert numbers["churned"][-1] == 1
    assert numbers["members"][-1] == 3
    assert float(numbers["revenue"][-1]) == 5 * 3 + 240


def test_a_membership_manager_sees_the_dashboard_with_charts(client, cast, members):
    client.force_login(cast["membership_manager"])
    html = client.get("/admin/membership-dashboard/").content.decode()
    assert html.count("<svg") >= 4
    assert 'data-figure="active">3<' in html
    listing = client.get("/admin/member/?status=active").content.decode()
    assert "a@readers.example" in listing and "d@readers.example" not in listing
    assert "c@readers.example" in client.get("/admin/member/?q=c%40readers").content.decode()
    export = client.get("/admin/membership-dashboard/export.csv").content.decode()
    assert export.splitlines()[0].startswith("email,status,tier")


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_newsroom_staff_without_the_role_cannot_see_members(client, cast, members, role):
    client.force_login(cast[role])
    for url in (
        "/admin/membership-dashboard/",
        "/admin/member/",
        "/admin/membership-dashboard/export.csv",
    ):
        assert client.get(url).status_code in (302, 403), url


def test_complimentary_memberships_are_granted_from_the_admin(client, cast, tier):
    client.force_login(cast["membership_manager"])
    response = client.post(
        "/admin/membership-dashboard/complimentary/",
        {
            "email": "press@partner.example",
            "tier": tier.pk,
            "until": (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat(),
            "note": "Partner newsroom",
        },
    )
    assert response.status_code == 302
    from masthead.membership.models import Member

    assert Member.objects.get(user__email="press@partner.example").source == "complimentary"


def test_a_complimentary_grant_in_the_past_is_refused_clearly(client, cast, tier):
    from masthead.membership.models import Member

    client.force_login(cast["membership_manager"])
    response = client.post(
        "/admin/membership-dashboard/complimentary/",
        {"email": "press@partner.example", "tier": tier.pk, "until": "2020-01-01"},
    )
    assert response.status_code == 200
    assert b"The end date must be in the future." in response.content
    assert not Member.objects.filter(status="active").exists()
