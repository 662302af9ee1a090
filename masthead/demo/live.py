"""The demo's live coverage, in both editions: the spring flood (ended: 60 updates, 6 key
events) and the winter storm (still live: `masthead scheduler` adds an update every few
minutes when DEMO_LIVE_FEED is on, as `make run` sets it), with a breaking-news bar leading
to it for the first twelve hours. Every word written for the demo."""

from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale

from masthead.core.models import MastheadImage
from masthead.demo import images
from masthead.live import services
from masthead.live.models import BreakingNews, LivePage, LiveUpdate
from masthead.live.services import UpdateFields
from masthead.newsroom.models import ArticleAuthor, SectionPage
from masthead.people.models import AuthorPage

# Each edition's own addresses.
FLOOD_SLUG = {"en": "spring-flood-live", "uk": "vesniana-povin-nazhyvo"}
STORM_SLUG = {"en": "winter-storm-live", "uk": "zymova-buria-nazhyvo"}

# Per edition: headline, standfirst, summary paragraphs.
FLOOD = {
    "en": (
        "Spring flood on the Verkhnia: live",
        "The river rose past its 1998 mark over two days in April. How the city held, "
        "street by street, as it happened.",
        [
            "The Verkhnia peaked at 6.41 m at Pryrichna bridge on the second night, eleven "
            "centimetres above the 1998 record.",
            "About 1,900 residents of the Nyzhnia district left their homes; all had returned "
            "by the end of the week. No one was seriously hurt.",
            "The council has ordered an inspection of the Lypky embankment, which seeped but held.",
        ],
    ),
    "uk": (
        "Весняна повінь на Верхній: наживо",
        "За два квітневі дні річка піднялася вище позначки 1998 року. Як місто трималося, "
        "вулиця за вулицею.",
        [
            "Верхня досягла піку 6,41 м біля Прирічного мосту другої ночі — на одинадцять "
            "сантиметрів вище рекорду 1998 року.",
            "Близько 1 900 мешканців Нижнього району залишили домівки; до кінця тижня всі "
            "повернулися. Ніхто серйозно не постраждав.",
            "Міськрада доручила перевірити дамбу в Липках: вона протікала, але витримала.",
        ],
    ),
}

# The key moments: (hour from the start, title, text) per edition; the rest are the gauge's
# readings and the desk's notes between them.
FLOOD_KEY = {
    "en": [
        (
            2,
            "Flood warning for the Nyzhnia district",
            "The regional water agency raised its warning to the highest level after heavy rain "
            "upstream. The council asked residents of the lowest streets to prepare to leave.",
        ),
        (
            9,
            "Pryrichna bridge closed to traffic",
            "Police closed the bridge in both directions as the water reached the underside of "
            "its deck. Trams 2 and 5 turn back at the market.",
        ),
        (
            16,
            "Evacuation of the Nyzhnia district begins",
            "Buses are taking residents from Rybna and Chovnova streets to the sports school on "
            "Zelena Street, where the Red Cross has set up beds and a kitchen.",
        ),
        (
            27,
            "The river passes the 1998 record",
            "The gauge at Pryrichna bridge read 6.31 m at 03:00, one centimetre above the mark "
            "painted on the pier after the 1998 flood.",
        ),
        (
            31,
            "The Verkhnia peaks at 6.41 m",
            "The level has not changed for two readings. The agency says the crest has reached "
            "the city and the river should start to fall by noon.",
        ),
        (
            44,
            "Residents allowed back to Nyzhnia",
            "The council lifted the evacuation order for every street but Rybna, where pumps are "
            "still working on flooded cellars.",
        ),
    ],
    "uk": [
        (
            2,
            "Попередження про повінь для Нижнього району",
            "Обласне водне агентство підняло рівень попередження до найвищого після сильних "
            "дощів вище за течією. Міськрада просить мешканців найнижчих вулиць бути готовими "
            "до виїзду.",
        ),
        (
            9,
            "Прирічний міст закрили для руху",
            "Поліція перекрила міст в обидва боки: вода дійшла до його настилу. Трамваї 2 і 5 "
            "розвертаються біля ринку.",
        ),
        (
            16,
            "Почалася евакуація Нижнього району",
            "Автобуси вивозять мешканців Рибної та Човнової вулиць до спортивної школи на "
            "Зеленій, де Червоний Хрест облаштував ліжка й кухню.",
        ),
        (
            27,
            "Річка перевищила рекорд 1998 року",
            "О 03:00 водомір біля Прирічного мосту показав 6,31 м — на сантиметр вище позначки, "
            "яку намалювали на опорі після повені 1998 року.",
        ),
        (
            31,
            "Верхня досягла піку: 6,41 м",
            "Рівень не змінюється вже два заміри. Агентство каже, що гребінь хвилі дійшов до "
            "міста і до полудня річка почне спадати.",
        ),
        (
            44,
            "Мешканцям дозволили повернутися до Нижнього",
            "Міськрада скасувала евакуацію для всіх вулиць, крім Рибної, де насоси ще "
            "відкачують воду з підвалів.",
        ),
    ],
}

