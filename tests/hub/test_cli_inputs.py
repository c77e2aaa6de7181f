"""What the `hub` command says to an operator's mistakes: wrong settings, a value too long
for the hub to keep, a file it cannot write. One clear line each, no traceback, and nothing
half done (no key registered without its private half written, no export audited that
was not written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from hub.cli import main
from hub.models import AuditEntry, Organisation, OrganisationKey, Petition
from hub.settings import Settings
from tests import factories
from tests.databases import fill
from tests.hub.test_cli_access import hub_command


@pytest.mark.parametrize(
    ("environment", "said"),
    [
        (
            {"HUB_MAX_PAGE_SIZE": "abc", "HUB_ENV": "prod"},
            "HUB_ENV: Input should be 'development' or 'production'\n"
            "HUB_MAX_PAGE_SIZE: Input should be a valid integer, unable to parse string as an"
            " integer",
        ),
        (
            {"HUB_SIGNER_KEYS": "notjson"},
            "HUB_SIGNER_KEYS: not valid JSON (Expecting value: line 1 column 1 (char 0))",
        ),
        (
            {"HUB_DATABASE_URL": "nonsense://x"},
            "HUB_DATABASE_URL: 'nonsense://x' is not a database the hub serves: give"
            " sqlite://PATH (a file) or postgres://USER@HOST:PORT/DATABASE",
        ),
        (
            {"HUB_DATABASE_URL": "sqlite://"},
            "HUB_DATABASE_URL: 'sqlite://' is not a database the hub serves: give"
            " sqlite://PATH (a file) or postgres://USER@HOST:PORT/DATABASE",
        ),
        (
            {"HUB_ENV": "production", "HUB_ISSUER": None},  # None: unset
            "HUB_ISSUER must be set in production: the https:// address clients use",
        ),
        (
            {"HUB_PENDING_SIGNATURE_HOURS": "99999999999"},
            "HUB_PENDING_SIGNATURE_HOURS: Input should be less than or equal to 8760",
        ),
        (
            {"HUB_PENDING_SIGNATURE_HOURS": "-5"},
            "HUB_PENDING_SIGNATURE_HOURS: Input should be greater than or equal to 1",
        ),
        (
            {"HUB_ACCESS_TOKEN_SECONDS": "-900", "HUB_OUTBOX_POLL_SECONDS": "0"},
            "HUB_ACCESS_TOKEN_SECONDS: Input should be greater than or equal to 1\n"
            "HUB_OUTBOX_POLL_SECONDS: Input should be greater than 0",
        ),
        (
            {"HUB_READY_TIMEOUT_SECONDS": "nan", "HUB_CLEANUP_INTERVAL_SECONDS": "inf"},
            "HUB_CLEANUP_INTERVAL_SECONDS: Input should be a finite number\n"
            "HUB_READY_TIMEOUT_SECONDS: Input should be a finite number",
        ),
        (
            {"HUB_SMTP_PORT": "70000"},
            "HUB_SMTP_PORT: Input should be less than or equal to 65535",
        ),
        (
            {"HUB_DEFAULT_PAGE_SIZE": "50", "HUB_MAX_PAGE_SIZE": "10"},
            "HUB_DEFAULT_PAGE_SIZE (50) is larger than HUB_MAX_PAGE_SIZE (10)",
        ),
    ],
)
def test_wrong_settings_are_said_one_per_line_before_any_command_runs(
    environment: dict[str, str | None], said: str
) -> None:
    result = CliRunner().invoke(main, ["cleanup"], env=environment)
    assert result.exit_code == 1
    assert result.output == f"Error: The hub's settings are wrong:\n{said}\n"


@pytest.mark.parametrize(
    "name",
    [name for name, field in Settings.model_fields.items() if field.annotation in (int, float)],
)
def test_no_number_the_hub_is_set_with_may_be_negative(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(**{name: -1})
    assert [problem["loc"] for problem in refused.value.errors()] == [(name,)]


@pytest.mark.parametrize(
    "good",
    ["sqlite://hub.sqlite3", "sqlite:///var/lib/hub/hub.sqlite3", "postgresql://hub@db/hub"],
)
def test_the_databases_the_hub_serves_are_accepted(
    good: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hub.settings import read_settings

    monkeypatch.setenv("HUB_DATABASE_URL", good)
    assert read_settings().database_url == good


def test_a_value_longer_than_the_hub_keeps_is_refused_in_words(database_url: str) -> None:
    made = hub_command(
        database_url, "partners", "add", "the-wire", "--name", "x" * 300,
        "--origin", "https://wire.example",
    )  # fmt: skip
    assert made.returncode == 1
    assert made.stderr == "Error: A partner's name has 1 to 128 printable characters.\n"
    # and where no rule of the hub's comes first, the column's own length is said
    disabled = hub_command(database_url, "clients", "disable", "c" * 65)
    assert disabled.returncode == 1
    assert disabled.stderr == "Error: The client_id is 65 characters long: at most 64.\n"


def an_organisation(database_url: str) -> str:
    found: list[Organisation] = []

    async def build() -> None:
        found.extend(await factories.organisations(1))

    fill(database_url, build)
    return found[0].slug


def counted(database_url: str, model: type[OrganisationKey] | type[AuditEntry]) -> int:
    counts: list[int] = []

    async def count() -> None:
        counts.append(await model.all().count())

    fill(database_url, count)
    return counts[0]


def test_no_key_is_registered_where_its_private_half_cannot_be_written(
    database_url: str, tmp_path: Path
) -> None:
    slug = an_organisation(database_url)

    # when the private key's file is to go in a folder that is not there
    missing = tmp_path / "no-such-folder" / "key"
    made = hub_command(database_url, "organisations", "keygen", slug, "--out", str(missing))

    # then the command says so, and the hub holds no key only the lost file would open
    assert made.returncode == 1
    assert made.stderr == f"Error: Cannot write {missing}: No such file or directory\n"
    assert counted(database_url, OrganisationKey) == 0


def test_a_key_refused_leaves_no_file(database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "key"
    made = hub_command(database_url, "organisations", "keygen", "no-such-org", "--out", str(out))
    assert made.returncode == 1
    assert made.stderr == "Error: No organisation is called 'no-such-org'.\n"
    assert not out.exists()


def test_an_export_is_audited_only_once_it_can_be_written(
    database_url: str, tmp_path: Path
) -> None:
    # given a petition, and its organisation's key
    slug: list[str] = []

    async def build() -> None:
        (organisation,) = await factories.organisations(1)
        petition: Petition = await factories.petition(organisation)
        slug.extend([organisation.slug, petition.slug])

    fill(database_url, build)
    key = tmp_path / "owner.key"
    assert (
        hub_command(database_url, "organisations", "keygen", slug[0], "--out", str(key)).returncode
        == 0
    )

    # when the export is to go where it cannot
    missing = tmp_path / "no-such-folder" / "signers.csv"
    nowhere = hub_command(
        database_url, "petitions", "export", slug[1], "--key", str(key), "--out", str(missing)
    )
    folder = hub_command(
        database_url, "petitions", "export", slug[1], "--key", str(key), "--out", str(tmp_path)
    )

    # then each says why, and nothing was audited as exported
    assert nowhere.returncode == 1
    assert nowhere.stderr == f"Error: Cannot write {missing}: No such file or directory\n"
    assert folder.returncode == 2  # refused by the option itself
    assert f"'{tmp_path}' is a directory." in folder.stderr
    here = hub_command(database_url, "petitions", "export", slug[1], "--key", str(key), "--out", "")
    assert here.returncode == 1
    assert here.stderr == "Error: . is a folder: name a file with --out\n"
    assert counted(database_url, AuditEntry) == 0

    # and an export refused leaves the file there as it was; one made replaces it whole
    out = tmp_path / "signers.csv"
    out.write_text("last week's export\n")
    refused = hub_command(
        database_url,
        "petitions",
        "export",
        "no-such-petition",
        "--key",
        str(key),
        "--out",
        str(out),
    )
    assert refused.returncode == 1
    assert out.read_text() == "last week's export\n"
    made = hub_command(
        database_url, "petitions", "export", slug[1], "--key", str(key), "--out", str(out)
    )
    assert made.returncode == 0, made.stderr
    assert out.read_text().startswith("name,email,country,")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["owner.key", "signers.csv"]


def test_the_schema_written_where_it_cannot_be_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "schema.graphql"
    result = CliRunner().invoke(main, ["schema", "export", "--out", str(missing)])
    assert result.exit_code == 1
    assert result.output == f"Error: Cannot write {missing}: No such file or directory\n"


@pytest.mark.parametrize("out", ["", "  "])
def test_the_schema_written_nowhere_is_refused(out: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "export", "--out", out])
    assert result.exit_code == 2
    assert "Invalid value for --out: is empty: give a .graphql file or a folder" in result.output


def test_one_schema_file_needs_no_subgraph_addresses(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    given = ["schema", "export", "--out", str(out), "--routing-url", "http://hub/graphql"]
    result = CliRunner().invoke(main, given)
    assert (result.exit_code, result.output) == (0, f"Wrote {out}\n")
    assert "type Query" in out.read_text()


@pytest.mark.parametrize("command", [["migrate"], ["partners", "list"], ["serve", "--port", "1"]])
def test_a_database_path_that_is_no_sqlite_database_is_refused_at_once(
    command: list[str], tmp_path: Path
) -> None:
    # given a folder, a file of something else, and a place no one can write
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("minutes of the March meeting")
    expected = {
        tmp_path / "folder": f"{tmp_path / 'folder'} is a folder:"
        " HUB_DATABASE_URL names the database file",
        tmp_path / "notes.txt": f"{tmp_path / 'notes.txt'} is not an SQLite database",
        Path("/proc/hub.sqlite3"): "The hub cannot write /proc/hub.sqlite3: No such file or"
        " directory",
    }
    for path, said in expected.items():
        # when the hub is pointed at it, then it says so, instead of waiting forever
        result = CliRunner().invoke(main, command, env={"HUB_DATABASE_URL": f"sqlite://{path}"})
        assert (result.exit_code, result.output) == (1, f"Error: {said}\n"), path
    assert (tmp_path / "notes.txt").read_text() == "minutes of the March meeting"


def test_a_new_embedded_database_gets_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "data" / "hub" / "hub.sqlite3"
    result = CliRunner().invoke(main, ["migrate"], env={"HUB_DATABASE_URL": f"sqlite://{path}"})
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
