"""Valid, accessible pages, measured on the demo newsroom as served, in both editions: the W3C
Nu validator finds no error; axe-core finds nothing at WCAG 2.2 AA in light and dark mode, on a
phone and a desktop; and a reader with only a keyboard can skip to the story, use the menu,
load more stories, join and sign up for a newsletter.

The validator and axe-core are npm's releases pinned in tools/validators (installed by `make
test`). The demo is loaded once for this module (about 20 s), served by a live server of the
module's own, and taken away afterwards: other modules never see it.
"""

import asyncio
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test import Client
from django.test.testcases import LiveServerThread

from masthead.demo.tests.loaded import demo_committed

TOOLS = Path(__file__).resolve().parents[3] / "tools" / "validators" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ENGLISH = {
    "home": "/",
    "article": "/news/verkhnia-river-reaches-spring-high-water-mark-two-weeks-early/",
    "article with a fact box": "/city/tram-line-4-extension-what-the-new-route-will-change/",
    "members-only article": "/news/city-council-approves-budget-after-a-five-hour-session/",
    "video page": "/video/flood-season-on-the-verkhnia-from-the-air/",
    "live coverage": "/news/winter-storm-live/",
    "live coverage ended": "/news/spring-flood-live/",
    "live coverage, older updates": "/news/spring-flood-live/?update={flood_key_event}",
    "video index": "/video/",
    "author": "/authors/daryna-koval/",
    "journalists": "/authors/",
    "section": "/news/",
    "tag": "/tags/tram/",
    "topics": "/tags/",
    "news feed": "/news-feed/",
    "search": "/search/?q=tram",
    "join": "/join/",
    "gift": "/gift/",
    "gift redeem": "/gift/redeem/",
    "sign-in": "/account/sign-in/",
    "account": "/account/",
    "newsletters": "/newsletters/",
    "newsletter archive": "/newsletters/morning-briefing/",
    "newsletter edition": "/newsletters/morning-briefing/{edition}/",
    "supporters": "/supporters/",
    "share on mastodon": "/share/mastodon/?text=Tram+line+4+https://news.example/t/",
    "not found": "/no-such-page/",
}
# The Ukrainian edition has no members-only story and no video pages of its own.
UKRAINIAN = {
    "home": "/uk/",
    "article": "/uk/news/verkhnia-pidnialasia-na-dva-tyzhni-ranishe/",
    "article on trams": "/uk/city/tramvai-4-pershi-tyzhni/",
    "live coverage": "/uk/news/zymova-buria-nazhyvo/",
    "live coverage ended": "/uk/news/vesniana-povin-nazhyvo/",
    "author": "/uk/authors/maksym-lytvyn/",
    "journalists": "/uk/authors/",
    "section": "/uk/city/",
    "tag": "/uk/tags/трамвай/",
    "topics": "/uk/tags/",
    "news feed": "/uk/news-feed/",
    "search": "/uk/search/?q=трамвай",
    "join": "/uk/join/",
    "gift": "/uk/gift/",
    "gift redeem": "/uk/gift/redeem/",
    "sign-in": "/uk/account/sign-in/",
    "account": "/uk/account/",
    "newsletters": "/uk/newsletters/",
    "newsletter archive": "/uk/newsletters/morning-briefing/",
    "newsletter edition": "/uk/newsletters/morning-briefing/{edition}/",
    "supporters": "/uk/supporters/",
    "share on mastodon": "/uk/share/mastodon/?text=Трамвай+https://news.example/t/",
    "not found": "/uk/no-such-page/",
}
# What shows that a page is the one named: search hits, the join prompt, the member's status.
SHOWS = {
    "search": '<li data-id="',
    "members-only article": 'id="join-prompt-title"',
    "account": 'aria-labelledby="status-title"',
}


@dataclass(frozen=True)
class DemoPage:
    name: str
    path: str
    status: int = 200
    member: bool = False  # fetched signed in as a paying member
    shows: str = "<main"


@dataclass(frozen=True)
class Demo:
    url: str
    session: str
    pages: list[DemoPage]


