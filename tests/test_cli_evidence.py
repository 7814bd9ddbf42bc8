import hashlib
import json

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from tests.conftest import REPO

runner = CliRunner()


def run(*args, ok=True):
    result = runner.invoke(app, list(args), catch_exceptions=not ok)
    return result


def test_verify_passes_on_the_bundled_dossier():
    """verify exits 0 and says everything verified."""
    result = run("--dossier", str(REPO), "evidence", "verify")
    assert result.exit_code == 0, result.output
    assert "all verified" in result.output


def test_verify_fails_on_one_altered_quote_and_names_it(bundled_copy):
    """One changed figure in facts.yaml: exit 1, the fact named, the closest passage shown."""
    facts = bundled_copy / "facts.yaml"
    facts.write_text(
        facts.read_text().replace("an alarming figure of 232.", "an alarming figure of 230.")
    )
    result = run("--dossier", str(bundled_copy), "evidence", "verify", ok=False)
    assert result.exit_code == 1
    assert "unallocated-cases-232: not-found" in result.output
    assert "[-230.-] {+232.+}" in result.output
    assert "1 problem(s)" in result.output


def test_verify_reports_a_changed_source_as_stale(bundled_copy):
    """Editing a seed makes its facts stale and verify fails."""
    seed = bundled_copy / "seeds" / "004_7bd80a9f28212646.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nAn extra line.\n", encoding="utf-8")
    result = run("--dossier", str(bundled_copy), "evidence", "verify", "--format", "json", ok=False)
    assert result.exit_code == 1
    report = json.loads(result.output)
    actual = hashlib.sha256(seed.read_bytes()).hexdigest()
    assert [c["id"] for c in report["changed_sources"]] == ["trust-plan-news"]
    assert report["changed_sources"][0]["sha256"] == actual
    assert report["changed_sources"][0]["fix"] == "drafting evidence rehash trust-plan-news"
    assert {p["status"] for p in report["problems"]} == {"stale"}
    table = run("--dossier", str(bundled_copy), "evidence", "verify", ok=False).output
    assert f"its sha256 is {actual}" in " ".join(table.split())


def test_rehash_records_the_hash_and_keeps_the_rest_of_the_manifest(bundled_copy):
    """rehash changes only the sha256 line; a missing sha256 is added under file:."""
    manifest = bundled_copy / "seeds" / "sources.yaml"
    seed = bundled_copy / "seeds" / "004_7bd80a9f28212646.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nAn extra line.\n", encoding="utf-8")
    before = manifest.read_text(encoding="utf-8")
    result = run("--dossier", str(bundled_copy), "evidence", "rehash", "trust-plan-news")
    assert result.exit_code == 0 and "8 fact(s) cite it: all verified" in result.output
    actual = hashlib.sha256(seed.read_bytes()).hexdigest()
    after = manifest.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1 and changed[0][1].strip() == f"sha256: {actual}"
    assert run("--dossier", str(bundled_copy), "evidence", "verify").exit_code == 0
    # a source added by hand without a hash: verify says which hash and which command
    manifest.write_text(after.replace(f"    sha256: {actual}\n", ""), encoding="utf-8")
    result = run("--dossier", str(bundled_copy), "evidence", "verify", ok=False)
    assert result.exit_code == 1 and "has no sha256 in the manifest" in result.output
    assert (
        run("--dossier", str(bundled_copy), "evidence", "rehash", "trust-plan-news").exit_code == 0
    )
    assert f"    file: 004_7bd80a9f28212646.txt\n    sha256: {actual}\n" in manifest.read_text()
    assert run("--dossier", str(bundled_copy), "evidence", "verify").exit_code == 0
    wrong = run("--dossier", str(bundled_copy), "evidence", "rehash", "trust-plan-new", ok=False)
    assert wrong.exit_code == 2 and "Did you mean: trust-plan-news" in wrong.output


def test_sources_lists_metadata_and_sizes_as_json():
    """sources --format json gives each source's metadata and citable sizes."""
    result = run("--dossier", str(REPO), "evidence", "sources", "--format", "json")
    assert result.exit_code == 0
    records = {r["id"]: r for r in json.loads(result.output)}
    assert records["trust-plan-news"]["excluded_chars"] > 0
    assert records["letter-to-anne-longfield"]["date"] is None
    assert records["scrimshaw-damning-ofsted-report"]["date"] == "2019-07-30"


