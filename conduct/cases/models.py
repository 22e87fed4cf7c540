"""Cases and everything the decision workflow records about them.

States and the moves between them are declared once, in cases/workflow.py;
only the service functions in cases/services*.py change them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, NOTE_LIMIT, at_most
from conduct.policy.schema import OMBUDSMAN_NAMES


class Case(TrackedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        INVESTIGATING = "investigating", "Being investigated"
        READY_FOR_DECISION = "ready-for-decision", "Ready for a decision"
        DECIDED = "decided", "Decided"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="cases"
    )
    representative = models.ForeignKey(
        "customers.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="Set when the behaviour is the representative’s, not the customer’s (G2)",
    )
    incidents = models.ManyToManyField("incidents.Incident", related_name="cases")
    reason = models.TextField(help_text="Why the line manager escalated")
    policy_pack = models.ForeignKey("policy.PolicyPack", on_delete=models.PROTECT, related_name="+")
    ladder_step = models.CharField(
        max_length=50, blank=True, help_text="The pack’s ladder step reached"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "reason"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) | ~Q(status="closed"),
                name="closed_case_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Investigation(TrackedModel):
    """What was looked at before deciding (A4, A8): evidence, other services, underlying causes."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="investigation")
    evidence_reviewed = models.TextField()
    other_services_involved = models.TextField(blank=True)
    known_to_social_care = models.BooleanField(default=False)
    known_to_mental_health_services = models.BooleanField(default=False)
    cross_service_notes = models.TextField(blank=True)
    underlying_causes = models.TextField(
        help_text="Unmet communication or support needs, disability (A4)"
    )
    adjustments_considered = models.TextField()
    complaint_handled_properly = models.BooleanField(
        help_text="Was the underlying complaint handled properly? (A8)"
    )
    significant_new_information = models.BooleanField(default=False)
    more_specific_route = models.TextField(
        blank=True, help_text="An appeal, tribunal or other route (A8)"
    )
    health_and_safety_findings = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = at_most(
            LONG_TEXT_LIMIT,
            "evidence_reviewed",
            "other_services_involved",
            "cross_service_notes",
            "underlying_causes",
            "adjustments_considered",
            "more_specific_route",
            "health_and_safety_findings",
        )

    def __str__(self) -> str:
        return f"Investigation of {self.case}"


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "no-further-action", "No further action"
    OTHER_RESOLUTION = "informal-resolution", "Other resolution"
    FORMAL_WARNING = "formal-warning", "Formal warning"
    RESTRICTION = "restriction", "Restriction"
    FURTHER_ACTION = "further-action", "Further action"


class DisabilityLink(models.TextChoices):
    """Equality Act 2010 s.15: does the behaviour arise from a disability? (A5)"""

    NO = "no", "No"
    YES = "yes", "Yes"
    NOT_KNOWN = "not-known", "Not known"


class Decision(TrackedModel):
    """A decision of the decision body, with every record the law and the Ombudsman expect (A1–A10).

    An immediate restriction is also a Decision (by an authorised person,
    `immediate=True`), later ratified by another Decision of the decision body.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    policy_pack = models.ForeignKey("policy.PolicyPack", on_delete=models.PROTECT, related_name="+")
    decision_body = models.CharField(max_length=50, help_text="The pack’s decision body id")
    decided_at = models.DateTimeField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    behaviour_categories = models.JSONField(
        default=list, help_text="Category ids from the pack (A3)"
    )
    reasons = models.TextField(help_text="Case-specific reasons in free text (A2)")
    disability_link = models.CharField(max_length=20, choices=DisabilityLink.choices)
    equality_act_reasoning = models.TextField(help_text="s.15, s.20 and s.29 (A5)")
    human_rights_reasoning = models.TextField(
        help_text="Least restrictive option that works; impact (A6)"
    )
    staff_wellbeing = models.TextField(help_text="The impact on staff (A9)")
    mandatory_services_stay_open = models.BooleanField()
    protected_routes_stay_open = models.BooleanField(help_text="The routes in D5 stay open")
    other_resolution = models.TextField(blank=True)
    legal_advice = models.TextField(blank=True)
    equality_assessment = models.TextField(blank=True)
    immediate = models.BooleanField(default=False)
    immediate_ground = models.CharField(max_length=50, blank=True)
    ratifies = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="ratified_by"
    )

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            *at_most(
                LONG_TEXT_LIMIT,
                "reasons",
                "equality_act_reasoning",
                "human_rights_reasoning",
                "staff_wellbeing",
                "other_resolution",
                "legal_advice",
                "equality_assessment",
            ),
            models.CheckConstraint(
                condition=Q(mandatory_services_stay_open=True, protected_routes_stay_open=True)
                | Q(outcome="further-action"),
                name="decision_keeps_mandatory_routes_open",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="further-action") | ~Q(legal_advice=""),
                name="further_action_has_legal_advice",
            ),
            models.CheckConstraint(
                condition=Q(immediate=False) | ~Q(immediate_ground=""),
                name="immediate_decision_has_a_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.case}"


class DecisionMember(models.Model):
    """A member of the decision body who took part, having declared no involvement (A7)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="members")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_not_involved = models.BooleanField()
    post = models.SlugField(
        max_length=60, blank=True, help_text="The pack's post the member acted in; blank if none"
    )
    post_name = models.CharField(max_length=200, blank=True, help_text="As the pack named it")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="member_once_per_decision"),
            models.CheckConstraint(
                condition=Q(declared_not_involved=True), name="member_declared_not_involved"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.decision}"


