"""A large, realistic WordPress export (WXR 1.2) for the import benchmark.

Writes the archive of The Calloway Ledger, an invented newsroom in the invented harbour city
of Port Calloway: 40 authors, 12 categories, 200 tags, then posts and pages in ascending
post ID, each preceded by the image attachments it uses, dated over `years` years ending
2026-11-30 (and a few scheduled after it). Bodies are Gutenberg block markup (paragraphs with
links and emphasis, headings, images with captions, quotes, lists, pullquotes, YouTube
embeds) averaging about 4.5 KB; there are comments, drafts with WordPress's zero GMT date
and an occasional script whose `]]>` the CDATA has to split. Every name and sentence is
assembled from the word lists below; nothing is taken from WordPress or any website.

Why: an importer has to be measured on an export of the size a ten-year-old newsroom hands
over (20,000 posts and 50,000 images is over 100 MB), and such a file cannot be shipped in
the repository. The output is streamed item by item and is the same for the same seed.
With `media_dir` each attachment's file is written too (a tiny JPEG whose pixels differ per
file, so every file has its own content hash).

    python bench/wxr.py OUT.xml [--posts N] [--attachments N] [--years N] [--seed N]
                                [--media-dir DIR]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import html
import importlib.util
import io
import multiprocessing
import os
import random
import time
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

SITE = "https://archive.example"
UPLOADS = f"{SITE}/wp-content/uploads"
END = datetime(2026, 11, 30, 23, 0, 0)  # the export's "now", in the site's local time
SCHEDULED_UNTIL = timedelta(days=46)  # scheduled posts fall between END and END + this

NS = (
    ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
    ' xmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    ' xmlns:wp="http://wordpress.org/export/1.2/"\n'
)
ZERO_DATE = "0000-00-00 00:00:00"
ZERO_PUBDATE = "Mon, 30 Nov -0001 00:00:00 +0000"  # what WordPress prints for a draft
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

# --- Word lists: Port Calloway ------------------------------------------------------------

FIRST_NAMES = (
    "Amara", "Bastian", "Celeste", "Dario", "Elif", "Fenna", "Gideon", "Halima", "Inés",
    "Joaquín", "Kasimir", "Lior", "Maren", "Nnamdi", "Odile", "Pavel", "Quinn", "Rosalind",
    "Søren", "Tamsin", "Ulla", "Vikram", "Wren", "Xiomara", "Yusuf", "Zoë", "Anouk", "Bram",
    "Cosima", "Dmitri", "Esme", "Farid", "Greta", "Hollis", "Ilse", "Jonas", "Keziah", "Lucan",
    "Mireille", "Niamh", "Orrin", "Priya", "Rafferty", "Saoirse", "Tobias", "Una", "Verity",
    "Willa", "Yara", "Zeke", "Adaeze", "Bertil", "Calla", "Desmond", "Eero", "Fatou", "Gwen",
    "Hamza", "Imogen", "Jasper", "Kiri", "Leopold", "Mina", "Nico", "Oona", "Perrin", "Rhea",
    "Silas", "Thea", "Ugo", "Vesna", "Wendell", "Ximena", "Yannick", "Zainab", "Ambrose",
    "Beatriz", "Corin", "Delphine", "Emeka",
)  # fmt: skip
LAST_NAMES = (
    "Abernathy", "Blackwood", "Castellanos", "Dunmore", "Eskildsen", "Farrow", "Galloway-Reyes",
    "Holloway", "Ibarra", "Jessop", "Kowalczyk", "Lindqvist", "Mbeki-Hart", "Nakashima",
    "Okonkwo", "Pellegrini", "Quartermaine", "Rasmussen", "Szabo", "Thornbury", "Underhill",
    "Valdés", "Whitcombe", "Yilmaz", "Zamora", "Achterberg", "Brannigan", "Cordova", "Dalby",
    "Ellery", "Fairbanks", "Grimaldi", "Hartigan", "Iwasaki", "Jankowski", "Kettering",
    "Lachance", "Moreau", "Nørgaard", "O’Rourke", "Prescott", "Ruiz-Tan", "Stavros", "Tremblay",
    "Ulrich", "Vasquez", "Winslow", "Yeboah", "Zielinski", "Ashdown", "Bellweather", "Carrick",
    "Delorme", "Everly", "Finchley", "Gutiérrez", "Haverford", "Ingram", "Juárez", "Kincaid",
    "Lowther", "Marchetti", "Nakamura-Bell", "Oyelaran", "Pemberton", "Quill", "Rowntree",
    "Sandoval", "Takahashi", "Umberfield", "Voss", "Wexford",
)  # fmt: skip
NEIGHBOURHOODS = (
    "Eastmoor", "Saltmarsh", "Fenwick Hill", "Old Quay", "Brindle Park", "Larkspur Flats",
    "Tanner’s Row", "Copperfield", "North Wharf", "Millrace", "Gullhaven", "Ropewalk",
    "Kestrel Heights", "Ashgrove", "Lantern Point", "Marrowbone", "Cinder Yard", "Westerly",
    "Pike Hollow", "St. Aldric",
)  # fmt: skip
STREETS = (
    "Cinder Street", "Alder Avenue", "Quayside Road", "Marlow Lane", "Beacon Street",
    "Harrow Way", "Tidewater Boulevard", "Pennant Street", "Foundry Lane", "Hollis Avenue",
    "Cormorant Road", "Lamplighter Street", "Sexton Avenue", "Gristmill Road", "Wick Street",
    "Juniper Terrace", "Breakwater Drive", "Chandler Street",
)  # fmt: skip
INSTITUTIONS = (
    "the city council", "the harbour commission", "the Port Calloway Transit Authority",
    "the school board", "Calloway General Hospital", "the public library",
    "the water utility", "the parks department", "the county assessor’s office",
    "the planning commission", "the police oversight board", "Calloway Community College",
    "the Chamber of Commerce", "the tenants’ union", "the ferry workers’ union",
    "the Riverside Theatre", "the Maritime Museum", "the housing authority",
    "the fire department", "the health department",
)  # fmt: skip
SUBJECTS = (
    "City Hall", "the harbour commission", "transit officials", "the school board",
    "Calloway General", "the library board", "the water utility", "parks officials",
    "planners", "the housing authority", "the fire department", "health officials",
    "the college", "council members", "the mayor’s office", "the county",
)  # fmt: skip
PLURAL_SUBJECTS = frozenset(subject for subject in SUBJECTS if subject.endswith("s"))
GROUPS = (
    "small-business owners", "bus riders", "parents of young children", "ferry commuters",
    "renters", "longtime homeowners", "dock workers", "nurses", "high-school students",
    "cyclists", "shop owners on Cinder Street", "retired teachers", "street vendors",
    "volunteer firefighters", "fishing crews", "night-shift workers", "neighbourhood groups",
    "landlords", "artists with studios in the old mills", "seasonal workers",
)  # fmt: skip
THINGS = (
    "the Millrace footbridge", "the bus rapid transit line", "a citywide composting program",
    "the ferry terminal renovation", "the library’s evening hours", "rent stabilization rules",
    "the stormwater bond", "a youth soccer league", "the seawall repairs", "the new fire station",
    "the school lunch contract", "a pilot for free night buses", "the North Wharf rezoning",
    "the curbside recycling schedule", "the harbour dredging plan", "a public swimming pool",
    "the tree canopy survey", "the snow-plough budget", "a late-night food market",
    "the Eastmoor clinic", "the old cannery site", "a protected bike lane on Alder Avenue",
    "the property tax rebate", "the summer jobs program", "a flood warning system",
    "the lighthouse restoration", "the downtown parking meters", "the police body-camera policy",
    "the shelter expansion", "the water main replacement", "the heat emergency plan",
    "a community land trust", "the cruise ship agreement", "the arts grant program",
    "the new middle school", "the ambulance response times", "the marina lease",
    "the street vendor permits", "a speed camera pilot", "the ward boundaries",
)  # fmt: skip
VERBS = (
    "voted to", "is weighing whether to", "has asked the state to help", "plans to",
    "declined to", "agreed on Tuesday to", "is expected to", "moved last week to",
    "has promised to", "quietly decided to", "is under pressure to", "will hold hearings before",
    "narrowly agreed to", "has been told it must", "set aside money to", "postponed a vote to",
)  # fmt: skip
ACTIONS = (
    "delay", "expand", "review the cost of", "pause work on", "speed up", "scale back",
    "put a price on", "publish the contracts for", "hire consultants to study", "fund",
    "reconsider", "find a new site for", "cut the budget of", "ask voters about",
)  # fmt: skip
TAILS = (
    "after months of debate", "before the end of the fiscal year",
    "according to documents obtained by the Ledger", "despite objections from {group}",
    "at a meeting that ran past midnight", "in a move that surprised {group}",
    "without a public hearing", "following complaints from {group} in {hood}",
    "as costs continue to climb", "for the second time in three years",
    "while the state reviews its own plans", "with little discussion",
    "after a petition signed by more than {n} residents", "in time for the summer season",
    "even though the money has not been found", "under a deal reached late on Friday",
)  # fmt: skip
ROLES = (
    "a council member who represents Ward {ward}", "the district’s superintendent",
    "who owns a bakery on {street}", "a spokesperson for {inst}", "a retired ferry pilot",
    "who has lived in {hood} for {n} years", "the head of {inst}",
    "a nurse at Calloway General Hospital", "who runs a hardware shop in {hood}",
    "an organizer with the tenants’ union", "a civil engineer who studied the plans",
    "a parent of two at {hood} Elementary", "the city’s budget director",
    "a volunteer at the {hood} food pantry", "who drives the number {ward} bus",
)  # fmt: skip
QUOTES = (
    "We have been asking for this for a decade",
    "Nobody on this block was consulted",
    "It is a start, but it is not enough",
    "The numbers simply do not add up",
    "I want my kids to be able to walk to school",
    "This was always going to cost more than they said",
    "People here are tired of being told to wait",
    "We will be watching every dollar",
    "It is the best news this neighbourhood has had in years",
    "Nobody wants to be the one who says no",
    "If the water comes in again, we lose everything",
    "The plan looks fine on paper, and that is the problem",
    "I have never seen the room that full",
    "They listened, which I did not expect",
    "We were promised a bridge, not a study",
    "My rent went up before the ink was dry",
    "There is still time to get this right",
    "Honestly, most people do not know it exists",
)  # fmt: skip
STAT_SUBJECTS = (
    "Ridership", "The number of evictions", "Average rent in {hood}", "Enrolment",
    "The waiting list", "Overtime spending", "The cost estimate", "Emergency calls",
    "Library visits", "The number of empty storefronts", "Water use", "Ferry crossings",
)  # fmt: skip
RISES = ("rose", "climbed", "grew", "jumped")
FALLS = ("fell", "dropped", "slipped", "declined")
PERIODS = (
    "over the past year", "since {year}", "in the first six months of the year",
    "over the last decade", "between spring and autumn", "compared with last winter",
)  # fmt: skip
BACKGROUND_TAILS = (
    "when the council still met in the old customs house",
    "but stalled when the state cut its grants",
    "and has been redrawn at least {small} times since",
    "after a winter storm flooded {hood}",
    "as part of a plan that was never fully funded",
    "at the urging of {group}",
)  # fmt: skip
TIME_PHRASES = (
    "On Monday", "Last spring", "Earlier this month", "By the end of the year",
    "In a letter sent Thursday", "Two weeks ago", "For now", "At the same meeting",
    "Since then", "In the meantime", "Later that evening", "Under the proposal",
)  # fmt: skip
HEADING_WORDS = (
    "What happens next", "The cost", "Who pays", "How we got here", "A neighbourhood divided",
    "The vote", "What residents said", "Behind the numbers", "The state’s role",
    "A long history", "The timeline", "What it means for {group}", "Questions remain",
    "Inside the meeting", "The money", "Looking ahead", "Back in {hood}", "The fine print",
)  # fmt: skip
LIST_ITEMS = (
    "Public comment opens at 6 p.m. at the {hood} community centre",
    "The full proposal is posted on the city’s website",
    "Written comments can be sent to the city clerk until Friday",
    "The next vote is scheduled for {month}",
    "{thing_cap} would cost about ${money} million",
    "Work would start in {hood} and move north",
    "Residents of Ward {ward} get a separate hearing",
    "The state must sign off before construction begins",
    "Interpreters will be available in four languages",
    "Parking on {street} will be limited during the work",
)  # fmt: skip
EXTERNAL_SITES = (
    "https://council.portcalloway.example/agendas/",
    "https://data.portcalloway.example/datasets/",
    "https://transit.portcalloway.example/service-changes/",
    "https://www.calloway-county.example/records/",
    "https://harbour-commission.example/minutes/",
    "https://schools.portcalloway.example/board/",
    "https://state-budget.example/reports/",
)  # fmt: skip
LINK_WORDS = ("the full report", "the meeting agenda", "the data", "a letter", "the minutes")
CATEGORIES = (
    "News", "City Hall", "Education", "Transit", "Business", "Health", "Environment",
    "Arts & Culture", "Sports", "Food & Drink", "Opinion", "Housing",
)  # fmt: skip
CATEGORY_WEIGHTS = (30, 14, 8, 8, 7, 6, 6, 6, 7, 4, 6, 8)
TOPIC_TAGS = (
    "budget", "zoning", "flooding", "ferries", "buses", "bike lanes", "schools", "rent",
    "evictions", "elections", "police", "fire", "libraries", "parks", "water", "taxes",
    "small business", "restaurants", "festivals", "music", "theatre", "museums", "football",
    "rowing", "basketball", "high-school sports", "weather", "storms", "climate", "trees",
    "recycling", "homelessness", "hospitals", "public health", "childcare", "seniors",
    "labour", "unions", "port", "cruise ships", "fishing", "tourism", "housing", "permits",
    "courts", "transparency", "public records", "state politics", "infrastructure", "bridges",
    "roads", "parking", "airport", "development", "history", "obituaries", "Q&A",
    "investigations", "data", "explainer", "photo essay", "letters", "endorsements", "arts",
    "food", "markets", "shops", "jobs", "wages", "immigration", "languages", "faith",
)  # fmt: skip
EVENT_TAGS = (
    "Harbour Days", "Lantern Festival", "Calloway Marathon", "Winter Market",
    "Budget Week", "Storm of the Century", "Ferry Strike", "Cannery Fire", "Regatta",
    "Founders’ Day", "Night Market", "Boat Parade",
)  # fmt: skip
TEAMS = ("Port Calloway FC", "the Calloway Gulls", "the Harbour Rowing Club", "the Eastmoor Owls")
RIVALS = ("Dunmere Athletic", "Kelso Vale", "the Brackwater Herons", "Sunhollow United")
PAGE_TITLES = (
    "About the Ledger", "Contact the newsroom", "Corrections", "Our ethics policy",
    "Send us a tip", "Newsletters", "Support local journalism", "Comment guidelines",
    "Jobs at the Ledger", "Advertise with us", "Privacy", "Accessibility",
)  # fmt: skip
PAGE_KINDS = (
    "Guide to {hood}", "Voter guide: Ward {ward}", "Where to eat in {hood}",
    "Resources for {group}", "Timeline: {thing}", "Explainer: {thing}",
    "Neighbourhood profile: {hood}", "Ask the Ledger: {thing}",
)  # fmt: skip
SCENES = (
    "{person} speaks during public comment", "Crews work near {street}",
    "Commuters wait for the ferry at North Wharf", "A view of {hood} from the water",
    "Residents fill the council chambers", "{person} stands outside the shop on {street}",
    "Floodwater covers part of {street}", "Students leave {hood} Elementary",
    "A crane over the old cannery site", "Stalls at the night market in {hood}",
    "{person} at home in {hood}", "The harbour at dawn", "Players warm up before the match",
    "Volunteers sort donations at the {hood} food pantry",
)  # fmt: skip
ALT_SCENES = (
    "A crowded meeting room with people seated in rows",
    "A street lined with brick buildings and parked cars",
    "A ferry approaching a wooden pier at sunrise",
    "A construction crane above a half-finished building",
    "A person speaking at a lectern with a microphone",
    "A flooded road with orange traffic cones",
    "Children walking past a school entrance",
    "Market stalls lit by strings of lights",
    "A rowing crew on calm grey water",
    "A shop window with hand-painted lettering",
    "A bus stopped at a shelter in the rain",
    "A lighthouse on a rocky point under clouds",
)  # fmt: skip
COMMENTS = (
    "I live on {street} and nobody told us about this.",
    "Thank you for covering this, it barely made the evening news.",
    "Does anyone know whether the hearing will be streamed?",
    "This has been promised since my kids were in school.",
    "Great reporting. Please follow the money on {thing}.",
    "The photos of {hood} brought back a lot of memories.",
    "I was at the meeting and it was even more chaotic than this.",
    "Correction: the bus actually stops on {street}, not two blocks over.",
    "Who is going to maintain it once it is built?",
    "More stories like this one, please.",
    "My neighbours and I signed the petition last spring.",
    "I disagree with the council on this, but I appreciate the balanced piece.",
)  # fmt: skip
COMMENT_DOMAINS = ("example.com", "example.net", "example.org", "mail.example")
CAMERA_PREFIXES = ("IMG_", "DSC_", "DSCF", "P")
WORD_SLUGS = (
    "harbour", "council", "ferry", "market", "storm", "school", "crane", "pier", "street",
    "meeting", "bridge", "library", "rowing", "shop", "bus", "lighthouse", "festival", "crowd",
)  # fmt: skip


_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l"})


def _slugify(text: str) -> str:
    """A WordPress-like slug: accents dropped, lower case, other runs of non-letters a hyphen,
    apostrophes left out."""
    out: list[str] = []
    dash = False
    for ch in unicodedata.normalize("NFKD", text.translate(_LETTERS)):
        if ch.isascii() and ch.isalnum():
            out.append(ch.lower())
            dash = False
        elif unicodedata.combining(ch) or ch in "'\u2019":
            continue
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _cdata(text: str) -> str:
    """A CDATA section holding text, split wherever the text holds `]]>`."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