NOTES = {
    "en": [
        "Volunteers are filling sandbags at the tram depot; the desk counts about 80 people.",
        "The water utility says tap water is safe to drink across the city.",
        "School No. 4 will stay closed tomorrow; the others open as usual.",
        "A reader sends word that the footpath under the railway bridge is under water.",
        "The Red Cross asks for blankets and phone chargers at the sports school, not clothes.",
        "Power is off on three streets in Nyzhnia as a precaution, the grid operator says.",
        "Our reporter on the embankment says the current is carrying whole branches past the pier.",
        "The council's hotline for residents is 0800 555 014, open through the night.",
    ],
    "uk": [
        "Волонтери наповнюють мішки з піском у трамвайному депо; ми нарахували близько 80 людей.",
        "Водоканал каже, що воду з крана по всьому місту можна пити.",
        "Школа № 4 завтра не працюватиме; решта відкриваються як зазвичай.",
        "Читач повідомляє, що пішохідну доріжку під залізничним мостом залило.",
        "Червоний Хрест просить нести до спортшколи ковдри й зарядні пристрої, а не одяг.",
        "Оператор мережі знеструмив три вулиці в Нижньому для безпеки.",
        "Наш репортер на набережній каже, що течія несе повз опору цілі гілки.",
        "Гаряча лінія міськради для мешканців: 0800 555 014, працює всю ніч.",
    ],
}

GAUGE = {
    "en": "The gauge at Pryrichna bridge reads {level} m, {change} since the last reading.",
    "uk": "Водомір біля Прирічного мосту показує {level} м, {change} від попереднього заміру.",
}
CHANGE = {
    "en": ("up {cm} cm", "down {cm} cm", "no change"),
    "uk": ("на {cm} см більше", "на {cm} см менше", "без змін"),
}

STORM = {
    "en": (
        "Winter storm over Zelenohirsk: live",
        "Snow, ice and wind across the city: roads, trams, power and schools, updated through "
        "the day.",
        [
            "Heavy snow since the early hours, with gusts up to 70 km/h on the river.",
            "Trams run on every line but 5; buses keep to the main roads.",
            "Schools are open; the council asks drivers to stay off the hill streets.",
        ],
    ),
    "uk": (
        "Зимова буря над Зеленогірськом: наживо",
        "Сніг, ожеледь і вітер у всьому місті: дороги, трамваї, світло й школи — упродовж дня.",
        [
            "Сильний сніг з ранку, пориви вітру над річкою до 70 км/год.",
            "Трамваї ходять усіма маршрутами, крім 5-го; автобуси — лише головними дорогами.",
            "Школи працюють; міськрада просить водіїв не їздити вулицями на пагорбі.",
        ],
    ),
}

# The breaking-news bar over every page, leading to the storm, for the demo's first half day.
BREAKING = {
    "en": "Winter storm: tram 5 suspended, gusts up to 70 km/h on the river",
    "uk": "Зимова буря: трамвай 5 не ходить, пориви вітру над річкою до 70 км/год",
}
BREAKING_HOURS = 12

# The storm's pinned update (where to find help), a quote, and a flood update corrected later.
STORM_PINNED = {
    "en": (
        "Where to get help tonight",
        [
            "Warming centre: the library on Tsentralna Street, open until midnight.",
            "Power cuts: call the grid operator on 0800 555 101.",
            "Fallen trees and blocked roads: the council hotline, 0800 555 014.",
        ],
    ),
    "uk": (
        "Куди звернутися сьогодні ввечері",
        [
            "Пункт обігріву: бібліотека на Центральній, працює до півночі.",
            "Немає світла: оператор мережі, 0800 555 101.",
            "Повалені дерева й перекриті дороги: гаряча лінія міськради, 0800 555 014.",
        ],
    ),
}
STORM_QUOTE = {
    "en": (
        "We have every plough out, and we will keep them out all night.",
        "Halyna Rudenko, head of the city's roads service",
    ),
    "uk": (
        "Усі снігоприбиральні машини на вулицях, і так буде всю ніч.",
        "Галина Руденко, очільниця міської служби доріг",
    ),
}
FLOOD_CORRECTION = {
    "en": "An earlier version named the wrong street for the shelter.",
    "uk": "У попередній версії була неправильна вулиця, де розташоване укриття.",
}

