from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.core import views as core_views
from masthead.discovery import urls as discovery_urls
from masthead.membership import urls as membership_urls
from masthead.newsletters import urls as newsletter_urls
from masthead.newsroom import views as newsroom_views
from masthead.operations import views as operations_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    *discovery_urls.urlpatterns,
    *membership_urls.api_urlpatterns,
    *newsletter_urls.api_urlpatterns,
]

if settings.MEDIA_SERVE:
    # Local media served by the app itself: fine for one machine; put a CDN or object
    # storage in front for more (MEDIA_SERVE=false then).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            core_views.media,
        )
    ]

urlpatterns += i18n_patterns(
    *discovery_urls.feed_urlpatterns,
    path("", include(membership_urls)),
    path("", include(newsletter_urls)),
    path("share/mastodon/", newsroom_views.share_mastodon, name="share_mastodon"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "masthead.core.views.page_not_found"
handler500 = "masthead.core.views.server_error"
