"""What an import did (or, dry, would do): counts per kind, and every item it could not
take or took only in part, with the reason; as text for the terminal and as a CSV."""

import io
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from masthead.core.csv_files import SafeCsvWriter

SOURCE_NAMES = {"wordpress": "WordPress", "ghost": "Ghost", "substack": "Substack"}
ACTIONS = ("created", "updated", "unchanged", "refused")
# (done, total, items per second, seconds left or None)
Progress = Callable[[int, int, float, float | None], None]


@dataclass
class Problem:
    kind: str
    source_id: str
    title: str
    reason: str
    refused: bool  # False: imported, with this note


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    def count(self, kind: str, action: str) -> None:
        self.counts[kind][action] = self.counts[kind].get(action, 0) + 1

    def refuse(self, kind: str, source_id: str, title: str, reason: str) -> None:
        self.count(kind, "refused")
        self.problems.append(Problem(kind, source_id, title, reason, refused=True))

    def note(self, kind: str, source_id: str, title: str, reason: str) -> None:
        self.problems.append(Problem(kind, source_id, title, reason, refused=False))

    @property
    def refused(self) -> int:
        return sum(1 for problem in self.problems if problem.refused)

    def as_text(self) -> str:
        verb = "Would be" if self.dry_run else "Done in"
        lines = [
            f"{SOURCE_NAMES.get(self.source, self.source)} import"
            + (" (dry run: nothing was written)" if self.dry_run else "")
            + (f" — {verb.lower()} {self.seconds:.0f} s" if not self.dry_run else "")
        ]
        labels = (
            ("would be created", "would be updated", "unchanged", "refused")
            if self.dry_run
            else ACTIONS
        )
        for kind, actions in sorted(self.counts.items()):
            parts = [
                f"{actions[action]:,} {label}"
                for action, label in zip(ACTIONS, labels, strict=True)
                if actions.get(action)
            ]
            lines.append(f"  {kind:<9} {', '.join(parts)}")
        for what, number in sorted(self.skipped.items()):
            lines.append(f"  skipped   {number:,} {what}")
        refused = [p for p in self.problems if p.refused]
        notes = [p for p in self.problems if not p.refused]
        if refused:
            lines.append(f"Not imported ({len(refused):,}):")
            lines += [f"  {p.kind} {p.source_id} “{p.title}”: {p.reason}" for p in refused[:50]]
            if len(refused) > 50:
                lines.append(f"  … and {len(refused) - 50:,} more in the CSV report")
        if notes:
            heading = "Would be imported with a note" if self.dry_run else "Imported with a note"
            lines.append(f"{heading} ({len(notes):,}):")
            lines += [f"  {p.kind} {p.source_id} “{p.title}”: {p.reason}" for p in notes[:20]]
            if len(notes) > 20:
                lines.append(f"  … and {len(notes) - 20:,} more in the CSV report")
        return "\n".join(lines)

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = SafeCsvWriter(out)
        writer.writerow(["kind", "source_id", "title", "outcome", "reason"])
        for p in self.problems:
            outcome = "refused" if p.refused else "imported with a note"
            writer.writerow([p.kind, p.source_id, p.title, outcome, p.reason])
        return out.getvalue()

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "counts": {kind: dict(actions) for kind, actions in self.counts.items()},
            "skipped": self.skipped,
            "refused": self.refused,
            "notes": len(self.problems) - self.refused,
            "seconds": round(self.seconds, 1),
            "text": self.as_text(),
        }
