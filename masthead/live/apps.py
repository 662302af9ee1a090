from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live coverage. Sits above discovery (its pages are stories, with their own JSON-LD and
    a place in the News sitemap while live) and below membership."""

    name = "masthead.live"
    label = "live"
    verbose_name = "Live coverage"

    def ready(self) -> None:
        from masthead.core.pagecache.signals import pages_show
        from masthead.discovery import queries as discovery_queries
        from masthead.discovery import structured_data
        from masthead.live import queries
        from masthead.live import structured_data as live_structured_data
        from masthead.live.models import LivePage
        from masthead.newsroom import hooks
        from masthead.newsroom.models import SectionPage
        from masthead.staff.role_names import EDITORS
        from masthead.staff.roles import managing, roles_grant

        # A section holds live pages beside its stories.
        if "live.LivePage" not in SectionPage.subpage_types:
            SectionPage.subpage_types.append("live.LivePage")
        hooks.story_mark_register(name="live", mark=queries.live_marked)
        structured_data.page_type_register(LivePage, live_structured_data.live_blog_posting)
        pages_show("live.BreakingNews")  # the bar on every page
        roles_grant(role=EDITORS, permissions=managing("live", "breakingnews"))
        discovery_queries.news_sitemap_also_register(
            name="live", ids=lambda: queries.live_pages_live().values("pk")
        )
