"""Background work for letters: emailing an issued letter, and drafting letters in batches.

Both are safe to run again: an email is recorded as sent once (a Delivery row,
unique per letter), and a batch skips obligations that already have a letter.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from conduct.letters import services
from conduct.letters.models import IssuedLetter, LetterBatch


@task()
def email_letter(issued_id: int) -> None:
    """Send the issued letter's PDF by email, with the plain text as the message body."""
    issued = IssuedLetter.objects.select_related("letter").get(pk=issued_id)
    if issued.deliveries.exists():
        return
    pdf, _ = services.file_path(issued, "pdf")
    text, _ = services.file_path(issued, "txt")
    message = EmailMessage(
        subject=f"{issued.letter.get_letter_type_display()} ({issued.letter.reference})",
        body=text.read_text(),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[issued.email],
    )
    message.attach(f"{issued.letter.reference}.pdf", pdf.read_bytes(), "application/pdf")
    message.send()
    services.record_email_sent(issued, detail=f"Sent to {issued.email}")


@task()
def run_batch(batch_id: int) -> None:
    """Draft (and check) a letter for each obligation in the batch that has none yet."""
    batch = LetterBatch.objects.get(pk=batch_id)
    LetterBatch.objects.filter(pk=batch_id, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    for obligation in batch.obligations.select_related("review__restriction", "case").order_by(
        "pk"
    ):
        with transaction.atomic():
            if not obligation.letters.exists():
                letter = services.draft_letter(
                    services.Draft(
                        letter_type="review-outcome",
                        case=obligation.case,
                        decision=obligation.review.restriction.decision
                        if obligation.review
                        else None,
                        review=obligation.review,
                    ),
                    by=batch.created_by,
                )
                letter.batch = batch
                letter.save(update_fields=["batch"])
                services.preview_pdf(letter)
            done = batch.obligations.filter(letters__isnull=False).distinct().count()
            LetterBatch.objects.filter(pk=batch_id).update(done=done)
    LetterBatch.objects.filter(pk=batch_id).update(finished_at=timezone.now())
