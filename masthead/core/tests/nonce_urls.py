"""The site's URLs and one page with an inline script under the request's CSP nonce, for the
page cache's contract test (no page of the product uses a nonce yet)."""

from django.http import HttpResponse
from django.urls import path

from masthead.urls import urlpatterns as site_urlpatterns


def nonce_page(request):
    return HttpResponse(f'<!doctype html><script nonce="{request.csp_nonce}">1</script>')


urlpatterns = [path("nonce-page/", nonce_page), *site_urlpatterns]
