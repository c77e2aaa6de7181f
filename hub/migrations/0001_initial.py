from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from hub.models.campaigns import CampaignKind, MilestoneKind
from hub.models.groups import GroupKind, GroupRole
from hub.models.organisations import OrganisationScope
from hub.models.petitions import PetitionStatus
from hub.models.statements import StatementStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Country",
            fields=[
                (
                    "code",
                    fields.CharField(
                        primary_key=True,
                        unique=True,
                        db_index=True,
                        description="ISO 3166-1 alpha-2 code",
                        max_length=2,
                    ),
                ),
                ("alpha3", fields.CharField(unique=True, max_length=3)),
                ("numeric", fields.CharField(max_length=3)),
                ("name", fields.CharField(description="English short name", max_length=128)),
            ],
            options={"table": "country", "app": "hub", "pk_attr": "code"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Group",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=80)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="WORKING_GROUP: working_group\nCOALITION: coalition\nMONITORING_GROUP: monitoring_group",
                        enum_type=GroupKind,
                        max_length=20,
                    ),
                ),
                (
                    "name",
                    fields.JSONField(
                        default=dict,
                        description="The group's name, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "description",
                    fields.JSONField(
                        default=dict,
                        description="What the group is for, per language",
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
                    "focus_country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="focus_country_id",
                        null=True,
                        db_constraint=True,
                        to_field="code",
                        related_name="groups",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("started_on", fields.DateField()),
                ("ended_on", fields.DateField(null=True)),
                (
                    "end_reason",
                    fields.JSONField(
                        null=True,
                        default=dict,
                        description="Why the group ended, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
            ],
            options={
                "table": "group",
                "app": "hub",
                "indexes": [Index(fields=["kind", "started_on"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=80)),
                (
                    "name",
                    fields.JSONField(
                        default=dict,
                        description="The organisation's name, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("acronym", fields.CharField(null=True, max_length=32)),
                (
                    "description",
                    fields.JSONField(
                        default=dict,
                        description="What the organisation does, per language",
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
                    "scope",
                    fields.CharEnumField(
                        description="LOCAL: local\nNATIONAL: national\nREGIONAL: regional\nINTERNATIONAL: international",
                        enum_type=OrganisationScope,
                        max_length=16,
                    ),
                ),
                (
                    "hq_country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="hq_country_id",
                        db_constraint=True,
                        to_field="code",
                        related_name="headquartered",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "languages",
                    fields.JSONField(
                        default=list,
                        description="ISO 639-1 codes it works in",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "focus",
                    fields.JSONField(
                        default=list,
                        description="FocusArea values",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("website", fields.CharField(null=True, max_length=255)),
                ("founded_year", fields.SmallIntField(null=True)),
                (
                    "search_text",
                    fields.TextField(
                        default="", description="Every name version, casefolded", unique=False
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "organisation", "app": "hub", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Campaign",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=80)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="RECURRING_DAY: recurring_day\nFOCUS: focus\nCOUNTRY: country",
                        enum_type=CampaignKind,
                        max_length=16,
                    ),
                ),
                (
                    "title",
                    fields.JSONField(
                        default=dict,
                        description="The campaign's title, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "description",
                    fields.JSONField(
                        default=dict,
                        description="What the campaign asks for, per language",
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
                    "focus",
                    fields.CharField(null=True, description="A FocusArea value", max_length=32),
                ),
                ("launched_on", fields.DateField()),
                ("ended_on", fields.DateField(null=True)),
                (
                    "recurs_month",
                    fields.SmallIntField(null=True, description="Month of a recurring day"),
                ),
                (
                    "recurs_day",
                    fields.SmallIntField(null=True, description="Day of month of a recurring day"),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "hub.Group",
                        source_field="group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="campaigns",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "lead_organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="lead_organisation_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="led_campaigns",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
            ],
            options={
                "table": "campaign",
                "app": "hub",
                "indexes": [Index(fields=["launched_on"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CampaignCountry",
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
                        related_name="campaigns",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "campaign_country",
                "app": "hub",
                "unique_together": (("campaign", "country"),),
                "pk_attr": "id",
                "table_description": "A country a campaign is about.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="GroupMembership",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "hub.Group",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="group_memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.CharEnumField(
                        default=GroupRole.MEMBER,
                        description="LEAD: lead\nMEMBER: member\nOBSERVER: observer",
                        enum_type=GroupRole,
                        max_length=10,
                    ),
                ),
                ("started_on", fields.DateField()),
                ("ended_on", fields.DateField(null=True)),
                ("end_reason", fields.TextField(null=True, unique=False)),
            ],
            options={
                "table": "group_membership",
                "app": "hub",
                "unique_together": (("group", "organisation", "started_on"),),
                "pk_attr": "id",
                "table_description": "An organisation's part in a group: its role, when it started, when and why it ended.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Milestone",
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
                        related_name="milestones",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("occurred_on", fields.DateField()),
                (
                    "kind",
                    fields.CharEnumField(
                        description="LAUNCH: launch\nRECOGNITION: recognition\nADVOCACY: advocacy\nPUBLICATION: publication\nOUTCOME: outcome",
                        enum_type=MilestoneKind,
                        max_length=16,
                    ),
                ),
                (
                    "title",
                    fields.JSONField(
                        default=dict,
                        description="What happened, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "description",
                    fields.JSONField(
                        default=dict,
                        description="The story of the milestone, per language",
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
                    "country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="country_id",
                        null=True,
                        db_constraint=True,
                        to_field="code",
                        related_name="milestones",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "participants",
                    fields.JSONField(
                        default=list,
                        description='People who took part: [{"name": …, "role": …}]',
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
            ],
            options={
                "table": "milestone",
                "app": "hub",
                "pk_attr": "id",
                "table_description": "A dated step in a campaign's timeline.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Network",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("name", fields.CharField(max_length=64)),
                ("former_name", fields.CharField(null=True, max_length=128)),
                (
                    "description",
                    fields.JSONField(
                        default=dict,
                        description="What the network is, per language",
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
                ("proposed_in_year", fields.SmallIntField()),
                ("founding_city", fields.CharField(max_length=64)),
                (
                    "founding_country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="founding_country_id",
                        db_constraint=True,
                        to_field="code",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "convened_by",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="convened_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("founding_organisation_count", fields.SmallIntField()),
                ("archive_starts_year", fields.SmallIntField()),
            ],
            options={
                "table": "network",
                "app": "hub",
                "pk_attr": "id",
                "table_description": "The one network this hub serves (a single row).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="NetworkMembership",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("joined_on", fields.DateField()),
                ("left_on", fields.DateField(null=True)),
                ("founding_member", fields.BooleanField(default=False)),
                ("departure_reason", fields.TextField(null=True, unique=False)),
            ],
            options={
                "table": "network_membership",
                "app": "hub",
                "unique_together": (("organisation", "joined_on"),),
                "indexes": [Index(fields=["joined_on", "left_on"])],
                "pk_attr": "id",
                "table_description": "One period of an organisation's membership: joined, and left if it did.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OrganisationCountry",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="countries_of_work",
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
                        related_name="organisations_at_work",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "organisation_country",
                "app": "hub",
                "unique_together": (("organisation", "country"),),
                "pk_attr": "id",
                "table_description": "A country an organisation works in (its headquarters need not be one of them).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Petition",
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
                        description="The petition's title, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "body",
                    fields.JSONField(
                        default=dict,
                        description="What the signers ask for, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "target",
                    fields.JSONField(
                        default=dict,
                        description="Whom the petition is addressed to, per language",
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
                ("goal", fields.IntField(description="Signatures aimed for")),
                (
                    "status",
                    fields.CharEnumField(
                        default=PetitionStatus.DRAFT,
                        description="DRAFT: draft\nOPEN: open\nCLOSED: closed",
                        enum_type=PetitionStatus,
                        max_length=10,
                    ),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "hub.Campaign",
                        source_field="campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="petitions",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="petitions",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("opened_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("closes_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "petition", "app": "hub", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PetitionEndorsement",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "petition",
                    fields.ForeignKeyField(
                        "hub.Petition",
                        source_field="petition_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="endorsements",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="petition_endorsements",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("endorsed_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "petition_endorsement",
                "app": "hub",
                "unique_together": (("petition", "organisation"),),
                "pk_attr": "id",
                "table_description": "An organisation standing behind a petition.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PetitionSignature",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "petition",
                    fields.ForeignKeyField(
                        "hub.Petition",
                        source_field="petition_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="signatures",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=128)),
                ("email", fields.CharField(description="Lower-cased address", max_length=254)),
                (
                    "country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="country_id",
                        null=True,
                        db_constraint=True,
                        to_field="code",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("language", fields.CharField(description="Language version signed", max_length=8)),
                ("consent_to_contact", fields.BooleanField(default=False)),
                (
                    "source",
                    fields.CharField(
                        default="hub", description="Page or partner widget", max_length=64
                    ),
                ),
                ("signed_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "petition_signature",
                "app": "hub",
                "unique_together": (("petition", "email"),),
                "pk_attr": "id",
                "table_description": "One person's signature. One per e-mail address per petition, in any language.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Statement",
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
                        description="The statement's title, per language",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "body",
                    fields.JSONField(
                        default=dict,
                        description="The statement's text, per language",
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
                    "status",
                    fields.CharEnumField(
                        default=StatementStatus.DRAFT,
                        description="DRAFT: draft\nOPEN: open\nPUBLISHED: published",
                        enum_type=StatementStatus,
                        max_length=10,
                    ),
                ),
                (
                    "lead_organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="lead_organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="led_statements",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "hub.Group",
                        source_field="group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="statements",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "campaign",
                    fields.ForeignKeyField(
                        "hub.Campaign",
                        source_field="campaign_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="statements",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "open_to_all_members",
                    fields.BooleanField(
                        default=True, description="False: only the group's members may co-sign"
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("opened_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "published_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "statement",
                "app": "hub",
                "indexes": [
                    Index(fields=["status", "published_at"]),
                    Index(fields=["campaign_id", "published_at"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StatementSignature",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "statement",
                    fields.ForeignKeyField(
                        "hub.Statement",
                        source_field="statement_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="signatures",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="statement_signatures",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("signed_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "signed_by",
                    fields.CharField(null=True, description="Who signed for it", max_length=128),
                ),
                (
                    "withdrawn_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("withdrawal_reason", fields.TextField(null=True, unique=False)),
            ],
            options={
                "table": "statement_signature",
                "app": "hub",
                "unique_together": (("statement", "organisation"),),
                "indexes": [Index(fields=["organisation_id", "signed_at"])],
                "pk_attr": "id",
                "table_description": "An organisation's signature on a statement. A withdrawal is kept, not deleted.",
            },
            bases=["Model"],
        ),
    ]
