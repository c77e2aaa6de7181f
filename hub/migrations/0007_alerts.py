from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from hub.models.alerts import PerpetratorType, ViolationType
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from typing import Any

from hub import alert_index


async def create_search_index(_apps: Any, schema_editor: Any) -> None:
    """The full-text index, the violation types' index and the alerts per day (triggers)."""
    await alert_index.create(schema_editor.client)


async def drop_search_index(_apps: Any, schema_editor: Any) -> None:
    await alert_index.drop(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [("hub", "0006_widgets")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Alert",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("occurred_on", fields.DateField(description="The day the violation happened")),
                (
                    "reported_at",
                    fields.DatetimeField(
                        description="When the member filed it", auto_now=False, auto_now_add=False
                    ),
                ),
                (
                    "edited_at",
                    fields.DatetimeField(
                        null=True,
                        description="When it was last edited",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                (
                    "country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="country_id",
                        db_constraint=True,
                        to_field="code",
                        related_name="alerts",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "violations",
                    fields.JSONField(
                        default=list,
                        description="ViolationType values, in the order the member named them",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "perpetrator",
                    fields.CharEnumField(
                        description="STATE_SECURITY_FORCES: state-security-forces\nGOVERNMENT_OFFICIALS: government-officials\nJUDICIAL_AUTHORITIES: judicial-authorities\nPOLITICAL_GROUPS: political-groups\nNON_STATE_ARMED_GROUPS: non-state-armed-groups\nCRIMINAL_GROUPS: criminal-groups\nPRIVATE_ACTORS: private-actors\nUNKNOWN: unknown",
                        enum_type=PerpetratorType,
                        max_length=32,
                    ),
                ),
                (
                    "title",
                    fields.JSONField(
                        default=dict,
                        description="The alert's headline, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "body",
                    fields.JSONField(
                        default=dict,
                        description="What happened, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "original_language",
                    fields.CharField(
                        default="en", description="Language the texts were written in", max_length=8
                    ),
                ),
                (
                    "victims",
                    fields.JSONField(
                        default=list,
                        description="Victims: name, kind, gender",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "source_organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="source_organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="filed_alerts",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "alert",
                "app": "hub",
                "indexes": [
                    Index(fields=["occurred_on", "id"]),
                    Index(fields=["country_id", "occurred_on", "id"]),
                    Index(fields=["source_organisation_id", "occurred_on", "id"]),
                    Index(fields=["perpetrator", "occurred_on", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "A free-expression violation filed by a member: when, where, what, by whom, to whom.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AlertDay",
            fields=[
                ("occurred_on", fields.DateField(primary_key=True, unique=True, db_index=True)),
                ("alerts", fields.IntField()),
            ],
            options={
                "table": "alert_day",
                "app": "hub",
                "pk_attr": "occurred_on",
                "table_description": "How many alerts occurred on a day, kept by database triggers on the alert table.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AlertViolation",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "alert",
                    fields.ForeignKeyField(
                        "hub.Alert",
                        source_field="alert_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "violation",
                    fields.CharEnumField(
                        description="KILLED: killed\nATTACKED: attacked\nTHREATENED: threatened\nHARASSED: harassed\nARRESTED: arrested\nIMPRISONED: imprisoned\nABDUCTED: abducted\nLEGAL_ACTION: legal-action\nCENSORED: censored\nINTERNET_SHUTDOWN: internet-shutdown\nSURVEILLANCE: surveillance\nEXPELLED: expelled",
                        enum_type=ViolationType,
                        max_length=32,
                    ),
                ),
                ("occurred_on", fields.DateField(description="The alert's occurred_on")),
            ],
            options={
                "table": "alert_violation",
                "app": "hub",
                "unique_together": (("alert", "violation"),),
                "indexes": [Index(fields=["violation", "occurred_on", "alert_id"])],
                "pk_attr": "id",
                "table_description": "One violation type of an alert, kept by database triggers from the alert's list.",
            },
            bases=["Model"],
        ),
        ops.RunPython(create_search_index, drop_search_index),
    ]
