"""Every model with a status declares its moves on core's engine (issue 19, ADR 0009), or says
here why no person moves it: a new stateful model fails this test until it does one or the
other."""

from django.apps import apps
from django.db.models import Model

from conduct.core.moves import WORKFLOWS

# Models with a status that no person moves, and why; each needs a reason.
NO_MOVES = {
    "cases.FormalWarning": "given by a decision, quashed inside decide_appeal with the case, and "
    "ended by the nightly job when its monitoring is over (cases.tasks.end_monitored_warnings)",
    "cases.DecisionPackPdf": "a background job's progress: queued, then ready or failed",
    "dataprotection.Bundle": "a background job's progress (queued, building, then ready or "
    "failed); it is released with its request (release_subject_access_bundle)",
    "django_tasks_database.DBTaskResult": "the task queue's own row",
}


def stateful_models() -> set[type[Model]]:
    return {
        model
        for model in apps.get_models()
        if getattr({f.name: f for f in model._meta.get_fields()}.get("status"), "choices", None)
    }


def test_every_model_with_a_status_declares_its_moves_or_says_why_not():
    excused = {apps.get_model(label) for label in NO_MOVES}
    undeclared = stateful_models() - set(WORKFLOWS) - excused
    assert {model._meta.label for model in undeclared} == set()


def test_the_list_of_exceptions_names_only_models_with_a_status_and_no_moves():
    for label in NO_MOVES:
        assert apps.get_model(label) in stateful_models() - set(WORKFLOWS), label
