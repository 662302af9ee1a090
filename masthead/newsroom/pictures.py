"""The pictures a story shows, asked of the worker in every rendition when it is published,
so that its first reader does not wait for an encoder (core/images.py)."""

from masthead.core.images import renditions_want, specs_shown
from masthead.core.models import MastheadImage


def story_pictures(article) -> list[MastheadImage]:
    """Its lead image and the pictures of its body (images and galleries), each once."""
    found = [article.lead_image] if article.lead_image_id else []
    for block in article.body:
        if block.block_type == "image":
            found.append(block.value["image"])
        elif block.block_type == "gallery":
            found.extend(item["image"] for item in block.value["images"])
    return list(dict.fromkeys(image for image in found if image is not None))


def renditions_on_publish(sender, instance, **kwargs) -> None:
    """Signal receiver (page_published): the story's pictures made by the worker."""
    for image in story_pictures(instance):
        renditions_want(image=image, specs=specs_shown())
