"""Django's ASGI application, for tools that want one. Masthead is served over WSGI
(`masthead serve`: granian running wsgi.py), because its page cache and its gateway (the
client's address from trusted proxies, the cap on request bodies) are WSGI layers, and no
view needs ASGI (no websockets, no long-polling: the drive's count is polled). Run behind an
ASGI server, the site works but without those layers: every page is rendered by Django and
the proxy settings are not applied. Use wsgi.py in production."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
application = get_asgi_application()
