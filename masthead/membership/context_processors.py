"""What every page may ask about the reader's membership, computed only if a template does."""

from django.utils.functional import SimpleLazyObject

from masthead.membership.queries import member_current


def membership(request) -> dict:
    # A current member is thanked, never asked to join (header, banner, prompts).
    return {"is_member": SimpleLazyObject(lambda: member_current(request.user))}
