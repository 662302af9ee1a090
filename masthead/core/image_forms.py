"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's, with a picture that
decodes only partly (a JPEG cut short by a broken upload) refused as a form error.

Wagtail opens the file to count its pixels and lets Pillow's error through as a 500."""

import struct
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = _("The file is damaged or not a complete image: save or export it again and upload it.")
# What Pillow raises for a file whose header reads but whose data does not (truncated, bad
# checksums, a broken chunk); a file that is no picture at all Wagtail already refuses.
DECODE_ERRORS = (OSError, SyntaxError, EOFError, ValueError, struct.error, zlib.error)


class CompleteImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except DECODE_ERRORS as error:
            raise ValidationError(DAMAGED, code="damaged") from error


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the file field itself (label, help, limits, widget): keep all of it
        # and only check the file further. A field declared here would come back in the
        # multiple uploader's edit form, which leaves the file out.
        if isinstance(self.fields.get("file"), WagtailImageField):
            self.fields["file"].__class__ = CompleteImageField
        # The multiple uploader posts the file and its title only: an image whose kind is not
        # given is a photo (the model's default), as every image was before there were kinds.
        if "credit_kind" in self.fields:
            self.fields["credit_kind"].required = False
