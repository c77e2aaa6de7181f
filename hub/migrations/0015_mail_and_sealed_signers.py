"""The outbox of the mail path, and signers confirmed by e-mail with their data sealed.

Existing signatures were counted under the old rules: they become confirmed, as of when
they were signed. Each one's address is replaced by its keyed hash (HMAC-SHA256 under the
hub's current signer key, ``HUB_SIGNER_KEYS``, or the key the hub makes in its database),
so that signing again is still recognised. Names and addresses are sealed to the key of
the organisation that started the petition where it has one, and otherwise dropped: the
organisation keys are made by this very migration, so on a database migrated from 0014
no organisation has one yet, and every existing name and address is dropped, the
signatures themselves (country, language, source, time) and the counts kept. Consent to
be contacted is recorded apart only where an address was sealed, so it is dropped with
the addresses.
"""

import base64
import hashlib
import hmac
import secrets

from nacl.public import PublicKey, SealedBox
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint

from hub.models.mail import OutboxStatus
from hub.models.petitions import SignatureStatus
from hub.settings import Settings

CHUNK = 5000


class RemoveUniqueTogether(ops.RemoveConstraint):
    """SQLite keeps a unique_together as an inline UNIQUE, which has no index to drop: the
    table is made again without it (as SQLite alters tables). PostgreSQL drops it."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.client.capabilities.dialect == "sqlite":
            model = new_state.apps.get_model(f"{app_label}.{self.model_name}")
            await state_editor._remake_table(model)
            return
        await super().database_forward(app_label, old_state, new_state, state_editor)


async def _current_key(client, dialect):
    settings = Settings()
    if settings.signer_keys:
        key_id = settings.signer_key or next(iter(settings.signer_keys))
        return key_id, bytes.fromhex(settings.signer_keys[key_id])
    # the key hub.keyring makes in the database when the settings name none
    mark = "$1" if dialect == "postgres" else "?"
    rows = await client.execute_query_dict(
        f'SELECT "value" FROM "hub_secret" WHERE "name" = {mark}', ["signer-key"]
    )
    if rows:
        return "db", bytes.fromhex(rows[0]["value"])
    value = secrets.token_hex(32)
    marks = "$1, $2" if dialect == "postgres" else "?, ?"
    await client.execute_query(
        f'INSERT INTO "hub_secret" ("name", "value") VALUES ({marks})', ["signer-key", value]
    )
    return "db", bytes.fromhex(value)


def _address_hash(key, email):
    subkey = hmac.new(key, b"address-hash", hashlib.sha256).digest()
    return hmac.new(subkey, email.encode(), hashlib.sha256).hexdigest()


def _sealed(public_key, text):
    box = SealedBox(PublicKey(base64.b64decode(public_key)))
    return base64.b64encode(box.encrypt(text.encode())).decode()


async def hash_and_seal(apps, schema_editor):
    client = schema_editor.client
    dialect = client.capabilities.dialect
    if not await client.execute_query_dict('SELECT 1 FROM "petition_signature" LIMIT 1'):
        return  # nothing to hash: the hub makes its key when it first needs one
    key_id, key = await _current_key(client, dialect)
    org_keys = {
        int(row["organisation_id"]): row["public_key"]
        for row in await client.execute_query_dict(
            'SELECT "organisation_id", "public_key" FROM "organisation_key"'
            ' ORDER BY "created_at", "id"'
        )
    }
    if dialect == "postgres":
        update = (
            'UPDATE "petition_signature" SET "email_hash" = $1, "hash_key" = $2,'
            ' "sealed_name" = $3, "sealed_email" = $4, "sealed_to" = $5 WHERE "id" = $6'
        )
        consent = (
            'INSERT INTO "signer_consent" ("signature_id", "purpose", "wording", "given_at",'
            ' "given_how") VALUES ($1, $2, $3, $4, $5)'
        )
        after = "$1"
    else:
        update = (
            'UPDATE "petition_signature" SET "email_hash" = ?, "hash_key" = ?,'
            ' "sealed_name" = ?, "sealed_email" = ?, "sealed_to" = ? WHERE "id" = ?'
        )
        consent = (
            'INSERT INTO "signer_consent" ("signature_id", "purpose", "wording", "given_at",'
            ' "given_how") VALUES (?, ?, ?, ?, ?)'
        )
        after = "?"
    last = 0
    while True:
        rows = await client.execute_query_dict(
            'SELECT s."id", s."name", s."email", s."consent_to_contact", s."signed_at",'
            ' p."organisation_id" FROM "petition_signature" AS s'
            ' JOIN "petition" AS p ON p."id" = s."petition_id"'
            f' WHERE s."id" > {after} ORDER BY s."id" LIMIT {CHUNK}',
            [last],
        )
        if not rows:
            break
        updates, consents = [], []
        for row in rows:
            public = org_keys.get(int(row["organisation_id"]))
            agreed = bool(row["consent_to_contact"])
            updates.append(
                [
                    _address_hash(key, row["email"]),
                    key_id,
                    _sealed(public, row["name"]) if public else None,
                    _sealed(public, row["email"]) if public and agreed else None,
                    public,
                    row["id"],
                ]
            )
            if public and agreed:
                consents.append(
                    [
                        row["id"],
                        "campaign-updates",
                        "(agreed before consent was recorded apart)",
                        row["signed_at"],
                        "sign form, before migration 0015",
                    ]
                )
        await client.execute_many(update, updates)
        if consents:
            await client.execute_many(consent, consents)
        last = rows[-1]["id"]
    await client.execute_query(
        'UPDATE "petition_signature" SET "status" = \'confirmed\', "confirmed_at" = "signed_at"'
    )


class Migration(migrations.Migration):
    dependencies = [("hub", "0014_signature_ledgers")]

    initial = False

    operations = [
        ops.CreateModel(
            name="OutboxMessage",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "kind",
                    fields.CharField(description="e.g. signature-confirmation", max_length=48),
                ),
                ("language", fields.CharField(max_length=8)),
                (
                    "about",
                    fields.CharField(
                        default="",
                        description="What it concerns, e.g. petition:SLUG, no person",
                        max_length=160,
                    ),
                ),
                (
                    "sealed",
                    fields.BinaryField(
                        null=True, description="The whole message, sealed, None once sent"
                    ),
                ),
                (
                    "key_id",
                    fields.CharField(description="The signer key that sealed it", max_length=32),
                ),
                (
                    "message_id",
                    fields.CharField(description="Its Message-ID header", max_length=160),
                ),
                (
                    "status",
                    fields.CharEnumField(OutboxStatus, default=OutboxStatus.PENDING, max_length=10),
                ),
                ("attempts", fields.IntField(default=0)),
                (
                    "next_attempt_at",
                    fields.DatetimeField(
                        description="When it may be sent (again)",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                (
                    "claimed_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("last_error", fields.CharField(null=True, max_length=500)),
            ],
            options={
                "table": "outbox_message",
                "app": "hub",
                "indexes": [Index(fields=["status", "next_attempt_at"])],
                "pk_attr": "id",
                "table_description": "One mail to send, sealed at rest and forgotten once sent.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OrganisationKey",
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
                        related_name="public_keys",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "public_key",
                    fields.CharField(unique=True, description="Curve25519, base64", max_length=64),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "organisation_key",
                "app": "hub",
                "indexes": [Index(fields=["organisation_id", "created_at"])],
                "pk_attr": "id",
                "table_description": "A public key of an organisation, to which its petitions' signers are sealed.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SignerConsent",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "signature",
                    fields.ForeignKeyField(
                        "hub.PetitionSignature",
                        source_field="signature_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="consents",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("purpose", fields.CharField(description="e.g. campaign-updates", max_length=64)),
                (
                    "wording",
                    fields.CharField(description="The words the signer agreed to", max_length=255),
                ),
                ("given_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "given_how",
                    fields.CharField(description="e.g. widget form, in fr", max_length=128),
                ),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoked_how", fields.CharField(null=True, max_length=128)),
            ],
            options={
                "table": "signer_consent",
                "app": "hub",
                "unique_together": (("signature", "purpose"),),
                "pk_attr": "id",
                "table_description": "A signer's consent to be contacted, for what, given and taken back when and how.",
            },
            bases=["Model"],
        ),
        RemoveUniqueTogether(
            model_name="PetitionSignature", name=None, fields=["petition", "email"]
        ),
        ops.AddField(
            model_name="PetitionSignature",
            name="confirmed_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        # filled below, then required
        ops.AddField(
            model_name="PetitionSignature",
            name="email_hash",
            field=fields.CharField(
                null=True,
                description="HMAC-SHA256 of the lower-cased address, in hex",
                max_length=64,
            ),
        ),
        ops.AddField(
            model_name="PetitionSignature",
            name="hash_key",
            field=fields.CharField(
                null=True, description="The signer key of the hash", max_length=32
            ),
        ),
        ops.AddField(
            model_name="PetitionSignature",
            name="sealed_email",
            field=fields.TextField(
                null=True,
                description="The address, sealed likewise, while consent to contact holds",
                unique=False,
            ),
        ),
        ops.AddField(
            model_name="PetitionSignature",
            name="sealed_name",
            field=fields.TextField(
                null=True,
                description="The name, sealed to the organisation's key (base64)",
                unique=False,
            ),
        ),
        ops.AddField(
            model_name="PetitionSignature",
            name="sealed_to",
            field=fields.CharField(
                null=True,
                description="The organisation's public key it is sealed to",
                max_length=64,
            ),
        ),
        ops.AddField(
            model_name="PetitionSignature",
            name="status",
            field=fields.CharEnumField(
                default=SignatureStatus.PENDING,
                description="PENDING: pending\nCONFIRMED: confirmed",
                enum_type=SignatureStatus,
                max_length=10,
            ),
        ),
        ops.RunPython(hash_and_seal),
        ops.AlterField(
            model_name="PetitionSignature",
            name="email_hash",
            field=fields.CharField(
                description="HMAC-SHA256 of the lower-cased address, in hex", max_length=64
            ),
        ),
        ops.AlterField(
            model_name="PetitionSignature",
            name="hash_key",
            field=fields.CharField(description="The signer key of the hash", max_length=32),
        ),
        ops.RemoveField(model_name="PetitionSignature", name="consent_to_contact"),
        ops.RemoveField(model_name="PetitionSignature", name="email"),
        ops.RemoveField(model_name="PetitionSignature", name="name"),
        ops.AddIndex(model_name="PetitionSignature", index=Index(fields=["status", "signed_at"])),
        ops.AddConstraint(
            model_name="PetitionSignature",
            constraint=UniqueConstraint(fields=("petition", "email_hash"), name=None),
        ),
    ]
