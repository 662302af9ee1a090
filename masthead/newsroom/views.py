"""The one reader-facing view of the newsroom app outside its pages: sharing on Mastodon,
which needs the reader's own server."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from masthead.newsroom.sharing import mastodon_server, mastodon_share_url

TEXT_MAX = 1000


@require_GET
def share_mastodon(request):
    """Asks for the reader's server, then offers a link to its share page. A link, not a
    redirect: this address must not send anyone to a server named in a link we did not make."""
    text = request.GET.get("text", "")[:TEXT_MAX]
    typed = request.GET.get("server")
    server = mastodon_server(typed) if typed else ""
    return render(
        request,
        "newsroom/share_mastodon.html",
        {
            "text": text,
            "typed": typed or "",
            "server": server,
            "not_a_server": bool(typed) and not server,
            "share_url": mastodon_share_url(server=server, text=text) if server else "",
        },
        status=400 if typed and not server else 200,
    )
