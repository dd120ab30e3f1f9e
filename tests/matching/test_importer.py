"""Bulk import of listings and profiles: CSV and JSONL, all-or-nothing validation with line numbers, re-import
updates by (source, external_ref), organisations made for unknown names, and who may import."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from market.accounts.models import Organization
from matching.errors import MatchingError
from matching.importer import import_data, import_rows
from matching.models import MatchProfile, TechListing
from matching.services import docs as feed
from matching.services.texts import entity_texts


def _jsonl(*rows) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


LISTING = {"external_ref": "kb-001", "kind": "lab", "title": "Ultrasonic deburring of turned brass parts",
           "description": "An ultrasonic bath removes burrs from brass parts without tumbling.", "lang": "en",
           "organization": "Gangnam Finishing Lab", "trl": 6, "ipc": ["B24B 31/00"],
           "license_terms": ["license", "joint_development"], "region": "KR-11"}
PROFILE = {"external_ref": "kb-002", "kind": "startup", "title": "라이트웍스",
           "description": "아노다이징한 알루미늄 자전거 라이트 하우징 100개가 필요합니다.", "lang": "ko",
           "organization": "Lightworks", "country": "KR", "tags": "machine_metal.anodising; CNC milling"}


def _counts(db_session):
    return (len(list(db_session.exec(select(TechListing)))), len(list(db_session.exec(select(MatchProfile)))),
            len(list(db_session.exec(select(Organization)))))


def test_jsonl_import_creates_published_records(app, db_session, clusters):
    """Lab rows become listings, startup rows profiles; organisations are made per name; tags default to the
    glossary concepts of the text."""
    report = import_data(db_session, None, _jsonl(LISTING, PROFILE), source="techbank", filename="x.jsonl")
    assert report.ok, report.errors
    assert (report.listings_created, report.profiles_created, report.organizations_created) == (1, 1, 2)
    listing = db_session.exec(select(TechListing).where(TechListing.external_ref == "kb-001")).one()
    assert (listing.source, listing.status, listing.trl, listing.ipc) == ("techbank", "published", 6, ["B24B 31/00"])
    assert "machine_metal.deburring" in listing.tags
    org = db_session.get(Organization, listing.org_id)
    assert (org.name, org.kind) == ("Gangnam Finishing Lab", "lab")
    profile = db_session.exec(select(MatchProfile).where(MatchProfile.external_ref == "kb-002")).one()
    assert profile.tags == ["machine_metal.anodising", "machine_metal.cnc_milling"]
    docs = {d.external_ref: d for d in feed.load_docs(db_session)}
    assert docs["kb-002"].kind == "startup" and docs["kb-002"].lang == "ko"
    assert docs["kb-001"].offer.startswith("Ultrasonic deburring")


def test_reimport_updates_instead_of_duplicating(app, db_session, clusters):
    """The same refs from the same source update the records; another source makes new ones."""
    import_data(db_session, None, _jsonl(LISTING, PROFILE), source="techbank", fmt="jsonl")
    before = _counts(db_session)
    changed = {**LISTING, "title": "Ultrasonic deburring, second edition", "trl": 7}
    report = import_data(db_session, None, _jsonl(changed, PROFILE), source="techbank", fmt="jsonl")
    assert (report.listings_updated, report.profiles_updated, report.listings_created) == (1, 1, 0)
    assert _counts(db_session) == before
    listing = db_session.exec(select(TechListing).where(TechListing.external_ref == "kb-001")).one()
    assert listing.trl == 7
    texts = entity_texts(db_session, "tech_listing", [listing.id])[listing.id]
    assert texts["en"]["title"] == "Ultrasonic deburring, second edition"
    import_data(db_session, None, _jsonl(LISTING), source="otherbank", fmt="jsonl")
    assert _counts(db_session)[0] == before[0] + 1


def test_invalid_rows_store_nothing_and_are_reported_by_line(app, db_session, clusters):
    """One bad row refuses the whole file; each refused row is listed with its line and every reason."""
    before = _counts(db_session)
    text = _jsonl(LISTING) + "\n" + _jsonl(
        {"external_ref": "kb-003", "kind": "robot", "title": "", "description": "x", "lang": "xx", "trl": 12},
        {**PROFILE, "ipc": ["B23Q"]},
        {**LISTING, "organization": "Another Lab"},
    ) + "{not json\n"
    report = import_data(db_session, None, text, source="techbank", fmt="jsonl")
    assert not report.ok
    lines = {e.line: e for e in report.errors}
    assert sorted(lines) == [3, 4, 5, 6]
    reasons = " ".join(lines[3].reasons)
    for field in ("kind:", "title:", "lang:", "trl:"):
        assert field in reasons
    assert "only technology listings" in " ".join(lines[4].reasons)
    assert "line 1" in " ".join(lines[5].reasons)  # duplicate external_ref
    assert "Not valid JSON" in lines[6].reasons[0]
    assert _counts(db_session) == before
    assert "nothing was imported" in report.summary()


def test_csv_import_with_list_columns(app, db_session, clusters):
    """CSV rows with ;-separated lists import; a bad row is reported with its line in the file."""
    csv_text = ("external_ref,kind,title,description,lang,organization,ipc,trl,license_terms,nda_required,"
                "teaser_title,teaser\n"
                "c-1,ip_holder,Self-centring vice jaw,\"Four swinging pins centre irregular castings.\",en,"
                "Jung Dae-ho,B25B 1/24;B23Q 3/06,8,license;sale,false,,\n"
                "c-2,ip_holder,Hidden alloy,Secret composition.,en,Jung Dae-ho,C22C 5/06,5,license,true,"
                "A new alloy,Details after NDA\n")
    report = import_data(db_session, None, csv_text, source="inventors", filename="portfolio.csv")
    assert report.ok, report.errors
    gated = db_session.exec(select(TechListing).where(TechListing.external_ref == "c-2")).one()
    assert gated.nda_required and gated.license_terms == ["license"]
    assert db_session.exec(select(TechListing).where(TechListing.external_ref == "c-1")).one().ipc == [
        "B25B 1/24", "B23Q 3/06"]
    bad = csv_text + "c-3,ip_holder,No teaser,Secret.,en,Jung Dae-ho,,3,,true,,\n"
    report = import_data(db_session, None, bad, source="inventors2", filename="p.csv")
    assert [e.line for e in report.errors] == [4]
    with pytest.raises(MatchingError):
        import_data(db_session, None, "title,lang\nx,en\n", source="s", filename="p.csv")


def test_kind_must_match_an_existing_organisation(app, db_session, make_user, make_org):
    """A row naming an existing organisation of another kind is refused."""
    make_org(make_user(), kind="maker", name="Gangnam Finishing Lab")
    report = import_rows(db_session, None, [LISTING], source="techbank")
    assert not report.ok and "kind" in report.errors[0].reasons[0]


def test_members_import_only_their_own_listings(app, db_session, make_user, make_org):
    """A lab member imports into its lab only; a maker member and a foreign lab are refused."""
    member = make_user()
    lab = make_org(member, kind="lab", name="Gangnam Finishing Lab")
    report = import_rows(db_session, member, [LISTING], source="mine", org_id=lab.id)
    assert report.ok and db_session.exec(select(TechListing).where(TechListing.source == "mine")).one().org_id == lab.id
    report = import_rows(db_session, member, [{**LISTING, "external_ref": "x", "organization": "Other Lab"}],
                         source="mine", org_id=lab.id)
    assert not report.ok
    report = import_rows(db_session, member, [{**PROFILE}], source="mine", org_id=lab.id)
    assert not report.ok
    other = make_org(make_user(), kind="lab")
    with pytest.raises(MatchingError) as refused:
        import_rows(db_session, member, [LISTING], source="mine", org_id=other.id)
    assert refused.value.code == "not_found"
    with pytest.raises(MatchingError) as refused:
        import_rows(db_session, member, [LISTING], source="mine")
    assert refused.value.code == "forbidden"
    maker_user = make_user()
    maker = make_org(maker_user, kind="maker")
    with pytest.raises(MatchingError) as refused:
        import_rows(db_session, maker_user, [LISTING], source="mine", org_id=maker.id)
    assert refused.value.code == "forbidden"


def test_bad_sources_and_empty_files(app, db_session):
    """A source name with spaces or an empty file is refused."""
    with pytest.raises(MatchingError) as refused:
        import_rows(db_session, None, [LISTING], source="my bank")
    assert refused.value.field == "source"
    with pytest.raises(MatchingError):
        import_data(db_session, None, "", source="bank", fmt="jsonl")


def test_command_line_import_is_all_or_nothing(fresh_database_url, tmp_path):
    """`seoulmade matching import FILE --source NAME` imports, re-imports as updates, and refuses bad files."""
    import sqlalchemy as sa
    from click.testing import CliRunner

    from market.cli import cli
    from market.db import make_engine

    def run(*args):
        return CliRunner().invoke(cli, list(args), env={"DATABASE_URL": fresh_database_url},
                                  catch_exceptions=False)

    def listings():
        engine = make_engine(fresh_database_url)
        with engine.connect() as conn:
            value = conn.execute(sa.text("SELECT count(*) FROM tech_listings")).scalar()
        engine.dispose()
        return value

    assert run("db", "upgrade").exit_code == 0
    good = tmp_path / "bank.jsonl"
    good.write_text(_jsonl(LISTING), encoding="utf-8")
    result = run("matching", "import", str(good), "--source", "bank")
    assert result.exit_code == 0, result.output
    assert "1 listings created" in result.output
    result = run("matching", "import", str(good), "--source", "bank")
    assert "1 updated" in result.output and listings() == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_jsonl({**LISTING, "external_ref": "kb-9"}, {**LISTING, "external_ref": "kb-10", "trl": 0}),
                   encoding="utf-8")
    result = run("matching", "import", str(bad))
    assert result.exit_code == 1
    assert "line 2 (kb-10): trl:" in result.output and "nothing was imported" in result.output
    assert listings() == 1