# The scheduler's feed for the storm, one after another, round and round.
STORM_FEED = {
    "en": [
        "Snowploughs are on Soborna Street and the bridge approaches.",
        "Tram 3 is running ten minutes late because of ice on the points at the depot.",
        "The grid operator reports power back on in Lypky after a line came down.",
        "A reader's photo from the hill: cars parked on Vysoka Street are blocking the gritter.",
        "Gusts of 68 km/h measured on Pryrichna bridge in the last hour.",
        "The city's warming centre at the library on Tsentralna Street is open until midnight.",
        "Airport: two morning flights delayed, none cancelled so far.",
        "The council says the rubbish collection moves to tomorrow in the hill districts.",
    ],
    "uk": [
        "Снігоприбиральні машини працюють на Соборній і на під'їздах до мосту.",
        "Трамвай 3 запізнюється на десять хвилин через лід на стрілках біля депо.",
        "Оператор мережі повідомляє: у Липках знову є світло після обриву лінії.",
        "Фото читача з пагорба: авто на Високій заважають проїхати посипальній машині.",
        "За останню годину на Прирічному мосту зафіксували пориви до 68 км/год.",
        "Пункт обігріву в бібліотеці на Центральній працює до півночі.",
        "Аеропорт: два ранкові рейси затримуються, скасувань поки немає.",
        "Міськрада каже, що вивезення сміття в районах на пагорбі переносять на завтра.",
    ],
}


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def _live_page(*, section, slug, text, authors, start, lead, end=None, source=None) -> LivePage:
    existing = LivePage.objects.filter(slug=slug, locale=section.locale).first()
    if existing:
        return existing
    headline, standfirst, summary = text
    page = LivePage(
        title=headline,
        slug=slug,
        standfirst=standfirst,
        summary=_paragraphs(summary),
        status=LivePage.Status.ENDED if end else LivePage.Status.LIVE,
        coverage_start=start,
        coverage_end=end,
        lead_image=lead,
        body="[]",
        locale=section.locale,
    )
    if source is not None:
        page.translation_key = source.translation_key
    page.authors = [ArticleAuthor(author=author, sort_order=n) for n, author in enumerate(authors)]
    section.add_child(instance=page)
    page.save_revision().publish()
    LivePage.objects.filter(pk=page.pk).update(first_published_at=start, last_published_at=start)
    page.refresh_from_db()
    return page


def _flood_updates(
    *, page: LivePage, language: str, start, authors, picture: MastheadImage
) -> list[LiveUpdate]:
    """60 updates over two days: the six key events, the gauge every hour or so between them,
    and the desk's notes."""
    keys = {hour: (title, body) for hour, title, body in FLOOD_KEY[language]}
    notes = NOTES[language]
    level, rows = 4.02, []
    for number in range(60):
        minutes = number * 48  # 60 updates across 47 hours
        hour = minutes // 60
        key = keys.pop(hour, None)
        when = start + timedelta(minutes=minutes)
        if key:
            title, body = key
            rows.append((when, title, body, True))
            continue
        if number % 3 == 2:
            rows.append((when, "", notes[number % len(notes)], False))
            continue
        rising = hour < 31
        step = (number * 7) % 9 + 2 if rising else (number * 5) % 6 + 3
        level = round(min(level + step / 100, 6.41) if rising else max(level - step / 100, 3.9), 2)
        kind = CHANGE[language][0 if rising else 1].format(cm=step)
        number_text = f"{level:.2f}" if language == "en" else f"{level:.2f}".replace(".", ",")
        rows.append((when, "", GAUGE[language].format(level=number_text, change=kind), False))
    made = LiveUpdate.objects.bulk_create(
        LiveUpdate(
            page=page,
            published_at=when,
            title=title,
            body=f"<p>{escape(body)}</p>",
            key_event=key_event,
        )
        for when, title, body, key_event in rows
    )
    for number, update in enumerate(made):
        update.authors.set([authors[number % len(authors)]])
    # The evacuation's key event, corrected the next morning.
    evacuation = next(update for update in made if update.key_event and made.index(update) > 12)
    evacuation.corrected_at = start + timedelta(hours=26)
    evacuation.correction = FLOOD_CORRECTION[language]
    evacuation.save(update_fields=["corrected_at", "correction"])
    # The peak, with a picture from the bridge.
    peak = [update for update in made if update.key_event][4]
    peak.image = picture
    peak.save(update_fields=["image"])
    return made


