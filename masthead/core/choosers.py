"""The admin's page pickers that list one kind of page (stories, journalists) through a
ChooserViewSet of the app that owns it, instead of Wagtail's page tree from the root.

The widget is named in the panels by model and URL name only, so a page type can offer the
picker of an app it does not import (an article's bylines use the people app's chooser)."""

from wagtail.admin.widgets.chooser import BaseChooser

from masthead.core.pagecache.serving import public_only


class PageChooser(BaseChooser):
    """Chooses one page of `model` from the modal at `chooser_url_name`. A page chosen earlier
    that readers cannot see now (unpublished, or behind privacy settings) stays chosen, and
    is flagged under the chooser with `hidden_text`."""

    template_name = "core/admin/page_chooser.html"
    icon = "doc-full"
    hidden_text = (
        "“{title}” is not live, so readers do not see it here: publish it, or choose another."
    )

    def __init__(self, *, model: str, chooser_url_name: str, hidden_text: str = "", **kwargs):
        self.model = model
        self.chooser_modal_url_name = chooser_url_name
        if hidden_text:
            self.hidden_text = hidden_text
        super().__init__(**kwargs)

    def get_value_data_from_instance(self, instance) -> dict:
        data = super().get_value_data_from_instance(instance)
        data["public"] = page_is_public(page=instance)
        return data

    def get_context(self, name, value_data, attrs) -> dict:
        context = super().get_context(name, value_data, attrs)
        if value_data and not value_data.get("public", True):
            context["hidden_warning"] = self.hidden_text.format(title=context["display_title"])
        return context


def page_is_public(*, page) -> bool:
    """Whether an anonymous reader can see `page`: published and not behind privacy settings."""
    return public_only(type(page).objects.live().filter(pk=page.pk)).exists()
