"""What the apps above the newsroom add to its pages, each registering in its
`AppConfig.ready()` (discovery does all three): lists the home page shows beside the
newsroom's own (Most read), the stories computed as related to one, shown when its editors
picked none, the paths of what else lists a story (feeds, the news sitemap), which a CDN
forgets when it is published, and marks on the stories in lists (LIVE). Without them, the
home page has only its own lists, a story only its picks, and a purge only the newsroom's
pages."""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from masthead.newsroom.models import ArticlePage, HomePage

HomeList = Callable[["HomePage"], list["ArticlePage"]]
RelatedIds = Callable[["ArticlePage", int], list[int]]
StoryPaths = Callable[["ArticlePage"], list[str]]
StoryMark = Callable[[list["ArticlePage"]], None]

_home_lists: dict[str, HomeList] = {}
_related_ids: list[RelatedIds] = []
_story_paths: dict[str, StoryPaths] = {}
_story_marks: dict[str, StoryMark] = {}


def home_list_register(*, name: str, build: HomeList) -> None:
    """A list of stories the home page shows as `name` in its context."""
    _home_lists[name] = build


def home_list_names() -> tuple[str, ...]:
    return tuple(_home_lists)


def home_lists(*, home: "HomePage") -> dict[str, list["ArticlePage"]]:
    return {name: build(home) for name, build in _home_lists.items()}


def related_source_set(source: RelatedIds) -> None:
    """Where the ids of a story's computed related stories come from, best first."""
    _related_ids[:] = [source]


def related_computed_ids(*, article: "ArticlePage", limit: int) -> list[int]:
    return _related_ids[0](article, limit) if _related_ids else []


def story_paths_register(*, name: str, paths: StoryPaths) -> None:
    """Site paths an app serves that list a story (reversed in the story's language)."""
    _story_paths[name] = paths


def story_paths(*, article: "ArticlePage") -> list[str]:
    return [path for paths in _story_paths.values() for path in paths(article)]


def story_mark_register(*, name: str, mark: StoryMark) -> None:
    """Marks a list's stories before their cards are drawn (live coverage sets `live_now`),
    given every list at once: one query for a whole list at most."""
    _story_marks[name] = mark


def stories_mark(*, articles: list["ArticlePage"]) -> None:
    for mark in _story_marks.values():
        mark(articles)
