from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone

from masthead.importers.report import SOURCE_NAMES


class ImportedItem(models.Model):
    """What one item of an export became here, keyed by where it came from: a rerun finds
    it and updates it (when its source changed) instead of making it twice."""

    class Kind(models.TextChoices):
        AUTHOR = "author"
        SECTION = "section"
        TAG = "tag"
        MEDIA = "media"
        STORY = "story"
        PAGE = "page"
        MEMBER = "member"

    source = models.CharField(max_length=20)  # wordpress, ghost, substack
    site = models.CharField(max_length=200, help_text="The exported site's address.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.CharField(max_length=200)
    object_id = models.PositiveBigIntegerField(null=True)
    checksum = models.CharField(max_length=64, blank=True)
    # Links in the body to stories of the export not imported yet: resolved at the end.
    links_pending = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "site", "kind", "source_id"], name="one_item_per_source_id"
            )
        ]
        # Only the few items still waiting for their links (finish() reads them): an index
        # of every item would also match a lookup by source id, which PostgreSQL, before
        # it has counted the rows an import just wrote, picks and reads through whole.
        indexes = [
            models.Index(
                fields=["source", "site"],
                condition=models.Q(links_pending=True),
                name="importeditem_links_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.source_id}"


def uploads_storage() -> FileSystemStorage:
    """Exports hold drafts and readers' addresses: kept beside the database, never under
    the public media, and deleted once their import has run."""
    return FileSystemStorage(location=settings.DATA_DIR / "imports")


class ImportRun(models.Model):
    """An import started from the admin, run as a background task; the page shows it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "waiting to start"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "stopped"

    source = models.CharField(max_length=20)
    file = models.FileField(upload_to="%Y/%m/", storage=uploads_storage)
    members_file = models.FileField(upload_to="%Y/%m/", storage=uploads_storage, blank=True)
    dry_run = models.BooleanField(default=False)
    edition = models.CharField(max_length=10, blank=True)
    site_url = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    rate = models.FloatField(default=0)
    message = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} import of {self.file.name}"

    @property
    def source_name(self) -> str:
        return SOURCE_NAMES.get(self.source, self.source.capitalize())

    @property
    def seconds_left(self) -> float | None:
        if self.status != self.Status.RUNNING or not self.rate or not self.total:
            return None
        return max(self.total - self.done, 0) / self.rate
