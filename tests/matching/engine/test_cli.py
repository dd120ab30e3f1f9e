"""``seoulmade matching reindex | eval | sts`` on the test database and small files."""

from __future__ import annotations

import json

import pytest

from matching.cli import matching
from matching.engine import EXTENSION


@pytest.fixture
def cli(app, tmp_path):
    """A CLI runner on the test app, with the engine's files in a temporary directory."""
    original = app.config.get("MATCHING_DIR")
    app.config["MATCHING_DIR"] = str(tmp_path / "matching")
    app.extensions.pop(EXTENSION, None)
    try:
        yield app.test_cli_runner()
    finally:
        app.extensions.pop(EXTENSION, None)
        app.config["MATCHING_DIR"] = original


@pytest.fixture
def published(db_session, make_user, make_org):
    """Two published profiles, one Korean and one English; returns their doc ids."""
    from matching.services import profiles

    ids = []
    for lang, texts in (("ko", {"title": "문래티타늄", "offer": "티타늄 자전거 프레임을 5축 CNC로 가공합니다.",
                                "seek": "자전거 스타트업"}),
                        ("en", {"title": "Euljiro Press", "offer": "Letterpress printing of wedding invitations.",
                                "seek": "Stationery brands."})):
        user = make_user()
        org = make_org(user, kind="maker")
        profile = profiles.ensure_org_profile(db_session, user, org.id)
        profiles.update_profile(db_session, user, profile.id, lang=lang, texts={lang: texts})
        profiles.set_profile_status(db_session, user, profile.id, True)
        ids.append(f"p:{profile.id}")
    db_session.commit()
    return ids


def test_reindex_builds_from_the_database(cli, app, published):
    """reindex indexes every published doc and reports it."""
    result = cli.invoke(matching, ["reindex", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Indexed" in result.output and "exact" in result.output
    engine = app.extensions[EXTENSION]
    assert set(published) <= set(engine.doc_ids())
    assert engine.current_generation() == engine.generation


def test_eval_json_prints_exactly_one_object(cli, published, tmp_path):
    """eval --json prints one JSON object with the four metrics per mode."""
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"query": "titanium bicycle frame machining", "lang": "en", "relevant_ids": [published[0]]},
        {"query": "청첩장 활판 인쇄", "lang": "ko", "relevant_ids": [published[1]]},
    ]))
    result = cli.invoke(matching, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"dense", "lexical", "hybrid"}
    assert all(set(m) == {"ndcg@10", "mrr", "hit@10", "recall@10"} for m in report.values())
    assert report["hybrid"]["hit@10"] == 1.0
    text = cli.invoke(matching, ["eval", str(path)])
    assert "hybrid" in text.output and "ndcg@10" in text.output


def test_eval_refuses_a_bad_file(cli, tmp_path):
    """A malformed line is named and nothing is evaluated."""
    path = tmp_path / "queries.jsonl"
    path.write_text('{"query": "x"}\n')
    result = cli.invoke(matching, ["eval", str(path), "--json"])
    assert result.exit_code == 2 and ":1:" in result.output


def test_sts_reports_spearman_per_data_set(cli, tmp_path):
    """sts reads KorSTS (TSV, unquoted) and STS-B (CSV) and reports Spearman correlations, also of Korean
    sentences against the English ones of the same pairs."""
    (tmp_path / "korsts").mkdir()
    (tmp_path / "stsb").mkdir()
    pairs = [("A man is playing a guitar.", "A man plays the guitar.", 4.8),
             ("A woman is slicing onions.", "A woman cuts an onion.", 4.2),
             ("A dog runs in the park.", "A cat sleeps on a sofa.", 0.8),
             ("Stocks fell sharply today.", "A child is swimming.", 0.0),
             ("The \"new\" bridge opened.", "A new bridge opened to traffic.", 3.9)]
    ko = [("남자가 기타를 치고 있다.", "남자가 기타를 연주한다.", 4.8), ("여자가 양파를 썰고 있다.", "여자가 양파를 자른다.", 4.2),
          ("개가 공원에서 뛴다.", "고양이가 소파에서 잔다.", 0.8), ("오늘 주가가 급락했다.", "아이가 수영하고 있다.", 0.0),
          ("\"새\" 다리가 개통되었다.", "새 다리가 개통되었다.", 3.9)]
    (tmp_path / "stsb" / "stsb-en-test.csv").write_text(
        "".join(f'"{a.replace(chr(34), chr(34) * 2)}",{b},{s}\n' for a, b, s in pairs), encoding="utf-8")
    (tmp_path / "korsts" / "sts-test.tsv").write_text(
        "genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\n"
        + "".join(f"main-captions\tMSRvid\t2012test\t{i}\t{s}\t{a}\t{b}\n" for i, (a, b, s) in enumerate(ko)),
        encoding="utf-8")
    result = cli.invoke(matching, ["sts", "--data-dir", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["korsts"]["pairs"] == 5 and report["stsb"]["pairs"] == 5
    assert report["stsb"]["model"] > 0.5
    assert report["ko-en"]["pairs"] == 5 and report["ko-en"]["model"] > 0.5  # Korean against English
    missing = cli.invoke(matching, ["sts", "--data-dir", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "not found" in missing.output
