"""The admin page where a staff member turns two-factor sign-in on or off."""

import base64
import textwrap

import segno
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from masthead.core import two_factor


@require_http_methods(["GET", "POST"])
def two_factor_settings(request):
    user = request.user
    error = ""
    if two_factor.two_factor_on(user):
        if request.method == "POST":
            if two_factor.two_factor_off(user, request.POST.get("otp_token", "")):
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("two_factor")
            error = two_factor.code_error()
        return render(request, "core/admin/two_factor.html", {"on": True, "error": error})

    device = two_factor.setup_device(user)
    if request.method == "POST":
        if two_factor.setup_confirm(device, request.POST.get("otp_token", "")):
            # This session gave a code: it stays signed in.
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on. Keep your phone at hand.")
            return redirect("two_factor")
        error = two_factor.code_error()
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#111")
    return render(
        request,
        "core/admin/two_factor.html",
        {
            "on": False,
            "error": error,
            "qr": mark_safe(qr),
            # Apps take the key typed by hand in base32, in groups of four.
            "secret": " ".join(textwrap.wrap(base64.b32encode(device.bin_key).decode(), 4)),
            "config_url": device.config_url,
        },
    )
