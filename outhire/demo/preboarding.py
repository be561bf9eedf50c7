"""The demo hire's pre-boarding checklist, done through the real services by each party.

The demo hire started 100 days ago (outhire/demo/offers.py dates it back), so its checklist
is re-dated from that start and completed: the right-to-work check, the first-day details and
the buddy, the new hire's uploads; then the times are set back to before the first day (only
a seed may). Its completion goes to the client's demo HR endpoint as `preboarding.completed`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from outhire.accounts.models import User
from outhire.offers.models import Hire
from outhire.preboarding import services
from outhire.preboarding.models import Checklist, Item, Kind, Party

DETAILS = {
    Kind.FIRST_DAY: "Monday 09:00 at reception, ground floor; ask for your manager. Bring your ID.",
    Kind.BUDDY: "Sam Jansen, engineering team lead (sam.jansen@example.com).",
    Kind.EQUIPMENT: "Laptop, badge and accounts ready at your desk.",
}


def seed_checklist(hire: Hire, *, staff: User, client_user: User | None) -> Checklist | None:
    checklist = Checklist.objects.filter(hire=hire).first()
    if checklist is None or not checklist.is_open:
        return checklist
    start = Hire.objects.get(pk=hire.pk).start_date
    for item in Item.objects.filter(checklist=checklist):
        Item.objects.filter(pk=item.pk).update(due_on=start + timedelta(days=item.offset_days))
    for item in Item.objects.filter(checklist=checklist).order_by("due_on", "position"):
        item.checklist = checklist
        by = staff if item.party == Party.PROVIDER or client_user is None else client_user
        if item.kind == Kind.RIGHT_TO_WORK:
            services.rtw_record(
                item=item,
                by=by,
                outcome="verified",
                method="online",
                checked_on=item.due_on,
                document_type="Passport",
            )
        elif item.kind == Kind.DOCUMENT:
            services.document_upload(
                item=item,
                data=f"{item.title}: scanned copy (demo).".encode(),
                filename="scan.txt",
                max_bytes=2**20,
            )
        else:
            services.item_complete(
                item=item,
                by=None if item.party == Party.NEW_HIRE else by,
                details=DETAILS.get(item.kind, ""),
            )
        done_at = timezone.make_aware(datetime.combine(item.due_on, time(10)))
        Item.objects.filter(pk=item.pk).update(done_at=done_at)
    Checklist.objects.filter(pk=checklist.pk).update(
        completed_at=timezone.make_aware(datetime.combine(start - timedelta(days=1), time(16)))
    )
    return checklist
