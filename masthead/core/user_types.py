"""The people a request may come from, for type hints: Django's own user model (Masthead
keeps it) and the anonymous reader."""

from django.contrib.auth.models import AnonymousUser, User

Reader = User | AnonymousUser  # request.user

__all__ = ["Reader", "User"]
