import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
django_application = get_wsgi_application()

from masthead.core.gateway import Gateway  # noqa: E402 - needs the settings above
from masthead.core.pagecache import PageCache  # noqa: E402

# The client's address and scheme from trusted proxies, and a cap on request bodies; then
# anonymous readers are answered from the page cache before Django runs (PAGE_CACHE).
application = Gateway(PageCache(django_application))

# What start-up loaded lives as long as the process: out of the collector's way, so its
# full passes stay short (Python's gc.freeze, made for servers that fork workers).
gc.collect()
gc.freeze()
