"""The membership team's admin: dashboard figures and charts, members list, permissions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.membership import queries, status_machine, subscriptions
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tier):
    yearly = builders.tier_make(slug="patron", monthly="25.00", yearly="240.00")
    builders.member_join("a@readers.example", tier)
    builders.member_join("b@readers.example", tier)
    builders.member_join("c@readers.example", yearly, interval="year")
    gone = builders.member_join("d@readers.example", tier)
    status_machine.member_end(member=gone, at=timezone.now(), reason="test")


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


def test_members_cannot_be_deleted_around_the_status_machine(client, cast, members):
    """Deleting a member row would leave the drive's count where it was: the admin offers no
    delete (readers delete their own account from the member page, through the services)."""
    from masthead.membership import campaigns
    from masthead.membership.models import Member

    member = Member.objects.filter(status="active").first()
    before = campaigns.campaign_running().joined_count if campaigns.campaign_running() else None
    client.force_login(cast["membership_manager"])
    listing = client.get("/admin/member/").content.decode()
    assert f"/admin/member/delete/{member.pk}/" not in listing
    response = client.post(f"/admin/member/delete/{member.pk}/")
    assert response.status_code in (302, 403)
    assert Member.objects.filter(pk=member.pk).exists()
    edit = client.get(f"/admin/member/edit/{member.pk}/").content.decode()
    assert f"/admin/member/delete/{member.pk}/" not in edit
    if before is not None:
        assert campaigns.campaign_running().joined_count == before


def test_each_active_figure_says_what_it_counts(client, cast, tier):
    """Current members, the status table's "active" and the drive's count are three numbers:
    each one says what it counts."""
    from masthead.membership.models import Campaign

    now = timezone.now()
    drive = builders.campaign_make(counts=Campaign.Counts.NEW, starts_at=now - timedelta(days=10))
    builders.member_join("before@readers.example", tier, at=now - timedelta(days=20))
    builders.member_join("new@readers.example", tier)
    overdue = builders.member_join("overdue@readers.example", tier)
    subscriptions.invoice_failed(subscription_ref=overdue.subscription_ref, at=timezone.now())
    status_machine.complimentary_grant(
        email="press@partner.example", tier=tier, until=now + timedelta(days=30)
    )
    client.force_login(cast["membership_manager"])
    html = client.get("/admin/membership-dashboard/").content.decode()

    assert 'data-figure="active">4<' in html
    assert "Current members <small>active and payment overdue; paying, gifted, imported" in html
    assert 'data-figure="past-due">1<' in html
    assert '<th scope="row">Active</th><td data-status-count>3</td>' in html
    assert "The 4 current members are the active ones and those whose payment is overdue" in html
    assert 'data-figure="campaign">2 of 25,000' in html
    assert "members who joined or rejoined since the drive began" in html
    assert "complimentary excluded" in html

    drive.counts = Campaign.Counts.ACTIVE
    drive.save()
    html = client.get("/admin/membership-dashboard/").content.decode()
    assert 'data-figure="campaign">3 of 25,000' in html
    assert "all current members, whenever they joined, complimentary excluded" in html
