"""Pictures of an export: read from a copy of the old uploads folder or fetched from their
address, each kept once (the same bytes twice are one image, by content hash), with their
alt text, caption and credit."""

import hashlib
import io
import re
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.error import URLError
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify
from PIL import Image, UnidentifiedImageError
from wagtail.documents.models import Document
from wagtail.models.media import get_root_collection_id

from masthead.core.models import MastheadImage

FETCH_TIMEOUT = 10
FETCH_LIMIT = 40 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
# Where the platforms keep uploads, and the sized copies WordPress makes of each.
UPLOAD_ROOTS = ("/wp-content/uploads/", "/content/images/", "/uploads/")
SIZED = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w+$)|-scaled(?=\.\w+$)|/size/w\d+(?=/)")


class MediaUnavailable(Exception):
    """The file is not in the uploads folder and cannot be fetched, or is not a picture."""


def url_key(url: str) -> str:
    """One key for the addresses of one upload: scheme, query and size suffix left out
    (photo-1024x683.jpg and photo.jpg are the same picture)."""
    parts = urlsplit(url.strip())
    path = SIZED.sub("", unquote(parts.path))
    return f"{parts.netloc.lower()}{path}"


def is_picture(url: str) -> bool:
    return bool(re.search(r"\.(jpe?g|png|gif|webp|avif)$", urlsplit(url).path, re.I))


def is_upload(url: str) -> bool:
    """A file of the old site's uploads (a picture, a PDF, a sound…)."""
    path = urlsplit(url).path
    return any(root in path for root in UPLOAD_ROOTS) and bool(re.search(r"\.\w{2,5}$", path))


@dataclass
class MediaSource:
    """Where an import finds its files: a local folder first, then the network."""

    media_dir: Path | None = None
    fetch: bool = True

    def local_file(self, url: str) -> Path | None:
        if self.media_dir is None:
            return None
        path = unquote(urlsplit(url).path)
        candidates = []
        for root in UPLOAD_ROOTS:
            if root in path:
                candidates.append(path.split(root, 1)[1])
        candidates.append(PurePosixPath(path).name)
        for relative in candidates:
            for name in dict.fromkeys([relative, SIZED.sub("", relative)]):
                found = (self.media_dir / name).resolve()
                if found.is_file() and self.media_dir.resolve() in found.parents:
                    return found
        return None

    def available(self, url: str) -> bool:
        """Whether `read` may find it (for a dry run, which fetches nothing)."""
        return self.local_file(url) is not None or (self.fetch and url.startswith("http"))

    def read(self, url: str) -> bytes:
        if (local := self.local_file(url)) is not None:
            return local.read_bytes()
        if not self.fetch or not url.startswith(("http://", "https://")):
            raise MediaUnavailable("not in the uploads folder given (--media-dir)")
        original = re.sub(SIZED, "", url)
        last: Exception | None = None
        for address in dict.fromkeys([original, url]):
            request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
                address, headers={"User-Agent": "Masthead import"}
            )
            try:
                with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as answer:  # noqa: S310 - http(s) only, checked above
                    data = answer.read(FETCH_LIMIT + 1)
            except (URLError, OSError, ValueError) as error:
                last = error
                continue
            if len(data) > FETCH_LIMIT:
                raise MediaUnavailable("larger than 40 MB")
            return data
        reason = getattr(last, "reason", last)
        raise MediaUnavailable(
            f"could not be fetched ({reason}): import again once the old site answers, or "
            "from the command line with a copy of its uploads folder (--media-dir); what "
            "is here already stays"
        )


@dataclass
class Picture:
    """A picture's bytes, checked and measured (the header only), not stored yet."""

    data: bytes
    digest: str
    kind: str  # the file's extension
    width: int
    height: int

    def image(
        self, *, url: str, title="", alt="", caption="", credit="", collection_id: int = 0
    ) -> MastheadImage:
        """An unsaved image of this picture, its file stored; in the root collection unless
        `collection_id` says (given, it saves looking the root up for each picture)."""
        stem = slugify(PurePosixPath(urlsplit(url).path).stem)[:60] or "image"
        image = MastheadImage(
            collection_id=collection_id or get_root_collection_id(),
            title=(title or PurePosixPath(urlsplit(url).path).name or "Imported image")[:255],
            description=alt[:255],
            caption=caption[:500],
            credit=credit[:255],
            file_hash=self.digest,
            file_size=len(self.data),
            width=self.width,
            height=self.height,
        )
        name = default_storage.save(
            image.get_upload_to(f"{stem}.{self.kind}"), ContentFile(self.data)
        )
        image.file.name = name
        return image


def picture_read(data: bytes) -> Picture:
    """The bytes as a picture, or MediaUnavailable saying why they are not one."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = IMAGE_TYPES.get(picture.format or "")
            width, height = picture.size
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise MediaUnavailable("not a picture (JPEG, PNG, GIF, WebP or AVIF)") from error
    if kind is None:
        raise MediaUnavailable("a picture in a format the site does not show")
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    return Picture(data=data, digest=digest, kind=kind, width=width, height=height)


def image_store(
    data: bytes, *, url: str, title: str = "", alt: str = "", caption: str = "", credit: str = ""
) -> tuple[MastheadImage, bool]:
    """The image with these bytes: the one already here (its empty alt text, caption or
    credit filled in), else a new one. Returns (image, created)."""
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    image = MastheadImage.objects.filter(file_hash=digest).first()
    if image is not None:
        changed = False
        for name, value in (("description", alt), ("caption", caption), ("credit", credit)):
            if value and not getattr(image, name):
                setattr(image, name, value[:255] if name != "caption" else value[:500])
                changed = True
        if changed:
            image.save(update_fields=["description", "caption", "credit"])
        return image, False
    image = picture_read(data).image(url=url, title=title, alt=alt, caption=caption, credit=credit)
    image.save()
    return image, True


def document_store(data: bytes, *, url: str, title: str = "") -> Document:
    """A file that is not a picture (a PDF, a recording) as a document, kept once."""
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    document = Document.objects.filter(file_hash=digest).first()
    if document is None:
        name = PurePosixPath(urlsplit(url).path).name or "file"
        document = Document(title=(title or name)[:255], file_hash=digest, file_size=len(data))
        document.file.save(name, io.BytesIO(data), save=False)
        document.save()
    return document
