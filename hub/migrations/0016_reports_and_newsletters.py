from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.models.newsletters import DigestItemKind, SubscriptionStatus, Topic
from hub.models.reports import ReportStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("hub", "0015_mail_and_sealed_signers")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Report",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=120)),
                (
                    "title",
                    fields.JSONField(
                        default=dict,
                        description="The report's title, per language",
                        encoder=JSON_DUMPS,
                        decoder=loads,
                    ),
                ),
                (
                    "summary",
                    fields.JSONField(
                        default=dict,
                        description="A paragraph saying what it finds, per language",
                        encoder=JSON_DUMPS,
                        decoder=loads,
                    ),
                ),
                (
                    "body",
                    fields.JSONField(
                        default=dict,
                        description="The report itself, per language (paragraphs by blank lines)",
                        encoder=JSON_DUMPS,
                        decoder=loads,
                    ),
                ),
                (
                    "original_language",
                    fields.CharField(
                        default="en", description="Language the texts were written in", max_length=8
                    ),
                ),
                ("covered_on", fields.DateField(description="The report's cover date")),
                (
                    "status",
                    fields.CharEnumField(
                        default=ReportStatus.DRAFT,
                        description="DRAFT: draft\nIN_REVIEW: in_review\nPUBLISHED: published",
                        enum_type=ReportStatus,
                        max_length=10,
                    ),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "submitted_at",
                    fields.DatetimeField(
                        null=True,
                        description="When it last went to review",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                (
                    "published_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "reviewed_by",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="reviewed_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "review_note",
                    fields.TextField(
                        null=True, description="What the reviewer said last", unique=False
                    ),
                ),
            ],
            options={
                "table": "report",
                "app": "hub",
                "indexes": [
                    Index(fields=["status", "published_at"]),
                    Index(fields=["organisation_id"]),
                ],
                "pk_attr": "id",
                "table_description": "A report a member writes, another reviews, and the network publishes.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReportAlert",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "report",
                    fields.ForeignKeyField(
                        "hub.Report",
                        source_field="report_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="citations",
                        on_delete=OnDelete.CASCADE,
                    ),
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
            ],
            options={
                "table": "report_alert",
                "app": "hub",
                "unique_together": (("report", "alert"),),
                "indexes": [Index(fields=["alert_id"])],
                "pk_attr": "id",
                "table_description": "An alert a report cites.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReportCampaign",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "report",
                    fields.ForeignKeyField(
                        "hub.Report",
                        source_field="report_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="campaigns",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "hub.Campaign",
                        source_field="campaign_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "report_campaign",
                "app": "hub",
                "unique_together": (("report", "campaign"),),
                "indexes": [Index(fields=["campaign_id"])],
                "pk_attr": "id",
                "table_description": "A campaign a report covers.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReportCountry",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "report",
                    fields.ForeignKeyField(
                        "hub.Report",
                        source_field="report_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="countries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="country_id",
                        db_constraint=True,
                        to_field="code",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "report_country",
                "app": "hub",
                "unique_together": (("report", "country"),),
                "indexes": [Index(fields=["country_id"])],
                "pk_attr": "id",
                "table_description": "A country a report covers.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Subscription",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "address_hash",
                    fields.CharField(description="Keyed hash of the address", max_length=64),
                ),
                (
                    "sealed_address",
                    fields.BinaryField(
                        null=True, description="The address, sealed, None once unsubscribed"
                    ),
                ),
                (
                    "key_id",
                    fields.CharField(
                        description="The signer key that hashed and sealed", max_length=32
                    ),
                ),
                (
                    "topic",
                    fields.CharEnumField(
                        description="COUNTRY: country\nVIOLATION: violation\nCAMPAIGN: campaign",
                        enum_type=Topic,
                        max_length=16,
                    ),
                ),
                (
                    "subject",
                    fields.CharField(
                        description="The country code, violation type or campaign slug",
                        max_length=120,
                    ),
                ),
                ("language", fields.CharField(max_length=16)),
                (
                    "status",
                    fields.CharEnumField(
                        default=SubscriptionStatus.PENDING,
                        description="PENDING: pending\nCONFIRMED: confirmed\nUNSUBSCRIBED: unsubscribed",
                        enum_type=SubscriptionStatus,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "confirmed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "unsubscribed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "newsletter_subscription",
                "app": "hub",
                "unique_together": (("address_hash", "topic", "subject", "language"),),
                "indexes": [Index(fields=["status"])],
                "pk_attr": "id",
                "table_description": "One address's digest of one topic in one language.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Digest",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "subscription",
                    fields.ForeignKeyField(
                        "hub.Subscription",
                        source_field="subscription_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="digests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("sent_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("items", fields.IntField(description="How many items it carried")),
            ],
            options={
                "table": "newsletter_digest",
                "app": "hub",
                "indexes": [Index(fields=["subscription_id", "sent_at"])],
                "pk_attr": "id",
                "table_description": "One digest handed to the mail path for one subscription.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="DigestItem",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "subscription",
                    fields.ForeignKeyField(
                        "hub.Subscription",
                        source_field="subscription_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "digest",
                    fields.ForeignKeyField(
                        "hub.Digest",
                        source_field="digest_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="covered",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="ALERT: alert\nSTATEMENT: statement\nMILESTONE: milestone\nREPORT: report",
                        enum_type=DigestItemKind,
                        max_length=16,
                    ),
                ),
                ("item_id", fields.IntField()),
            ],
            options={
                "table": "newsletter_digest_item",
                "app": "hub",
                "unique_together": (("subscription", "kind", "item_id"),),
                "pk_attr": "id",
                "table_description": "An item a digest carried: each goes to a subscription once, whatever happens.",
            },
            bases=["Model"],
        ),
    ]