class FormalWarning(TrackedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"
        QUASHED = "quashed", "Quashed on appeal"

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="formal_warning"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="formal_warnings")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="formal_warnings"
    )
    behaviour = models.TextField(help_text="The behaviour named, and the change asked for (C1)")
    monitoring_from = models.DateField()
    monitoring_until = models.DateField()
    single_point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "behaviour"),
            models.CheckConstraint(
                condition=Q(monitoring_until__gt=models.F("monitoring_from")),
                name="monitoring_period_ends_later",
            ),
        ]

    def __str__(self) -> str:
        return f"Formal warning to {self.customer}"


class Restriction(TrackedModel):
    """One restriction from the pack's list, with its typed parameters; never open-ended (D6)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LIFTED = "lifted", "Lifted"
        QUASHED = "quashed", "Quashed on appeal"
        LAPSED = "lapsed", "Lapsed: not ratified"
        SUPERSEDED = "superseded", "Replaced by a fresh decision"

    class Scope(models.TextChoices):
        SERVICES = "services", "Named services"
        WHOLE_COUNCIL = "whole-council", "The whole council"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="restrictions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="restrictions")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="restrictions"
    )
    representative = models.ForeignKey(
        "customers.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restrictions",
        help_text="Restricts this representative only; the customer’s own access stays open (G2)",
    )
    type = models.CharField(max_length=50, help_text="The pack’s restriction type id")
    parameters = models.JSONField(default=dict)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    services = models.ManyToManyField("customers.CouncilService", blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    starts_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    must_end_by = models.DateField(
        help_text="The pack’s maximum duration: then only a fresh decision continues it"
    )
    ratify_by = models.DateField(null=True, blank=True, help_text="For an immediate restriction")
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["status", "review_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active") | Q(review_on__isnull=False),
                name="active_restriction_has_a_review_date",
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gt=models.F("starts_on")),
                name="review_after_start",
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__lte=models.F("must_end_by")),
                name="review_within_maximum_duration",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_at__isnull=True)
                | (~Q(status="active") & Q(ended_at__isnull=False)),
                name="ended_restriction_has_an_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type_name} on {self.customer}"

    @property
    def type_name(self) -> str:
        """The pack's own name for the type ("Read and file"), as staff read it, never its id."""
        found = self.decision.policy_pack.file.restriction_type(self.type)
        return found.name if found else self.type