_DST_CACHE: dict[int, tuple[datetime, datetime]] = {}


def _to_gmt(local: datetime) -> datetime:
    """Port Calloway keeps North American Central time: UTC-5 in summer, UTC-6 otherwise."""
    year = local.year
    bounds = _DST_CACHE.get(year)
    if bounds is None:
        march = datetime(year, 3, 1, 2)
        start = march + timedelta(days=(6 - march.weekday()) % 7 + 7)
        november = datetime(year, 11, 1, 2)
        end = november + timedelta(days=(6 - november.weekday()) % 7)
        bounds = _DST_CACHE[year] = (start, end)
    return local + timedelta(hours=5 if bounds[0] <= local < bounds[1] else 6)


def _sql(moment: datetime) -> str:
    return moment.isoformat(" ")


def _pubdate(gmt: datetime) -> str:
    return (
        f"{WEEKDAYS[gmt.weekday()]}, {gmt.day:02d} {MONTHS[gmt.month - 1]} {gmt.year} "
        f"{gmt.hour:02d}:{gmt.minute:02d}:{gmt.second:02d} +0000"
    )


def _day_warp(fraction: float) -> float:
    """Map an even spread over the day onto a newsroom's day: 90% between 6:00 and 22:00."""
    if fraction < 0.05:
        return fraction * 5.0
    if fraction < 0.95:
        return 0.25 + (fraction - 0.05) * (0.6666667 / 0.9)
    return 0.9166667 + (fraction - 0.95) * (0.0833333 / 0.05)