def test_sources_table():
    """sources prints a table of the five seeds."""
    result = run("--dossier", str(REPO), "evidence", "sources")
    assert result.exit_code == 0
    assert "birch-motion-news" in result.output and "n.d." in result.output


def test_list_filters_by_topic_and_kind():
    """list --topic/--kind narrow the facts."""
    result = run(
        "--dossier",
        str(REPO),
        "evidence",
        "list",
        "--topic",
        "ofsted",
        "--kind",
        "claim",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    facts = json.loads(result.output)
    assert facts and all(f["kind"] == "claim" and "ofsted" in f["topics"] for f in facts)


def test_list_unknown_topic_suggests_close_ones():
    """An unknown topic exits 2 with suggestions."""
    result = run("--dossier", str(REPO), "evidence", "list", "--topic", "ofstead", ok=False)
    assert result.exit_code == 2
    assert "unknown topic 'ofstead'. Did you mean: ofsted" in result.output


def test_list_unknown_kind_is_a_usage_error():
    """A kind outside the list is refused by the CLI with exit 2."""
    result = run("--dossier", str(REPO), "evidence", "list", "--kind", "rumour", ok=False)
    assert result.exit_code == 2


def test_show_prints_quotes_in_context_and_variants():
    """show gives the statement, the quote in its sentence, its locator and variants."""
    result = run("--dossier", str(REPO), "evidence", "show", "birch-end-supported-housing")
    assert result.exit_code == 0
    assert "I want to see an end to supported housing for 16 to 18-year-olds." in result.output
    assert "para. 8" in result.output
    assert "variant in scrimshaw-damning-ofsted-report" in result.output
    assert "corroboration: 2 sources, publishers unknown\n" in result.output


def test_show_json():
    """show --format json gives the checked fact."""
    result = run("--dossier", str(REPO), "evidence", "show", "unallocated-cases-232", "-f", "json")
    fact = json.loads(result.output)
    assert fact["citations"][0]["locator"]["label"] == "para. 6"
    assert fact["partisan_only"] is True


def test_show_unknown_id_suggests_nearest():
    """An unknown fact id exits 2 and suggests the nearest ids."""
    result = run("--dossier", str(REPO), "evidence", "show", "unallocated-cases", ok=False)
    assert result.exit_code == 2
    assert "unknown fact 'unallocated-cases'. Did you mean: unallocated-cases-232" in result.output


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            "facts.yaml",
            "facts.yaml:1: malformed YAML: did not find expected node content (at the end of the file)",
        ),
        ("manifest", "sources.yaml:"),
    ],
)
def test_bad_dossier_files_exit_2_without_traceback(bundled_copy, setup, message):
    """Malformed files give one line on stderr and exit 2."""
    target = bundled_copy / ("facts.yaml" if setup == "facts.yaml" else "seeds/sources.yaml")
    target.write_text("facts: [\n" if setup == "facts.yaml" else "sources:\n  - id: X!\n")
    result = run("--dossier", str(bundled_copy), "evidence", "list", ok=False)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_dossier_path(tmp_path):
    """A --dossier that does not exist exits 2."""
    result = run("--dossier", str(tmp_path / "nope"), "evidence", "list", ok=False)
    assert result.exit_code == 2
    assert "dossier path does not exist" in result.output


def test_init_then_verify_an_empty_dossier(tmp_path):
    """init makes a dossier the other commands accept."""
    result = run("init", str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    result = run("--dossier", str(tmp_path / "new"), "evidence", "verify")
    assert result.exit_code == 0
    assert "0 facts, 0 citations, 0 sources" in result.output
    again = run("init", str(tmp_path / "new"), ok=False)
    assert again.exit_code == 2 and "already has" in again.output


def test_cli_kind_choices_match_the_register():
    """The CLI's --kind choices and review's kind labels cover exactly the register's kinds."""
    from drafting.cli.evidence import Kind
    from evidence.register import FACT_KINDS, KIND_LABELS

    assert tuple(k.value for k in Kind) == FACT_KINDS == tuple(KIND_LABELS)
