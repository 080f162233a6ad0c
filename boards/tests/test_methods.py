"""Methods as data: the definition checker, the built-in methods, a lab's own."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import AuditEntry
from boards import services
from boards.methods import BUILTIN_METHODS, PERSONA_FIELDS, check_definition, load_builtin
from boards.models import Method

GOOD = {
    "layout": "columns",
    "zones": [
        {"key": "keep", "name_th": "สิ่งที่ควรรักษา", "name_en": "Keep", "color": "green"},
        {"key": "change", "name_th": "สิ่งที่ควรเปลี่ยน", "name_en": "Change"},
    ],
    "note": {
        "kind": "note",
        "max_length": 280,
        "fields": [{"key": "why", "name_th": "เพราะอะไร", "name_en": "Why", "type": "textarea"}],
        "tags": [{"key": "urgent", "name_th": "เร่งด่วน", "name_en": "Urgent"}],
    },
    "rules": {"notes_per_person": 3, "voting": True, "dots_per_person": 5, "revisit_zone": "keep"},
}


def refusal(definition) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        check_definition(definition)
    return " ".join(caught.value.messages)


# --- check_definition --------------------------------------------------------------


def test_a_good_definition_comes_back_complete():
    cleaned = check_definition(copy.deepcopy(GOOD))
    assert [z["key"] for z in cleaned["zones"]] == ["keep", "change"]
    assert cleaned["zones"][0]["color"] == "green"
    assert cleaned["note"]["fields"][0]["type"] == "textarea"
    assert cleaned["rules"]["dots_per_person"] == 5 and cleaned["rules"]["revisit_zone"] == "keep"
    # Rules left out get their defaults, so a board never meets a missing key.
    assert cleaned["rules"]["links"] is None and cleaned["rules"]["rounds"] == []
    assert cleaned["rules"]["private"] is False and cleaned["rules"]["draw_zones"] is False


def test_a_minimal_definition_is_enough():
    cleaned = check_definition({"zones": [{"key": "main", "name_th": "หลัก"}]})
    assert cleaned["layout"] == "columns" and cleaned["note"]["kind"] == "note"
    assert cleaned["note"]["max_length"] == 500


def test_a_board_with_zones_drawn_by_the_facilitator_needs_no_zone():
    assert check_definition({"layout": "free", "rules": {"draw_zones": True}})["zones"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: "not an object", "A method definition must be a JSON object."),
        (lambda d: d | {"layout": "spiral"}, "Unknown layout spiral."),
        (
            lambda d: d | {"zones": []},
            "A method needs at least one zone, or lets the facilitator draw them.",
        ),
        (lambda d: d | {"zones": "hopes"}, "Zone must be a list."),
        (
            lambda d: d | {"zones": [{"key": "Hopes!", "name_th": "ก"}]},
            "Zone 1 needs a key of lower-case letters",
        ),
        (lambda d: d | {"zones": [{"key": "a"}]}, "Zone 1 needs a Thai name."),
        (
            lambda d: d | {"zones": [{"key": "a", "name_th": "ก"}, {"key": "a", "name_th": "ข"}]},
            "the key a is used twice",
        ),
        (
            lambda d: d | {"zones": [{"key": "a", "name_th": "ก", "color": "gold"}]},
            "Zone 1: unknown colour gold.",
        ),
        (
            lambda d: d | {"zones": [{"key": "a", "name_th": "ก", "power": 150}]},
            "Power and interest run from 0 to 100.",
        ),
        (lambda d: d | {"note": {"kind": "poem"}}, "Unknown note kind poem."),
        (
            lambda d: d | {"note": {"fields": [{"key": "f", "name_th": "ก", "type": "date"}]}},
            "Field 1: unknown type date.",
        ),
        (
            lambda d: d | {"note": {"max_length": 5}},
            "Note length must be a whole number from 20 to 2000.",
        ),
        (lambda d: d | {"rules": {"links": "anywhere"}}, "Links can only point at the next zone."),
        (
            lambda d: d | {"rules": {"revisit_zone": "nowhere"}},
            "The zone to revisit is not one of the zones.",
        ),
        (
            lambda d: d | {"rules": {"dots_per_person": 99}},
            "Dots must be a whole number from 1 to 20.",
        ),
        (lambda d: d | {"rules": "strict"}, "The rules must be a JSON object."),
        (lambda d: d | {"note": "sticky"}, "The note settings must be a JSON object."),
    ],
)
def test_a_bad_definition_is_refused_with_a_clear_message(change, message):
    assert message in refusal(change(copy.deepcopy(GOOD)))


def test_refusals_are_in_the_users_language():
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        check_definition({"layout": "spiral", "zones": [{"key": "a", "name_th": "ก"}]})
    # Checked in the active language; the Thai catalogue supplies the words.
    assert "spiral" in " ".join(caught.value.messages)


# --- the built-in methods ------------------------------------------------------------


@pytest.mark.django_db
def test_the_built_in_methods_are_loaded_and_valid():
    keys = [spec["key"] for spec in BUILTIN_METHODS]
    loaded = {m.key: m for m in Method.objects.filter(lab=None)}
    assert set(keys) <= set(loaded)
    for key in keys:
        assert check_definition(loaded[key].definition) == loaded[key].definition, key
    assert {
        "hopes-fears",
        "persona",
        "iceberg",
        "causal-layers",
        "stakeholder-map",
        "idea-voting",
        "thinking-hats",
        "story-circle",
        "blank",
    } <= set(keys)


@pytest.mark.django_db
def test_loading_the_built_in_methods_twice_changes_nothing():
    before = list(Method.objects.filter(lab=None).values_list("pk", "key", "definition"))
    load_builtin(Method)
    assert list(Method.objects.filter(lab=None).values_list("pk", "key", "definition")) == before


@pytest.mark.django_db
def test_the_persona_canvas_has_the_fields_of_the_domain():
    persona = Method.objects.get(key="persona", lab=None)
    keys = [field["key"] for field in persona.definition["note"]["fields"]]
    assert keys == [field["key"] for field in PERSONA_FIELDS]
    groups = next(
        f for f in persona.definition["note"]["fields"] if f["key"] == "vulnerable_groups"
    )
    assert groups["type"] == "tags" and {"elderly", "disability"} <= {
        c["key"] for c in groups["choices"]
    }


# --- a lab's own method ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_lab_adds_its_own_method(lab, dana):
    method = services.method_create(
        lab=lab,
        by=dana,
        key="keep-change",
        name_th=" รักษาและเปลี่ยน ",
        definition=copy.deepcopy(GOOD),
    )
    assert method.lab == lab and method.name_th == "รักษาและเปลี่ยน" and not method.is_builtin
    assert method.definition == check_definition(GOOD)
    assert AuditEntry.objects.filter(action="method.create", object_id=str(method.pk)).exists()


@pytest.mark.django_db
def test_a_lab_method_may_share_a_built_in_key(lab, dana):
    method = services.method_create(
        lab=lab, by=dana, key="hopes-fears", name_th="ของแล็บ", definition=GOOD
    )
    assert Method.objects.filter(key="hopes-fears").count() == 2 and method.lab == lab


@pytest.mark.django_db
def test_a_method_used_by_a_board_cannot_be_deleted(lab, dana):
    method = services.method_create(
        lab=lab, by=dana, key="keep-change", name_th="รักษา", definition=GOOD
    )
    services.board_create(lab=lab, by=dana, method=method, title="ใช้อยู่")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.method_delete(method=method, by=dana)
    assert "Boards use this method" in " ".join(caught.value.messages)
    assert Method.objects.filter(pk=method.pk).exists()


@pytest.mark.django_db
def test_a_board_keeps_its_copy_when_the_method_changes(lab, dana):
    method = services.method_create(
        lab=lab, by=dana, key="keep-change", name_th="รักษา", definition=GOOD
    )
    board = services.board_create(lab=lab, by=dana, method=method, title="ใช้อยู่")
    changed = copy.deepcopy(GOOD)
    changed["zones"].append({"key": "drop", "name_th": "เลิกทำ"})
    services.method_update(method=method, by=dana, definition=changed)
    board.refresh_from_db()
    assert board.zone_keys() == ["keep", "change"]
    assert Method.objects.get(pk=method.pk).definition["zones"][-1]["key"] == "drop"