_MEDIA_SIZE = (48, 32)
_media_base = b""  # set in each worker process by _media_init
_media_bars: tuple[bytes, ...] = ()


def _media_init(seed: int) -> None:
    """Per worker process: the picture every file starts from, and the bars to draw on it."""
    global _media_base, _media_bars
    width, height = _MEDIA_SIZE
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    tint = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    _media_base = bytes(
        channel
        for y in range(height)
        for x in range(width)
        for channel in (
            (tint[0] + 4 * x) % 256,
            (tint[1] + 6 * y) % 256,
            (tint[2] + 2 * x + 3 * y) % 256,
        )
    )
    # A byte as 8 bars two pixels wide, white for 1 and black for 0, low bit first.
    _media_bars = tuple(
        b"".join(b"\xff" * 6 if (value >> bit) & 1 else b"\x00" * 6 for bit in range(8))
        for value in range(256)
    )


def _media_batch(root: str, jobs: list[tuple[str, int]]) -> int:
    """Write root/relative for each (relative, number): a JPEG whose top two 8-pixel bands of
    24 bars spell out number's 48 low bits (black and white survive JPEG at quality 70, so
    no two files decode alike). Returns how many were written."""
    from PIL import Image

    bars = _media_bars
    rest = _media_base[16 * _MEDIA_SIZE[0] * 3 :]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    for relative, number in jobs:
        top = bars[number & 255] + bars[(number >> 8) & 255] + bars[(number >> 16) & 255]
        low = bars[(number >> 24) & 255] + bars[(number >> 32) & 255] + bars[(number >> 40) & 255]
        buffer = io.BytesIO()
        Image.frombytes("RGB", _MEDIA_SIZE, top * 8 + low * 8 + rest).save(
            buffer, "JPEG", quality=70
        )
        descriptor = os.open(os.path.join(root, relative), flags, 0o644)
        try:
            os.write(descriptor, buffer.getbuffer())
        finally:
            os.close(descriptor)
    return len(jobs)


