"""In Chromium, as the person moving a newsroom in would: Settings → Import, choose the
WordPress export, start it, watch it finish, read the report; then open an imported story
beside a story written here, at phone and desk widths: the same parts in the same places."""

import os

import pytest

from masthead.conftest import background_tasks_run
from masthead.importers.tests.conftest import WORDPRESS
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("BROWSER_SCREENSHOTS", "")
# What every story page shows, imported or not.
PARTS = {
    "section": ".article__head .kicker",
    "headline": ".article__head h1",
    "standfirst": ".article__head .standfirst",
    "byline": ".article__meta .byline",
    "dates": ".article__meta time",
    "lead picture": ".article figure img",
    "credit": ".article figure .credit",
    "body": ".article__body p",
    "author card": ".author-card",
}


async def admin_page(browser, live_server, path: str):
    """A tab signed in to the admin as Alice (cast's administrator), at `path`."""
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await page.goto(f"{live_server.url}/admin/login/")
    await page.get_by_label("Username").fill("alice")
    await page.get_by_label("Password").fill("pass-word-123")
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/admin/")
    if path:
        await page.goto(f"{live_server.url}{path}")
    return page


async def parts_seen(page) -> dict[str, bool]:
    return {name: await page.locator(css).count() > 0 for name, css in PARTS.items()}


def test_an_admin_imports_a_wordpress_export_and_reads_its_report(
    chromium, live_server, cast, settings, tmp_path
):
    async def started(browser):
        page = await admin_page(browser, live_server, "")
        await page.get_by_role("button", name="Settings").click()
        await page.get_by_role("link", name="Import").click()
        await page.get_by_label("From").select_option("wordpress")
        await page.get_by_label("Export file").set_input_files(str(WORDPRESS))
        await page.get_by_role("button", name="Start the import").click()
        await page.wait_for_url("**/admin/import/*/")
        return page.url.removeprefix(live_server.url), await page.locator("#status").inner_text()

    async def after(browser, path):
        page = await admin_page(browser, live_server, path)
        if SHOTS:
            await page.screenshot(path=f"{SHOTS}/import-report.png", full_page=True)
        return {
            "status": await page.locator("#status").inner_text(),
            "report": await page.locator(".import-report").inner_text(),
            "csv link": await page.get_by_role("link", name="Download").count(),
            "chart": await page.get_by_role("img", name="Items imported, by kind").count(),
        }

    url, waiting = chromium(started)
    assert waiting.startswith("Waiting to start")
    background_tasks_run()  # the worker takes it
    seen = chromium(lambda browser: after(browser, url))
    assert seen["status"] == "Done"
    assert "story     5 created" in seen["report"]
    assert "A picture nobody kept" in seen["report"]  # no uploads folder from the admin
    assert seen["csv link"] == 1 and seen["chart"] == 1
    assert ArticlePage.objects.filter(title__startswith="Winter ferry").exists()


def test_an_imported_story_reads_like_one_written_here(
    chromium, live_server, newsroom, wordpress_uploads
):
    from masthead.importers.running import import_run
    from masthead.importers.writing import ImportOptions

    import_run(
        "wordpress",
        WORDPRESS,
        options=ImportOptions(media_dir=wordpress_uploads, fetch=False),
    )
    imported = ArticlePage.objects.get(title__startswith="Winter ferry")
    native = builders.article_make(
        section=newsroom["news"],
        title="Tram line 4 opens",
        standfirst="The first trams ran at dawn.",
        authors=[newsroom["author"]],
        lead_image=builders.image_make(title="Tram at dawn", credit="Olena Marchuk"),
    )

    async def scenario(browser):
        seen = {}
        for width in (390, 1280):
            page = await browser.new_page(viewport={"width": width, "height": 900})
            errors: list[str] = []

            def failed(response, errors=errors):
                if response.status >= 400:
                    errors.append(f"{response.status} {response.url}")

            page.on("response", failed)
            for name, story in (("native", native), ("imported", imported)):
                await page.goto(f"{live_server.url}{story.url}")
                seen[(name, width)] = await parts_seen(page)
                overflow = await page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                seen[(name, width, "overflow")] = overflow
                if SHOTS:
                    await page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
            seen[("errors", width)] = errors
            await page.close()
        return seen

    seen = chromium(scenario)
    for width in (390, 1280):
        assert seen[("imported", width)] == seen[("native", width)], width
        assert all(seen[("imported", width)].values()), seen[("imported", width)]
        assert seen[("imported", width, "overflow")] <= 0  # nothing wider than a phone
        assert seen[("errors", width)] == []


def test_imported_pages_pass_the_w3c_validator_and_axe(
    chromium, live_server, newsroom, wordpress_uploads, tmp_path
):
    """Every kind of block an import makes (gallery, table, code, cleaned HTML…), checked as
    the demo's pages are (core/tests/test_accessibility.py)."""
    import json
    import subprocess

    from django.test import Client

    from masthead.core.tests.test_accessibility import AXE_JS, WCAG, tool_missing, vnu
    from masthead.importers.running import import_run
    from masthead.importers.writing import ImportOptions

    import_run(
        "wordpress", WORDPRESS, options=ImportOptions(media_dir=wordpress_uploads, fetch=False)
    )
    stories = list(ArticlePage.objects.live().order_by("pk"))
    command = vnu()
    files = []
    for number, story in enumerate(stories):
        path = tmp_path / f"story-{number}.html"
        path.write_bytes(Client().get(story.url).content)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 - the validator's jar, our files
        [*command, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
    if not AXE_JS.exists():
        tool_missing(f"no axe-core at {AXE_JS} (`make test` installs it with npm)")
    axe = AXE_JS.read_text()

    async def scenario(browser):
        found = {}
        for width in (390, 1280):
            context = await browser.new_context(viewport={"width": width, "height": 900})
            await context.add_init_script(script=axe)
            page = await context.new_page()
            for story in stories:
                await page.goto(f"{live_server.url}{story.url}")
                results = await page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                    " resultTypes: ['violations']})",
                    WCAG,
                )
                for violation in results["violations"]:
                    found.setdefault(f"{story.url} at {width}", []).append(violation["id"])
            await context.close()
        return found

    assert chromium(scenario) == {}
