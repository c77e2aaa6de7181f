from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("hub", "0003_access_and_audit")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="Campaign",
            index=Index(fields=["group_id"]),
        ),
        ops.AddIndex(
            model_name="Campaign",
            index=Index(fields=["lead_organisation_id"]),
        ),
        ops.AddIndex(
            model_name="CampaignCountry",
            index=Index(fields=["country_id"]),
        ),
        ops.AddIndex(
            model_name="GroupMembership",
            index=Index(fields=["organisation_id", "started_on"]),
        ),
        ops.AddIndex(
            model_name="Milestone",
            index=Index(fields=["campaign_id", "occurred_on"]),
        ),
        ops.AddIndex(
            model_name="Organisation",
            index=Index(fields=["hq_country_id"]),
        ),
        ops.AddIndex(
            model_name="OrganisationCountry",
            index=Index(fields=["country_id"]),
        ),
        ops.AddIndex(
            model_name="Petition",
            index=Index(fields=["campaign_id"]),
        ),
        ops.AddIndex(
            model_name="Petition",
            index=Index(fields=["organisation_id"]),
        ),
        ops.AddIndex(
            model_name="PetitionEndorsement",
            index=Index(fields=["organisation_id", "endorsed_at"]),
        ),
        ops.RemoveIndex(
            model_name="Statement",
            name=None,
            fields=["campaign_id", "published_at"],
        ),
        ops.AddIndex(
            model_name="Statement",
            index=Index(fields=["campaign_id", "created_at"]),
        ),
        ops.AddIndex(
            model_name="Statement",
            index=Index(fields=["group_id", "created_at"]),
        ),
        ops.AddIndex(
            model_name="Statement",
            index=Index(fields=["lead_organisation_id"]),
        ),
    ]