def tool_missing(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo newsroom, committed, and a live server for it; afterwards the database holds
    what it held before."""
    from masthead.live.models import LiveUpdate
    from masthead.membership.models import Member
    from masthead.newsletters.models import Edition

    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(
            demo_committed(
                media_root=tmp_path_factory.mktemp("demo-media"),
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "127.0.0.1"],
            )
        )
        member = Member.objects.filter(status=Member.Status.ACTIVE).order_by("pk").first()
        client = Client()
        client.force_login(member.user)
        edition = Edition.objects.filter(
            newsletter__slug="morning-briefing", status=Edition.Status.SENT
        ).first()
        flood_key_event = (
            LiveUpdate.objects.filter(
                page__slug="spring-flood-live", page__locale__language_code="en", key_event=True
            )
            .order_by("published_at")
            .first()
        )
        pages = [
            DemoPage(
                f"{language} {name}",
                path.format(edition=edition.pk, flood_key_event=flood_key_event.pk),
                status=404 if name == "not found" else 200,
                member=name == "account",
                shows=SHOWS.get(name, "<main"),
            )
            for language, edition_pages in (("en", ENGLISH), ("uk", UKRAINIAN))
            for name, path in edition_pages.items()
        ]

        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        stack.callback(server.terminate)
        yield Demo(
            url=f"http://127.0.0.1:{server.port}",
            session=client.cookies[settings.SESSION_COOKIE_NAME].value,
            pages=pages,
        )


@pytest.fixture(autouse=True)
def db(demo):
    """This module's database is the demo, committed and read through the module's server, so
    no test runs inside a transaction (pytest-django's `db`): on SQLite one would keep the
    server from writing until the test ends."""


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """The demo's media stay where the module's fixture put them (conftest moves them per test)."""


def served(demo: Demo, url: str) -> str:
    """The address a response came from, as the page list writes it."""
    return urllib.parse.unquote(url.removeprefix(demo.url))


def fetched(demo: Demo, page: DemoPage) -> tuple[int, str, bytes]:
    """The page's status, the address it was served from after any redirect, and its HTML."""
    url = f"{demo.url}{urllib.parse.quote(page.path, safe='/?=')}"
    request = urllib.request.Request(url)  # noqa: S310 - our own server
    if page.member:
        request.add_header("Cookie", f"{settings.SESSION_COOKIE_NAME}={demo.session}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, served(demo, response.url), response.read()
    except urllib.error.HTTPError as error:
        return error.code, served(demo, error.url), error.read()


def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        tool_missing("the W3C validator needs Java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        tool_missing(f"no W3C validator at {VNU_JAR} (`make test` installs it with npm)")
    return [java, "-Xss1024k", "-jar", str(VNU_JAR)]


def test_the_w3c_validator_finds_no_errors_on_any_demo_page(demo, tmp_path):
    command = vnu()
    files, responses = {}, {}
    for page in demo.pages:
        status, address, body = fetched(demo, page)
        responses[page.name] = (status, address, page.shows in body.decode())
        path = tmp_path / f"{page.name.replace(' ', '-')}.html"
        path.write_bytes(body)
        files[str(path)] = page
    assert responses == {page.name: (page.status, page.path, True) for page in demo.pages}
    result = subprocess.run(  # noqa: S603 - the validator's jar, our files
        [*command, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the validator did not answer in JSON:\n{result.stderr[-2000:]}")
    errors = [
        f"{files[m['url'].removeprefix('file:')].name}:{m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") != "info"
    ]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_axe_finds_no_violations_on_any_demo_page(chromium, demo, size, scheme):
    if not AXE_JS.exists():
        tool_missing(f"no axe-core at {AXE_JS} (`make test` installs it with npm)")
    axe = AXE_JS.read_text()

    async def audit(browser, visits: list[DemoPage]) -> dict[str, list[str]]:
        context = await browser.new_context(viewport=VIEWPORTS[size], color_scheme=scheme)
        # Given to every page by the browser, not added as a <script>: the pages'
        # Content-Security-Policy stays on.
        await context.add_init_script(script=axe)
        page, found = await context.new_page(), {}
        for visit in visits:
            if visit.member:
                await context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": demo.session, "url": demo.url}]
                )
            else:
                await context.clear_cookies()
            response = await page.goto(f"{demo.url}{visit.path}")
            assert (response.status, served(demo, response.url)) == (visit.status, visit.path)
            results = await page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " resultTypes: ['violations']})",
                WCAG,
            )
            for violation in results["violations"]:
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:4])
                found.setdefault(visit.name, []).append(
                    f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}): "
                    f"{violation['help']}: {targets}"
                )
        await context.close()
        return found

    async def scenario(browser):
        # Two tabs at a time: the server renders one page while axe reads the other.
        halves = await asyncio.gather(*(audit(browser, demo.pages[n::2]) for n in (0, 1)))
        return {where: problems for half in halves for where, problems in half.items()}

    found = chromium(scenario)
    assert found == {}, "\n".join(
        f"== {where}\n" + "\n".join(problems) for where, problems in found.items()
    )


