import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
django_application = get_wsgi_application()

from masthead.core.pagecache import PageCache  # noqa: E402 - needs the settings above

# Anonymous readers are answered from the page cache before Django runs (PAGE_CACHE).
application = PageCache(django_application)