def _writers(locale: Locale, slugs: list[str]) -> list[AuthorPage]:
    found = {a.slug: a for a in AuthorPage.objects.live().filter(locale=locale, slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


@transaction.atomic
def demo_live_load(*, image: Callable[..., MastheadImage]) -> None:
    """Both live pages in both editions, the flood's key events named as each other's
    translation. `image`: the demo's image maker (title, data, alt, caption, credit)."""
    now = timezone.now()
    editions = Locale.objects.filter(language_code__in=["en", "uk"]).order_by("pk")
    flood_start = (now - timedelta(days=230)).replace(hour=6, minute=0, second=0, microsecond=0)
    storm_start = now - timedelta(hours=5)
    made: dict[str, list[LiveUpdate]] = {}
    sources: dict[str, LivePage] = {}
    for locale in editions:
        language = locale.language_code
        news = SectionPage.objects.filter(locale=locale, slug="news").first()
        if news is None:
            continue
        authors = _writers(locale, ["daryna-koval", "maksym-lytvyn"])
        flood = _live_page(
            section=news,
            slug=FLOOD_SLUG[language],
            text=FLOOD[language],
            authors=authors,
            start=flood_start,
            end=flood_start + timedelta(hours=48),
            lead=_lead(image, language, FLOOD[language][0], seed="flood"),
            source=sources.get("flood"),
        )
        if not flood.updates.exists():
            made[language] = _flood_updates(
                page=flood,
                language=language,
                start=flood_start,
                authors=authors,
                picture=_lead(image, language, FLOOD_KEY[language][4][1], seed="flood-peak"),
            )
        sources.setdefault("flood", flood)
        storm = _live_page(
            section=news,
            slug=STORM_SLUG[language],
            text=STORM[language],
            authors=authors,
            start=storm_start,
            lead=_lead(image, language, STORM[language][0], seed="storm"),
            source=sources.get("storm"),
        )
        sources.setdefault("storm", storm)
        if not BreakingNews.objects.filter(locale=locale).exists():
            BreakingNews.objects.create(
                locale=locale,
                headline=BREAKING[language],
                page=storm,
                expires_at=now + timedelta(hours=BREAKING_HOURS),
            )
        if not storm.updates.exists():
            for number in range(6):
                LiveUpdate.objects.create(
                    page=storm,
                    published_at=storm_start + timedelta(minutes=45 * number),
                    body=f"<p>{escape(STORM_FEED[language][number])}</p>",
                    key_event=number == 0,
                ).authors.set(authors[:1])
            title, lines = STORM_PINNED[language]
            said, who = STORM_QUOTE[language]
            LiveUpdate.objects.create(
                page=storm,
                published_at=storm_start + timedelta(minutes=20),
                title=title,
                body="<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>",
                pinned=True,
            ).authors.set(authors[:1])
            LiveUpdate.objects.create(
                page=storm,
                published_at=storm_start + timedelta(minutes=100),
                body=_paragraphs([STORM_FEED[language][6]]),
                quote=said,
                quote_source=who,
            ).authors.set(authors[1:2])
    if "en" in made and "uk" in made:
        for mine, theirs in zip(made["en"], made["uk"], strict=True):
            if mine.key_event:
                LiveUpdate.objects.filter(pk=mine.pk).update(translation=theirs)
                LiveUpdate.objects.filter(pk=theirs.pk).update(translation=mine)


def _lead(image: Callable[..., MastheadImage], language: str, headline: str, *, seed: str):
    label = "Live" if language == "en" else ""
    text = headline if language == "en" else ""
    return image(
        f"Live: {seed} ({language})",
        partial(images.story_picture, text, label=label, seed=seed),
        alt=headline,
        caption=headline.split(":")[0] + ".",
        credit="Iryna Bondar / Courier" if language == "en" else "Ірина Бондар / «Кур'єр»",
    )


def demo_live_feed(*, every_minutes: float | None = None) -> int:
    """The scheduler's tick: the demo's still-live storm gets its next update in each edition
    once the last is `every_minutes` old. Returns how many it posted. Off unless
    DEMO_LIVE_FEED is set (`make run` sets it): a real newsroom's pages are never touched."""
    if not settings.DEMO_LIVE_FEED:
        return 0
    every = every_minutes if every_minutes is not None else settings.DEMO_LIVE_FEED_MINUTES
    editor = get_user_model().objects.filter(username="editor").first()
    posted = 0
    storms = LivePage.objects.live().filter(slug__in=STORM_SLUG.values())
    for page in storms.filter(status=LivePage.Status.LIVE):
        language = page.locale.language_code
        lines = STORM_FEED.get(language)
        last = page.updates.order_by("-published_at").first()
        if not lines or editor is None:
            continue
        if last and last.published_at > timezone.now() - timedelta(minutes=every):
            continue
        count = page.updates.count()
        services.update_post(
            page=page,
            user=editor,
            fields=UpdateFields(body=_paragraphs([lines[count % len(lines)]])),
            authors=list(last.authors.all()) if last else [],
        )
        posted += 1
    return posted