# How far a page is wider than the window, and which of its boxes cover one another.
LAYOUT_JS = (Path(__file__).with_name("layout_check.js")).read_text()
LAYOUT_WIDTHS = (360, 390, 768, 1366)
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results" / "layout"


@pytest.mark.browser
def test_every_demo_page_fits_phones_tablets_and_desktops(chromium, demo):
    """No page scrolls sideways and no boxes overlap at 360, 390, 768 and 1366 px; a
    screenshot of each page at each width goes to test-results/layout/ to be looked at."""

    async def check(browser, width: int) -> dict[str, dict]:
        context = await browser.new_context(viewport={"width": width, "height": 900})
        page, found = await context.new_page(), {}
        for visit in demo.pages:
            if visit.member:
                await context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": demo.session, "url": demo.url}]
                )
            else:
                await context.clear_cookies()
            await page.goto(f"{demo.url}{visit.path}")
            layout = await page.evaluate(LAYOUT_JS)
            if layout["overflow"] > 0 or layout["overlaps"]:
                found[f"{visit.name} at {width} px"] = layout
            folder = SCREENSHOTS / str(width)
            folder.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(folder / f"{visit.name.replace(' ', '-')}.png"))
        await context.close()
        return found

    async def scenario(browser):
        checked = await asyncio.gather(*(check(browser, width) for width in LAYOUT_WIDTHS))
        return {where: layout for found in checked for where, layout in found.items()}

    found = chromium(scenario)
    assert found == {}, "\n".join(f"{where}: {layout}" for where, layout in found.items())


@pytest.mark.browser
def test_a_newcomer_meets_a_full_front_page_and_finds_a_way_back_from_a_wrong_address(
    chromium, demo
):
    """As a first reader does: the front page has its most read stories and shows each story
    once; a wrong address offers search and the latest stories, and the search it leads to
    shows snippets of whole words."""

    async def scenario(browser):
        page = await browser.new_page()
        await page.goto(f"{demo.url}/")
        most_read = await page.locator(".most-read li").all_inner_texts()
        headlines = await page.locator(
            "main .card__title, main .feed h2, main .feed h3"
        ).all_inner_texts()
        await page.goto(f"{demo.url}/news/a-story-that-moved/")
        latest = await page.get_by_role("region", name="The latest stories").count()
        await page.get_by_role("searchbox", name="Search").fill("river")
        await page.get_by_role("searchbox", name="Search").press("Enter")
        await page.wait_for_url("**/search/?q=river")
        snippets = await page.locator("#search-hits p").all_inner_texts()
        return most_read, headlines, latest, snippets

    most_read, headlines, latest, snippets = chromium(scenario)
    assert len(most_read) == 5
    assert len(headlines) > 10 and len(headlines) == len(set(headlines)), headlines
    assert latest == 1
    import re

    from masthead.newsroom.models import ArticlePage

    words = set()
    for story in ArticlePage.objects.live():
        body = " ".join(story.body.stream_block.get_searchable_content(story.body))
        words |= set(re.findall(r"\w+", f"{story.standfirst} {body}"))
    first = [re.findall(r"\w+", text)[0] for text in snippets if text.startswith("… ")]
    assert snippets and first and all(word in words for word in first), first


@pytest.mark.browser
def test_a_keyboard_alone_reaches_everything(chromium, demo):
    async def scenario(browser):
        page = await browser.new_page()
        seen = {}
        await page.goto(f"{demo.url}/")
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
        await page.goto(f"{demo.url}/news-feed/")
        await page.get_by_role("link", name="Show More").focus()
        await page.keyboard.press("Enter")
        await page.locator("#news-feed > li").nth(10).wait_for(state="attached")
        seen["show more"] = await page.evaluate(
            "document.activeElement.closest('li') && document.activeElement.closest('li')"
            ".previousElementSibling === document.querySelectorAll('#news-feed > li')[9]"
        )

        # Joining: a tier, an address, Enter.
        await page.goto(f"{demo.url}/join/")
        await page.get_by_label("Supporter").focus()
        await page.keyboard.press("Space")
        await page.get_by_label("E-mail address").first.focus()
        await page.keyboard.type("keys@readers.example")
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/pay/demo/**")
        seen["join"] = await page.get_by_role("button", name="Confirm demo payment").is_visible()

        # The newsletter box under a story.
        await page.goto(f"{demo.url}{ENGLISH['article']}")
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
