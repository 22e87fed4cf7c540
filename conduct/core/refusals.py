"""One way for a service to say no: `Refusal`, a sentence a person reads.

Every service function that will not do what it was asked raises a Refusal, and
every door shows it the same way: a page puts it on the form (on its field, or in
the error summary) with every answer kept; the API answers a problem document, 409
when the refusal is about the state of things now (`conflict=True`, the default:
the case is closed, the letter already issued) and 422 when it is about what was
asked (`conflict=False`: an answer the rules do not accept).

`problem` names the API's problem type where integrators tell this refusal apart
from the rest (`incident-closed`, `empty-query`); without it a conflict is
`workflow-refused` and a bad answer `invalid-answer`, or, when it names a field,
a validation error on that field.

Several answers can be at fault at once (a name and a date of birth):
`refuse_answers` says so in one refusal whose `answers` name each field, so a
page marks every one and the API lists every one.
"""

from collections.abc import Mapping


class Refusal(Exception):  # noqa: N818  a refusal is not an error in the program
    """A request a service will not carry out; the message says why, in GOV.UK style."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        conflict: bool = True,
        problem: str | None = None,
        answers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.conflict = conflict
        self.problem = problem
        # Each answer refused, by field: the one named, or every one refuse_answers found.
        self.answers = dict(answers or ({field: message} if field else {}))

    def naming(self, fields: Mapping[str, str]) -> "Refusal":
        """The same refusal with its fields named as a door names them (a page's `evidence`
        is the API's `files`)."""
        return Refusal(
            self.message,
            field=fields.get(self.field or "", self.field),
            conflict=self.conflict,
            problem=self.problem,
            answers={fields.get(name, name): message for name, message in self.answers.items()},
        )


def refuse_if(
    condition: bool,
    message: str,
    *,
    field: str | None = None,
    conflict: bool = True,
    problem: str | None = None,
) -> None:
    """Raise a Refusal with the message when the condition holds."""
    if condition:
        raise Refusal(message, field=field, conflict=conflict, problem=problem)


def bad_answer(message: str, field: str | None = None, *, problem: str | None = None) -> Refusal:
    """A refusal of what was asked rather than of when: an answer the rules do not accept (422)."""
    return Refusal(message, field=field, conflict=False, problem=problem)


def refuse_answers(answers: Mapping[str, str], *, problem: str | None = None) -> None:
    """Refuse every answer at fault at once, each on its field; nothing when none is."""
    if answers:
        field, message = next(iter(answers.items()))
        raise Refusal(message, field=field, conflict=False, problem=problem, answers=answers)
