from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from masthead.newsletters import sending

# One task sends for this long, then queues its own continuation: other work gets a turn.
TIME_BUDGET = 300
RETRY_AFTER = timedelta(minutes=1)


@task()
def edition_send_task(edition_id: int) -> str:
    outcome = sending.edition_send_run(edition_id=edition_id, time_budget=TIME_BUDGET)
    if outcome == sending.SendOutcome.MORE:
        edition_send_task.enqueue(edition_id)
    elif outcome == sending.SendOutcome.INTERRUPTED:
        edition_send_task.using(run_after=timezone.now() + RETRY_AFTER).enqueue(edition_id)
    return outcome
