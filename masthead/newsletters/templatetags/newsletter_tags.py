from django import template
from django.conf import settings
from django.utils import translation

from masthead.core.pagecache.fragments import remembered
from masthead.membership.queries import member_current
from masthead.newsletters import queries
from masthead.newsletters.forms import PreferencesForm

register = template.Library()


@register.inclusion_tag("newsletters/includes/signup_box.html", takes_context=True)
def newsletter_signup_box(context):
    """The featured newsletter's signup box, for articles and the home page: the one in the
    page's language (none on an edition that has no newsletter of its own)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    newsletter = remembered(
        f"newsletter-featured:{language}",
        lambda: queries.newsletter_featured(language=language),
    )
    return {"newsletter": newsletter, "request": context.get("request")}


@register.inclusion_tag("newsletters/includes/account_newsletters.html", takes_context=True)
def account_newsletters(context):
    """The member page's newsletter choices (members-only lists for current members)."""
    user = context["request"].user
    offered = queries.newsletters_offered(is_member=member_current(user), signup_page_only=False)
    subscribed = queries.subscribed_ids(queries.subscriber_for_email(user.email))
    form = PreferencesForm(newsletters=offered, initial={"newsletters": list(subscribed)})
    return {"form": form, "request": context["request"], "csrf_token": context.get("csrf_token")}