def _importable() -> bool:
    """Whether a spawned process can import this module by its name (to unpickle the
    workers' functions)."""
    if __name__ == "__main__":
        return True
    try:
        return importlib.util.find_spec(__name__) is not None
    except (ImportError, ValueError):
        return False


class _Media:
    """The attachments' files, made in batches by worker processes while the XML is written
    (creating files is mostly the kernel's time, encoding them Pillow's: both in parallel)."""

    BATCH = 256

    def __init__(self, root: Path, seed: int, workers: int | None = None) -> None:
        workers = workers or max(1, min(4, os.cpu_count() or 1))
        self.root = root
        self.made: set[str] = set()
        self.jobs: list[tuple[str, int]] = []
        self.pending: collections.deque[concurrent.futures.Future[int]] = collections.deque()
        self.limit = 3 * workers
        self.pool: concurrent.futures.Executor
        if _importable():
            # Spawned, not forked: the caller may be a Django process with threads of its own.
            self.pool = concurrent.futures.ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_media_init,
                initargs=(seed,),
            )
        else:  # loaded from its path under another name: threads (the GIL let go of less often)
            self.pool = concurrent.futures.ThreadPoolExecutor(
                workers, initializer=_media_init, initargs=(seed,)
            )

    def write(self, relative: str, number: int) -> None:
        """Queue root/relative for attachment number (its folder is made here, at once)."""
        folder = relative.rpartition("/")[0]
        if folder not in self.made:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self.made.add(folder)
        self.jobs.append((relative, number))
        if len(self.jobs) >= self.BATCH:
            self._submit()

    def _submit(self) -> None:
        if self.jobs:
            self.pending.append(self.pool.submit(_media_batch, str(self.root), self.jobs))
            self.jobs = []
        while len(self.pending) > self.limit:
            self.pending.popleft().result()  # waits, and raises a worker's error

    def __enter__(self) -> _Media:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Wait for the files still to be written (only if the XML was written in full)."""
        try:
            if kind is None:
                self._submit()
                while self.pending:
                    self.pending.popleft().result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


class _Writer:
    """Holds the random source and the precomputed lists; writes the channel and its items."""

    def __init__(self, seed: int) -> None:
        self.rng = rng = random.Random(seed)  # noqa: S311 - invented content, not secrets
        self.people = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        rng.shuffle(self.people)
        self.authors = self._authors()
        weights = [1 + (i * 7919) % 13 for i in range(len(self.authors))]
        self.author_cum = [sum(weights[: i + 1]) for i in range(len(weights))]
        self.photographers = self.people[100:125]
        self.categories = [
            (i + 2, _slugify(name), name) for i, name in enumerate(CATEGORIES)
        ]  # term ids 2.. (1 is WordPress's Uncategorized, left out)
        self.category_cum = [sum(CATEGORY_WEIGHTS[: i + 1]) for i in range(len(CATEGORIES))]
        self.tags = self._tags(first_id=len(CATEGORIES) + 2)
        self.hood_tags = {tag[2]: tag for tag in self.tags}
        self.recent: list[tuple[str, str]] = []  # (permalink, title) of published posts
        self.slugs: set[str] = set()
        self.comment_id = 0
        self.camera = 1000 + rng.randrange(8000)

    # --- the people and terms ---

    def _authors(self) -> list[tuple[int, str, str, str, str]]:
        authors: list[tuple[int, str, str, str, str]] = []
        logins: set[str] = set()
        for i, name in enumerate(self.people[:40]):
            first, last = name.split(" ", 1)
            login = _slugify(first[0] + last).replace("-", "")
            while login in logins:
                login += str(len(logins) % 10)
            logins.add(login)
            authors.append((i + 2, login, f"{login}@archive.example", first, last))
        return authors

    def _tags(self, first_id: int) -> list[tuple[int, str, str]]:
        names: list[str] = []
        names += NEIGHBOURHOODS
        names += [name[0].upper() + name[1:] for name in TOPIC_TAGS]
        names += EVENT_TAGS
        names += [f"Ward {n}" for n in range(1, 13)]
        names += [f"Election {year}" for year in range(2018, 2027)]
        names += list(STREETS)
        names += [name.removeprefix("the ").capitalize() for name in INSTITUTIONS]
        names += [team.removeprefix("the ") for team in TEAMS]
        seen: set[str] = set()
        tags: list[tuple[int, str, str]] = []
        for name in names:
            slug = _slugify(name)
            if slug in seen:
                continue
            seen.add(slug)
            tags.append((first_id + len(tags), slug, name))
        i = 0
        while len(tags) < 200:  # the rest: a neighbourhood's topic
            name = (
                f"{NEIGHBOURHOODS[i % len(NEIGHBOURHOODS)]} {TOPIC_TAGS[i * 7 % len(TOPIC_TAGS)]}"
            )
            slug = _slugify(name)
            if slug not in seen:
                seen.add(slug)
                tags.append((first_id + len(tags), slug, name))
            i += 1
        return tags[:200]

    def header(self, title: str) -> str:
        parts = [
            '<?xml version="1.0" encoding="UTF-8" ?>\n',
            f'<rss version="2.0"\n{NS}>\n<channel>\n',
            f"\t<title>{escape(title)}</title>\n",
            f"\t<link>{SITE}</link>\n",
            "\t<description>News, arguments and pictures from Port Calloway &amp; its"
            " harbour, since the first edition</description>\n",
            f"\t<pubDate>{_pubdate(_to_gmt(END))}</pubDate>\n",
            "\t<language>en-US</language>\n",
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n",
            f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n",
            f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n",
        ]
        for author_id, login, email, first, last in self.authors:
            parts.append(
                f"\t<wp:author><wp:author_id>{author_id}</wp:author_id>"
                f"<wp:author_login>{_cdata(login)}</wp:author_login>"
                f"<wp:author_email>{_cdata(email)}</wp:author_email>"
                f"<wp:author_display_name>{_cdata(first + ' ' + last)}</wp:author_display_name>"
                f"<wp:author_first_name>{_cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{_cdata(last)}</wp:author_last_name></wp:author>\n"
            )
        parts.append("\n")
        for term_id, slug, name in self.categories:
            parts.append(
                f"\t<wp:category><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:category_nicename>{_cdata(slug)}</wp:category_nicename>"
                "<wp:category_parent></wp:category_parent>"
                f"<wp:cat_name>{_cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for term_id, slug, name in self.tags:
            parts.append(
                f"\t<wp:tag><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:tag_slug>{_cdata(slug)}</wp:tag_slug>"
                f"<wp:tag_name>{_cdata(name)}</wp:tag_name></wp:tag>\n"
            )
        parts.append("\n\t<generator>masthead bench/wxr.py</generator>\n\n")
        return "".join(parts)

    # --- prose ---

    def fill(self, template: str, hood: str) -> str:
        """Fill a template's {placeholders} (only those it has) with fresh choices."""
        if "{" not in template:
            return template
        rng = self.rng
        choice = rng.choice
        if "{hood}" in template:
            template = template.replace(
                "{hood}", hood if rng.random() < 0.6 else choice(NEIGHBOURHOODS)
            )
        if "{street}" in template:
            template = template.replace("{street}", choice(STREETS))
        if "{group}" in template:
            template = template.replace("{group}", choice(GROUPS))
        if "{inst}" in template:
            template = template.replace("{inst}", choice(INSTITUTIONS))
        if "{thing}" in template:
            template = template.replace("{thing}", choice(THINGS))
        if "{thing_cap}" in template:
            thing = choice(THINGS)
            template = template.replace("{thing_cap}", thing[0].upper() + thing[1:])
        if "{person}" in template:
            template = template.replace("{person}", choice(self.people))
        if "{ward}" in template:
            template = template.replace("{ward}", str(rng.randint(1, 12)))
        if "{n}" in template:
            template = template.replace("{n}", str(rng.choice((2, 3, 5, 8, 12, 20, 40)) * 50))
        if "{small}" in template:
            template = template.replace("{small}", choice(("three", "four", "five", "six")))
        if "{year}" in template:
            template = template.replace("{year}", str(rng.randint(1998, 2021)))
        if "{month}" in template:
            template = template.replace("{month}", choice(MONTH_NAMES))
        if "{money}" in template:
            template = template.replace("{money}", f"{rng.randint(2, 240) / 2:g}")
        return template

    def actor(self) -> tuple[str, str]:
        """Who did it and what they did, the verb agreeing with them: ("planners", "have
        promised to")."""
        subject = self.rng.choice(SUBJECTS)
        verb = self.rng.choice(VERBS)
        if subject in PLURAL_SUBJECTS:
            if verb.startswith("is "):
                verb = "are " + verb[3:]
            elif verb.startswith("has "):
                verb = "have " + verb[4:].replace(" it ", " they ")
        return subject, verb

    def sentence(self, hood: str, markup: bool) -> str:
        """One sentence of news prose; with markup, sometimes emphasis or a link in it."""
        rng = self.rng
        choice = rng.choice
        kind = rng.random()
        if kind < 0.42:
            subject, verb = self.actor()
            action = f"{choice(ACTIONS)} {choice(THINGS)}"
            if markup and rng.random() < 0.12:
                url = choice(EXTERNAL_SITES) + str(rng.randint(1000, 99999))
                action = f'<a href="{url}">{action}</a>'
            tail = self.fill(choice(TAILS), hood)
            if markup and rng.random() < 0.06:
                tail = f"<em>{tail}</em>"
            return f"{subject[0].upper()}{subject[1:]} {verb} {action} {tail}."
        if kind < 0.62:
            person = choice(self.people)
            quote = choice(QUOTES)
            role = self.fill(choice(ROLES), hood)
            if markup and rng.random() < 0.08:
                person = f"<strong>{person}</strong>"
            if rng.random() < 0.5:
                return f"“{quote},” said {person}, {role}."
            return f"“{quote},” {person}, {role}, said."
        if kind < 0.76:
            subject = self.fill(choice(STAT_SUBJECTS), hood)
            percent = rng.randint(2, 60)
            before = rng.randint(40, 2000)
            rise = rng.random() < 0.6
            after = round(before * (100 + percent if rise else 100 - percent) / 100)
            number = f"{percent} percent"
            if markup and rng.random() < 0.1:
                number = f"<strong>{number}</strong>"
            verb = choice(RISES if rise else FALLS)
            period = self.fill(choice(PERIODS), hood)
            return f"{subject} {verb} {number} {period}, from {before:,} to {after:,}."
        if kind < 0.86:
            thing = choice(THINGS)
            thing = thing[0].upper() + thing[1:]
            tail = self.fill(choice(BACKGROUND_TAILS), hood)
            return f"{thing} was first proposed in {rng.randint(1998, 2021)}, {tail}."
        if markup and self.recent and kind < 0.90:
            url, title = choice(self.recent)
            if rng.random() < 0.5:
                return (
                    f'The Ledger reported on it earlier: <a href="{url}">{html.escape(title)}</a>.'
                )
            return f'For background, read <a href="{url}">{html.escape(title)}</a>.'
        subject, verb = self.actor()
        return (
            f"{choice(TIME_PHRASES)}, {subject} {verb} {choice(ACTIONS)} "
            f"{choice(THINGS)} {self.fill(choice(TAILS), hood)}."
        )

    def paragraph_text(self, hood: str, low: int = 2, high: int = 5) -> str:
        return " ".join(self.sentence(hood, True) for _ in range(self.rng.randint(low, high)))

    def headline(self, hood: str, thing: str) -> str:
        rng = self.rng
        kind = rng.randrange(12)
        cap = thing[0].upper() + thing[1:]
        subject, verb = self.actor()
        inst = subject[0].upper() + subject[1:]
        if kind == 0:
            return f"{hood} residents push back on {thing}"
        if kind == 1:
            return f"What {thing} means for {rng.choice(GROUPS)}"
        if kind == 2:
            return f"{rng.randint(3, 9)} things to know about {thing}"
        if kind == 3:
            return f"{inst} {verb} {rng.choice(ACTIONS)} {thing}"
        if kind == 4:
            a, b = rng.randint(0, 5), rng.randint(0, 5)
            team, rival = rng.choice(TEAMS), rng.choice(RIVALS)
            team = team[0].upper() + team[1:]
            verb = "beat" if a > b else ("draw with" if a == b else "fall to")
            return f"{team} {verb} {rival} {max(a, b)}\u2013{min(a, b)} in {hood}"
        if kind == 5:
            return (
                f"{cap}: {rng.choice(('a timeline', 'the numbers', 'what we know', 'who decides'))}"
            )
        if kind == 6:
            shop = rng.choice(("bakery", "noodle bar", "fish shack", "café"))
            return f"Food & drink: a new {shop} opens on {rng.choice(STREETS)}"
        if kind == 7:
            return f"Opinion: {cap} deserves a second look"
        if kind == 8:
            return f"“{rng.choice(QUOTES)}”: {hood} reacts to {thing}"
        if kind == 9:
            return f"{cap} could cost ${rng.randint(2, 240) / 2:g} million, report finds"
        if kind == 10:
            return f"Photos: {rng.choice(EVENT_TAGS)} in {hood}"
        after = rng.choice(("a long night", "a surprise vote", "no decision yet", "the fallout"))
        return f"{inst} and {thing}: {after}"

    def unique_slug(self, base: str) -> str:
        base = base[:180].strip("-") or "untitled"
        slug = base
        n = 2
        while slug in self.slugs:
            slug = f"{base}-{n}"
            n += 1
        self.slugs.add(slug)
        return slug

    # --- blocks ---

    @staticmethod
    def p(inner: str) -> str:
        return f"<!-- wp:paragraph -->\n<p>{inner}</p>\n<!-- /wp:paragraph -->"

    def body(self, hood: str, images: list[tuple[int, str, str, str]]) -> str:
        """A post's content: Gutenberg blocks, the images (id, large URL, alt, caption) among
        them in order."""
        rng = self.rng
        random_ = rng.random
        blocks: list[str] = []
        pending = list(images)
        n_paragraphs = rng.randint(5, 9)
        specials = {
            "quote": random_() < 0.25,
            "list": random_() < 0.3,
            "pullquote": random_() < 0.08,
            "embed": random_() < 0.06,
            "html": random_() < 0.003,
            "separator": random_() < 0.05,
        }
        spots = {name: rng.randint(1, n_paragraphs - 1) for name, on in specials.items() if on}
        for index in range(n_paragraphs):
            if index > 0 and index % 3 == 0 and random_() < 0.8:
                text = escape(self.fill(rng.choice(HEADING_WORDS), hood))
                if random_() < 0.15:
                    blocks.append(
                        '<!-- wp:heading {"level":3} -->\n'
                        f'<h3 class="wp-block-heading">{text}</h3>\n<!-- /wp:heading -->'
                    )
                else:
                    blocks.append(
                        f'<!-- wp:heading -->\n<h2 class="wp-block-heading">{text}</h2>\n'
                        "<!-- /wp:heading -->"
                    )
            blocks.append(self.p(self.paragraph_text(hood)))
            if pending and (index == 0 or random_() < 0.3):
                blocks.append(self.image(*pending.pop(0)))
            for name, spot in spots.items():
                if spot == index:
                    blocks.append(self.special(name, hood))
        blocks.extend(self.image(*image) for image in pending)
        return "\n\n".join(blocks)

    @staticmethod
    def image(attachment_id: int, large: str, alt: str, caption: str) -> str:
        return (
            f'<!-- wp:image {{"id":{attachment_id},"sizeSlug":"large"}} -->\n'
            f'<figure class="wp-block-image size-large"><img src="{large}" '
            f'alt="{html.escape(alt)}" class="wp-image-{attachment_id}"/>'
            f'<figcaption class="wp-element-caption">{html.escape(caption)}</figcaption>'
            "</figure>\n<!-- /wp:image -->"
        )

    def special(self, name: str, hood: str) -> str:
        rng = self.rng
        if name == "quote":
            person = rng.choice(self.people)
            return (
                '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>'
                f"{'. '.join(rng.sample(QUOTES, 2))}.</p>"
                f"<cite>{person}</cite></blockquote>\n<!-- /wp:quote -->"
            )
        if name == "list":
            items = rng.sample(LIST_ITEMS, rng.randint(3, 6))
            texts = [html.escape(self.fill(item, hood)) for item in items]
            if rng.random() < 0.5:  # the list of before WordPress 6.1
                inner = "".join(f"<li>{text}</li>" for text in texts)
            else:
                inner = "".join(
                    f"<!-- wp:list-item -->\n<li>{text}</li>\n<!-- /wp:list-item -->\n\n"
                    for text in texts
                )
            return f'<!-- wp:list -->\n<ul class="wp-block-list">{inner}</ul>\n<!-- /wp:list -->'
        if name == "pullquote":
            return (
                '<!-- wp:pullquote -->\n<figure class="wp-block-pullquote"><blockquote><p>'
                f"{rng.choice(QUOTES)}.</p><cite>{rng.choice(self.people)}</cite></blockquote>"
                "</figure>\n<!-- /wp:pullquote -->"
            )
        if name == "embed":
            video = "".join(
                rng.choices(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", k=11
                )
            )
            url = f"https://www.youtube.com/watch?v={video}"
            return (
                f'<!-- wp:embed {{"url":"{url}","type":"video","providerNameSlug":"youtube",'
                '"responsive":true} -->\n'
                '<figure class="wp-block-embed is-type-video is-provider-youtube '
                'wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\n'
                f"{url}\n</div></figure>\n<!-- /wp:embed -->"
            )
        if name == "html":  # an old poll widget: the one `]]>` a CDATA section must split
            return (
                '<!-- wp:html -->\n<div class="ledger-poll"></div>\n'
                '<script type="text/javascript">/* <![CDATA[ */ var ledgerPoll = '
                f'{{"id": {rng.randint(100, 999)}, "open": false}}; /* ]]> */</script>\n'
                "<!-- /wp:html -->"
            )
        return (
            '<!-- wp:separator -->\n<hr class="wp-block-separator has-alpha-channel-opacity"/>\n'
            "<!-- /wp:separator -->"
        )

    # --- items ---

    def attachment(
        self,
        attachment_id: int,
        moment: datetime,
        parent_id: int,
        parent_link: str | None,
        author: str,
        hood: str,
        media: _Media | None,
    ) -> tuple[str, tuple[int, str, str, str]]:
        """The attachment's item, and what the post's image block needs of it."""
        rng = self.rng
        if rng.random() < 0.45:
            self.camera += rng.randint(1, 40)
            stem = f"{rng.choice(CAMERA_PREFIXES)}{self.camera:05d}"
            title = stem
        else:
            stem = "-".join((*rng.sample(WORD_SLUGS, 2), str(attachment_id)))
            title = stem.replace("-", " ").capitalize()
        slug = _slugify(stem)
        folder = f"{moment.year:04d}/{moment.month:02d}"
        file_name = f"{stem}.jpg"
        relative = f"{folder}/{file_name}"
        url = f"{UPLOADS}/{relative}"
        width, height = (2048, 1365) if rng.random() < 0.85 else (1365, 2048)
        large_w, large_h = (1024, 683) if width > height else (683, 1024)
        medium_w, medium_h = (300, 200) if width > height else (200, 300)
        large = f"{UPLOADS}/{folder}/{stem}-{large_w}x{large_h}.jpg"
        caption = self.fill(rng.choice(SCENES), hood) + "."
        alt = rng.choice(ALT_SCENES)
        description = "" if rng.random() < 0.6 else self.sentence(hood, False)
        credit = None if rng.random() < 0.12 else rng.choice(self.photographers)
        link = f"{parent_link}{slug}/" if parent_link else f"{SITE}/?attachment_id={attachment_id}"
        gmt = _to_gmt(moment)
        size = rng.randint(180_000, 900_000)
        sizes = "".join(
            f's:{len(key)}:"{key}";a:5:{{s:4:"file";s:{len(name)}:"{name}";'
            f's:5:"width";i:{w};s:6:"height";i:{h};s:9:"mime-type";s:10:"image/jpeg";'
            f's:8:"filesize";i:{size * w * h // (width * height) + 900};}}'
            for key, w, h in (
                ("thumbnail", 150, 150),
                ("medium", medium_w, medium_h),
                ("large", large_w, large_h),
            )
            for name in (f"{stem}-{w}x{h}.jpg",)
        )
        metadata = (
            f's:5:"width";i:{width};s:6:"height";i:{height};'
            f's:4:"file";s:{len(relative)}:"{relative}";s:8:"filesize";i:{size};'
            f's:5:"sizes";a:3:{{{sizes}}}s:10:"image_meta";a:0:{{}}'
        )
        meta = [
            ("_wp_attached_file", relative),
            ("_wp_attachment_metadata", f"a:6:{{{metadata}}}"),
            ("_wp_attachment_image_alt", alt),
        ]
        if credit:
            meta.append(("_media_credit", credit))
        date = _sql(moment)
        item = "".join(
            (
                "\t<item>\n",
                f"\t\t<title>{escape(title)}</title>\n",
                f"\t\t<link>{link}</link>\n",
                f"\t\t<pubDate>{_pubdate(gmt)}</pubDate>\n",
                f"\t\t<dc:creator>{_cdata(author)}</dc:creator>\n",
                f'\t\t<guid isPermaLink="false">{url}</guid>\n',
                "\t\t<description></description>\n",
                f"\t\t<content:encoded>{_cdata(description)}</content:encoded>\n",
                f"\t\t<excerpt:encoded>{_cdata(caption)}</excerpt:encoded>\n",
                f"\t\t<wp:post_id>{attachment_id}</wp:post_id>\n",
                f"\t\t<wp:post_date>{date}</wp:post_date>\n",
                f"\t\t<wp:post_date_gmt>{_sql(gmt)}</wp:post_date_gmt>\n",
                f"\t\t<wp:post_modified>{date}</wp:post_modified>\n",
                f"\t\t<wp:post_modified_gmt>{_sql(gmt)}</wp:post_modified_gmt>\n",
                "\t\t<wp:comment_status>closed</wp:comment_status>\n",
                "\t\t<wp:ping_status>closed</wp:ping_status>\n",
                f"\t\t<wp:post_name>{slug}</wp:post_name>\n",
                "\t\t<wp:status>inherit</wp:status>\n",
                f"\t\t<wp:post_parent>{parent_id}</wp:post_parent>\n",
                "\t\t<wp:menu_order>0</wp:menu_order>\n",
                "\t\t<wp:post_type>attachment</wp:post_type>\n",
                "\t\t<wp:post_password></wp:post_password>\n",
                "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
                f"\t\t<wp:attachment_url>{url}</wp:attachment_url>\n",
                *(
                    f"\t\t<wp:postmeta><wp:meta_key>{_cdata(key)}</wp:meta_key>"
                    f"<wp:meta_value>{_cdata(value)}</wp:meta_value></wp:postmeta>\n"
                    for key, value in meta
                ),
                "\t</item>\n",
            )
        )
        if media is not None:
            media.write(relative, attachment_id)
        return item, (attachment_id, large, alt, caption)

    def comments(
        self, post_moment: datetime, author: tuple[int, str, str, str, str]
    ) -> tuple[str, int]:
        """0 to 3 approved comments (some answers to the first, some by the author) and how
        many."""
        rng = self.rng
        count = rng.choices((0, 1, 2, 3), weights=(45, 25, 18, 12))[0]
        parts: list[str] = []
        moment = post_moment
        first_id = 0
        for index in range(count):
            moment = min(moment + timedelta(minutes=rng.randint(5, 60 * 24 * 4)), END)
            self.comment_id += 1
            by_author = index > 0 and rng.random() < 0.15
            if by_author:
                name = f"{author[3]} {author[4]}"
                email = author[2]
                user_id = author[0]
            else:
                name = rng.choice(self.people)
                if rng.random() < 0.3:
                    name = name.split(" ")[0]
                email = f"{_slugify(name).replace('-', '.')}@{rng.choice(COMMENT_DOMAINS)}"
                user_id = 0
            parent = first_id if index > 0 and rng.random() < 0.3 else 0
            if index == 0:
                first_id = self.comment_id
            text = self.fill(rng.choice(COMMENTS), "")
            if rng.random() < 0.4:
                text += " " + self.sentence(rng.choice(NEIGHBOURHOODS), False)
            ip = f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randint(1, 254)}"
            parts.append(
                "\t\t<wp:comment>\n"
                f"\t\t\t<wp:comment_id>{self.comment_id}</wp:comment_id>\n"
                f"\t\t\t<wp:comment_author>{_cdata(name)}</wp:comment_author>\n"
                f"\t\t\t<wp:comment_author_email>{_cdata(email)}</wp:comment_author_email>\n"
                "\t\t\t<wp:comment_author_url></wp:comment_author_url>\n"
                f"\t\t\t<wp:comment_author_IP>{ip}</wp:comment_author_IP>\n"
                f"\t\t\t<wp:comment_date>{_sql(moment)}</wp:comment_date>\n"
                f"\t\t\t<wp:comment_date_gmt>{_sql(_to_gmt(moment))}</wp:comment_date_gmt>\n"
                f"\t\t\t<wp:comment_content>{_cdata(text)}</wp:comment_content>\n"
                "\t\t\t<wp:comment_approved>1</wp:comment_approved>\n"
                "\t\t\t<wp:comment_type>comment</wp:comment_type>\n"
                f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
                f"\t\t\t<wp:comment_user_id>{user_id}</wp:comment_user_id>\n"
                "\t\t</wp:comment>\n"
            )
        return "".join(parts), count