class Review(TrackedModel):
    """A restriction's review: due, reminded, escalated if missed, completed (D7, D8)."""

    class Outcome(models.TextChoices):
        LIFT = "lift", "Lift"
        EXTEND = "extend", "Extend"
        VARY = "vary", "Vary"

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    further_incidents = models.BooleanField(null=True)
    incidents_found = models.PositiveIntegerField(
        null=True, blank=True, help_text="Incidents Conduct held since the decision or last review"
    )
    incidents_not_recorded = models.PositiveSmallIntegerField(
        default=0, help_text="Incidents the decider added that Conduct holds no record of"
    )
    incidents_note = models.TextField(
        blank=True, help_text="What happened in the incidents not recorded in Conduct"
    )
    reasons = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "reasons"),
            *at_most(NOTE_LIMIT, "incidents_note"),
            models.CheckConstraint(
                condition=Q(incidents_not_recorded=0) | ~Q(incidents_note=""),
                name="incidents_not_recorded_have_a_note",
            ),
            models.UniqueConstraint(
                fields=["restriction"],
                condition=Q(completed_at__isnull=True),
                name="one_open_review_per_restriction",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(outcome=""),
                name="completed_review_has_an_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="extend") | (Q(next_review_on__isnull=False) & ~Q(reasons="")),
                name="extension_has_reasons_and_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.restriction} due {self.due_on}"


class Appeal(TrackedModel):
    """An appeal against a decision, heard by an officer who took no part (E1, E2, E3)."""

    class Outcome(models.TextChoices):
        CONFIRM = "confirm", "Confirm"
        VARY = "vary", "Vary"
        QUASH = "quash", "Quash"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField()
    grounds = models.TextField()
    lodge_by = models.DateField(help_text="The last day of the pack’s appeal window")
    decide_by = models.DateField(help_text="The pack’s target for deciding")
    appeals_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reasons = models.TextField(blank=True)
    post = models.SlugField(
        max_length=60, blank=True, help_text="The pack's post the officer decided in; blank if none"
    )
    post_name = models.CharField(max_length=200, blank=True, help_text="As the pack named it")
    ombudsman_signposted = models.JSONField(
        default=list, help_text="Ombudsman ids named in the outcome (E3, F2)"
    )
    declared_not_involved_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the appeals officer declared no part in the decision, the incidents "
        "or the escalation (E1, E2); blank for appeals decided before it was asked",
    )

    class Meta:
        ordering = ["-received_on"]
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "grounds", "reasons"),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True)
                | (~Q(outcome="") & ~Q(reasons="") & Q(appeals_officer__isnull=False)),
                name="decided_appeal_has_outcome_reasons_and_officer",
            ),
            models.CheckConstraint(
                condition=Q(declared_not_involved_at__isnull=True) | Q(decided_at__isnull=False),
                name="appeal_declaration_made_when_deciding",
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal against {self.decision}"


class Notification(TrackedModel):
    """A team the pack names, told that a restriction started, changed or ended."""

    class Event(models.TextChoices):
        STARTED = "started", "Restriction started"
        CHANGED = "changed", "Restriction changed"
        ENDED = "ended", "Restriction ended"

    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="notifications"
    )
    team = models.CharField(max_length=50, help_text="The pack’s team id")
    event = models.CharField(max_length=20, choices=Event.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.team}"


class CustomerMustBeTold(TrackedModel):
    """An outcome the customer must be told in writing (F4, D9); the letters work closes it."""

    class About(models.TextChoices):
        DECISION = "decision", "The decision"
        REVIEW = "review", "The review outcome"
        APPEAL = "appeal", "The appeal outcome"
        RATIFICATION = "ratification", "The ratified immediate restriction"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="obligations")
    about = models.CharField(max_length=20, choices=About.choices)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Tell the customer: {self.get_about_display()}"


# Reviews, appeals and the scheduler (issue 4, reviews part) ----------------------------------


class RatificationFlag(models.Model):
    """An immediate restriction not ratified in time, flagged once; a person decides what next."""

    restriction = models.OneToOneField(
        Restriction, on_delete=models.PROTECT, related_name="ratification_flag"
    )
    flagged_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Not ratified in time: {self.restriction}"


