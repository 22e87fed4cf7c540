"""The pack format: the model pack is valid, and every kind of mistake is named plainly."""

import pytest

from conduct.accounts.roles import Role
from conduct.policy.loader import PolicyPackError, read_pack
from conduct.policy.schema import PolicyPackFile
from conduct.policy.tests.factories import MODEL_PACK, MODEL_VERSION, edited_text, write_pack

REVIEW_SOURCE = 'clause = "D6, D8"\ndocument = "requirements"\n'


def test_the_model_pack_loads_with_the_settings_the_spec_asks_for():
    """policies/model.toml validates and says what policy-packs.md section 5 says."""
    pack = read_pack(MODEL_PACK)
    review, appeal = pack.review, pack.appeal
    assert pack.pack.id == "model"
    assert (review.interval_months, review.longest_interval_months) == (3, 6)
    assert review.maximum_duration_months == 12
    assert (appeal.window_working_days, appeal.decision_working_days) == (20, 10)
    appeals = pack.decision_body(appeal.decided_by)
    assert appeals is not None and appeals.members[0].role == Role.APPEALS_OFFICER
    assert pack.ombudsman.signpost == ["lgsco"]
    assert pack.calendar.working_days == "england-and-wales"
    retention = {m.id: m.retention_years for m in pack.markers.categories}
    assert retention == {
        "verbal-abuse": 2,
        "threats": 3,
        "violence": 5,
        "weapons": 10,
        "dangerous-animals": 10,
        "hazardous-premises": 10,
        "do-not-visit-alone": 5,
    }
    assert {m.review_months for m in pack.markers.categories} == {12}


def test_the_model_restriction_letter_has_every_element_of_f1():
    """A restriction letter in the model pack must say everything requirement F1 lists."""
    pack = read_pack(MODEL_PACK)
    restriction = next(letter for letter in pack.letters.types if letter.id == "restriction")
    assert set(restriction.elements) >= {
        "behaviour",
        "action",
        "scope",
        "still-contact",
        "date",
        "duration-and-review",
        "challenge",
        "ombudsman",
        "policy-version",
    }


def test_the_model_pack_lists_the_ombudsman_restriction_types():
    """Every restriction type in requirement D2 is in the model pack."""
    pack = read_pack(MODEL_PACK)
    assert len(pack.restrictions.types) == 10
    withdrawal = next(t for t in pack.restrictions.types if t.id == "withdraw-mandatory-service")
    assert withdrawal.needs_higher_authority and withdrawal.needs_legal_advice
    assert withdrawal.needs_equality_assessment


def test_validated_settings_read_back_unchanged_from_json():
    """What is stored in the JSON field validates again to the same pack."""
    pack = read_pack(MODEL_PACK)
    assert PolicyPackFile.model_validate(pack.model_dump(mode="json")) == pack


