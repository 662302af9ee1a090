"""The demo provider's pages: a checkout and a billing portal that move no money."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from masthead.membership import payments, queries
from masthead.membership.models import Checkout, Member
from masthead.membership.providers import demo


def _demo_in_use() -> None:
    """The demo's pages exist only while the demo provider takes the payments: a demo
    checkout begun earlier cannot be completed, nor fake renewals made, once Stripe is on."""
    if payments.provider_name() != demo.NAME:
        raise Http404("Demo payments are off")


@require_http_methods(["GET", "POST"])
def checkout(request, token: str):
    _demo_in_use()
    checkout = get_object_or_404(Checkout, token=token, provider=demo.NAME)
    if checkout.state != Checkout.State.OPEN:
        return redirect(f"{reverse('membership:thanks')}?checkout={checkout.token}")
    if request.method == "POST":
        if request.POST.get("action") == "pay":
            demo.checkout_confirm(checkout=checkout)
        else:
            Checkout.objects.filter(pk=checkout.pk).update(state=Checkout.State.CANCELED)
        return redirect(f"{reverse('membership:thanks')}?checkout={checkout.token}")
    return render(request, "membership/demo_checkout.html", {"checkout": checkout})


@login_required
@require_http_methods(["GET", "POST"])
def portal(request):
    _demo_in_use()
    member = queries.member_subscribed(request.user)
    if member is None or member.provider != demo.NAME:
        raise Http404("No demo subscription")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            demo.subscription_cancel(member=member)
            messages.success(request, "Your membership will end when the paid period does.")
        elif action == "resume":
            demo.subscription_resume(member=member)
            messages.success(request, "Your membership will renew.")
        elif action in ("renew", "fail"):
            outcome = demo.renewal_charge(member=member, fail=action == "fail")
            messages.info(request, f"Demo renewal: {outcome}.")
        return redirect("membership:demo_portal")
    member = Member.objects.select_related("tier").get(pk=member.pk)
    return render(request, "membership/demo_portal.html", {"member": member})
