"""In Chromium, as a person would: an editor whose role requires two-factor sign-in signs in
with the password, is taken to set it up, types the app's code, keeps the recovery codes, signs
out, and signs in again with a recovery code instead of the phone."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken

from masthead.staff import roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def app_code(secret: str) -> str:
    """What the authenticator app shows for the key typed in by hand."""
    return f"{totp(base64.b32decode(secret.replace(' ', ''))):06d}"


async def password_sign_in(page, base: str, *, code: str = "") -> None:
    await page.goto(f"{base}/admin/login/")
    await page.get_by_label("Username").fill("erin")
    await page.get_by_label("Password").fill("pass-word-123")
    if code:
        await page.get_by_label("Authenticator code").fill(code)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_load_state()


def test_an_editor_sets_it_up_at_sign_in_and_comes_back_with_a_recovery_code(
    chromium, live_server, cast, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR = [roles.EDITORS]

    async def scenario(browser):
        seen = {}
        context = await browser.new_context()
        page = await context.new_page()
        await password_sign_in(page, live_server.url)
        seen["after password"] = page.url.removeprefix(live_server.url)
        seen["notice"] = await page.locator("[data-two-factor-required]").inner_text()
        await page.goto(f"{live_server.url}/admin/pages/")  # the admin stays shut
        seen["pages"] = page.url.removeprefix(live_server.url)

        secret = await page.locator("[data-secret]").inner_text()
        await page.get_by_label("Enter the 6-digit code the app shows").fill(app_code(secret))
        await page.get_by_role("button", name="Turn on").click()
        await page.get_by_role("heading", name="Your recovery codes").wait_for()
        seen["codes"] = await page.locator("[data-recovery-code]").all_inner_texts()
        seen["print button"] = await page.get_by_role("button", name="Print").is_visible()
        await page.get_by_role("link", name="I have kept them: continue").click()
        await page.wait_for_url("**/admin/pages/")

        await page.get_by_role("button", name="erin").click()  # the account menu, in the sidebar
        await page.get_by_role("button", name="Log out").click()
        await page.wait_for_url("**/admin/login/**")

        await password_sign_in(page, live_server.url, code=seen["codes"][0])
        seen["after recovery code"] = page.url.removeprefix(live_server.url)
        await page.goto(f"{live_server.url}/admin/account/two-factor/")
        seen["left"] = await page.locator("[data-codes-left]").inner_text()
        await context.close()
        return seen

    seen = chromium(scenario)
    assert seen["after password"].startswith("/admin/account/two-factor/?next=")
    assert "This newsroom requires it of Editors" in seen["notice"]
    assert seen["pages"] == "/admin/account/two-factor/?next=/admin/pages/"
    assert len(seen["codes"]) == 10 and all(len(code) == 11 for code in seen["codes"])
    assert seen["print button"]
    assert seen["after recovery code"] == "/admin/"
    assert seen["left"].startswith("9 recovery codes left.")
    assert StaticToken.objects.count() == 9