class ScheduleRun(models.Model):
    """When a declared schedule last queued its job; locked so two schedulers never both do."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


# The decision pack (issue 7) -----------------------------------------------------------------


class FrozenDecisionPack(TrackedModel):
    """The decision pack as it stood when a decision was recorded: what the body read (J1).

    The pages are captured in the decision's own transaction, with their SHA-256;
    a background job then writes them as PDF under CASE_FILES_ROOT and stamps
    `stored_at`, once. Two copies: the whole pack as the decision body read it,
    and the same pack without the safeguarding notes, for readers the customer
    app keeps them from (auditors). Each decision keeps its own; none is replaced.
    """

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="frozen_pack")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="frozen_packs")
    period_start = models.DateField(help_text="The contact-frequency period the pack covers")
    period_end = models.DateField()
    html = models.TextField(help_text="The whole pack, as the decision body read it")
    html_sha256 = models.CharField(max_length=64)
    withheld_html = models.TextField(help_text="The same pack without safeguarding notes")
    withheld_html_sha256 = models.CharField(max_length=64)
    stored_at = models.DateTimeField(null=True, blank=True)
    pdf_path = models.CharField(max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    withheld_pdf_path = models.CharField(max_length=300, blank=True)
    withheld_pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stored_at__isnull=True, pdf_path="", withheld_pdf_path="")
                | (
                    Q(stored_at__isnull=False)
                    & ~Q(pdf_path="")
                    & ~Q(pdf_sha256="")
                    & ~Q(withheld_pdf_path="")
                    & ~Q(withheld_pdf_sha256="")
                ),
                name="stored_decision_pack_has_its_files",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="decision_pack_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision pack for {self.decision}"


class DecisionPackPdf(TrackedModel):
    """A PDF of the decision pack one reader asked for, made by a background job (issue 18.10).

    Built for the reader's need to know: safeguarding notes only if the person who
    asked may see them. The file sits under CASE_FILES_ROOT, named by its SHA-256,
    and only the person who asked may download it. A scheduled job removes these
    copies, file and row, after DECISION_PACK_PDF_KEEP; the frozen packs stay.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="pack_pdfs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(help_text="The contact-frequency period the pack covers")
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    safeguarding = models.BooleanField(
        null=True, help_text="Whether the PDF holds safeguarding notes; set when it is made"
    )
    pdf_path = models.CharField(max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (
                    ~Q(pdf_path="")
                    & ~Q(pdf_sha256="")
                    & Q(size__isnull=False)
                    & Q(finished_at__isnull=False)
                ),
                name="ready_pack_pdf_has_its_file",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="pack_pdf_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision pack PDF for {self.case}"


# Ombudsman referrals (issue 20, item 4) ---------------------------------------------------------


class OmbudsmanOutcome(models.TextChoices):
    """What the Ombudsman decided, in the words the four use for the same finding: the Housing
    Ombudsman's maladministration is an upheld complaint (cases/ombudsman.py has each one's words).
    Blank: not decided yet."""

    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly-upheld", "Partly upheld"
    NOT_UPHELD = "not-upheld", "Not upheld"
    PREMATURE = "premature", "Not investigated: premature"
    OUTSIDE_JURISDICTION = "outside-jurisdiction", "Not investigated: outside jurisdiction"
    CLOSED_AFTER_INITIAL_ENQUIRIES = (
        "closed-after-initial-enquiries",
        "Not investigated: closed after initial enquiries",
    )
    WITHDRAWN = "withdrawn", "Withdrawn by the customer"


UPHELD_OUTCOMES = (OmbudsmanOutcome.UPHELD, OmbudsmanOutcome.PARTLY_UPHELD)
OMBUDSMAN_REFERENCE_LIMIT = 30  # the four's references run to about 12 characters


class OmbudsmanReferral(TrackedModel):
    """The customer took the case to an Ombudsman: when, what about, its enquiries and finding
    (requirements E3, F2, J2). Open until the outcome is recorded; a remedy is asked for only
    when the complaint is upheld, and recorded as done."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ombudsman_referrals")
    ombudsman = models.CharField(max_length=20, choices=list(OMBUDSMAN_NAMES.items()))
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField(
        null=True, blank=True, help_text="When the customer went to the Ombudsman, if known"
    )
    heard_on = models.DateField(help_text="When the council heard of the referral")
    reference = models.CharField(
        max_length=OMBUDSMAN_REFERENCE_LIMIT, blank=True, help_text="The Ombudsman's own reference"
    )
    outcome = models.CharField(max_length=40, choices=OmbudsmanOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    remedy = models.TextField(blank=True, help_text="What the Ombudsman asked the council to do")
    remedy_done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-heard_on", "-pk"]
        constraints = [
            *at_most(NOTE_LIMIT, "remedy"),
            *at_most(OMBUDSMAN_REFERENCE_LIMIT, "reference"),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_on__isnull=True)
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="ombudsman_outcome_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(remedy="") | Q(outcome__in=UPHELD_OUTCOMES),
                name="ombudsman_remedy_only_when_upheld",
            ),
            models.CheckConstraint(
                condition=Q(remedy_done_on__isnull=True) | ~Q(remedy=""),
                name="ombudsman_remedy_done_only_when_asked",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(appeal__isnull=True),
                name="ombudsman_referral_about_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(referred_on__isnull=True) | Q(referred_on__lte=models.F("heard_on")),
                name="ombudsman_referred_before_heard",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("heard_on")),
                name="ombudsman_outcome_after_heard",
            ),
            models.CheckConstraint(
                condition=Q(remedy_done_on__isnull=True)
                | Q(remedy_done_on__gte=models.F("outcome_on")),
                name="ombudsman_remedy_done_after_outcome",
            ),
            models.UniqueConstraint(
                fields=["ombudsman", "reference"],
                condition=~Q(reference=""),
                name="one_referral_per_ombudsman_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to the {self.get_ombudsman_display()} on {self.case}"


class OmbudsmanEnquiry(TrackedModel):
    """A question the Ombudsman asked the council about a referral, and when it was answered."""

    referral = models.ForeignKey(
        OmbudsmanReferral, on_delete=models.PROTECT, related_name="enquiries"
    )
    received_on = models.DateField()
    respond_by = models.DateField(null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    question = models.TextField(help_text="What the Ombudsman asked for")

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            *at_most(NOTE_LIMIT, "question"),
            models.CheckConstraint(
                condition=Q(respond_by__isnull=True) | Q(respond_by__gte=models.F("received_on")),
                name="ombudsman_enquiry_respond_by_after_received",
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True)
                | Q(responded_on__gte=models.F("received_on")),
                name="ombudsman_enquiry_responded_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"Enquiry of {self.received_on} on {self.referral}"
