# The production WSGI stack (page cache + Django), as the page cache's own tests call it.
from masthead.core.tests.test_page_cache import app  # noqa: F401
