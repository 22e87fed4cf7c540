"""Customers: who they are, how to reach them, who speaks for them, what they need.

A customer is never deleted: a duplicate is merged into another record
(`merged_into`), which then holds every linked item.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conduct.core.models import TrackedModel
from conduct.core.text import LONG_TEXT_LIMIT, at_most


class CouncilService(TrackedModel):
    """An entry in the service catalogue. Mandatory (statutory) services can never be withdrawn lightly."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    is_mandatory = models.BooleanField(help_text="A statutory service the council must provide")
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    generic_inbox = models.EmailField(
        blank=True,
        help_text="The service's shared mailbox: a restriction may send contact there instead "
        "of to a named officer (West Lindsey 15.2)",
    )
    # Who is told when a restriction covers this service (a pack's `service_area` team):
    # the staff named here and, or instead, the service's shared mailbox.
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="service_contact_for"
    )
    mailbox = models.EmailField(
        max_length=254, blank=True, help_text="The service's shared mailbox, told of restrictions"
    )

    class Meta:
        ordering = ["name"]
        constraints = at_most(LONG_TEXT_LIMIT, "description")

    def contact_addresses(self) -> list[str]:
        """Where this service's notices go: its mailbox and its active contacts, no repeats."""
        people = self.contacts.filter(is_active=True).order_by("email")
        found = [self.mailbox] if self.mailbox else []
        return found + [person.email for person in people if person.email not in found]

    def __str__(self) -> str:
        return self.name


class Customer(TrackedModel):
    reference = models.CharField(max_length=12, unique=True)
    given_names = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    preferred_name = models.CharField(max_length=150, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    no_fixed_abode = models.BooleanField(default=False)
    collection_point = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where letters wait for a customer with no fixed abode",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    external_reference = models.CharField(
        max_length=50,
        blank=True,
        help_text="The council's own reference from an imported register (import_customers)",
    )

    class Meta:
        ordering = ["family_name", "given_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_reference"],
                condition=~Q(external_reference=""),
                name="one_customer_per_external_reference",
            ),
            models.CheckConstraint(
                condition=~Q(given_names="", family_name=""), name="customer_has_a_name"
            ),
            models.CheckConstraint(
                condition=Q(no_fixed_abode=False) | ~Q(collection_point=""),
                name="no_fixed_abode_has_a_collection_point",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(merged_at__isnull=False),
                name="merge_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)


class Alias(TrackedModel):
    """Another name the customer is known by (maiden name, nickname, a spelling they use)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)

    class Meta:
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return self.name


class Address(TrackedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(
        max_length=8, blank=True, help_text="Normalised: upper case, one space"
    )
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "addresses"
        indexes = [models.Index(fields=["postcode"]), models.Index(fields=["uprn"])]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


class PhoneNumber(TrackedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="phone_numbers")
    number = models.CharField(max_length=20, help_text="E.164, such as +447700900123")
    label = models.CharField(max_length=50, blank=True)

    class Meta:
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return self.number


class EmailAddress(TrackedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="email_addresses")
    email = models.EmailField(help_text="Stored in lower case")

    class Meta:
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.email


class SocialMediaHandle(TrackedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="social_media")
    platform = models.CharField(max_length=50)
    handle = models.CharField(max_length=100)

    def __str__(self) -> str:
        return f"{self.handle} on {self.platform}"


class HouseholdLink(TrackedModel):
    """Two customers who live together. Stored once; read from either side."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="household_links")
    member = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "member"], name="one_household_link_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(customer=models.F("member")), name="not_own_household_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} and {self.member}"


class Representative(TrackedModel):
    """Someone who acts for the customer, on their consent or another lawful basis (G1)."""

    class Kind(models.TextChoices):
        FRIEND = "friend", "Friend"
        FAMILY = "family", "Family member"
        ADVOCATE = "advocate", "Advocate"
        SOLICITOR = "solicitor", "Solicitor"
        COUNCILLOR = "councillor", "Councillor"
        OTHER = "other", "Other"

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", "The customer’s consent"
        LASTING_POWER_OF_ATTORNEY = "lasting-power-of-attorney", "Lasting power of attorney"
        DEPUTYSHIP = "deputyship", "Court of Protection deputyship"
        APPOINTEE = "appointee", "Appointee"
        ELECTED_MEMBER = "elected-member", "Elected member acting for a constituent"
        OTHER = "other", "Another lawful basis"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    address = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    basis_detail = models.TextField(blank=True)
    given_on = models.DateField()
    review_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    coercive_control_concern = models.BooleanField(
        default=False,
        help_text="Staff are worried the representative may be controlling the customer (G3)",
    )

    class Meta:
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "address", "basis_detail", "withdrawn_reason"),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("given_on")), name="review_after_given"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawn_reason=""),
                name="withdrawal_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Adjustment(TrackedModel):
    """A reasonable adjustment or communication need, shown wherever staff contact or write (H1)."""

    class Kind(models.TextChoices):
        LARGE_PRINT = "large-print", "Large print"
        EASY_READ = "easy-read", "Easy read"
        PREFERRED_CHANNEL = "preferred-channel", "Preferred way of contact"
        INTERPRETER = "interpreter", "Interpreter"
        ADVOCATE = "advocate", "Advocate present"
        HEARING_LOOP = "hearing-loop", "Hearing loop"
        OTHER = "other", "Other"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    detail = models.TextField(blank=True, help_text="For example the language, or the channel")
    agreed_on = models.DateField()
    review_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            *at_most(LONG_TEXT_LIMIT, "detail"),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("agreed_on")),
                name="adjustment_review_after_agreed",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ServiceReceived(TrackedModel):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="services_received"
    )
    service = models.ForeignKey(CouncilService, on_delete=models.PROTECT, related_name="+")
    since = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["customer", "service"], name="service_received_once")
        ]

    def __str__(self) -> str:
        return str(self.service)


class SafeguardingNote(TrackedModel):
    """A concern about the customer's own safety or others'; read only with its own permission."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="safeguarding_notes"
    )
    note = models.TextField()
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = at_most(LONG_TEXT_LIMIT, "note")

    def __str__(self) -> str:
        return f"Safeguarding note for {self.customer}"


class EqualityMonitoring(TrackedModel):
    """Protected characteristics the customer chose to give (H2); each answer may be withheld."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="equality_monitoring"
    )
    age_band = models.CharField(max_length=30, blank=True)
    disability = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=30, blank=True)
    gender_reassignment = models.CharField(max_length=30, blank=True)
    religion_or_belief = models.CharField(max_length=60, blank=True)
    sexual_orientation = models.CharField(max_length=60, blank=True)
    marriage_or_civil_partnership = models.CharField(max_length=30, blank=True)
    pregnancy_or_maternity = models.CharField(max_length=30, blank=True)
    given_on = models.DateField()

    def __str__(self) -> str:
        return f"Equality monitoring for {self.customer}"
