"""The interface screening and the customer page call: live markers only, never restricted detail."""

from dataclasses import fields

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conduct.alerts import queries
from conduct.alerts.tests import factories

pytestmark = pytest.mark.django_db


class TestLivePersonMarkers:
    def test_only_live_markers_show(self) -> None:
        """A provisional or verified marker is not shown; an approved one is, as a notice."""
        who = factories.customer()
        provisional = factories.person_marker(who)
        assert queries.live_person_markers([who.pk]) == {}
        live = factories.make_live(provisional)
        notices = queries.live_person_markers([who.pk])[who.pk]
        assert [n.reference for n in notices] == [live.reference]
        assert notices[0].category == "Threats"
        assert notices[0].code == "TH"
        assert notices[0].severity == "high"
        assert notices[0].subject == "person"
        assert notices[0].handling == factories.HANDLING

    def test_notice_carries_no_restricted_detail(self) -> None:
        """The notice has no field for the restricted detail, and no value contains it."""
        who = factories.customer()
        factories.live_person_marker(who)
        notice = queries.live_person_markers([who.pk])[who.pk][0]
        assert "restricted_detail" not in {f.name for f in fields(notice)}
        assert factories.SECRET not in repr(notice)

    def test_one_query_for_many_people(self) -> None:
        """However many ids are given, the lookup is one query."""
        people = [factories.customer(family_name=f"Person{n}") for n in range(4)]
        for person in people:
            factories.live_person_marker(person)
        with CaptureQueriesContext(connection) as context:
            found = queries.live_person_markers([p.pk for p in people] + [999999])
        assert len(context.captured_queries) == 1
        assert set(found) == {p.pk for p in people}

    def test_most_serious_first(self) -> None:
        """A high-with-acknowledgement marker comes before an information one."""
        who = factories.customer()
        factories.live_person_marker(who, category="verbal-abuse", severity="information")
        factories.live_person_marker(who, severity="high-acknowledge")
        notices = queries.live_person_markers([who.pk])[who.pk]
        assert [n.severity for n in notices] == ["high-acknowledge", "information"]
        assert notices[0].needs_acknowledgement


class TestLivePremisesMarkers:
    def test_matched_by_uprn(self) -> None:
        """A UPRN finds the premises whatever the address says."""
        place = factories.premises(uprn="100012345678")
        factories.make_live(factories.premises_marker(place))
        found = queries.live_premises_markers(uprn="100012345678")
        assert [n.code for n in found] == ["DA"]
        assert found[0].subject == "premises"

    def test_matched_by_postcode_and_first_line(self) -> None:
        """Case, spacing and a shortened street type do not stop a match."""
        factories.make_live(factories.premises_marker())
        found = queries.live_premises_markers(postcode="nn11aa", first_line="14 MILL LN")
        assert [n.category for n in found] == ["Dangerous animals"]

    def test_vague_address_matches_nothing(self) -> None:
        """Only a postcode, or another house on the street, finds no hazard."""
        factories.make_live(factories.premises_marker())
        assert queries.live_premises_markers(postcode="NN1 1AA") == []
        assert queries.live_premises_markers(postcode="NN1 1AA", first_line="16 Mill Lane") == []

    def test_not_live_not_shown(self) -> None:
        """A premises hazard waiting for approval is not shown yet."""
        factories.premises_marker()
        assert queries.live_premises_markers(postcode="NN1 1AA", first_line="14 Mill Lane") == []
