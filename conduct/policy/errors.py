"""What goes wrong with a policy pack, said so the person editing the file can fix it."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong: the key it concerns (as a dotted path) and a predicate about it.

    The message reads on from the key: `review.interval_months` + "must be a whole number".
    """

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key} {self.message}" if self.key else self.message


class PolicyPackError(Exception):
    """A pack that cannot be loaded. The message names the file, then one line per problem."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = list(problems)
        count = len(self.problems)
        heading = f"{file} cannot be loaded as a policy pack"
        if count > 1:
            heading += f" ({count} problems)"
        lines = [f"{heading}:", *(f"- {problem}" for problem in self.problems)]
        super().__init__("\n".join(lines))