def wxr_write(
    path: Path,
    *,
    posts: int = 20_000,
    attachments: int = 50_000,
    years: int = 5,
    seed: int = 1,
    media_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Write the export to path (and each attachment's file under media_dir, if given);
    progress(done, total) is called as posts are written. Returns the counts of what was
    written: posts, pages, attachments, drafts, scheduled, comments, bytes."""
    writer = _Writer(seed)
    rng = writer.rng
    media = _Media(media_dir, seed) if media_dir is not None else None
    attachments = attachments if posts > 0 else 0
    scheduled_count = posts // 100
    regular = posts - scheduled_count
    start = END - timedelta(days=round(365.25 * years))
    span = (END - start).total_seconds()
    counts = dict.fromkeys(("posts", "pages", "attachments", "drafts", "scheduled", "comments"), 0)
    assigned = 0
    next_id = 10
    previous = start - timedelta(hours=1)
    step = max(1, posts // 100)
    with (
        open(path, "w", encoding="utf-8", newline="\n", buffering=8 << 20) as out,
        media if media is not None else contextlib.nullcontext(),
    ):
        out.write(writer.header("The Calloway Ledger"))
        for index in range(posts):
            # When: an even spread, warped into the working day; the last 1% scheduled.
            if index < regular:
                position = span * (index + rng.random() * 0.98) / max(regular, 1)
                day, rest = divmod(position, 86400.0)
                moment = start + timedelta(
                    days=day, seconds=round(_day_warp(rest / 86400.0) * 86400)
                )
                moment = min(max(moment, previous), END)
            else:
                # Scheduled: spread over the weeks after END, on the hour of a morning edition,
                # a lunchtime update or the evening.
                slot = SCHEDULED_UNTIL.days / max(scheduled_count, 1)
                day = 1 + int(slot * (index - regular + rng.random()))
                moment = datetime(END.year, END.month, END.day, rng.choice((6, 7, 12, 17)))
                moment = max(moment + timedelta(days=day), previous)
            scheduled = index >= regular
            is_page = not scheduled and rng.random() < 0.04
            draft = not scheduled and rng.random() < 0.02
            post_type = "page" if is_page else "post"

            # How many pictures: about the running average, now and then a gallery.
            if index == posts - 1:
                count = attachments - assigned
            else:
                due = attachments * (index + 1) // posts - assigned
                count = due + rng.choice((-2, -1, -1, 0, 0, 0, 1, 1, 2))
                if rng.random() < 0.03:
                    count += rng.randint(3, 8)
                count = max(0, min(count, attachments - assigned))
            assigned += count

            author = writer.authors[
                rng.choices(range(len(writer.authors)), cum_weights=writer.author_cum)[0]
            ]
            hood = rng.choice(NEIGHBOURHOODS)
            thing = rng.choice(THINGS)
            if is_page:
                if rng.random() < 0.15:
                    title = rng.choice(PAGE_TITLES)
                else:
                    title = writer.fill(rng.choice(PAGE_KINDS), hood)
            else:
                title = writer.headline(hood, thing)
            slug = writer.unique_slug(_slugify(title))
            date_path = f"{moment.year:04d}/{moment.month:02d}/{moment.day:02d}"
            permalink = f"{SITE}/{slug}/" if is_page else f"{SITE}/{date_path}/{slug}/"
            public = not draft and not scheduled

            # The attachments, just before their post, dated between it and what came before.
            attachment_ids: list[int] = []
            images: list[tuple[int, str, str, str]] = []
            post_id = next_id + count + rng.choice((0, 0, 0, 1, 2))  # ids spent on revisions
            gap = (moment - previous).total_seconds()
            for n in range(count):
                attachment_id = next_id + n
                when = previous + timedelta(seconds=int(gap * (n + 1) / (count + 1)))
                item, image = writer.attachment(
                    attachment_id,
                    when,
                    post_id,
                    permalink if public else None,
                    author[1],
                    hood,
                    media,
                )
                attachment_ids.append(attachment_id)
                images.append(image)
                out.write(item)
            next_id = post_id + 1
            counts["attachments"] += count

            content = writer.body(hood, images)
            standfirst = writer.sentence(hood, False)
            gmt = _to_gmt(moment)
            if public and rng.random() < 0.35:
                modified = min(moment + timedelta(minutes=rng.randint(3, 60 * 24 * 90)), END)
            elif scheduled:
                modified = END - timedelta(minutes=rng.randint(10, 60 * 24 * 3))
            else:
                modified = moment
            status = "draft" if draft else ("future" if scheduled else "publish")
            comment_status = "closed" if is_page or rng.random() < 0.1 else "open"
            parts = [
                "\t<item>\n",
                f"\t\t<title>{escape(title)}</title>\n",
                f"\t\t<link>{permalink if public else f'{SITE}/?p={post_id}'}</link>\n",
                f"\t\t<pubDate>{_pubdate(gmt) if not draft else ZERO_PUBDATE}</pubDate>\n",
                f"\t\t<dc:creator>{_cdata(author[1])}</dc:creator>\n",
                f'\t\t<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n',
                "\t\t<description></description>\n",
                f"\t\t<content:encoded>{_cdata(content)}</content:encoded>\n",
                f"\t\t<excerpt:encoded>{_cdata(standfirst)}</excerpt:encoded>\n",
                f"\t\t<wp:post_id>{post_id}</wp:post_id>\n",
                f"\t\t<wp:post_date>{_sql(moment)}</wp:post_date>\n",
                f"\t\t<wp:post_date_gmt>{ZERO_DATE if draft else _sql(gmt)}</wp:post_date_gmt>\n",
                f"\t\t<wp:post_modified>{_sql(modified)}</wp:post_modified>\n",
                f"\t\t<wp:post_modified_gmt>{_sql(_to_gmt(modified))}</wp:post_modified_gmt>\n",
                f"\t\t<wp:comment_status>{comment_status}</wp:comment_status>\n",
                "\t\t<wp:ping_status>closed</wp:ping_status>\n",
                f"\t\t<wp:post_name>{slug}</wp:post_name>\n",
                f"\t\t<wp:status>{status}</wp:status>\n",
                "\t\t<wp:post_parent>0</wp:post_parent>\n",
                "\t\t<wp:menu_order>0</wp:menu_order>\n",
                f"\t\t<wp:post_type>{post_type}</wp:post_type>\n",
                "\t\t<wp:post_password></wp:post_password>\n",
                "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
            ]
            if not is_page:
                category = writer.categories[
                    rng.choices(range(len(CATEGORIES)), cum_weights=writer.category_cum)[0]
                ]
                tags = rng.sample(writer.tags, rng.randint(1, 4))
                hood_tag = writer.hood_tags.get(hood)
                if hood_tag is not None and hood_tag not in tags and rng.random() < 0.4:
                    tags[0] = hood_tag
                for domain, (_, nicename, name) in (
                    ("category", category),
                    *(("post_tag", tag) for tag in tags),
                ):
                    parts.append(
                        f'\t\t<category domain="{domain}" nicename="{_attr(nicename)}">'
                        f"{_cdata(name)}</category>\n"
                    )
            meta = [("_edit_last", str(author[0]))]
            if attachment_ids:
                meta.append(("_thumbnail_id", str(attachment_ids[0])))
            parts.extend(
                f"\t\t<wp:postmeta><wp:meta_key>{_cdata(key)}</wp:meta_key>"
                f"<wp:meta_value>{_cdata(value)}</wp:meta_value></wp:postmeta>\n"
                for key, value in meta
            )
            if public:
                comments, count = writer.comments(moment, author)
                counts["comments"] += count
                parts.append(comments)
            parts.append("\t</item>\n")
            out.write("".join(parts))

            counts["pages" if is_page else "posts"] += 1
            counts["drafts"] += draft
            counts["scheduled"] += scheduled
            if public and not is_page:
                if len(writer.recent) < 300:
                    writer.recent.append((permalink, title))
                else:
                    writer.recent[rng.randrange(300)] = (permalink, title)
            previous = moment
            if progress is not None and ((index + 1) % step == 0 or index + 1 == posts):
                progress(index + 1, posts)
        out.write("</channel>\n</rss>\n")
    counts["bytes"] = path.stat().st_size
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--attachments", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--media-dir", type=Path)
    args = parser.parse_args()
    started = time.monotonic()

    def report(done: int, total: int) -> None:
        if done == total or done % max(1, total // 10) == 0:
            print(f"  {done:,}/{total:,} posts  {time.monotonic() - started:.1f}s", flush=True)

    counts = wxr_write(
        args.out,
        posts=args.posts,
        attachments=args.attachments,
        years=args.years,
        seed=args.seed,
        media_dir=args.media_dir,
        progress=report,
    )
    summary = ", ".join(f"{counts[key]:,} {key}" for key in counts if key != "bytes")
    print(f"wrote {args.out}: {counts['bytes'] / 1e6:.1f} MB ({summary})")
    print(f"in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
