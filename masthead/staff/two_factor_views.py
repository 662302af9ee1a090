"""The admin pages of two-factor sign-in: a staff member's own (turn it on, see and renew the
recovery codes, turn it off), and an administrator's reset of another person's, offered on
Wagtail's user edit page."""

import base64
import textwrap

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from wagtail.admin.widgets import Button
from wagtail.users.views import users as wagtail_users

from masthead.staff import two_factor

# The codes just made, kept in the session only until the page after shows them (once).
NEW_CODES_KEY = "two_factor_new_codes"


def _next_url(request) -> str:
    wanted = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("wagtailadmin_home")


def _codes_show(request, codes: list[str]):
    request.session[NEW_CODES_KEY] = codes
    return redirect(request.get_full_path())


@never_cache  # the key and the recovery codes stay out of every cache
@require_http_methods(["GET", "POST"])
def two_factor_settings(request):
    user = request.user
    context = {
        "next": _next_url(request),
        "required_by": two_factor.two_factor_required_by(user=user),
        "error": "",
    }
    if request.method == "GET" and (codes := request.session.pop(NEW_CODES_KEY, None)):
        return render(
            request,
            "staff/admin/two_factor.html",
            context | {"codes": codes, "newsroom": settings.WAGTAIL_SITE_NAME},
        )

    if two_factor.two_factor_on(user=user):
        action = request.POST.get("action")
        if request.method == "POST":
            code = request.POST.get("otp_token", "")
            if action == "renew":
                if codes := two_factor.recovery_codes_renew(user=user, code=code):
                    return _codes_show(request, codes)
            elif two_factor.two_factor_off(user=user, code=code):
                messages.success(request, "Two-factor sign-in is off.")
                return redirect(request.get_full_path())
            context["error"] = two_factor.code_error()
        return render(
            request,
            "staff/admin/two_factor.html",
            context
            | {
                "on": True,
                "error_for": action,
                "codes_left": two_factor.recovery_codes_left(user=user),
            },
        )

    device = two_factor.setup_device(user=user)
    if request.method == "POST":
        if codes := two_factor.setup_confirm(device=device, code=request.POST.get("otp_token", "")):
            # This session gave a code: it stays signed in.
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on. Keep your phone at hand.")
            return _codes_show(request, codes)
        context["error"] = two_factor.code_error()
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#111")
    return render(
        request,
        "staff/admin/two_factor.html",
        context
        | {
            "on": False,
            "qr": mark_safe(qr),
            # Apps take the key typed by hand in base32, in groups of four.
            "secret": " ".join(textwrap.wrap(base64.b32encode(device.bin_key).decode(), 4)),
            "config_url": device.config_url,
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_reset(request, user_id: int):
    person = get_object_or_404(get_user_model(), pk=user_id)
    name = person.get_full_name() or person.get_username()
    if not two_factor.reset_allowed(by=request.user, person=person):
        # A 403 that says why (Wagtail would turn PermissionDenied into a redirect home).
        own = person.pk == request.user.pk
        return render(
            request, "staff/admin/two_factor_reset.html", {"refused": True, "own": own}, status=403
        )
    if request.method == "POST":
        two_factor.two_factor_reset(person=person, by=request.user)
        messages.success(
            request,
            f"Two-factor sign-in of {name} is reset: they sign in with their password alone, "
            "and set it up again if their role requires it.",
        )
        return redirect("wagtailusers_users:edit", person.pk)
    return render(
        request,
        "staff/admin/two_factor_reset.html",
        {
            "person": person,
            "name": name,
            "on": two_factor.two_factor_on(user=person),
            "codes_left": two_factor.recovery_codes_left(user=person),
            "edit_url": reverse("wagtailusers_users:edit", args=[person.pk]),
        },
    )


class UserEditView(wagtail_users.EditView):
    """Wagtail's user edit page, with "Reset two-factor sign-in" among its actions."""

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if two_factor.reset_allowed(by=self.request.user, person=self.object):
            buttons.append(
                Button(
                    "Reset two-factor sign-in",
                    url=reverse("two_factor_reset", args=[self.object.pk]),
                    icon_name="key",
                    priority=30,
                )
            )
        return buttons


class UserViewSet(wagtail_users.UserViewSet):
    edit_view_class = UserEditView
