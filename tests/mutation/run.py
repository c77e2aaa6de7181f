"""Mutation testing of the hub's rules: mutmut over each module, with the tests that cover it.

    python tests/mutation/run.py                          # every module below
    python tests/mutation/run.py hub/services/statements.py auth/tokens.py
    python tests/mutation/run.py --report-only hub/services/statements.py
    python tests/mutation/run.py --postgres postgres://postgres@127.0.0.1:5432/postgres \
        hub/services/signer_links.py

Each module is mutated in a workspace of its own (``build/mutation/<module>/``), where mutmut
first runs the module's tests once to learn which test runs which function, then runs, for
each mutant, only the tests that run its function. The report (``build/mutation/report.md``
and ``report.json``) counts each module's mutants, killed, survived, timed out and untested,
and lists every survivor that ``tests/mutation/equivalent.toml`` does not explain, with its
diff. The command exits 1 when there is such a survivor, or when mutants were not run (the
module's tests failed on the code as it is: a rule broken by hand in the checkout, say, since
each workspace copies the checkout as it stands). After explaining survivors in
``equivalent.toml``, ``--report-only`` writes the report again without running anything.

One module at a time (mutmut itself runs one mutant per core), on SQLite: mutation testing
is CPU-hungry. Each mutant's test session copies one migrated template made for the workspace.
Some SQL is written for each database (PostgreSQL numbers its placeholders, SQLite does not):
a mutant of the PostgreSQL half survives on SQLite. With ``--postgres URL`` every survivor
not explained is run again with its tests on PostgreSQL, and counted killed if they fail there;
then each still standing, or timed out (mutmut allows each test the time it took on SQLite),
is run with every test file of its module on PostgreSQL, with time measured there (mutmut
chose its tests from the SQLite run, which skips those of what only PostgreSQL does).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "mutation"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent.toml"
MUTMUT = str(Path(sys.executable).parent / "mutmut")
HUB = str(Path(sys.executable).parent / "hub")

WRITES = "tests/auth/network.py"
"""Not a test file: every write test builds its network through it (named for readability)."""

MODULES: dict[str, list[str]] = {
    # the co-signing and statement lifecycle rules
    "hub/services/statements.py": [
        "tests/hub/services/test_statements.py",
        "tests/auth/test_co_signing.py",
        "tests/auth/test_permission_matrix.py",
        "tests/auth/test_concurrent_co_signing.py",
        "tests/hub/test_metrics.py",  # co-signatures written are counted once
        "tests/hub/services/test_racing_writes.py",
    ],
    "hub/services/eligibility.py": [
        "tests/hub/services/test_eligibility.py",
        "tests/hub/services/test_statements.py",
        "tests/auth/test_co_signing.py",
        "tests/auth/test_permission_matrix.py",
        "tests/auth/test_petition_writes.py",
        "tests/auth/test_alert_writes.py",
        "tests/auth/test_admin_writes.py",
        "tests/auth/test_campaign_writes.py",
    ],
    "hub/services/campaigns.py": [
        "tests/hub/services/test_campaigns.py",
        "tests/auth/test_campaign_writes.py",
    ],
    "hub/services/petitions.py": [
        "tests/hub/services/test_petitions.py",
        "tests/auth/test_petition_writes.py",
    ],
    "hub/services/alerts.py": [
        "tests/hub/services/test_alerts.py",
        "tests/auth/test_alert_writes.py",
        "tests/hub/services/test_cases.py",
    ],
    # cases and impunity: which alerts form a case, and a killing's justice status
    "hub/services/cases.py": ["tests/hub/services/test_cases.py", "tests/hub/test_alert_import.py"],
    "hub/services/membership.py": [
        "tests/hub/services/test_membership.py",
        "tests/auth/test_admin_writes.py",
        "tests/hub/services/test_racing_writes.py",
    ],
    "hub/services/cleanup.py": [
        "tests/hub/services/test_cleanup.py",
        "tests/hub/test_cleanup.py",
    ],
    "hub/services/organisations.py": [
        "tests/hub/services/test_organisations.py",
        "tests/auth/test_organisation_writes.py",
        "tests/auth/test_admin_writes.py",
    ],
    "hub/services/access.py": [
        "tests/hub/services/test_client_registration.py",
        "tests/hub/services/test_staff_users.py",
        "tests/auth/test_admin_writes.py",
        "tests/auth/test_attacks.py",
        "tests/hub/test_cli_access.py",
        "tests/auth/test_revocations.py",
    ],
    "hub/services/partners.py": [
        "tests/hub/services/test_partners.py",
        "tests/hub/test_cli_partners.py",
    ],
    "hub/services/checks.py": [
        "tests/hub/services/test_checks.py",
        "tests/auth/test_campaign_writes.py",
        "tests/auth/test_petition_writes.py",
        "tests/auth/test_alert_writes.py",
        "tests/auth/test_permission_matrix.py",
    ],
    "hub/services/errors.py": [
        "tests/hub/services/test_errors.py",
        "tests/hub/services/test_statements.py",
    ],
    "hub/services/audit.py": [
        "tests/hub/services/test_audit.py",
        "tests/auth/test_co_signing.py",
        "tests/auth/test_admin_writes.py",
    ],
    # special reports: drafted by a member, reviewed by another, published by the network
    "hub/services/reports.py": [
        "tests/hub/services/test_reports.py",
        "tests/auth/test_report_writes.py",
        "tests/hub/test_report_pages.py",
    ],
    # persisted operations: kept by hash, automatic or on the operators' safelist
    "hub/services/operations.py": [
        "tests/hub/services/test_operations.py",
        "tests/hub/test_persisted_queries.py",
        "tests/schema/live/test_guards.py",
        "tests/hub/dashboard/test_page.py",
    ],
    "hub/services/dialect.py": [
        "tests/hub/services/test_dialect.py",
        "tests/hub/services/test_signature_batch.py",
        "tests/hub/test_address_limit.py",
        "tests/hub/signers/test_links.py",
        "tests/hub/ledger/test_chain.py",
    ],
    # the petition signing rules: who may sign, the batch that writes signatures (one per
    # address, the limits, the notice for an address that signed), and confirming or
    # erasing one from its mail's link (the count and the ledger move once)
    "hub/services/petition_signing.py": [
        "tests/hub/services/test_petition_signing.py",
        "tests/hub/widgets/test_signing.py",
        "tests/hub/widgets/test_hostile_input.py",
        "tests/hub/widgets/test_attribution.py",
        "tests/hub/test_address_limit.py",
    ],
    "hub/services/signature_batch.py": [
        "tests/hub/services/test_signature_batch.py",
        "tests/hub/signers/test_confirmation.py",
        "tests/hub/signers/test_key_rotation.py",
        "tests/hub/widgets/test_signing.py",
        "tests/hub/widgets/test_batches.py",
        "tests/hub/test_address_limit.py",
    ],
    "hub/services/signer_links.py": [
        "tests/hub/signers/test_links.py",
        "tests/hub/signers/test_confirmation.py",
        "tests/hub/signers/test_expiry.py",
        "tests/hub/ledger/test_petition_lists.py",
    ],
    # what the hub keeps of a signer: an address sealed to its organisation's key, one
    # signature per address in a window, the mails and words it sends, the export it allows
    "hub/services/address_limit.py": [
        "tests/hub/test_address_limit.py",
        "tests/hub/services/test_signature_writer.py",
    ],
    "hub/services/sealing.py": [
        "tests/hub/services/test_sealing.py",
        "tests/hub/signers/test_sealed_at_rest.py",
        "tests/hub/signers/test_key_rotation.py",
        "tests/hub/signers/test_export.py",
        "tests/auth/test_petition_export.py",
    ],
    "hub/services/signer_export.py": [
        "tests/hub/services/test_signer_export.py",
        "tests/hub/signers/test_export.py",
        "tests/auth/test_petition_export.py",
    ],
    "hub/services/signer_mail.py": [
        "tests/hub/services/test_signer_mail.py",
        "tests/hub/signers/test_confirmation.py",
        "tests/hub/signers/test_links.py",
        "tests/hub/signers/test_expiry.py",
    ],
    "hub/services/signer_words.py": [
        "tests/hub/services/test_signer_words.py",
        "tests/hub/signers/test_links.py",
        "tests/hub/widgets/test_in_a_browser.py",
    ],
    "hub/services/signature_writer.py": [
        "tests/hub/services/test_signature_writer.py",
        "tests/hub/widgets/test_batches.py",
        "tests/hub/widgets/test_failover.py",
    ],
    "hub/ledger/verify.py": [
        "tests/hub/ledger/test_rows.py",
        "tests/hub/ledger/test_petition_lists.py",
        "tests/hub/ledger/test_statement_lists.py",
        "tests/hub/ledger/test_published_lists.py",
        "tests/hub/ledger/test_chain.py",
    ],
    # the token rules
    "auth/tokens.py": [
        "tests/auth/test_tokens.py",
        "tests/auth/test_attacks.py",
        "tests/auth/test_revocations.py",
    ],
    "auth/storage.py": [
        "tests/auth/test_storage.py",
        "tests/auth/test_token_endpoints.py",
        "tests/auth/test_attacks.py",
        "tests/hub/test_cli_access.py",
        "tests/auth/test_revocations.py",
    ],
    "auth/server.py": [
        "tests/auth/test_clients.py",
        "tests/auth/test_token_endpoints.py",
        "tests/auth/test_attacks.py",
        "tests/auth/test_petition_export.py",
        "tests/auth/test_client_authentication.py",
        "tests/auth/test_revocations.py",
    ],
    "auth/routes.py": [
        "tests/auth/test_routes.py",
        "tests/auth/test_token_endpoints.py",
        "tests/auth/test_client_authentication.py",
        "tests/auth/test_attacks.py",
        "tests/auth/test_rate_limits.py",
        "tests/auth/test_revocations.py",
    ],
    "auth/limits.py": ["tests/auth/test_limits.py", "tests/auth/test_rate_limits.py"],
    "auth/bearer.py": [
        "tests/auth/test_bearer.py",
        "tests/auth/test_attacks.py",
        "tests/hub/test_idempotency.py",
    ],
    "auth/clients.py": [
        "tests/auth/test_clients.py",
        "tests/auth/test_attacks.py",
        "tests/auth/test_client_authentication.py",
        "tests/auth/test_storage.py",
    ],
    "auth/keys.py": [
        "tests/auth/test_keys.py",
        "tests/auth/test_attacks.py",
        "tests/hub/test_cli_access.py",
    ],
    "auth/passwords.py": [
        "tests/auth/test_passwords.py",
        "tests/auth/test_attacks.py",
        "tests/auth/test_hashing.py",
    ],
    "auth/permissions.py": [
        "tests/auth/test_permissions.py",
        "tests/auth/test_permission_matrix.py",
        "tests/auth/test_petition_export.py",
    ],
    "auth/scopes.py": [
        "tests/auth/test_scopes.py",
        "tests/auth/test_attacks.py",
        "tests/auth/test_permission_matrix.py",
    ],
    "auth/principal.py": [
        "tests/auth/test_permissions.py",
        "tests/auth/test_tokens.py",
        "tests/auth/test_permission_matrix.py",
    ],
}
"""Each module under mutation, and the test files that cover it."""

COPIED = ("hub", "auth", "schema", "fixtures", "examples", "tests", "README.md", "schema.graphql")
"""What a workspace holds: the packages the tests import, and the files they read."""

TIMEOUT_MULTIPLIER = 10.0
"""How many times its measured time a test may take before its mutant counts as timed out."""

SETTINGS = """
[tool.mutmut]
source_paths = ["hub/", "auth/"]
only_mutate = [{module}]
also_copy = ["schema/", "fixtures/", "examples/", "README.md", "schema.graphql"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts="]
pytest_add_cli_args_test_selection = [{tests}]
# a test may run several times slower than when its time was measured (the machine busier)
timeout_multiplier = {timeout_multiplier}
use_git_change_detection = false
# each mutant's tests run in a process forked from a server that has only collected them:
# the main process has run every test once (to learn which test runs which function) and
# holds what they left behind, such as database connections whose threads a fork loses
process_isolation = "forkserver"
"""

ON_POSTGRES = "on-postgres.json"
"""What became on PostgreSQL of each mutant the SQLite run left standing (``--postgres``):
killed, survived or timed out, its module's every test file run with it."""

STATUSES = ("killed", "survived", "timeout", "no tests", "suspicious", "not checked", "skipped")


@dataclass
class Survivor:
    name: str
    diff: str


@dataclass
class ModuleReport:
    module: str
    tests: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    equivalent: list[str] = field(default_factory=list)
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def mutants(self) -> int:
        return sum(self.counts.values())


def workspace(module: str) -> Path:
    """A copy of the project in which only ``module`` is mutated, configured for it."""
    place = place_of(module)
    if place.exists():
        shutil.rmtree(place)
    place.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("node_modules", "__pycache__", "mutation")
            shutil.copytree(source, place / name, ignore=ignore)
        else:
            shutil.copy2(source, place / name)
    tests = ", ".join(f'"{test}"' for test in MODULES[module])
    project = (ROOT / "pyproject.toml").read_text()
    (place / "pyproject.toml").write_text(
        project
        + SETTINGS.format(module=f'"{module}"', tests=tests, timeout_multiplier=TIMEOUT_MULTIPLIER)
    )
    return place


def migrated_template(place: Path) -> Path:
    """One migrated SQLite database, which every test session of the workspace copies."""
    template = place / "template.sqlite3"
    subprocess.run(
        [HUB, "migrate"],
        env={**os.environ, "HUB_DATABASE_URL": f"sqlite://{template}"},
        check=True,
        capture_output=True,
    )
    return template


def mutmut(place: Path, *args: str, check: bool = True, postgres: str = "") -> str:
    """mutmut in the workspace, its tests on SQLite, or on PostgreSQL at ``postgres``."""
    environment = {**os.environ, "HUB_TEST_SQLITE_TEMPLATE": str(place / "template.sqlite3")}
    environment.pop("HUB_TEST_POSTGRES_URL", None)
    if postgres:
        environment["HUB_TEST_POSTGRES_URL"] = postgres
    done = subprocess.run(
        [MUTMUT, *args],
        cwd=place,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=None,
    )
    if check and done.returncode != 0:
        raise SystemExit(f"mutmut {' '.join(args)} failed in {place}:\n{done.stdout}{done.stderr}")
    return done.stdout


def equivalents() -> list[dict[str, str]]:
    """The survivors explained: each names its function, its mutated line and why."""
    return list(tomllib.loads(EQUIVALENT.read_text()).get("mutant", []))


def changed_lines(diff: str) -> tuple[list[str], list[str]]:
    """The lines a mutant's diff removes, and those it adds in their place."""
    lines = diff.splitlines()
    removed = [line[1:] for line in lines if re.match(r"-(?!--)", line)]
    added = [line[1:] for line in lines if re.match(r"\+(?!\+\+)", line)]
    return removed, added


def mutated_line(diff: str) -> str:
    """The one line the mutant changed, as it reads after the change."""
    return "\n".join(line.strip() for line in changed_lines(diff)[1])


def function_of(name: str) -> str:
    return name.rsplit("__mutmut_", 1)[0]


def only_names_the_connection(diff: str) -> bool:
    """Whether the mutant only stops naming the transaction's connection (``connection``
    becomes ``None``, or ``using_db=connection`` goes). Inside ``async with
    in_transaction() as connection`` Tortoise runs every query of the task on the
    transaction's connection, named or not: such a mutant changes nothing the hub does."""

    def unnamed(lines: list[str]) -> str:
        text = re.sub(r"\s+", "", "".join(lines)).replace("connection", "None")
        for named in (".using_db(None)", "using_db=None,", "using_db=None"):
            text = text.replace(named, "")
        return text.replace(",)", ")")

    removed, added = changed_lines(diff)
    return "connection" in "".join(removed) and unnamed(removed) == unnamed(added)


def only_changes_a_header_names_case(diff: str) -> bool:
    """Whether the mutant only changes the case of an HTTP header's name in a ``headers=``
    mapping (``"Cache-Control"`` to ``"CACHE-CONTROL"``): header names are case-insensitive
    (RFC 9110 §5.1), and Starlette sends them in lower case whatever they were given as."""

    def names_lowered(lines: list[str]) -> str:
        text = "".join(lines)
        return re.sub(r'"[A-Za-z-]+"(?=\s*:)', lambda name: name[0].lower(), text)

    removed, added = changed_lines(diff)
    return (
        "headers=" in "".join(removed)
        and removed != added
        and names_lowered(removed) == names_lowered(added)
    )


def explained(name: str, diff: str, known: list[dict[str, str]]) -> bool:
    line = mutated_line(diff)
    return (
        only_names_the_connection(diff)
        or only_changes_a_header_names_case(diff)
        or any(
            entry["function"] == function_of(name) and entry["line"].strip() == line
            for entry in known
        )
    )


def place_of(module: str) -> Path:
    return BUILD / module.replace("/", ".").removesuffix(".py")


def run_module(
    module: str, known: list[dict[str, str]], again: bool = True, postgres: str = ""
) -> ModuleReport:
    """Mutate ``module`` and run its tests (unless ``again`` is false: then only read the
    results of the last run), then the survivors' tests on PostgreSQL at ``postgres`` if
    given, and say what survived."""
    place = place_of(module)
    if again:
        place = workspace(module)
        migrated_template(place)
        print(f"+ mutmut over {module} with {', '.join(MODULES[module])}", flush=True)
        mutmut(place, "run", check=False)
        survivors = read_report(place, module, known).survivors
        if postgres and survivors:
            print(f"+ {len(survivors)} survivors again on PostgreSQL", flush=True)
            names = [s.name for s in survivors]
            mutmut(place, "run", *names, check=False, postgres=postgres)
            # mutmut gives each test the time it took on SQLite (times the multiplier), and
            # a PostgreSQL session takes longer to start: a mutant it timed out there is
            # tried again below, with time measured on PostgreSQL, as is one that survived
            now = statuses(place)
            standing = [name for name in names if now.get(name) in ("survived", "timeout")]
            print(f"+ {len(standing)} with every test file on PostgreSQL", flush=True)
            verdicts = on_postgres(place, module, standing, postgres)
            (place / ON_POSTGRES).write_text(json.dumps(verdicts, indent=2))
    return read_report(place, module, known)


def statuses(place: Path) -> dict[str, str]:
    """Each mutant of the workspace and what mutmut recorded of it."""
    found = {}
    for line in mutmut(place, "results", "--all", "true").splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            found[name] = status
    return found


def on_postgres(place: Path, module: str, names: list[str], postgres: str) -> dict[str, str]:
    """What the module's tests make of each mutant on PostgreSQL, all its test files run.

    mutmut chooses each mutant's tests from its run on SQLite, which skips the tests of what
    only PostgreSQL does (transactions racing across processes): here every test file of the
    module runs, once without a mutant (it must pass, and its time is each mutant's measure),
    then once with each mutant: killed when they fail, timed out when they take ten times as
    long, survived when they pass."""
    if not names:
        return {}
    started = time.monotonic()
    if run_on_postgres(place, module, postgres, timeout=None) != "survived":
        raise SystemExit(f"{module}'s tests fail on PostgreSQL without any mutant: fix them first")
    allowed = max(60.0, TIMEOUT_MULTIPLIER * (time.monotonic() - started))
    return {name: run_on_postgres(place, module, postgres, allowed, name) for name in names}


def run_on_postgres(
    place: Path, module: str, postgres: str, timeout: float | None, mutant: str = ""
) -> str:
    """The module's test files on PostgreSQL, with ``mutant`` if one is named: "survived"
    when they pass, "killed" when they fail, "timeout" when they outlast ``timeout``."""
    environment = {**os.environ, "HUB_TEST_POSTGRES_URL": postgres}
    environment.pop("MUTANT_UNDER_TEST", None)
    if mutant:
        environment["MUTANT_UNDER_TEST"] = mutant
    pytest = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    tests = subprocess.Popen(
        [*pytest, "-p", "no:xdist", "-o", "addopts=", *MODULES[module]],
        cwd=place / "mutants",
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a timeout stops the hubs the tests started, too
    )
    try:
        code = tests.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(tests.pid, signal.SIGKILL)
        tests.wait()
        return "timeout"
    return "survived" if code == 0 else "killed"


def read_report(place: Path, module: str, known: list[dict[str, str]]) -> ModuleReport:
    """What mutmut recorded in the workspace ``place``, survivors explained or not."""
    report = ModuleReport(module, MODULES[module])
    recorded = place / ON_POSTGRES
    verdicts = json.loads(recorded.read_text()) if recorded.exists() else {}
    for name, status in statuses(place).items():
        if status in ("survived", "timeout"):  # and not killed since, by a test added
            status = verdicts.get(name, status)
        report.counts[status] = report.counts.get(status, 0) + 1
        if status == "survived":
            diff = mutmut(place, "show", name)
            if explained(name, diff, known):
                report.equivalent.append(name)
            else:
                report.survivors.append(Survivor(name, diff))
    return report


def markdown(reports: list[ModuleReport]) -> str:
    lines = [
        "# Surviving mutants",
        "",
        "| module | mutants | killed | survived | equivalent | unexplained | timeout | no tests"
        " | not run |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in reports:
        c = r.counts
        lines.append(
            f"| `{r.module}` | {r.mutants} | {c.get('killed', 0)} | {c.get('survived', 0)}"
            f" | {len(r.equivalent)} | {len(r.survivors)} | {c.get('timeout', 0)}"
            f" | {c.get('no tests', 0)} | {c.get('not checked', 0)} |"
        )
    for r in reports:
        for survivor in r.survivors:
            lines += ["", f"## `{survivor.name}`", "", "```diff", survivor.diff.strip(), "```"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="default: every module")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write the report from the last run's results, after equivalent.toml changed",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default="",
        help="run each survivor again on PostgreSQL at URL (a server the tests may create"
        " databases on)",
    )
    arguments = parser.parse_args()
    modules = arguments.modules or list(MODULES)
    unknown = [module for module in modules if module not in MODULES]
    if unknown:
        parser.error(f"not under mutation: {', '.join(unknown)} (see MODULES in {__file__})")
    known = equivalents()
    reports = [
        run_module(module, known, not arguments.report_only, arguments.postgres)
        for module in modules
    ]
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD / "report.md").write_text(markdown(reports))
    (BUILD / "report.json").write_text(json.dumps([asdict(r) for r in reports], indent=2))
    print(markdown(reports).split("\n\n## ")[0])
    print(f"report: {BUILD / 'report.md'}")
    for report in reports:
        if report.counts.get("not checked"):
            # mutmut runs no mutant when the module's tests fail on the code as it is
            print(
                f"{report.module}: {report.counts['not checked']} mutants not run; do its tests"
                f" pass without a mutant? ({', '.join(report.tests)})",
                file=sys.stderr,
            )
    return 1 if any(r.survivors or r.counts.get("not checked") for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