BAD_PACKS = [
    pytest.param(
        {REVIEW_SOURCE: ""},
        "review",
        "does not say where its settings come from",
        id="missing source",
    ),
    pytest.param(
        {REVIEW_SOURCE: REVIEW_SOURCE + "model_default = true\n"},
        "review",
        "has both clause and model_default",
        id="two sources",
    ),
    pytest.param(
        {'[calendar]\nmodel_default = true\nworking_days = "england-and-wales"\n': ""},
        "calendar",
        "is missing: add a [calendar] section",
        id="missing section",
    ),
    pytest.param(
        {"interval_months = 3": "intervall_months = 3"},
        "review.intervall_months",
        "is not a setting a policy pack can have",
        id="unknown key",
    ),
    pytest.param(
        {"interval_months = 3\n": ""}, "review.interval_months", "is missing", id="missing key"
    ),
    pytest.param(
        {"interval_months = 3": 'interval_months = "3"'},
        "review.interval_months",
        'must be a whole number, not "3"',
        id="wrong type",
    ),
    pytest.param(
        {f'version = "{MODEL_VERSION}"': "version = 1"},
        "pack.version",
        "must be text in quotes",
        id="number not text",
    ),
    pytest.param(
        {'role = "decision-maker" },': 'role = "boss" },'},
        "decision_making.bodies[senior-officer-panel].members[item 1].role",
        'not "boss"',
        id="unknown role",
    ),
    pytest.param(
        {'type = "time_window"': 'type = "window"'},
        "restrictions.types[set-times].parameters[times].type",
        'must be one of "text"',
        id="unknown parameter type",
    ),
    pytest.param(
        {'type = "choice"\nchoices = ["Letter", "Email", "Letter or email"]': 'type = "choice"'},
        "restrictions.types[written-only].parameters[channel]",
        "needs choices",
        id="choice without choices",
    ),
    pytest.param(
        {'signpost = ["lgsco"]': 'signpost = ["lgo"]'},
        "ombudsman.signpost[item 1]",
        'must be one of "lgsco"',
        id="unknown ombudsman",
    ),
    pytest.param(
        {'code = "VA"': 'code = "va"'},
        "markers.categories[verbal-abuse].code",
        "capital letters",
        id="bad marker code",
    ),
    pytest.param(
        {'decision_body = "senior-officer-panel"': 'decision_body = "panel"'},
        "ladder.steps[decision-body].decision_body",
        'names "panel", but there is no decision body',
        id="unknown decision body",
    ),
    pytest.param(
        {'decided_by = "appeals-officer"': 'decided_by = "appeal-panel"'},
        "appeal.decided_by",
        "no decision body",
        id="unknown appeal body",
    ),
    pytest.param(
        {'elements = ["marker-notice",': 'elements = ["marker-notise",'},
        "letters.types[marker-notice].elements",
        "no letter element",
        id="unknown letter element",
    ),
    pytest.param(
        {'on_outcomes = ["formal-warning", "restriction"]': 'on_outcomes = ["ban"]'},
        "notifications.teams[complaints].on_outcomes",
        "no outcome",
        id="unknown outcome",
    ),
    pytest.param(
        {'document = "requirements"\nsignpost': 'document = "policy"\nsignpost'},
        "ombudsman.document",
        "no entry in [[documents]]",
        id="unknown document",
    ),
    pytest.param(
        {'higher_authority = "director"\n': ""},
        "restrictions.higher_authority",
        "need higher authority",
        id="higher authority not named",
    ),
    pytest.param(
        {'id = "threats"': 'id = "verbal-abuse"'},
        "markers.categories",
        'has 2 entries with id "verbal-abuse"',
        id="duplicate id",
    ),
    pytest.param(
        {"interval_months = 3": "interval_months = 9"},
        "review.interval_months",
        "more than review.longest_interval_months",
        id="review longer than allowed",
    ),
    pytest.param(
        {"interval_months = 3": "interval_months = three"},
        "review.interval_months",
        "is not valid TOML",
        id="bad TOML value",
    ),
    pytest.param({"[calendar]": "[calendar"}, "calendar", "is not valid TOML", id="unclosed table"),
    pytest.param(
        {"interval_months = 3": 'model_default_keys = ["intervals"]\ninterval_months = 3'},
        "review",
        'model_default_keys names "intervals", which is not a setting here',
        id="model default key that is not a setting",
    ),
    pytest.param(
        {'"large-print",': '"big-print",'},
        "restrictions.types[written-only].conflicts_with_adjustments",
        'names "big-print", but there is no kind of reasonable adjustment',
        id="unknown adjustment kind",
    ),
    pytest.param(
        {
            "[ombudsman]": '[[markers.rules]]\nid = "always"\nname = "Always"\nmarker = "pv"\n'
            'when = ["physical-violence-used"]\n\n[ombudsman]'
        },
        "markers.rules[always].marker",
        'names "pv", but there is no marker category',
        id="marker rule naming no category",
    ),
    pytest.param(
        {'read_for = ["significant-new-information", "safeguarding"]': 'read_for = ["gossip"]'},
        "restrictions.types[read-and-file].read_and_file.read_for[item 1]",
        'must be one of "significant-new-information"',
        id="unknown read and file check",
    ),
    pytest.param(
        {'role = "decision-maker" },': 'role = "decision-maker", post = "chair" },'},
        "decision_making.bodies[senior-officer-panel].members[item 1].post",
        'names "chair", but there is no entry in [[posts]]',
        id="member naming no post",
    ),
    pytest.param(
        {
            'decision_body = "senior-officer-panel"': 'decision_body = "senior-officer-panel"\nposts = ["chair"]'
        },
        "ladder.steps[decision-body].posts",
        'names "chair", but there is no entry in [[posts]]',
        id="ladder step naming no post",
    ),
    pytest.param(
        {"indefinite_removal_of_service = false": "indefinite_removal_of_service = 0"},
        "principles.indefinite_removal_of_service",
        "must be true or false",
        id="principle not true or false",
    ),
]


@pytest.mark.parametrize(("edits", "key", "says"), BAD_PACKS)
def test_a_bad_pack_is_refused_naming_the_file_and_key(tmp_path, edits, key, says):
    """Each mistake gives one line that starts with the key path and says what is wrong."""
    path = write_pack(tmp_path, edited_text(edits), "council.toml")
    with pytest.raises(PolicyPackError) as refused:
        read_pack(path)
    message = str(refused.value)
    assert message.startswith(f"{path} cannot be loaded as a policy pack")
    assert any(line.startswith(f"- {key} ") and says in line for line in message.splitlines()), (
        message
    )


def test_a_syntax_error_gives_its_line_number(tmp_path):
    """A TOML syntax error names the line, and shows it, so it can be found."""
    text = edited_text({"interval_months = 3": "interval_months = three"})
    line = text.splitlines().index("interval_months = three") + 1
    with pytest.raises(PolicyPackError) as refused:
        read_pack(write_pack(tmp_path, text))
    assert f"on line {line} is not valid TOML" in str(refused.value)
    assert str(refused.value).endswith(": interval_months = three")


def test_every_problem_in_a_pack_is_reported_at_once(tmp_path):
    """Several schema problems give one line each, so one edit can fix them all."""
    text = edited_text({"interval_months = 3": "interval_months = 0", 'code = "VA"': "code = 1"})
    with pytest.raises(PolicyPackError) as refused:
        read_pack(write_pack(tmp_path, text))
    assert [str(problem) for problem in refused.value.problems] == [
        "review.interval_months must be 1 or more, not 0",
        "markers.categories[verbal-abuse].code must be text in quotes, not 1",
    ]
    assert "(2 problems)" in str(refused.value).splitlines()[0]


def test_a_missing_file_is_named(tmp_path):
    """Pointing at a file that is not there says so, naming the file."""
    with pytest.raises(PolicyPackError, match=r"nowhere\.toml cannot be loaded"):
        read_pack(tmp_path / "nowhere.toml")
