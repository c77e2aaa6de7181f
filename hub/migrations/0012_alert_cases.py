from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.models.cases import JusticeStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import UniqueConstraint


class Migration(migrations.Migration):
    dependencies = [("hub", "0011_oauth_hardening")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Case",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("opened_on", fields.DateField(description="The day its first alert happened")),
                (
                    "country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="country_id",
                        db_constraint=True,
                        to_field="code",
                        related_name="cases",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "killing",
                    fields.BooleanField(
                        description="Whether one of its alerts is of a journalist or media worker killed"
                    ),
                ),
                (
                    "justice",
                    fields.CharEnumField(
                        null=True,
                        description="For a killing only",
                        enum_type=JusticeStatus,
                        max_length=16,
                    ),
                ),
            ],
            options={
                "table": "alert_case",
                "app": "hub",
                "indexes": [Index(fields=["country_id", "killing", "justice", "opened_on"])],
                "pk_attr": "id",
                "table_description": "Alerts that follow one another, from the first (the violation) to the latest.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CampaignCase",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "hub.Campaign",
                        source_field="campaign_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="highlighted_cases",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "case",
                    fields.ForeignKeyField(
                        "hub.Case",
                        source_field="case_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="campaigns",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("highlighted_on", fields.DateField(description="The day the campaign took it up")),
            ],
            options={
                "table": "campaign_case",
                "app": "hub",
                "unique_together": (("campaign", "case"),),
                "pk_attr": "id",
                "table_description": "A case a campaign highlights (the International Day to End Impunity's cases).",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Alert",
            name="case",
            field=fields.ForeignKeyField(
                "hub.Case",
                source_field="case_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="alerts",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name="Alert",
            name="external_id",
            field=fields.CharField(
                null=True,
                description="Its key in its source's own records (imports)",
                max_length=128,
            ),
        ),
        ops.AddField(
            model_name="Alert",
            name="follows",
            field=fields.ForeignKeyField(
                "hub.Alert",
                source_field="follows_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="followed_by",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name="Alert",
            name="justice",
            field=fields.CharEnumField(
                null=True,
                description="The status its case reached with it",
                enum_type=JusticeStatus,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Alert",
            name="subdivision",
            field=fields.CharField(
                null=True, description="Where in the country: an ISO 3166-2 code", max_length=8
            ),
        ),
        ops.AddIndex(
            model_name="Alert",
            index=Index(fields=["case_id", "occurred_on", "id"]),
        ),
        ops.AddConstraint(
            model_name="Alert",
            constraint=UniqueConstraint(fields=("source_organisation", "external_id"), name=None),
        ),
    ]
